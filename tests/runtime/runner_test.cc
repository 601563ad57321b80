// SPDX-License-Identifier: MIT
// The runner's guarantees, seen through the public API on a SQLite file:
// per-migration transactions, whole-run transactions, events, and two
// runners on one database.
#include "runtime/runner.h"

#include <catch2/catch.hpp>
#include <thread>

#include "support/memory_migrator.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::MemoryOptions;
using testing::OpenOrFail;
using testing::RecordingEvents;
using testing::Script;
using testing::SqliteRows;
using testing::SqliteTables;
using testing::SqliteVersions;
using testing::StepIds;
using testing::TempProject;
using Strings = std::vector<std::string>;

// Revision `rev` creates table `table` and notes itself in `trace` (which the
// first revision creates), so tests can count how often each one ran.
ScriptFile Traced(const std::string& file, const std::string& rev,
                  const std::string& down, const std::string& table) {
  std::string up;
  if (down.empty()) up += "op.create_table(\"trace\", { { \"rev\", \"text\" } })\n";
  up += "op.create_table(\"" + table +
        "\", { { \"id\", \"integer\", primary_key = true } })\n";
  up += "op.execute(\"INSERT INTO trace (rev) VALUES ($1)\", { \"" + rev + "\" })";
  std::string downgrade = "op.drop_table(\"" + table + "\")";
  if (down.empty()) downgrade += "\nop.drop_table(\"trace\")";
  return {file, Script(rev, down, up, downgrade)};
}

std::vector<ScriptFile> FourTraced() {
  return {Traced("001.lua", "r1", "", "t1"), Traced("002.lua", "r2", "r1", "t2"),
          Traced("003.lua", "r3", "r2", "t3"), Traced("004.lua", "r4", "r3", "t4")};
}

// 003.lua creates t3, then raises a Lua error on line 6 of the file.
constexpr const char* kFailingThird =
    "-- fails half-way\n"                                       // 1
    "revision = \"r3\"\n"                                       // 2
    "down_revision = \"r2\"\n"                                  // 3
    "function upgrade(op)\n"                                    // 4
    "  op.create_table(\"t3\", { { \"id\", \"integer\" } })\n"  // 5
    "  error(\"cannot continue\")\n"                            // 6
    "end\n"                                                     // 7
    "function downgrade(op) op.drop_table(\"t3\") end\n";       // 8

std::vector<std::vector<std::string>> TraceCounts(const std::string& db) {
  return SqliteRows(db, "SELECT rev, count(*) FROM trace GROUP BY rev ORDER BY rev");
}

TEST_CASE("a Lua error half-way rolls back that migration and keeps earlier ones",
          "[runtime][runner]") {
  TempProject p;
  auto scripts = FourTraced();
  scripts[2].source = kFailingThird;
  auto m = OpenOrFail(MemoryOptions(p, scripts));
  auto run = m->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  const Status& s = run.status();
  CHECK(s.code() == StatusCode::kMigration);
  CHECK(s.revision() == "r3");
  CHECK(s.file() == "003.lua");
  CHECK(s.line() == 6);
  CHECK_THAT(s.message(), Catch::Contains("cannot continue"));
  const std::string db = p.Path("app.db");
  CHECK(SqliteTables(db) == Strings{"t1", "t2", "trace"});
  CHECK(SqliteVersions(db) == Strings{"r2"});
}

TEST_CASE("a Lua error in a script with a long name reports the whole name",
          "[runtime][runner]") {
  TempProject p;
  const std::string name =
      "/some/long/project/path/for/luamig/versions/20250101_0940-r3_fails_half_way.lua";
  auto scripts = FourTraced();
  scripts[2] = {name, kFailingThird};
  auto m = OpenOrFail(MemoryOptions(p, scripts));
  auto run = m->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().file() == name);
  CHECK(run.status().line() == 6);
  CHECK(run.status().message() == name + ":6: cannot continue");
}

TEST_CASE("a failing SQL statement reports the SQL and SQLite's message",
          "[runtime][runner]") {
  TempProject p;
  auto scripts = FourTraced();
  scripts[1] = {"002.lua", Script("r2", "r1",
                                  "op.create_table(\"t2\", { { \"id\", \"integer\" } })\n"
                                  "op.execute(\"INSERT INTO missing_table VALUES (1)\")",
                                  "")};
  auto m = OpenOrFail(MemoryOptions(p, scripts));
  auto run = m->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  const Status& s = run.status();
  CHECK((s.code() == StatusCode::kDatabase || s.code() == StatusCode::kMigration));
  CHECK(s.sql() == "INSERT INTO missing_table VALUES (1)");
  CHECK_THAT(s.message(), Catch::Contains("no such table: missing_table"));
  CHECK(s.revision() == "r2");
  CHECK(s.file() == "002.lua");
  CHECK(s.line() == 6);
  const std::string db = p.Path("app.db");
  CHECK(SqliteTables(db) == Strings{"t1", "trace"});
  CHECK(SqliteVersions(db) == Strings{"r1"});
}

