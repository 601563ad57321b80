// SPDX-License-Identifier: MIT
// luamig_history on every backend: one row per step with who/where/what ran,
// `check` against it, and downgrading revisions no script defines any more
// from the source it kept.
#include "runtime/history_table.h"

#include <catch2/catch.hpp>

#include "support/backends.h"
#include "support/memory_migrator.h"
#include "support/temp_project.h"
#include "util/strings.h"

namespace luamig {
namespace {

using testing::OpenOrFail;
using testing::Script;
using testing::TempProject;
using testing::TestDatabase;
using Strings = std::vector<std::string>;

ScriptFile Creates(const std::string& file, const std::string& rev,
                   const std::string& down, const std::string& table) {
  return {file, Script(rev, down,
                       "op.create_table(\"" + table +
                           "\", { { \"id\", \"integer\", primary_key = true } })",
                       "op.drop_table(\"" + table + "\")", "Create " + table)};
}

std::vector<ScriptFile> FourTables() {
  return {Creates("001.lua", "r1", "", "t1"), Creates("002.lua", "r2", "r1", "t2"),
          Creates("003.lua", "r3", "r2", "t3"), Creates("004.lua", "r4", "r3", "t4")};
}

class Warnings final : public EventSink {
 public:
  void OnWarning(const std::string& message) override { lines.push_back(message); }
  Strings lines;
};

TEST_CASE("history names the table after the version table", "[runtime][history]") {
  CHECK(runtime::HistoryTableName("luamig_version") == "luamig_history");
  CHECK(runtime::HistoryTableName("app_version") == "app_history");
  CHECK(runtime::HistoryTableName("migrations") == "migrations_history");
}

TEST_CASE("every step appends one history row with what ran, who ran it and where",
          "[runtime][history][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  auto m = OpenOrFail(db.Options(p, scripts));
  REQUIRE(m->Upgrade("r2").ok());
  REQUIRE(m->Downgrade("r1").ok());
  CHECK(db.History() == Strings{"r1 upgrade", "r2 upgrade", "r2 downgrade"});
  auto rows = db.Query(
      "SELECT checksum, source, message, db_user, host_name, luamig_version, "
      "duration_ms, started_at FROM luamig_history ORDER BY id");
  REQUIRE(rows.rows.size() == 3);
  const auto& first = rows.rows[0];
  CHECK(TestDatabase::Text(first[0]) == util::Sha256Hex(scripts[0].source));
  CHECK(TestDatabase::Text(first[1]) == scripts[0].source);
  CHECK(TestDatabase::Text(first[2]) == "Create t1");
  CHECK_FALSE(TestDatabase::Text(first[3]).empty());
  CHECK_FALSE(TestDatabase::Text(first[4]).empty());
  CHECK(TestDatabase::Text(first[5]) == LUAMIG_VERSION_STRING);
  CHECK(TestDatabase::Text(first[6]) != "NULL");
  CHECK_THAT(TestDatabase::Text(first[7]), Catch::StartsWith("20"));
  if (db.is_postgres()) CHECK(TestDatabase::Text(first[3]) == "luamig");
}

TEST_CASE("a failed step leaves no history row", "[runtime][history][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  scripts[1] = {"002.lua", Script("r2", "r1", "error('no')", "")};
  auto m = OpenOrFail(db.Options(p, scripts));
  REQUIRE_FALSE(m->Upgrade("head").ok());
  CHECK(db.History() == Strings{"r1 upgrade"});
}

TEST_CASE("check passes when every applied script is unchanged",
          "[runtime][history][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto m = OpenOrFail(db.Options(p, FourTables()));
  REQUIRE(m->Upgrade("r3").ok());
  auto report = m->Check();
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  CHECK(report->ok());
  CHECK(report->verified == 3);
  CHECK(report->unverified == 0);
}

TEST_CASE("check lists an applied script that changed since it ran",
          "[runtime][history][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  REQUIRE(OpenOrFail(db.Options(p, scripts))->Upgrade("r3").ok());
  const std::string applied = util::Sha256Hex(scripts[1].source);
  scripts[1].source += "-- edited after it was applied\n";
  scripts[3].source += "-- r4 is not applied: editing it is fine\n";
  auto report = OpenOrFail(db.Options(p, scripts))->Check();
  REQUIRE(report.ok());
  CHECK_FALSE(report->ok());
  REQUIRE(report->changed.size() == 1);
  CHECK(report->changed[0].revision == "r2");
  CHECK(report->changed[0].file == "002.lua");
  CHECK(report->changed[0].applied_checksum == applied);
  CHECK(report->changed[0].current_checksum == util::Sha256Hex(scripts[1].source));
  CHECK(report->verified == 2);
}

TEST_CASE("check lists revisions in the database that no script defines",
          "[runtime][history][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  REQUIRE(OpenOrFail(db.Options(p, scripts))->Upgrade("head").ok());
  scripts.resize(2);  // an older checkout: r3 and r4 are unknown to it
  auto report = OpenOrFail(db.Options(p, scripts))->Check();
  REQUIRE(report.ok());
  CHECK_FALSE(report->ok());
  REQUIRE(report->unknown.size() == 1);
  CHECK(report->unknown[0].revision == "r4");
  CHECK(report->unknown[0].message == "Create t4");
  CHECK(report->unknown[0].source_stored);
}

TEST_CASE("downgrade reverts revisions no script defines from the stored source",
          "[runtime][history][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  REQUIRE(OpenOrFail(db.Options(p, scripts))->Upgrade("head").ok());
  scripts.resize(2);
  Warnings warnings;
  auto options = db.Options(p, scripts);
  options.events = &warnings;
  auto m = OpenOrFail(std::move(options));
  auto run = m->Downgrade("r2");
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  CHECK(testing::StepIds(*run) == Strings{"r4", "r3"});
  CHECK(db.Tables() == Strings{"t1", "t2"});
  CHECK(db.Versions() == Strings{"r2"});
  REQUIRE(warnings.lines.size() == 2);
  CHECK_THAT(warnings.lines[0],
             Catch::Contains("r4") && Catch::Contains("luamig_history"));
  CHECK_THAT(warnings.lines[1], Catch::Contains("r3"));
  auto report = m->Check();
  REQUIRE(report.ok());
  CHECK(report->ok());
}

TEST_CASE("current describes a row no script defines from the history table",
          "[runtime][history][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  REQUIRE(OpenOrFail(db.Options(p, scripts))->Upgrade("head").ok());
  scripts.resize(2);  // an older checkout that does not know r3 and r4
  auto current = OpenOrFail(db.Options(p, scripts))->Current();
  REQUIRE(current.ok());
  REQUIRE(current->size() == 1);
  CHECK((*current)[0].id == "r4");
  CHECK_THAT((*current)[0].message,
             Catch::StartsWith("Create t4") && Catch::Contains("no script defines"));
  CHECK_THAT((*current)[0].file, Catch::Contains("r4"));
}

TEST_CASE("upgrade still refuses a database ahead of the scripts",
          "[runtime][history][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  REQUIRE(OpenOrFail(db.Options(p, scripts))->Upgrade("head").ok());
  scripts.resize(2);
  auto run = OpenOrFail(db.Options(p, scripts))->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  CHECK_THAT(run.status().ToString(), Catch::Contains("r4"));
  CHECK(db.Versions() == Strings{"r4"});
}

TEST_CASE(
    "a history table made before from/to were recorded is read as it is and "
    "completed by the next run",
    "[runtime][history][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  REQUIRE(OpenOrFail(db.Options(p, scripts))->Upgrade("r1").ok());
  // Put the table back into its earlier shape, keeping the row.
  const std::string id = db.is_postgres() ? "bigserial" : "INTEGER";
  const std::string ts = db.is_postgres() ? "timestamptz" : "TEXT";
  for (const std::string& sql :
       {std::string("CREATE TABLE old_history AS SELECT * FROM luamig_history"),
        std::string("DROP TABLE luamig_history"),
        "CREATE TABLE luamig_history (id " + id +
            " NOT NULL, revision VARCHAR(32) NOT NULL, direction VARCHAR(16) NOT NULL, "
            "checksum VARCHAR(64), started_at " +
            ts +
            " NOT NULL, duration_ms bigint, db_user text, host_name text, "
            "luamig_version text, source text, message text, CONSTRAINT "
            "luamig_history_pkey PRIMARY KEY (id))",
        std::string(
            "INSERT INTO luamig_history (revision, direction, checksum, "
            "started_at, duration_ms, db_user, host_name, luamig_version, source, "
            "message) SELECT revision, direction, checksum, started_at, "
            "duration_ms, db_user, host_name, luamig_version, source, message FROM "
            "old_history"),
        std::string("DROP TABLE old_history")}) {
    auto conn = db.Connect();
    Status s = conn->Execute(sql, {});
    INFO(sql << ": " << s.ToString());
    REQUIRE(s.ok());
  }
  // Read-only commands read it without changing it.
  auto check = OpenOrFail(db.Options(p, scripts))->Check();
  INFO(check.status().ToString());
  REQUIRE(check.ok());
  CHECK(check->verified == 1);
  CHECK_FALSE(db.Connect()->Query("SELECT from_revisions FROM luamig_history", {}).ok());
  // The next run adds the columns and fills them.
  REQUIRE(OpenOrFail(db.Options(p, scripts))->Upgrade("r2").ok());
  CHECK(db.History() == Strings{"r1 upgrade", "r2 upgrade"});
  CHECK(db.Column("SELECT from_revisions FROM luamig_history ORDER BY id") ==
        Strings{"NULL", "r1"});
  CHECK(db.Column("SELECT to_revisions FROM luamig_history ORDER BY id") ==
        Strings{"NULL", "r2"});
}

}  // namespace
}  // namespace luamig
