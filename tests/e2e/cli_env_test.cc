// SPDX-License-Identifier: MIT
// Environments: --env a,b and --env all over several databases, the summary
// table, stopping at a failure, and which URL an environment uses.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>

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

// Three revisions and four environments on their own SQLite files.
void WriteFourEnvironments(const TempProject& p) {
  testing::WriteThreeRevisions(p);
  p.Write("luamig.lua",
          "environments = {\n"
          "  ecs = { database_url = 'sqlite:///ecs.db' },\n"
          "  ecs_e2e = { database_url = 'sqlite:///ecs_e2e.db' },\n"
          "  main = { database_url = 'sqlite:///main.db' },\n"
          "  e2e = { database_url = 'sqlite:///e2e.db' },\n"
          "}\n"
          "environment_order = { 'ecs_e2e', 'e2e' }\n");
}

TEST_CASE("with --env all, every environment runs in environment_order, then by name",
          "[e2e][env]") {
  TempProject p;
  WriteFourEnvironments(p);
  auto r = RunLuamig(p.Path(), {"--env", "all", "upgrade", "head"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* db : {"ecs.db", "ecs_e2e.db", "main.db", "e2e.db"})
    CHECK(SqliteVersions(p.Path(db)) == Strings{"c3"});
  size_t a = r.out.find("== ecs_e2e =="), b = r.out.find("== e2e =="),
         c = r.out.find("== ecs =="), d = r.out.find("== main ==");
  CHECK(a < b);
  CHECK(b < c);
  CHECK(c < d);
  CHECK(d != std::string::npos);
  CHECK_THAT(r.out, Catch::Contains("environment  from -> to"));
  CHECK_THAT(r.out, Catch::Contains("main         <base> -> c3  3 applied"));
  auto gate = RunLuamig(p.Path(), {"status", "--env", "all", "--exit-code"});
  CHECK(gate.exit_code == 0);
}

TEST_CASE("with --env a,b, environments run in the order given and status reports each",
          "[e2e][env]") {
  TempProject p;
  WriteFourEnvironments(p);
  REQUIRE(RunLuamig(p.Path(), {"--env", "main,e2e", "upgrade", "b2"}).exit_code == 0);
  CHECK_FALSE(p.Exists("ecs.db"));
  CHECK(SqliteVersions(p.Path("main.db")) == Strings{"b2"});
  auto r = RunLuamig(p.Path(), {"--env", "e2e,main", "status", "--exit-code"});
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("== e2e ==") < r.out.find("== main =="));
  CHECK_THAT(r.out, Catch::Contains("e2e          b2 -> c3    1 pending"));
}

TEST_CASE("a failing environment stops the run unless --keep-going", "[e2e][env]") {
  TempProject p;
  WriteFourEnvironments(p);
  // e2e's database is a directory: opening it fails.
  std::filesystem::create_directories(p.Path("e2e.db"));
  auto stop = RunLuamig(p.Path(), {"--env", "all", "upgrade", "head"});
  CHECK(stop.exit_code == 1);
  CHECK(SqliteVersions(p.Path("ecs_e2e.db")) == Strings{"c3"});
  CHECK_FALSE(p.Exists("ecs.db"));
  CHECK_THAT(stop.out, Catch::Contains("skipped (an earlier environment failed)"));
  auto go_on = RunLuamig(p.Path(), {"--env", "all", "--keep-going", "upgrade", "head"});
  CHECK(go_on.exit_code == 1);
  CHECK(SqliteVersions(p.Path("main.db")) == Strings{"c3"});
}

