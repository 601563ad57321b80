// SPDX-License-Identifier: MIT
// VersionTable: one row per head, each delta applied with one-row checks.
#include "runtime/version_table.h"

#include <catch2/catch.hpp>

#include "db/sqlite_connection.h"
#include "dialect/registry.h"
#include "support/backends.h"
#include "support/temp_project.h"

namespace luamig::runtime {
namespace {

struct Fixture {
  Fixture() {
    auto c = db::SqliteConnection::Open(":memory:", std::chrono::milliseconds(0));
    REQUIRE(c.ok());
    conn = std::move(c).value();
    auto d = dialect::DialectByName("sqlite");
    REQUIRE(d.ok());
    dialect = *d;
    sink = std::make_unique<db::LiveSink>(*conn);
    sql = std::make_unique<dialect::BookkeepingSql>(*dialect, "", "luamig_version",
                                                    "luamig_history");
    table = std::make_unique<VersionTable>(*sink, *sql);
  }
  std::vector<std::string> Rows() {
    auto heads = table->Heads();
    REQUIRE(heads.ok());
    return *heads;
  }
  void Seed(const std::vector<std::string>& rows) {
    REQUIRE(table->Ensure().ok());
    for (const auto& r : rows) REQUIRE(table->Apply({{}, {r}}).ok());
  }

  std::unique_ptr<db::SqliteConnection> conn;
  std::shared_ptr<const dialect::Dialect> dialect;
  std::unique_ptr<db::LiveSink> sink;
  std::unique_ptr<dialect::BookkeepingSql> sql;
  std::unique_ptr<VersionTable> table;
};

TEST_CASE("a fresh database has no version table and no heads", "[runtime][version]") {
  Fixture f;
  auto exists = f.table->Exists();
  REQUIRE(exists.ok());
  CHECK_FALSE(*exists);
  CHECK(f.Rows().empty());
}

TEST_CASE("Ensure creates the version table once and keeps its rows",
          "[runtime][version]") {
  Fixture f;
  f.Seed({"a"});
  REQUIRE(f.table->Ensure().ok());
  CHECK(*f.table->Exists());
  CHECK(f.Rows() == std::vector<std::string>{"a"});
}

TEST_CASE("an insert delta adds a head row", "[runtime][version]") {
  Fixture f;
  f.Seed({"a"});
  REQUIRE(f.table->Apply({{}, {"b"}}).ok());
  CHECK(f.Rows() == std::vector<std::string>{"a", "b"});
}

TEST_CASE("an update delta replaces the old head with the new one",
          "[runtime][version]") {
  Fixture f;
  f.Seed({"a", "x"});
  REQUIRE(f.table->Apply({{"a"}, {"b"}}).ok());
  CHECK(f.Rows() == std::vector<std::string>{"b", "x"});
}

TEST_CASE("a delete delta removes the head row", "[runtime][version]") {
  Fixture f;
  f.Seed({"a", "x"});
  REQUIRE(f.table->Apply({{"a"}, {}}).ok());
  CHECK(f.Rows() == std::vector<std::string>{"x"});
}

TEST_CASE("a merge delta turns several heads into the merge revision",
          "[runtime][version]") {
  Fixture f;
  f.Seed({"a", "b", "c"});
  REQUIRE(f.table->Apply({{"a", "b"}, {"m"}}).ok());
  // The last parent's row becomes the merge and keeps its place (Alembic).
  CHECK(f.Rows() == std::vector<std::string>{"m", "c"});
}

TEST_CASE("an unmerge delta turns the merge revision back into its parents",
          "[runtime][version]") {
  Fixture f;
  f.Seed({"m"});
  REQUIRE(f.table->Apply({{"m"}, {"a", "b"}}).ok());
  // The merge's row becomes the last parent; the others are new rows.
  CHECK(f.Rows() == std::vector<std::string>{"b", "a"});
}

TEST_CASE("an update whose old head row is missing fails and changes nothing",
          "[runtime][version]") {
  Fixture f;
  f.Seed({"x"});
  Status s = f.table->Apply({{"a"}, {"b"}});
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kDatabase);
  CHECK_THAT(s.message(), Catch::Contains("expected to change 1 row, changed 0"));
  CHECK_THAT(s.sql(), Catch::Contains("UPDATE"));
  CHECK(f.Rows() == std::vector<std::string>{"x"});
}

TEST_CASE("a delete whose head row is missing fails", "[runtime][version]") {
  Fixture f;
  f.Seed({"x"});
  Status s = f.table->Apply({{"a"}, {}});
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kDatabase);
  CHECK(f.Rows() == std::vector<std::string>{"x"});
}

TEST_CASE("inserting a head that is already recorded fails", "[runtime][version]") {
  Fixture f;
  f.Seed({"a"});
  Status s = f.table->Apply({{}, {"a"}});
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kDatabase);
  CHECK(f.Rows() == std::vector<std::string>{"a"});
}

