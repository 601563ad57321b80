// SPDX-License-Identifier: MIT
// VersionTable: one row per head, each delta applied with one-row checks.
#include "runtime/version_table.h"

#include <catch2/catch.hpp>

#include "db/sqlite_connection.h"
#include "dialect/registry.h"

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
    table = std::make_unique<VersionTable>(*conn, *dialect, "", "luamig_version");
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
  CHECK(f.Rows() == std::vector<std::string>{"c", "m"});
}

TEST_CASE("an unmerge delta turns the merge revision back into its parents",
          "[runtime][version]") {
  Fixture f;
  f.Seed({"m"});
  REQUIRE(f.table->Apply({{"m"}, {"a", "b"}}).ok());
  CHECK(f.Rows() == std::vector<std::string>{"a", "b"});
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

}  // namespace
}  // namespace luamig::runtime
