// SPDX-License-Identifier: MIT
// luamig::Migrator end to end: in-memory scripts, a SQLite file, and the
// database read back directly with the sqlite3 API.
#include "luamig/migrator.h"

#include <catch2/catch.hpp>

#include "support/memory_migrator.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::MemoryOptions;
using testing::OpenOrFail;
using testing::Script;
using testing::SqliteColumns;
using testing::SqliteRows;
using testing::SqliteTables;
using testing::SqliteVersions;
using testing::StepIds;
using testing::TempProject;
using Strings = std::vector<std::string>;

// a1: users; b2: posts; c3: tags — a straight line of three revisions.
std::vector<ScriptFile> ThreeRevisions() {
  return {
      {"001_users.lua", Script("a1", "",
                               R"(op.create_table("users", {
  { "id", "integer", primary_key = true },
  { "name", "text", nullable = false },
}))",
                               R"(op.drop_table("users"))", "Create users")},
      {"002_posts.lua", Script("b2", "a1",
                               R"(op.create_table("posts", {
  { "id", "integer", primary_key = true },
  { "user_id", "integer" },
  { "body", "text" },
}))",
                               R"(op.drop_table("posts"))", "Create posts")},
      {"003_tags.lua",
       Script("c3", "b2", R"(op.create_table("tags", { { "label", "text" } }))",
              R"(op.drop_table("tags"))", "Create tags")},
  };
}

TEST_CASE("upgrade head creates every table and records the head", "[api][migrator]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, ThreeRevisions()));
  auto run = m->Upgrade("head");
  REQUIRE(run.ok());
  CHECK(StepIds(*run) == Strings{"a1", "b2", "c3"});
  CHECK(run->heads_before.empty());
  CHECK(run->heads_after == Strings{"c3"});
  const std::string db = p.Path("app.db");
  CHECK(SqliteTables(db) == Strings{"posts", "tags", "users"});
  CHECK(SqliteColumns(db, "users") == Strings{"id", "name"});
  CHECK(SqliteColumns(db, "posts") == Strings{"id", "user_id", "body"});
  CHECK(SqliteVersions(db) == Strings{"c3"});
}

TEST_CASE("upgrade at head runs nothing and keeps the version row", "[api][migrator]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, ThreeRevisions()));
  REQUIRE(m->Upgrade("head").ok());
  auto again = m->Upgrade("head");
  REQUIRE(again.ok());
  CHECK(again->steps.empty());
  CHECK(again->heads_before == Strings{"c3"});
  CHECK(again->heads_after == Strings{"c3"});
  CHECK(SqliteVersions(p.Path("app.db")) == Strings{"c3"});
}

TEST_CASE("downgrade base drops user tables and leaves an empty version table",
          "[api][migrator]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, ThreeRevisions()));
  REQUIRE(m->Upgrade("head").ok());
  auto down = m->Downgrade("base");
  REQUIRE(down.ok());
  CHECK(StepIds(*down) == Strings{"c3", "b2", "a1"});
  for (const auto& s : down->steps) CHECK(s.step.direction == Direction::kDowngrade);
  CHECK(down->heads_after.empty());
  const std::string db = p.Path("app.db");
  CHECK(SqliteTables(db).empty());
  CHECK(SqliteRows(db, "SELECT count(*) FROM luamig_version") ==
        std::vector<Strings>{{"0"}});
}

TEST_CASE("relative targets move one revision at a time", "[api][migrator]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, ThreeRevisions()));
  const std::string db = p.Path("app.db");

  auto up1 = m->Upgrade("+1");
  REQUIRE(up1.ok());
  CHECK(StepIds(*up1) == Strings{"a1"});
  CHECK(SqliteVersions(db) == Strings{"a1"});
  CHECK(SqliteTables(db) == Strings{"users"});

  auto up2 = m->Upgrade("+1");
  REQUIRE(up2.ok());
  CHECK(StepIds(*up2) == Strings{"b2"});
  CHECK(SqliteVersions(db) == Strings{"b2"});

  auto down1 = m->Downgrade("-1");
  REQUIRE(down1.ok());
  CHECK(StepIds(*down1) == Strings{"b2"});
  CHECK(SqliteVersions(db) == Strings{"a1"});
  CHECK(SqliteTables(db) == Strings{"users"});
}

TEST_CASE("a full revision id is an upgrade and a downgrade target", "[api][migrator]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, ThreeRevisions()));
  const std::string db = p.Path("app.db");

  auto up = m->Upgrade("b2");
  REQUIRE(up.ok());
  CHECK(StepIds(*up) == Strings{"a1", "b2"});
  CHECK(SqliteVersions(db) == Strings{"b2"});
  CHECK(SqliteTables(db) == Strings{"posts", "users"});

  REQUIRE(m->Upgrade("head").ok());
  auto down = m->Downgrade("a1");
  REQUIRE(down.ok());
  CHECK(StepIds(*down) == Strings{"c3", "b2"});
  CHECK(SqliteVersions(db) == Strings{"a1"});
  CHECK(SqliteTables(db) == Strings{"users"});
}

