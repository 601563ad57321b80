// SPDX-License-Identifier: MIT
// stamp is a run of the one runner whose steps call no script: the version
// rows move, each step leaves a history row (stamp-upgrade / stamp-downgrade,
// who, when, from and to), and both commit in one transaction under the run
// lock — or neither does.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "db/sql_sink.h"
#include "runtime/runner.h"
#include "support/backends.h"
#include "support/faulty_connection.h"
#include "support/memory_migrator.h"
#include "support/runner_harness.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::FaultyConnection;
using testing::OpenOrFail;
using testing::RunnerHarness;
using testing::Script;
using testing::TempProject;
using testing::TestDatabase;
using Strings = std::vector<std::string>;

// a <- b <- c, each creating its table (which a stamp must never do).
std::vector<ScriptFile> Abc() {
  auto creates = [](const std::string& rev, const std::string& down) {
    return ScriptFile{
        rev + ".lua",
        Script(rev, down,
               "op.create_table(\"t_" + rev + "\", { { \"id\", \"integer\" } })",
               "op.drop_table(\"t_" + rev + "\")", "make " + rev)};
  };
  return {creates("a", ""), creates("b", "a"), creates("c", "b")};
}

TEST_CASE("stamp writes a history row per step, in the direction it moved",
          "[runtime][stamp][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto m = OpenOrFail(db.Options(p, Abc()));
  auto up = m->Stamp({"c"});
  INFO(up.status().ToString());
  REQUIRE(up.ok());
  REQUIRE(up->steps.size() == 1);
  CHECK(up->steps[0].step.stamp_only);
  CHECK(up->heads_after == Strings{"c"});
  auto down = m->Stamp({"a"});
  REQUIRE(down.ok());
  CHECK(db.Versions() == Strings{"a"});
  CHECK(db.Tables().empty());  // no script ran
  CHECK(db.History() == Strings{"c stamp-upgrade", "a stamp-downgrade"});
}

TEST_CASE("a stamp's history row says who stamped, when, from what and to what",
          "[runtime][stamp][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto m = OpenOrFail(db.Options(p, Abc()));
  REQUIRE(m->Upgrade("a").ok());
  REQUIRE(m->Stamp({"c"}).ok());
  auto rows = db.Query(
      "SELECT revision, direction, from_revisions, to_revisions, db_user, host_name, "
      "started_at, checksum, source, message FROM luamig_history ORDER BY id");
  REQUIRE(rows.rows.size() == 2);
  auto cell = [&](size_t row, size_t col) {
    return TestDatabase::Text(rows.rows[row][col]);
  };
  // The upgrade of a, from base.
  CHECK(cell(0, 1) == "upgrade");
  CHECK(cell(0, 2).empty());
  CHECK(cell(0, 3) == "a");
  // The stamp: who, when, from a to c; no script ran, so no checksum or source.
  CHECK(cell(1, 0) == "c");
  CHECK(cell(1, 1) == "stamp-upgrade");
  CHECK(cell(1, 2) == "a");
  CHECK(cell(1, 3) == "c");
  CHECK_FALSE(cell(1, 4).empty());
  CHECK_FALSE(cell(1, 5).empty());
  CHECK_THAT(cell(1, 6), Catch::Matches("20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] .*"));
  CHECK(cell(1, 7).empty());
  CHECK(cell(1, 8).empty());
  CHECK(cell(1, 9) == "make c");
}

TEST_CASE("stamp --purge records the rows it replaced", "[runtime][stamp][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto m = OpenOrFail(db.Options(p, Abc()));
  REQUIRE(m->Stamp({"b"}).ok());
  auto purged = m->Stamp({"a"}, true);
  REQUIRE(purged.ok());
  CHECK(purged->heads_before == Strings{"b"});
  CHECK(db.Versions() == Strings{"a"});
  CHECK(db.History() == Strings{"b stamp-upgrade", "a stamp-upgrade"});
  CHECK(db.Column("SELECT from_revisions FROM luamig_history ORDER BY id") ==
        Strings{"", "b"});
}

TEST_CASE("a stamp whose history row fails leaves the version table as it was",
          "[runtime][stamp][faults][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  RunnerHarness h(Abc(), db.backend(), db.schema());
  {
    auto conn = db.Connect();
    db::LiveSink sink(*conn);
    runtime::RunContext ctx = h.Context();
    runtime::Runner runner(ctx, sink);
    REQUIRE(runner.Run(RunnerHarness::Stamp({"a"})).ok());
  }
  FaultyConnection conn(db.Connect());
  conn.faults.fail_write_to = h.tables().HistoryTable();
  db::LiveSink sink(conn);
  runtime::RunContext ctx = h.Context();
  runtime::Runner runner(ctx, sink);
  auto run = runner.Run(RunnerHarness::Stamp({"c"}));
  REQUIRE_FALSE(run.ok());
  CHECK(conn.struck());
  CHECK(db.Versions() == Strings{"a"});
  CHECK(db.History() == Strings{"a stamp-upgrade"});
}

TEST_CASE("stamp waits for another runner's lock like any run", "[runtime][stamp][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  auto other = db.Connect();
  REQUIRE(
      testing::TakeRunLock(*other, "\"" + db.schema() + "\".\"luamig_version\"").ok());
  auto options = db.Options(p, Abc());
  options.lock_timeout = std::chrono::milliseconds(200);
  auto m = OpenOrFail(std::move(options));
  auto run = m->Stamp({"c"});
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().code() == StatusCode::kLockTimeout);
  CHECK(db.Versions().empty());
}

}  // namespace
}  // namespace luamig