TEST_CASE("with one transaction per run, a failure in step 3 rolls back steps 1 and 2",
          "[runtime][runner]") {
  TempProject p;
  auto scripts = FourTraced();
  scripts[2].source = kFailingThird;
  auto options = MemoryOptions(p, scripts);
  options.config.transaction_per_migration = false;
  auto m = OpenOrFail(std::move(options));
  auto run = m->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().revision() == "r3");
  const std::string db = p.Path("app.db");
  CHECK(SqliteTables(db).empty());
  CHECK(SqliteVersions(db).empty());
}

TEST_CASE("with one transaction per run, a successful run applies every step",
          "[runtime][runner]") {
  TempProject p;
  auto options = MemoryOptions(p, FourTraced());
  options.config.transaction_per_migration = false;
  auto m = OpenOrFail(std::move(options));
  auto run = m->Upgrade("head");
  REQUIRE(run.ok());
  CHECK(StepIds(*run) == Strings{"r1", "r2", "r3", "r4"});
  CHECK(SqliteVersions(p.Path("app.db")) == Strings{"r4"});
  auto down = m->Downgrade("base");
  REQUIRE(down.ok());
  CHECK(SqliteTables(p.Path("app.db")).empty());
}

TEST_CASE("events report the plan, then each step's start and finish in order",
          "[runtime][runner]") {
  TempProject p;
  RecordingEvents events;
  auto options = MemoryOptions(p, FourTraced());
  options.events = &events;
  auto m = OpenOrFail(std::move(options));
  REQUIRE(m->Upgrade("r2").ok());
  CHECK(events.lines ==
        Strings{"plan r1,r2", "start r1 1/2", "finish r1", "start r2 2/2", "finish r2"});
}

TEST_CASE("a failing step is started but never reported finished", "[runtime][runner]") {
  TempProject p;
  RecordingEvents events;
  auto scripts = FourTraced();
  scripts[2].source = kFailingThird;
  auto options = MemoryOptions(p, scripts);
  options.events = &events;
  auto m = OpenOrFail(std::move(options));
  REQUIRE_FALSE(m->Upgrade("head").ok());
  CHECK(events.lines == Strings{"plan r1,r2,r3,r4", "start r1 1/4", "finish r1",
                                "start r2 2/4", "finish r2", "start r3 3/4"});
}

TEST_CASE("op.log from a script reaches the event sink with its revision",
          "[runtime][runner]") {
  TempProject p;
  RecordingEvents events;
  auto options =
      MemoryOptions(p, {{"001.lua", Script("r1", "", "op.log(\"hello\")", "")}});
  options.events = &events;
  auto m = OpenOrFail(std::move(options));
  REQUIRE(m->Upgrade("head").ok());
  CHECK(events.lines == Strings{"plan r1", "start r1 1/1", "log r1 hello", "finish r1"});
}

TEST_CASE("two runners on one SQLite file at once apply each revision exactly once",
          "[runtime][runner]") {
  TempProject p;
  Result<RunResult> results[2] = {Status::Internal("not run"),
                                  Status::Internal("not run")};
  std::thread threads[2];
  for (int i = 0; i < 2; ++i) {
    threads[i] = std::thread([&, i] {
      auto m = Migrator::Open(MemoryOptions(p, FourTraced()));
      if (!m.ok()) {
        results[i] = m.status();
        return;
      }
      results[i] = (*m)->Upgrade("head");
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    INFO(r.status().ToString());
    CHECK(r.ok());
  }
  const std::string db = p.Path("app.db");
  CHECK(TraceCounts(db) ==
        std::vector<Strings>{{"r1", "1"}, {"r2", "1"}, {"r3", "1"}, {"r4", "1"}});
  CHECK(SqliteVersions(db) == Strings{"r4"});
  if (results[0].ok() && results[1].ok()) {
    CHECK(results[0]->steps.size() + results[1]->steps.size() == 4);
    CHECK(results[0]->heads_after == Strings{"r4"});
    CHECK(results[1]->heads_after == Strings{"r4"});
  }
}

TEST_CASE("a Migrator opened before another one upgraded starts from the new heads",
          "[runtime][runner]") {
  // The second Migrator connects and reads the heads before the first one
  // upgrades; its own upgrade must start from what the first one left.
  TempProject p;
  auto second = OpenOrFail(MemoryOptions(p, FourTraced()));
  REQUIRE(second->Current().ok());
  auto first = OpenOrFail(MemoryOptions(p, FourTraced()));
  REQUIRE(first->Upgrade("r2").ok());
  auto run = second->Upgrade("head");
  REQUIRE(run.ok());
  CHECK(StepIds(*run) == Strings{"r3", "r4"});
  CHECK(TraceCounts(p.Path("app.db")) ==
        std::vector<Strings>{{"r1", "1"}, {"r2", "1"}, {"r3", "1"}, {"r4", "1"}});
}

}  // namespace
}  // namespace luamig
