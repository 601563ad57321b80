// SPDX-License-Identifier: MIT
// The built luamig binary when something is wrong: exit codes (1 for a
// migration or database error, 2 for usage and project errors) and messages
// a user can act on.
#include <catch2/catch.hpp>

#include "support/cli_project.h"
#include "support/run_binary.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::LineCount;
using testing::RunLuamig;
using testing::SqliteTables;
using testing::SqliteVersions;
using testing::TempProject;
using Strings = std::vector<std::string>;

// d4 creates a table, then raises a Lua error on line 7.
constexpr const char* kFailingD4 =
    "-- Fails half-way\n"                                           // 1
    "revision = \"d4\"\n"                                           // 2
    "down_revision = \"c3\"\n"                                      // 3
    "\n"                                                            // 4
    "function upgrade(op)\n"                                        // 5
    "  op.create_table(\"broken\", { { \"id\", \"integer\" } })\n"  // 6
    "  error(\"cannot continue\")\n"                                // 7
    "end\n"                                                         // 8
    "function downgrade(op) op.drop_table(\"broken\") end\n";       // 9

TEST_CASE("a Lua error half-way exits 1 naming revision, file and line on one screen",
          "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  p.Write("versions/004_d4_fails.lua", kFailingD4);
  auto r = RunLuamig(p.Path(), {"upgrade", "head"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("d4"));
  CHECK_THAT(r.err, Catch::Contains("004_d4_fails.lua:7"));
  CHECK_THAT(r.err, Catch::Contains("cannot continue"));
  CHECK_THAT(r.err, Catch::Contains("3 migration(s) before the failure stay applied"));
  CHECK_THAT(r.err, Catch::Contains("The database is at c3."));
  CHECK(LineCount(r.err) < 25);
  CHECK(SqliteVersions(p.Path("luamig.db")) == Strings{"c3"});
  CHECK(SqliteTables(p.Path("luamig.db")) == Strings{"posts", "tags", "users"});
}

TEST_CASE("with one transaction per run, a failure says the whole run rolled back",
          "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  p.Write("luamig.lua", "transaction_per_migration = false\n");
  p.Write("versions/004_d4_fails.lua", kFailingD4);
  auto r = RunLuamig(p.Path(), {"upgrade", "head"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("rolled back"));
  CHECK(r.err.find("stay applied") == std::string::npos);
  CHECK_THAT(r.err, Catch::Contains("The database is at <base>."));
  CHECK(SqliteTables(p.Path("luamig.db")).empty());
}

TEST_CASE("verbose mode (-v) adds the Lua traceback to a migration error",
          "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  p.Write("versions/004_d4_fails.lua", kFailingD4);
  auto quiet = RunLuamig(p.Path(), {"upgrade", "head"});
  CHECK(quiet.err.find("stack traceback") == std::string::npos);
  REQUIRE(RunLuamig(p.Path(), {"downgrade", "base"}).exit_code == 0);
  auto verbose = RunLuamig(p.Path(), {"-v", "upgrade", "head"});
  CHECK(verbose.exit_code == 1);
  CHECK_THAT(verbose.err, Catch::Contains("stack traceback"));
}

TEST_CASE("a failing SQL statement exits 1 showing the SQL and SQLite's message",
          "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  p.Write("versions/004_d4_sql.lua",
          testing::Script("d4", "c3", "op.execute(\"INSERT INTO nope VALUES (1)\")", ""));
  auto r = RunLuamig(p.Path(), {"upgrade", "head"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("no such table: nope"));
  CHECK_THAT(r.err, Catch::Contains("INSERT INTO nope VALUES (1)"));
  CHECK_THAT(r.err, Catch::Contains("004_d4_sql.lua:5"));
}

TEST_CASE("a syntax error in a script exits 2 naming file:line and applies nothing",
          "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  p.Write(
      "versions/004_d4_syntax.lua",
      "revision = \"d4\"\ndown_revision = \"c3\"\nfunction upgrade(op\n  x = 1\nend\n");
  auto r = RunLuamig(p.Path(), {"upgrade", "head"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("004_d4_syntax.lua:4"));
  CHECK_FALSE(p.Exists("luamig.db"));
}

TEST_CASE("an unknown command exits 2 and lists the commands", "[e2e][errors]") {
  TempProject p;
  auto r = RunLuamig(p.Path(), {"upgrdae", "head"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown command 'upgrdae'"));
  CHECK_THAT(r.err, Catch::Contains("upgrade"));
}

TEST_CASE("no command at all exits 2", "[e2e][errors]") {
  TempProject p;
  CHECK(RunLuamig(p.Path(), {}).exit_code == 2);
}

TEST_CASE("upgrade without a target exits 2 and says the target is required",
          "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"upgrade"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("target"));
  CHECK_FALSE(p.Exists("luamig.db"));
}

TEST_CASE("an unsupported URL scheme exits 2 naming the scheme", "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"--url", "mysql://localhost/app", "upgrade", "head"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("mysql"));
}

TEST_CASE("an unknown revision target exits 2 and applies nothing", "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"upgrade", "zz9"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("zz9"));
  CHECK(SqliteVersions(p.Path("luamig.db")).empty());
}

TEST_CASE("a -c config file that does not exist exits 2", "[e2e][errors]") {
  TempProject p;
  auto r = RunLuamig(p.Path(), {"-c", "missing.lua", "current"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("missing.lua"));
}

}  // namespace
}  // namespace luamig
