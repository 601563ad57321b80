// SPDX-License-Identifier: MIT
// The built luamig binary on a temporary project: what a user sees when
// things go right.
#include <catch2/catch.hpp>

#include "luamig/version.h"
#include "support/cli_project.h"
#include "support/run_binary.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::RunLuamig;
using testing::SqliteTables;
using testing::SqliteVersions;
using testing::TempProject;
using Strings = std::vector<std::string>;

TEST_CASE("upgrade head prints each applied revision and the final head", "[e2e]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"upgrade", "head"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // The Database: line is a note for people: stderr, so stdout stays parseable.
  CHECK_THAT(r.err, Catch::Contains("Database: sqlite:///" + p.Path("luamig.db")));
  CHECK(r.out.find("Database:") == std::string::npos);
  CHECK_THAT(r.out, Catch::Contains("a1  Create users"));
  CHECK_THAT(r.out, Catch::Contains("b2  Create posts"));
  CHECK_THAT(r.out, Catch::Contains("c3  Create tags"));
  CHECK(r.out.find("upgrade a1") < r.out.find("upgrade b2"));
  CHECK(r.out.find("upgrade b2") < r.out.find("upgrade c3"));
  CHECK_THAT(r.out, Catch::Contains("3 migration(s) applied; now at c3."));
  CHECK(SqliteTables(p.Path("luamig.db")) == Strings{"posts", "tags", "users"});
  CHECK(SqliteVersions(p.Path("luamig.db")) == Strings{"c3"});
}

TEST_CASE("upgrade head a second time says there is nothing to do", "[e2e]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "head"}).exit_code == 0);
  auto r = RunLuamig(p.Path(), {"upgrade", "head"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out,
             Catch::Contains("Nothing to upgrade: the database is already at c3."));
  CHECK(r.out.find("Create users") == std::string::npos);
}

TEST_CASE("current shows the applied head", "[e2e]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "b2"}).exit_code == 0);
  auto r = RunLuamig(p.Path(), {"current"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("b2 (current), Create posts"));
  CHECK(r.out.find("c3") == std::string::npos);
}

TEST_CASE("current on a database without version rows says it is at base", "[e2e]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"stamp", "base"}).exit_code == 0);
  auto r = RunLuamig(p.Path(), {"current"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("<base>"));
}

TEST_CASE("history lists revisions newest first", "[e2e]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"history"});
  REQUIRE(r.exit_code == 0);
  size_t c3 = r.out.find("c3 (head), Create tags");
  size_t b2 = r.out.find("b2, Create posts");
  size_t a1 = r.out.find("a1, Create users");
  REQUIRE(c3 != std::string::npos);
  REQUIRE(b2 != std::string::npos);
  REQUIRE(a1 != std::string::npos);
  CHECK(c3 < b2);
  CHECK(b2 < a1);
}

TEST_CASE("downgrade base reverts everything and leaves no user tables", "[e2e]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "head"}).exit_code == 0);
  auto r = RunLuamig(p.Path(), {"downgrade", "base"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("3 migration(s) reverted; now at <base>."));
  CHECK(r.out.find("c3") < r.out.find("a1"));
  CHECK(SqliteTables(p.Path("luamig.db")).empty());
  CHECK(SqliteVersions(p.Path("luamig.db")).empty());
}

TEST_CASE("the --url option wins over DATABASE_URL, which wins over the config",
          "[e2e]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  p.Write("luamig.lua", "database_url = \"sqlite:///from_config.db\"\n");
  const std::string env = "DATABASE_URL=sqlite:///from_env.db";

  SECTION("the config's database_url is used when nothing overrides it") {
    REQUIRE(RunLuamig(p.Path(), {"upgrade", "head"}).exit_code == 0);
    CHECK(p.Exists("from_config.db"));
    CHECK_FALSE(p.Exists("luamig.db"));
  }
  SECTION("DATABASE_URL overrides the config") {
    auto r = RunLuamig(p.Path(), {"upgrade", "head"}, {env});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains(p.Path("from_env.db")));
    CHECK(p.Exists("from_env.db"));
    CHECK_FALSE(p.Exists("from_config.db"));
  }
  SECTION("--url overrides DATABASE_URL and the config") {
    auto r = RunLuamig(p.Path(), {"--url", "sqlite:///from_flag.db", "upgrade", "head"},
                       {env});
    REQUIRE(r.exit_code == 0);
    CHECK(p.Exists("from_flag.db"));
    CHECK_FALSE(p.Exists("from_env.db"));
    CHECK_FALSE(p.Exists("from_config.db"));
    CHECK(SqliteVersions(p.Path("from_flag.db")) == Strings{"c3"});
  }
}

TEST_CASE("the --version option prints the version and exits 0", "[e2e]") {
  TempProject p;
  auto r = RunLuamig(p.Path(), {"--version"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith(std::string("luamig ") + LUAMIG_VERSION_STRING));
}

TEST_CASE("the --help option lists the commands and exits 0", "[e2e]") {
  TempProject p;
  auto r = RunLuamig(p.Path(), {"--help"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("upgrade"));
  CHECK_THAT(r.out, Catch::Contains("downgrade"));
}

TEST_CASE("the shipped versions/ upgrade to head and back to base", "[e2e]") {
  TempProject p;
  testing::CopyShippedProject(p);
  const std::string db = p.Path("luamig.db");
  auto up = RunLuamig(p.Path(), {"upgrade", "head"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(SqliteTables(db) == Strings{"matches", "players"});
  CHECK(SqliteVersions(db) == Strings{"4d5e6f7a8b9c"});
  auto down = RunLuamig(p.Path(), {"downgrade", "base"});
  INFO(down.out << down.err);
  REQUIRE(down.exit_code == 0);
  CHECK(SqliteTables(db).empty());
  CHECK(SqliteVersions(db).empty());
}

}  // namespace
}  // namespace luamig
