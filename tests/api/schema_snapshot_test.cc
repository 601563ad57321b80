// SPDX-License-Identifier: MIT
// ReflectSchema and CompareSchemas, as a host (or `convert --verify`) uses
// them: two databases built two ways, every difference named.
#include <catch2/catch.hpp>

#include "luamig/luamig.h"
#include "support/backends.h"

namespace luamig {
namespace {

using testing::TempProject;
using testing::TestDatabase;

void Run(TestDatabase& db, const std::vector<std::string>& statements) {
  auto conn = db.Connect();
  for (const auto& sql : statements) {
    Status s = conn->Execute(sql);
    INFO(sql << "\n" << s.ToString());
    REQUIRE(s.ok());
  }
}

SchemaSnapshot ReflectOrFail(const std::string& url) {
  auto s = ReflectSchema(url);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return std::move(s).value();
}

std::vector<std::string> Described(const std::vector<SchemaDifference>& diffs) {
  std::vector<std::string> out;
  for (const auto& d : diffs) out.push_back(d.Describe());
  return out;
}

TEST_CASE("schema snapshot: equal schemas compare equal, however they were written",
          "[api][schema][backends]") {
  std::string backend = LUAMIG_BACKEND();
  TempProject p1, p2;
  TestDatabase a(backend, p1), b(backend, p2);
  Run(a, {"CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) DEFAULT 'x', "
          "CONSTRAINT ck CHECK (id > 0))",
          "CREATE INDEX ix_t_name ON t (name)"});
  Run(b, {"create table t (id int primary key, name character varying(20) default "
          "('x'), constraint ck check ((id > 0)))",
          "create index ix_t_name on t (name)"});
  SchemaSnapshot x = ReflectOrFail(a.url()), y = ReflectOrFail(b.url());
  CHECK(x.dialect() == backend);
  CHECK_FALSE(x.empty());
  CHECK(CompareSchemas(x, y).empty());
}

TEST_CASE("schema snapshot: every difference is named, from expected to actual",
          "[api][schema][backends]") {
  std::string backend = LUAMIG_BACKEND();
  TempProject p1, p2;
  TestDatabase a(backend, p1), b(backend, p2);
  Run(a, {"CREATE TABLE players (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score "
          "INTEGER DEFAULT 0)",
          "CREATE INDEX ix_players_name ON players (name)"});
  Run(b, {"CREATE TABLE players (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score "
          "INTEGER, CONSTRAINT score_ok CHECK (score >= 0))",
          "CREATE TABLE extra (id INTEGER)"});
  auto diffs = Described(CompareSchemas(ReflectOrFail(a.url()), ReflectOrFail(b.url())));
  CHECK(diffs == std::vector<std::string>{
                     "extra table extra",
                     "missing index ix_players_name on players (name)",
                     "column players.score differs: default 0 → none",
                     "extra check constraint score_ok on players (score >= 0)",
                 });
}

TEST_CASE("schema snapshot: a SQLite file that does not exist is an error, not created",
          "[api][schema]") {
  TempProject p;
  auto s = ReflectSchema(p.SqliteUrl("none.db"));
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kUsage);
  CHECK_FALSE(p.Exists("none.db"));
}

TEST_CASE("schema snapshot: luamig's own tables are left out", "[api][schema]") {
  TempProject p;
  auto m = Migrator::Open([&] {
    MigratorOptions o;
    o.url = p.SqliteUrl("app.db");
    o.scripts = std::shared_ptr<ScriptSource>(NewMemorySource(
        {{"a.lua",
          "revision = 'a'\ndown_revision = nil\nfunction upgrade(op) "
          "op.create_table('t', {{'id', 'integer'}}) end\nfunction downgrade(op) "
          "op.drop_table('t') end\n"}}));
    return o;
  }());
  REQUIRE(m.ok());
  REQUIRE((*m)->Upgrade("head").ok());
  CHECK(ReflectOrFail(p.SqliteUrl("app.db")).ToText() ==
        "table t\n  column id integer\n");
}

}  // namespace
}  // namespace luamig

namespace luamig {
namespace {

TEST_CASE("Migrator::Test returns each revision's round trip as values",
          "[api][schema]") {
  TempProject p;
  MigratorOptions o;
  o.config.project_dir = p.Path();
  o.url = p.SqliteUrl("app.db");
  o.scripts = std::shared_ptr<ScriptSource>(NewMemorySource(
      {{"1.lua",
        testing::Script("r1", "", "op.create_table('t', { { 'id', 'integer' } })",
                        "op.drop_table('t')", "Create t")},
       {"2.lua", testing::Script("r2", "r1", "op.create_index('ix_t', 't', { 'id' })",
                                 "op.execute('SELECT 1')", "Index t")}}));
  auto m = Migrator::Open(std::move(o));
  REQUIRE(m.ok());
  auto report = (*m)->Test();
  REQUIRE(report.ok());
  CHECK_FALSE(report->ok());
  REQUIRE(report->revisions.size() == 2);
  CHECK(report->revisions[0].revision.id == "r1");
  CHECK(report->revisions[0].reversible());
  const RoundTrip& r2 = report->revisions[1];
  CHECK(r2.has_downgrade);
  REQUIRE(r2.left_behind.size() == 1);
  CHECK(r2.left_behind[0].kind == SchemaDifference::kAdded);
  CHECK(r2.left_behind[0].object == "index ix_t on t (id)");
  CHECK(r2.failed_step == "second upgrade");
  CHECK_FALSE(p.Exists("app.db"));  // the project's database is not touched
}

}  // namespace
}  // namespace luamig