TEST_CASE("Purge empties the version table but keeps it", "[runtime][version]") {
  Fixture f;
  f.Seed({"a", "b"});
  REQUIRE(f.table->Purge().ok());
  CHECK(*f.table->Exists());
  CHECK(f.Rows().empty());
}

// A version table on one test database, with a second session for writes
// made the way Alembic makes them (version_num only).
struct BackendTable {
  BackendTable(const std::string& backend, const testing::TempProject& p)
      : db(backend, p) {
    conn = db.Connect();
    auto d = dialect::DialectByName(backend);
    REQUIRE(d.ok());
    dialect = *d;
    sink = std::make_unique<db::LiveSink>(*conn);
    sql = std::make_unique<dialect::BookkeepingSql>(*dialect, "", "luamig_version",
                                                    "luamig_history");
    table = std::make_unique<VersionTable>(*sink, *sql);
  }
  std::vector<std::string> Rows() {
    auto heads = table->Heads();
    INFO(heads.status().ToString());
    REQUIRE(heads.ok());
    return *heads;
  }
  void Plain(const std::string& sql) {
    Status s = conn->Execute(sql, {});
    INFO(s.ToString());
    REQUIRE(s.ok());
  }
  bool HasOrderColumn() {
    return !db.Column(
                  "SELECT column_name FROM information_schema.columns WHERE "
                  "table_schema = current_schema() AND table_name = "
                  "'luamig_version' AND column_name = 'luamig_order'")
                .empty();
  }

  testing::TestDatabase db;
  std::unique_ptr<db::Connection> conn;
  std::shared_ptr<const dialect::Dialect> dialect;
  std::unique_ptr<db::LiveSink> sink;
  std::unique_ptr<dialect::BookkeepingSql> sql;
  std::unique_ptr<VersionTable> table;
};

TEST_CASE("rows read back in write order: an update keeps its place, inserts go last",
          "[runtime][version][backends]") {
  testing::TempProject p;
  BackendTable t(LUAMIG_BACKEND(), p);
  REQUIRE(t.table->Ensure().ok());
  for (const char* r : {"m", "c", "x"}) REQUIRE(t.table->Apply({{}, {r}}).ok());
  CHECK(t.Rows() == std::vector<std::string>{"m", "c", "x"});  // not sorted
  REQUIRE(t.table->Apply({{"c"}, {"b"}}).ok());
  CHECK(t.Rows() == std::vector<std::string>{"m", "b", "x"});
  // Written the way Alembic writes (no order column named): the same rule.
  t.Plain("UPDATE luamig_version SET version_num = 'a' WHERE version_num = 'm'");
  t.Plain("INSERT INTO luamig_version (version_num) VALUES ('0')");
  CHECK(t.Rows() == std::vector<std::string>{"a", "b", "x", "0"});
  REQUIRE(t.table->Apply({{"b"}, {}}).ok());
  REQUIRE(t.table->Apply({{}, {"y"}}).ok());
  CHECK(t.Rows() == std::vector<std::string>{"a", "x", "0", "y"});
}

TEST_CASE("a PostgreSQL version table made without the order column gets it on a run",
          "[runtime][version][pg]") {
  testing::TempProject p;
  BackendTable t("postgresql", p);
  // The table as Alembic creates it.
  t.Plain(
      "CREATE TABLE luamig_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT "
      "luamig_version_pkc PRIMARY KEY (version_num))");
  t.Plain("INSERT INTO luamig_version (version_num) VALUES ('x')");
  CHECK(t.Rows() == std::vector<std::string>{"x"});
  CHECK_FALSE(t.HasOrderColumn());  // reading never changes the table
  REQUIRE(t.table->Ensure().ok());
  CHECK(t.HasOrderColumn());
  REQUIRE(t.table->Apply({{}, {"y"}}).ok());
  t.Plain("UPDATE luamig_version SET version_num = 'w' WHERE version_num = 'x'");
  t.Plain("INSERT INTO luamig_version (version_num) VALUES ('a')");
  CHECK(t.Rows() == std::vector<std::string>{"w", "y", "a"});
  // Many updates move a row's tuple around the heap; its place stays.
  for (int i = 0; i < 50; ++i) {
    t.Plain("UPDATE luamig_version SET version_num = 'w" + std::to_string(i % 2) +
            "' WHERE version_num LIKE 'w%'");
  }
  CHECK(t.Rows() == std::vector<std::string>{"w1", "y", "a"});
  REQUIRE(t.table->Ensure().ok());  // idempotent
  BackendTable fresh("postgresql", p);
  REQUIRE(fresh.table->Ensure().ok());
  CHECK(fresh.HasOrderColumn());
}

}  // namespace
}  // namespace luamig::runtime
