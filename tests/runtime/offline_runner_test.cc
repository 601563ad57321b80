// SPDX-License-Identifier: MIT
// Offline scripts through Migrator::UpgradeSql / DowngradeSql: where BEGIN
// and COMMIT go for each transaction setting, the version-row statements,
// and what a script sees as op.offline.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "luamig/luamig.h"
#include "support/memory_migrator.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::Script;
using testing::TempProject;

// The script without comments and blank lines, one statement per entry.
std::vector<std::string> Statements(const std::string& sql) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find("\n\n", start);
    if (end == std::string::npos) end = sql.size();
    std::string s = sql.substr(start, end - start);
    if (!s.empty() && s.rfind("--", 0) != 0) out.push_back(s);
    start = end + 2;
  }
  return out;
}

std::string Text(const std::vector<std::string>& statements) {
  std::string out;
  for (const auto& s : statements) out += s + "\n";
  return out;
}

std::vector<ScriptFile> TwoTables(const std::string& b2_header = "") {
  return {
      {"a1.lua", Script("a1", "", "op.create_table(\"t\", { { \"id\", \"integer\" } })",
                        "op.drop_table(\"t\")")},
      {"b2.lua", b2_header + Script("b2", "a1",
                                    "op.execute(\"INSERT INTO t (id) VALUES ($1)\", "
                                    "{ 1 })",
                                    "op.execute(\"DELETE FROM t\")")}};
}

std::unique_ptr<Migrator> Open(TempProject& p, std::vector<ScriptFile> scripts,
                               bool per_migration = true) {
  MigratorOptions o = testing::MemoryOptions(p, std::move(scripts));
  o.config.transaction_per_migration = per_migration;
  return testing::OpenOrFail(std::move(o));
}