TEST_CASE("an unknown name in --env a,b is refused before anything runs", "[e2e][env]") {
  TempProject p;
  WriteFourEnvironments(p);
  auto r = RunLuamig(p.Path(), {"--env", "main,mian2", "upgrade", "head"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown environment 'mian2'"));
  CHECK_FALSE(p.Exists("main.db"));
}

TEST_CASE("an environment's own database_url beats an ambient DATABASE_URL",
          "[e2e][env][precedence]") {
  TempProject p;
  WriteFourEnvironments(p);
  const std::string prod = "DATABASE_URL=sqlite:///prod.db";
  SECTION("--env e2e migrates e2e, says it ignored DATABASE_URL") {
    auto r = RunLuamig(p.Path(), {"--env", "e2e", "upgrade", "head"}, {prod});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(SqliteVersions(p.Path("e2e.db")) == Strings{"c3"});
    CHECK_FALSE(p.Exists("prod.db"));
    CHECK_THAT(r.err,
               Catch::Contains("$DATABASE_URL is set but not used: environment 'e2e'"));
  }
  SECTION("without --env, DATABASE_URL still beats the config") {
    REQUIRE(RunLuamig(p.Path(), {"upgrade", "head"}, {prod}).exit_code == 0);
    CHECK(SqliteVersions(p.Path("prod.db")) == Strings{"c3"});
  }
  SECTION("an environment without a database_url reads DATABASE_URL") {
    p.Write("luamig.lua", "environments = { ci = { version_table = 'ci_version' } }\n");
    auto r = RunLuamig(p.Path(), {"--env", "ci", "upgrade", "head"}, {prod});
    REQUIRE(r.exit_code == 0);
    CHECK(SqliteVersions(p.Path("prod.db"), "ci_version") == Strings{"c3"});
    CHECK(r.err.find("not used") == std::string::npos);
  }
  SECTION("--url beats the environment") {
    REQUIRE(RunLuamig(p.Path(),
                      {"--env", "e2e", "--url", "sqlite:///flag.db", "upgrade", "head"},
                      {prod})
                .exit_code == 0);
    CHECK(p.Exists("flag.db"));
    CHECK_FALSE(p.Exists("e2e.db"));
  }
}

TEST_CASE("SQLAlchemy driver suffixes are accepted with a note", "[e2e][env]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"upgrade", "head"},
                     {"DATABASE_URL=sqlite+pysqlite:///shared.db"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(SqliteVersions(p.Path("shared.db")) == Strings{"c3"});
  CHECK_THAT(r.err, Catch::Contains("driver suffix '+pysqlite'"));
  auto other = RunLuamig(p.Path(), {"--url", "mysql+pymysql://x/y", "current"});
  CHECK(other.exit_code == 2);
  CHECK_THAT(other.err, Catch::Contains("unsupported database URL scheme"));
}

// postgresql://user:pw@host:port/db?query → the same URL for database `name`.
std::string WithDatabase(const std::string& url, const std::string& name) {
  size_t slash = url.find('/', url.find("://") + 3);
  size_t query = url.find('?', slash);
  return url.substr(0, slash + 1) + name +
         (query == std::string::npos ? "" : url.substr(query));
}

TEST_CASE("with --env all, two PostgreSQL databases are migrated in order",
          "[e2e][env][pg]") {
  // Tagged [pg]: ctest runs it only with the server of scripts/test.sh.
  const char* pg_env = std::getenv("LUAMIG_TEST_PG_URL");
  REQUIRE(pg_env != nullptr);
  const std::string pg = pg_env;
  TempProject p;
  testing::WriteThreeRevisions(p);
  // Two fresh databases on the test server, so nothing else sees their tables.
  std::string tag = std::to_string(std::random_device{}() % 1000000);
  std::string staging = "luamig_staging_" + tag, prod = "luamig_prod_" + tag;
  auto psql = [&](const std::string& sql) {
    std::string cmd = "psql -q -v ON_ERROR_STOP=1 " + testing::ShellQuote(pg) + " -c " +
                      testing::ShellQuote(sql) + " >/dev/null";
    return std::system(cmd.c_str());
  };
  REQUIRE(psql("CREATE DATABASE " + staging) == 0);
  REQUIRE(psql("CREATE DATABASE " + prod) == 0);
  p.Write("luamig.lua",
          "environments = {\n"
          "  staging = { database_url = '" +
              WithDatabase(pg, staging) +
              "' },\n"
              "  prod = { database_url = '" +
              WithDatabase(pg, prod) +
              "' },\n"
              "}\n"
              "environment_order = { 'staging', 'prod' }\n");
  auto r = RunLuamig(p.Path(), {"--env", "all", "upgrade", "head"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("== staging ==") < r.out.find("== prod =="));
  CHECK_THAT(r.out, Catch::Contains("staging      <base> -> c3  3 applied"));
  CHECK_THAT(r.out, Catch::Contains("prod         <base> -> c3  3 applied"));
  auto gate = RunLuamig(p.Path(), {"--env", "all", "status", "--exit-code"});
  CHECK(gate.exit_code == 0);
  REQUIRE(RunLuamig(p.Path(), {"--env", "prod", "downgrade", "-1", "-q"}).exit_code == 0);
  auto pending = RunLuamig(p.Path(), {"--env", "all", "status", "--exit-code"});
  CHECK(pending.exit_code == 3);
  CHECK_THAT(pending.out, Catch::Contains("prod         b2 -> c3    1 pending"));
  CHECK(psql("DROP DATABASE " + staging) == 0);
  CHECK(psql("DROP DATABASE " + prod) == 0);
}

}  // namespace
}  // namespace luamig
