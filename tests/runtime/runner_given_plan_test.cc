// SPDX-License-Identifier: MIT
// Runner::BeginPlan: a plan made by the caller (luamig test's one step and
// its exact inverse) runs as given, and only from the heads it starts from.
#include <catch2/catch.hpp>

#include "db/open.h"
#include "dialect/registry.h"
#include "graph/planner.h"
#include "runtime/runner.h"
#include "script/script_loader.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"
#include "util/url.h"

namespace luamig {
namespace {

using testing::Script;
using testing::SqliteTables;
using testing::SqliteVersions;
using testing::TempProject;
using Strings = std::vector<std::string>;

struct Fixture {
  TempProject p;
  lua::LuaState lua;
  script::LoadedScripts scripts;
  graph::RevisionMap graph;
  std::unique_ptr<db::Connection> conn;
  std::shared_ptr<const dialect::Dialect> dialect;
  std::unique_ptr<runtime::VersionTable> versions;
  std::unique_ptr<runtime::MigrationContext> ctx;

  Fixture() {
    auto loaded = script::LoadScripts(
        lua, {{"1.lua", Script("r1", "", "op.create_table(\"t1\", { { \"id\", \"integer\" } })",
                               "op.drop_table(\"t1\")")},
              {"2.lua", Script("r2", "r1", "op.create_table(\"t2\", { { \"id\", \"integer\" } })",
                               "op.drop_table(\"t2\")")}});
    REQUIRE(loaded.ok());
    scripts = std::move(loaded).value();
    auto g = graph::RevisionMap::Build(scripts.revisions);
    REQUIRE(g.ok());
    graph = std::move(g).value();
    auto url = util::ParseDatabaseUrl(p.SqliteUrl("app.db"));
    REQUIRE(url.ok());
    auto c = db::OpenConnection(*url, std::chrono::milliseconds(1000));
    REQUIRE(c.ok());
    conn = std::move(c).value();
    dialect = *dialect::DialectByName("sqlite");
    versions = std::make_unique<runtime::VersionTable>(*conn, *dialect, "", "luamig_version");
    ctx.reset(new runtime::MigrationContext{*conn, *dialect, lua, scripts, graph, *versions,
                                            nullptr, {}, true, std::chrono::milliseconds(-1),
                                            nullptr, {}, 0});
  }

  Status Run(const graph::Plan& plan) {
    runtime::Runner runner(*ctx);
    LUAMIG_RETURN_IF_ERROR(runner.BeginPlan(plan));
    return runner.Finish().status();
  }
};

TEST_CASE("a given plan runs as given, and its inverse undoes it", "[runtime][runner]") {
  Fixture f;
  graph::Planner planner(f.graph);
  auto plan = planner.Upgrade({}, "r1");
  REQUIRE(plan.ok());
  REQUIRE(f.Run(*plan).ok());
  CHECK(SqliteTables(f.p.Path("app.db")) == Strings{"t1"});
  CHECK(SqliteVersions(f.p.Path("app.db")) == Strings{"r1"});

  graph::Plan down = *plan;
  down.steps[0].direction = graph::Direction::kDowngrade;
  std::swap(down.steps[0].delta.added, down.steps[0].delta.removed);
  std::swap(down.heads_before, down.heads_after);
  REQUIRE(f.Run(down).ok());
  CHECK(SqliteTables(f.p.Path("app.db")).empty());
  CHECK(SqliteVersions(f.p.Path("app.db")).empty());
}

TEST_CASE("a given plan from other heads than the table's runs nothing",
          "[runtime][runner]") {
  Fixture f;
  graph::Planner planner(f.graph);
  auto plan = planner.Upgrade({"r1"}, "r2");  // expects r1 applied; it is not
  REQUIRE(plan.ok());
  Status s = f.Run(*plan);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kUsage);
  CHECK_THAT(s.message(), Catch::Contains("the plan starts from {r1}"));
  CHECK(SqliteTables(f.p.Path("app.db")).empty());
  CHECK(SqliteVersions(f.p.Path("app.db")).empty());
}

}  // namespace
}  // namespace luamig
