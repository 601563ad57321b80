// SPDX-License-Identifier: MIT
// A runtime::Runner over in-memory scripts, without the api layer: the
// scripts loaded into a Lua state, their graph, the dialect's bookkeeping
// SQL, and a RunContext on a clock the test chooses. The test brings the
// sink (a LiveSink over any connection — a FaultyConnection, say — or a
// ScriptSink).
//
//   RunnerHarness h(scripts, "sqlite");
//   db::LiveSink sink(*conn);
//   runtime::RunContext ctx = h.Context();
//   runtime::Runner runner(ctx, sink);
//   auto result = runner.Run(RunnerHarness::Upgrade("head"));
#ifndef LUAMIG_TESTS_SUPPORT_RUNNER_HARNESS_H_
#define LUAMIG_TESTS_SUPPORT_RUNNER_HARNESS_H_

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "dialect/bookkeeping_sql.h"
#include "dialect/registry.h"
#include "graph/revision_map.h"
#include "lua/lua_state.h"
#include "luamig/script_source.h"
#include "runtime/history_table.h"
#include "runtime/run_context.h"
#include "script/script_loader.h"

namespace luamig::testing {

class RunnerHarness {
 public:
  /// Loads `files` (REQUIREs that they load and form a valid graph). The
  /// version table is `luamig_version` in `schema` ("" = the default).
  RunnerHarness(const std::vector<ScriptFile>& files, const std::string& dialect_name,
                const std::string& schema = "") {
    auto d = dialect::DialectByName(dialect_name);
    REQUIRE(d.ok());
    dialect_ = *d;
    auto loaded = script::LoadScripts(lua_, files);
    INFO(loaded.status().ToString());
    REQUIRE(loaded.ok());
    scripts_ = std::move(loaded).value();
    auto graph = graph::RevisionMap::Build(scripts_.revisions);
    INFO(graph.status().ToString());
    REQUIRE(graph.ok());
    graph_ = std::move(graph).value();
    tables_ = std::make_unique<dialect::BookkeepingSql>(
        *dialect_, schema, "luamig_version", runtime::HistoryTableName("luamig_version"));
  }

  /// A context over this harness; it must outlive the Runner built on it.
  runtime::RunContext Context(util::Clock& clock = util::Clock::Real(),
                              runtime::RunSettings settings = {},
                              EventSink* events = nullptr) {
    return runtime::RunContext{
        *tables_, lua_, scripts_, graph_, events, clock, std::move(settings), nullptr};
  }

  static runtime::RunRequest Upgrade(const std::string& target) {
    return {runtime::RunKind::kUpgrade, {target}, false, {}, std::nullopt};
  }
  static runtime::RunRequest Downgrade(const std::string& target) {
    return {runtime::RunKind::kDowngrade, {target}, false, {}, std::nullopt};
  }
  static runtime::RunRequest Stamp(std::vector<std::string> targets, bool purge = false) {
    return {runtime::RunKind::kStamp, std::move(targets), purge, {}, std::nullopt};
  }

  const dialect::BookkeepingSql& tables() const { return *tables_; }
  const graph::RevisionMap& graph() const { return graph_; }

 private:
  std::shared_ptr<const dialect::Dialect> dialect_;
  lua::LuaState lua_;
  script::LoadedScripts scripts_;
  graph::RevisionMap graph_;
  std::unique_ptr<dialect::BookkeepingSql> tables_;
};

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_RUNNER_HARNESS_H_
