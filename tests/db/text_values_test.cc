// SPDX-License-Identifier: MIT
// Values a backend would change without a word are refused with an error
// naming the script line: NaN and infinities (SQLite stores NaN as NULL), and
// NUL bytes in PostgreSQL text or in an offline SQL script, which libpq, psql
// and sqlite3 cut short (issue 12, item 9).
#include <catch2/catch.hpp>

#include "support/backends.h"
#include "support/memory_migrator.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::OpenOrFail;
using testing::Script;
using testing::TempProject;
using testing::TestDatabase;

std::vector<ScriptFile> One(const std::string& body) {
  return {{"001.lua", Script("r1", "", body, "")}};
}

Status Upgrade(TestDatabase& db, const TempProject& p, const std::string& body) {
  auto m = OpenOrFail(db.Options(p, One(body)));
  auto run = m->Upgrade("head");
  return run.ok() ? Status::Ok() : run.status();
}

}  // namespace

TEST_CASE("a default or parameter of 0/0 or 1/0 is refused on every backend",
          "[db][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  for (const char* body : {
           "op.create_table('t', { { 'x', 'double', default = 0/0 } })",
           "op.create_table('t', { { 'x', 'double', default = -1/0 } })",
           "op.execute('CREATE TABLE t (x double precision)')\n"
           "op.execute('INSERT INTO t VALUES ($1)', { 0/0 })",
       }) {
    INFO(body);
    Status s = Upgrade(db, p, body);
    REQUIRE_FALSE(s.ok());
    INFO(s.ToString());
    CHECK((s.message().find("nan") != std::string::npos ||
           s.message().find("infinite") != std::string::npos));
    CHECK(s.file() == "001.lua");
    CHECK(s.line() >= 5);
    CHECK(db.Tables().empty());
  }
}

TEST_CASE("[pg] a NUL byte in bound text is refused, not cut short", "[db][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  Status s = Upgrade(db, p,
                     "op.execute('CREATE TABLE t (x text)')\n"
                     "op.execute('INSERT INTO t VALUES ($1)', { 'before\\0after' })");
  REQUIRE_FALSE(s.ok());
  CHECK(s.message().find("NUL byte") != std::string::npos);
  CHECK(s.line() == 6);
  CHECK(db.Tables().empty());
}

TEST_CASE("an offline SQL script refuses a NUL byte on both dialects", "[db]") {
  TempProject p;
  for (const char* dialect : {"sqlite", "postgresql"}) {
    INFO(dialect);
    MigratorOptions o = testing::MemoryOptions(
        p, One("op.execute('INSERT INTO t VALUES ($1)', { 'a\\0b' })"));
    o.url.clear();
    auto m = OpenOrFail(std::move(o));
    SqlScriptOptions so;
    so.range = "head";
    so.dialect = dialect;
    auto sql = m->UpgradeSql(so);
    REQUIRE_FALSE(sql.ok());
    CHECK(sql.status().message().find("NUL byte") != std::string::npos);
  }
}

}  // namespace luamig
