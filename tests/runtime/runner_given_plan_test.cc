// SPDX-License-Identifier: MIT
// RunRequest::plan: a plan made by the caller (luamig test's one step and
// its exact inverse) runs as given, and only from the heads it starts from.
#include <catch2/catch.hpp>

#include "db/sql_sink.h"
#include "db/sqlite_connection.h"
#include "graph/planner.h"
#include "runtime/runner.h"
#include "support/runner_harness.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::Script;
using testing::SqliteTables;
using testing::SqliteVersions;
using testing::TempProject;
using Strings = std::vector<std::string>;

struct Fixture {
  TempProject p;
  testing::RunnerHarness h{
      {{"1.lua", Script("r1", "", "op.create_table(\"t1\", { { \"id\", \"integer\" } })",
                        "op.drop_table(\"t1\")")},
       {"2.lua",
        Script("r2", "r1", "op.create_table(\"t2\", { { \"id\", \"integer\" } })",
               "op.drop_table(\"t2\")")}},
      "sqlite"};
  const graph::RevisionMap& graph = h.graph();

  Status Run(const graph::Plan& plan) {
    auto conn =
        db::SqliteConnection::Open(p.Path("app.db"), std::chrono::milliseconds(1000));
    REQUIRE(conn.ok());
    db::LiveSink sink(**conn);
    runtime::RunContext ctx = h.Context();
    runtime::Runner runner(ctx, sink);
    runtime::RunRequest request;
    request.kind =
        plan.steps.empty() || plan.steps[0].direction == graph::Direction::kUpgrade
            ? runtime::RunKind::kUpgrade
            : runtime::RunKind::kDowngrade;
    request.plan = plan;
    LUAMIG_RETURN_IF_ERROR(runner.Begin(request));
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