std::string UpgradeSql(Migrator& m, const std::string& range) {
  SqlScriptOptions o;
  o.range = range;
  auto r = m.UpgradeSql(o);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return r->sql;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

TEST_CASE("per-migration transactions: one BEGIN/COMMIT pair per revision",
          "[runtime][offline]") {
  TempProject p;
  auto m = Open(p, TwoTables());
  auto s = Statements(UpgradeSql(*m, "head"));
  INFO(Text(s));
  REQUIRE(s.size() == 12);
  CHECK(StartsWith(s[0], "CREATE TABLE IF NOT EXISTS \"luamig_version\""));
  CHECK(StartsWith(s[1], "CREATE TABLE IF NOT EXISTS \"luamig_history\""));
  CHECK(s[2] == "BEGIN;");
  CHECK(StartsWith(s[3], "CREATE TABLE \"t\""));
  CHECK(s[4] == "INSERT INTO \"luamig_version\" (version_num) VALUES ('a1');");
  CHECK(StartsWith(s[5], "INSERT INTO \"luamig_history\""));
  CHECK(s[6] == "COMMIT;");
  CHECK(s[7] == "BEGIN;");
  CHECK(s[8] == "INSERT INTO t (id) VALUES (1);");
  CHECK(s[9] ==
        "UPDATE \"luamig_version\" SET version_num = 'b2' WHERE version_num = 'a1';");
  CHECK(s[11] == "COMMIT;");
  CHECK_FALSE(p.Exists("app.db"));  // nothing connected
}

TEST_CASE("transaction_per_migration = false: one pair around the whole run",
          "[runtime][offline]") {
  TempProject p;
  auto m = Open(p, TwoTables(), false);
  auto s = Statements(UpgradeSql(*m, "head"));
  INFO(Text(s));
  CHECK(std::count(s.begin(), s.end(), "BEGIN;") == 1);
  CHECK(std::count(s.begin(), s.end(), "COMMIT;") == 1);
  CHECK(s[2] == "BEGIN;");
  CHECK(s.back() == "COMMIT;");
}

TEST_CASE("a transactional = false revision runs outside; its bookkeeping in a pair",
          "[runtime][offline]") {
  TempProject p;
  auto m = Open(p, TwoTables("transactional = false\n"));
  auto s = Statements(UpgradeSql(*m, "a1:head"));
  INFO(Text(s));
  REQUIRE(s.size() == 5);
  CHECK(s[0] == "INSERT INTO t (id) VALUES (1);");
  CHECK(s[1] == "BEGIN;");
  CHECK(StartsWith(s[2], "UPDATE \"luamig_version\""));
  CHECK(s[4] == "COMMIT;");

  TempProject whole_p;
  auto whole = Open(whole_p, TwoTables("transactional = false\n"), false);
  s = Statements(UpgradeSql(*whole, "head"));
  INFO(Text(s));
  // a1 in the run's transaction, which commits before b2 runs outside.
  auto at = std::find(s.begin(), s.end(), "INSERT INTO t (id) VALUES (1);");
  REQUIRE(at != s.end());
  CHECK(*(at - 1) == "COMMIT;");
  CHECK(*(at + 1) == "BEGIN;");
  CHECK(s.back() == "COMMIT;");
}

TEST_CASE("op.autocommit closes and reopens the script's transaction",
          "[runtime][offline]") {
  TempProject p;
  auto m =
      Open(p, {{"a1.lua", Script("a1", "",
                                 "op.create_table(\"t\", { { \"id\", \"integer\" } "
                                 "})\nop.autocommit(function()\n"
                                 "  op.create_index(\"ix\", \"t\", { \"id\" })\nend)",
                                 "")}});
  auto s = Statements(UpgradeSql(*m, "head"));
  INFO(Text(s));
  REQUIRE(s.size() >= 8);
  CHECK(s[2] == "BEGIN;");
  CHECK(StartsWith(s[3], "CREATE TABLE \"t\""));
  CHECK(s[4] == "COMMIT;");
  CHECK(StartsWith(s[5], "CREATE INDEX \"ix\""));
  CHECK(s[6] == "BEGIN;");
  CHECK(s.back() == "COMMIT;");
}

TEST_CASE("scripts see op.offline and downgrades need a start", "[runtime][offline]") {
  TempProject p;
  auto m = Open(
      p,
      {{"a1.lua",
        Script("a1", "", "op.execute(op.offline and \"SELECT 'off'\" or \"SELECT 'on'\")",
               "op.execute(\"SELECT 'down'\")")}});
  CHECK_THAT(UpgradeSql(*m, "head"), Catch::Contains("SELECT 'off';"));
  SqlScriptOptions o;
  o.range = "base";
  auto no_start = m->DowngradeSql(o);
  REQUIRE_FALSE(no_start.ok());
  CHECK(no_start.status().code() == StatusCode::kUsage);
  o.range = "a1:base";
  auto down = m->DowngradeSql(o);
  INFO(down.status().ToString());
  REQUIRE(down.ok());
  CHECK_THAT(down->sql, Catch::Contains("SELECT 'down';"));
  CHECK_THAT(down->sql,
             Catch::Contains("DELETE FROM \"luamig_version\" WHERE version_num = 'a1';"));
  CHECK_THAT(down->sql, !Catch::Contains("CREATE TABLE IF NOT EXISTS"));
  REQUIRE(down->steps.size() == 1);
  CHECK(down->heads_before == std::vector<std::string>{"a1"});
  CHECK(down->heads_after.empty());
}

// Issue 10: a range that starts on another branch used to title c's step
// "<base> -> c", from the rows the step replaces, not c's parent.
TEST_CASE("each step's comment names the revision's real parents, as Alembic's",
          "[runtime][offline]") {
  TempProject p;
  auto m =
      Open(p, {{"a.lua", Script("a", "", "", "", "make a")},
               {"b.lua", "depends_on = { \"a\" }\n" + Script("b", "", "", "", "make b")},
               {"c.lua", Script("c", "a", "", "", "make c")}});
  std::string sql = UpgradeSql(*m, "b:heads");
  INFO(sql);
  CHECK_THAT(sql, Catch::Contains("-- Running upgrade a -> c: make c\n"));
  CHECK_THAT(sql, !Catch::Contains("<base> -> c"));
  SqlScriptOptions o;
  o.range = "c:a";
  auto down = m->DowngradeSql(o);
  INFO(down.status().ToString());
  REQUIRE(down.ok());
  CHECK_THAT(down->sql, Catch::Contains("-- Running downgrade c -> a: make c\n"));
}

TEST_CASE("offline history rows record the rows each step replaced and wrote",
          "[runtime][offline]") {
  TempProject p;
  auto m = Open(p, TwoTables());
  std::string sql = UpgradeSql(*m, "head");
  CHECK_THAT(sql, Catch::Contains("'upgrade'"));
  CHECK_THAT(sql, Catch::Contains("'a1', 'b2');"));  // from a1, to b2: the last columns
}

}  // namespace
}  // namespace luamig
