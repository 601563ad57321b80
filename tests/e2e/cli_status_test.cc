// SPDX-License-Identifier: MIT
// `luamig status` as a deploy gate, read-only commands that create nothing,
// and the messages that point a user at the fix.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "support/cli_project.h"
#include "support/run_binary.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::RunLuamig;
using testing::SqliteVersions;
using testing::TempProject;
using Strings = std::vector<std::string>;

TEST_CASE("status --exit-code: 0 when up to date, 3 with the pending revisions in order",
          "[e2e][status]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "a1"}).exit_code == 0);
  auto pending = RunLuamig(p.Path(), {"status", "--exit-code"});
  INFO(pending.out << pending.err);
  CHECK(pending.exit_code == 3);
  CHECK_THAT(pending.out, Catch::Contains("Current: a1"));
  CHECK_THAT(pending.out, Catch::Contains("Heads:   c3 (head)"));
  CHECK_THAT(pending.out, Catch::Contains("Pending (2), in order:"));
  CHECK(pending.out.find("b2") < pending.out.find("c3 (head), Create tags"));
  // Without --exit-code, pending revisions are news, not a failure.
  CHECK(RunLuamig(p.Path(), {"status"}).exit_code == 0);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "head"}).exit_code == 0);
  auto done = RunLuamig(p.Path(), {"status", "--exit-code"});
  CHECK(done.exit_code == 0);
  CHECK_THAT(done.out, Catch::Contains("Up to date."));
}

TEST_CASE(
    "status on a SQLite file that does not exist says so, lists everything, creates "
    "nothing",
    "[e2e][status]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"status", "--exit-code"});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, Catch::Contains("(does not exist yet)"));
  CHECK_THAT(r.out, Catch::Contains("Pending (3)"));
  CHECK_FALSE(p.Exists("luamig.db"));
}

TEST_CASE("status --exit-code exits 4 for a database ahead of the scripts",
          "[e2e][status]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "head"}).exit_code == 0);
  std::filesystem::remove(p.Path("versions/003_c3_tags.lua"));
  auto r = RunLuamig(p.Path(), {"status", "--exit-code"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.out, Catch::Contains("Unknown: c3 is applied but no script defines it"));
  CHECK_THAT(r.out, Catch::Contains("stamp --purge"));
}

TEST_CASE("status lists applied scripts changed since they ran", "[e2e][status]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "head"}).exit_code == 0);
  p.Write("versions/002_b2_posts.lua",
          p.Read("versions/002_b2_posts.lua") + "\n-- edited after it ran\n");
  auto r = RunLuamig(p.Path(), {"status", "--exit-code"});
  CHECK(r.exit_code == 0);  // up to date; `check` is the gate for edits
  CHECK_THAT(r.out, Catch::Contains("Changed: b2"));
}

TEST_CASE("read-only commands never create a database file", "[e2e][readonly]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  const std::string typo = "sqlite:///app.dbb";
  for (const char* cmd : {"current", "check"}) {
    auto r = RunLuamig(p.Path(), {"--url", typo, cmd});
    INFO(cmd << ": " << r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("SQLite database file " + p.Path("app.dbb") +
                                      " does not exist"));
  }
  auto show = RunLuamig(p.Path(), {"--url", typo, "show", "current"});
  CHECK(show.exit_code == 1);
  auto indicate = RunLuamig(p.Path(), {"--url", typo, "history", "-i"});
  CHECK(indicate.exit_code == 1);
  CHECK(RunLuamig(p.Path(), {"--url", typo, "history"}).exit_code == 0);
  CHECK(RunLuamig(p.Path(), {"--url", typo, "heads"}).exit_code == 0);
  CHECK(RunLuamig(p.Path(), {"--url", typo, "show", "head"}).exit_code == 0);
  CHECK(RunLuamig(p.Path(), {"--url", typo, "status"}).exit_code == 0);
  CHECK_FALSE(p.Exists("app.dbb"));
}

TEST_CASE("a mistyped command exits 2 with a suggestion", "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"upgrde", "head"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown command 'upgrde'"));
  CHECK_THAT(r.err, Catch::Contains("did you mean 'upgrade'?"));
  auto far = RunLuamig(p.Path(), {"frobnicate"});
  CHECK(far.exit_code == 2);
  CHECK(far.err.find("did you mean") == std::string::npos);
  CHECK_THAT(far.err, Catch::Contains("commands: upgrade, downgrade, status"));
}

TEST_CASE("global options work before and after the subcommand", "[e2e][options]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto after =
      RunLuamig(p.Path(), {"upgrade", "head", "--url", "sqlite:///late.db", "-q"});
  INFO(after.err);
  REQUIRE(after.exit_code == 0);
  CHECK(after.out.empty());
  CHECK(SqliteVersions(p.Path("late.db")) == Strings{"c3"});
  p.Write("versions/004_d4_fails.lua",
          testing::Script("d4", "c3", "error(\"boom\")", ""));
  auto verbose =
      RunLuamig(p.Path(), {"upgrade", "head", "--url", "sqlite:///late.db", "-v"});
  CHECK(verbose.exit_code == 1);
  CHECK_THAT(verbose.err, Catch::Contains("stack traceback"));
}

TEST_CASE("an unknown target suggests the keyword it resembles, once", "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"upgrade", "haed"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("no revision or branch label 'haed' (did you mean "
                                    "'head'?)"));
  CHECK(r.err.find("revisions: haed") == std::string::npos);     // not echoed again
  CHECK(r.err.find("The database is at") == std::string::npos);  // nothing ran
}

TEST_CASE("a version row no script defines points at stamp --purge", "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "head"}).exit_code == 0);
  // A row from a build this checkout has never seen, with no history row.
  std::string edit = "sqlite3 " + testing::ShellQuote(p.Path("luamig.db")) +
                     " \"UPDATE luamig_version SET version_num = 'e5'\"";
  REQUIRE(std::system(edit.c_str()) == 0);
  auto r = RunLuamig(p.Path(), {"upgrade", "head"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err,
             Catch::Contains("the database holds e5, which no script here defines"));
  CHECK_THAT(r.err, Catch::Contains("luamig stamp --purge REV"));
}

TEST_CASE("a .py file in a version location is reported as an Alembic script",
          "[e2e][errors]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  p.Write("versions/1975ea83b712_add_account.py", "revision = '1975ea83b712'\n");
  p.Write("versions/__init__.py", "");
  auto r = RunLuamig(p.Path(), {"heads"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("1975ea83b712_add_account.py is a Python (Alembic) "
                                    "script: luamig loads only .lua revision scripts"));
  CHECK(r.err.find("__init__.py") == std::string::npos);
}

TEST_CASE("a directory without a project points at luamig init", "[e2e][errors]") {
  TempProject p;
  std::filesystem::remove_all(p.Path("versions"));
  auto r = RunLuamig(p.Path(), {"current"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("no luamig project in"));
  CHECK_THAT(r.err, Catch::Contains("luamig init"));
}

}  // namespace
}  // namespace luamig
