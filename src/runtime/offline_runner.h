// SPDX-License-Identifier: MIT
// Offline runs (`upgrade A:B --sql`): plan from the range's start instead of
// the version table, then run every step's script against a script sink, so
// that the result is the SQL script an online run would have executed.
#ifndef LUAMIG_RUNTIME_OFFLINE_RUNNER_H_
#define LUAMIG_RUNTIME_OFFLINE_RUNNER_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "db/sql_sink.h"
#include "dialect/dialect.h"
#include "graph/plan.h"
#include "graph/revision_map.h"
#include "lua/lua_state.h"
#include "luamig/events.h"
#include "script/script_loader.h"

namespace luamig::runtime {

/// Everything one offline run needs. References must outlive the run.
struct OfflineContext {
  const dialect::Dialect& dialect;
  lua::LuaState& lua;
  const script::LoadedScripts& scripts;
  const graph::RevisionMap& graph;
  std::string version_schema;  ///< "" = unqualified (the session's default)
  std::string version_table;
  EventSink* events = nullptr;  ///< receives op.log lines; may be null
  std::map<std::string, std::string> x;
  bool transaction_per_migration = true;
  /// Also create the history table (from base) and append a row per step, as
  /// an online run does, so that `check` and stored-script downgrades work
  /// on a database migrated by the script.
  bool history = true;
};

/// What an offline run produced.
struct OfflineResult {
  std::string sql;   ///< the complete script
  graph::Plan plan;  ///< the steps it contains
};

class OfflineRunner {
 public:
  explicit OfflineRunner(OfflineContext ctx) : ctx_(std::move(ctx)) {}
  OfflineRunner(const OfflineRunner&) = delete;
  OfflineRunner& operator=(const OfflineRunner&) = delete;

  /// `range` is "A:B": A (anything `stamp` accepts, "base" or "" = base)
  /// stands for the version-table rows the script will find, B is the
  /// target. An upgrade may give just "B" (from base, as Alembic); a
  /// downgrade needs both sides (kUsage). Starting an upgrade from base, the
  /// script first creates the version (and history) table if missing. Steps
  /// get BEGIN;/COMMIT; as online runs do: one pair per migration, or one for
  /// the whole run with transaction_per_migration = false; a
  /// `transactional = false` revision runs outside, and its bookkeeping in a
  /// pair of its own. Errors: kUsage (range, target), kMigration (a script
  /// that fails, e.g. reads the database) naming revision and file.
  Result<OfflineResult> Run(graph::Direction direction, std::string_view range);

 private:
  struct Range {
    std::vector<std::string> start;
    std::string target;
  };
  Result<Range> ParseRange(graph::Direction direction, std::string_view range) const;
  Status Write(const graph::Plan& plan, const std::string& started_at);
  Status WriteStep(const graph::Step& step, const std::string& started_at);
  Status CallScript(const graph::Step& step);
  Status Record(const graph::Step& step, const std::string& started_at);
  bool IsTransactional(const graph::Step& step) const;

  OfflineContext ctx_;
  std::unique_ptr<db::ScriptSink> sink_;
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_OFFLINE_RUNNER_H_