TEST_CASE("an unknown target fails without touching the version table",
          "[api][migrator]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, ThreeRevisions()));
  REQUIRE(m->Upgrade("a1").ok());
  auto run = m->Upgrade("zzz");
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().code() != StatusCode::kInternal);
  CHECK_THAT(run.status().message(), Catch::Contains("zzz"));
  CHECK(SqliteVersions(p.Path("app.db")) == Strings{"a1"});
}

TEST_CASE("Current on a fresh database is empty and creates no version table",
          "[api][migrator]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, ThreeRevisions()));
  auto current = m->Current();
  REQUIRE(current.ok());
  CHECK(current->empty());
  CHECK(SqliteRows(p.Path("app.db"), "SELECT name FROM sqlite_master").empty());
}

TEST_CASE("Current reports the applied head with its script", "[api][migrator]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, ThreeRevisions()));
  REQUIRE(m->Upgrade("b2").ok());
  auto current = m->Current();
  REQUIRE(current.ok());
  REQUIRE(current->size() == 1);
  CHECK((*current)[0].id == "b2");
  CHECK((*current)[0].is_current);
  CHECK((*current)[0].message == "Create posts");
  CHECK((*current)[0].file == "002_posts.lua");
}

TEST_CASE("a second Migrator on an up-to-date database does nothing", "[api][migrator]") {
  TempProject p;
  {
    auto first = OpenOrFail(MemoryOptions(p, ThreeRevisions()));
    REQUIRE(first->Upgrade("head").ok());
  }
  auto second = OpenOrFail(MemoryOptions(p, ThreeRevisions()));
  auto run = second->Upgrade("head");
  REQUIRE(run.ok());
  CHECK(run->steps.empty());
  CHECK(run->heads_before == Strings{"c3"});
  CHECK(SqliteVersions(p.Path("app.db")) == Strings{"c3"});
}

TEST_CASE("a script with a syntax error fails Open with its file and line",
          "[api][migrator]") {
  TempProject p;
  auto scripts = ThreeRevisions();
  scripts[1].source = "revision = \"b2\"\ndown_revision = \"a1\"\nfunction upgrade(op\n";
  auto m = Migrator::Open(MemoryOptions(p, scripts));
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().code() == StatusCode::kProject);
  CHECK(m.status().file() == "002_posts.lua");
  CHECK(m.status().line() == 4);
  CHECK_FALSE(p.Exists("app.db"));
}

TEST_CASE("a syntax error in a script with a long name reports the whole name",
          "[api][migrator]") {
  TempProject p;
  const std::string name =
      "/some/long/project/path/for/luamig/versions/20250101_0940-b2_create_posts.lua";
  auto scripts = ThreeRevisions();
  scripts[1] = {name, "revision = \"b2\"\ndown_revision = \"a1\"\nfunction upgrade(op\n"};
  auto m = Migrator::Open(MemoryOptions(p, scripts));
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().file() == name);
  CHECK(m.status().line() == 4);
  CHECK_THAT(m.status().message(), Catch::StartsWith(name + ":4:"));
}

TEST_CASE("a graph error fails Open naming the revision and leaves no database",
          "[api][migrator]") {
  TempProject p;
  auto scripts = ThreeRevisions();
  scripts[2].source = Script("c3", "nope", "", "");
  auto m = Migrator::Open(MemoryOptions(p, scripts));
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().code() == StatusCode::kProject);
  CHECK_THAT(m.status().ToString(), Catch::Contains("nope"));
  CHECK_FALSE(p.Exists("app.db"));
}

TEST_CASE("an unknown URL scheme fails Open as a usage error", "[api][migrator]") {
  TempProject p;
  auto options = MemoryOptions(p, ThreeRevisions());
  options.url = "mysql://localhost/app";
  auto m = Migrator::Open(std::move(options));
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().code() == StatusCode::kUsage);
  CHECK_THAT(m.status().message(), Catch::Contains("mysql"));
}

TEST_CASE("DatabaseDescription shows the absolute SQLite path", "[api][migrator]") {
  TempProject p;
  auto options = MemoryOptions(p, ThreeRevisions());
  options.url = "sqlite:///rel/app.db";
  auto m = OpenOrFail(std::move(options));
  CHECK(m->DatabaseDescription() == "sqlite:///" + p.Path("rel/app.db"));
}

TEST_CASE("DatabaseDescription masks a PostgreSQL password", "[api][migrator]") {
  TempProject p;
  auto options = MemoryOptions(p, ThreeRevisions());
  options.url = "postgresql://bob:s3cret@db.example/app";
  auto m = OpenOrFail(std::move(options));
  CHECK(m->DatabaseDescription().find("s3cret") == std::string::npos);
  CHECK_THAT(m->DatabaseDescription(), Catch::Contains("bob:***@db.example"));
}

}  // namespace
}  // namespace luamig
