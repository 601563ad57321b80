// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "db/sqlite_connection.h"
#include "db/transaction.h"
#include "support/temp_project.h"

namespace luamig::db {
namespace {

using namespace std::chrono_literals;
using ops::Blob;
using ops::Null;
using ops::Value;

std::unique_ptr<SqliteConnection> OpenOrFail(const std::string& path,
                                             std::chrono::milliseconds busy = 100ms) {
  auto conn = SqliteConnection::Open(path, busy);
  INFO(conn.status().ToString());
  REQUIRE(conn.ok());
  return std::move(conn).value();
}

void RequireOk(const Status& s) {
  INFO(s.ToString());
  REQUIRE(s.ok());
}

ops::Rows QueryOrFail(Connection& conn, const std::string& sql,
                      const std::vector<Value>& params = {}) {
  auto rows = conn.Query(sql, params);
  INFO(rows.status().ToString());
  REQUIRE(rows.ok());
  return std::move(rows).value();
}

int64_t CountRows(Connection& conn, const std::string& table) {
  auto rows = QueryOrFail(conn, "SELECT count(*) FROM " + table);
  return std::get<int64_t>(rows.rows.at(0).at(0));
}

}  // namespace

TEST_CASE("sqlite: every value type round-trips through a parameter and a column",
          "[db][sqlite]") {
  auto conn = OpenOrFail(":memory:");
  RequireOk(conn->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v ANY)", {}));
  const std::string blob_bytes("\0\x01\xff\0z", 5);
  const std::vector<Value> values = {
      Null{},
      int64_t{0},
      std::numeric_limits<int64_t>::max(),
      std::numeric_limits<int64_t>::min(),
      0.1,
      -1.5e300,
      std::string("it's \"quoted\" -- not a comment; $1"),
      std::string("unicode: h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x8e\xae"),
      std::string(),
      Blob{blob_bytes},
      Blob{},
  };
  for (size_t i = 0; i < values.size(); ++i) {
    RequireOk(conn->Execute("INSERT INTO t (id, v) VALUES ($1, $2)",
                            {static_cast<int64_t>(i), values[i]}));
  }
  auto rows = QueryOrFail(*conn, "SELECT id, v FROM t ORDER BY id");
  REQUIRE(rows.columns == std::vector<std::string>{"id", "v"});
  REQUIRE(rows.rows.size() == values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    INFO("value #" << i << ": " << ops::ValueDebugString(values[i]));
    CHECK(rows.rows[i][1] == values[i]);
  }
}

TEST_CASE("sqlite: a bool parameter is stored as the integer 0 or 1", "[db][sqlite]") {
  auto conn = OpenOrFail(":memory:");
  auto rows = QueryOrFail(*conn, "SELECT $1, $2", {true, false});
  CHECK(rows.rows.at(0).at(0) == Value(int64_t{1}));
  CHECK(rows.rows.at(0).at(1) == Value(int64_t{0}));
}

TEST_CASE("sqlite: $N placeholders bind by number and may repeat", "[db][sqlite]") {
  auto conn = OpenOrFail(":memory:");
  auto rows =
      QueryOrFail(*conn, "SELECT $2, $1, $2 || $1", {std::string("a"), std::string("b")});
  REQUIRE(rows.rows.size() == 1);
  CHECK(rows.rows[0] ==
        std::vector<Value>{std::string("b"), std::string("a"), std::string("ba")});
}

TEST_CASE("sqlite: placeholders inside string literals are left alone", "[db][sqlite]") {
  auto conn = OpenOrFail(":memory:");
  auto rows = QueryOrFail(*conn, "SELECT '$1', $1, 'it''s $2'", {int64_t{7}});
  CHECK(rows.rows.at(0) ==
        std::vector<Value>{std::string("$1"), int64_t{7}, std::string("it's $2")});
}

TEST_CASE("sqlite: SqliteParamSyntax rewrites $N only outside quotes and comments",
          "[db][sqlite]") {
  CHECK(SqliteParamSyntax("SELECT $1, $12") == "SELECT ?1, ?12");
  CHECK(SqliteParamSyntax("SELECT '$1', \"$2\", `$3`") == "SELECT '$1', \"$2\", `$3`");
  CHECK(SqliteParamSyntax("SELECT 'it''s $1', $1") == "SELECT 'it''s $1', ?1");
  CHECK(SqliteParamSyntax("SELECT $1 -- $2\n, $3") == "SELECT ?1 -- $2\n, ?3");
  CHECK(SqliteParamSyntax("SELECT /* $1 */ $2") == "SELECT /* $1 */ ?2");
  CHECK(SqliteParamSyntax("SELECT [odd$1] FROM t") == "SELECT [odd$1] FROM t");
  CHECK(SqliteParamSyntax("SELECT price$1 FROM t") == "SELECT price$1 FROM t");
  CHECK(SqliteParamSyntax("SELECT $0, $x, $") == "SELECT $0, $x, $");
}

TEST_CASE("sqlite: a wrong number of parameters is an error naming the SQL",
          "[db][sqlite]") {
  auto conn = OpenOrFail(":memory:");
  auto rows = conn->Query("SELECT $1, $2", {int64_t{1}});
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.status().code() == StatusCode::kDatabase);
  CHECK(rows.status().sql() == "SELECT $1, $2");
  CHECK_THAT(rows.status().message(), Catch::Contains("2 parameter(s)"));
}

TEST_CASE("sqlite: errors carry the SQL as written and the result code name",
          "[db][sqlite]") {
  auto conn = OpenOrFail(":memory:");
  SECTION("a missing table, with parameters") {
    const std::string sql = "SELECT * FROM no_such_table WHERE id = $1";
    auto rows = conn->Query(sql, {int64_t{1}});
    REQUIRE_FALSE(rows.ok());
    CHECK(rows.status().code() == StatusCode::kDatabase);
    CHECK(rows.status().sql() == sql);
    CHECK(rows.status().sqlstate() == "SQLITE_ERROR");
    CHECK_THAT(rows.status().message(), Catch::Contains("no_such_table"));
  }
  SECTION("a script without parameters") {
    const std::string sql = "CREATE TABLE a (x); SELEC 1";
    Status s = conn->Execute(sql, {});
    REQUIRE_FALSE(s.ok());
    CHECK(s.code() == StatusCode::kDatabase);
    CHECK(s.sql() == sql);
    CHECK(s.sqlstate() == "SQLITE_ERROR");
  }
  SECTION("a constraint violation names the extended code") {
    RequireOk(conn->Execute("CREATE TABLE u (x INTEGER UNIQUE)", {}));
    RequireOk(conn->Execute("INSERT INTO u VALUES ($1)", {int64_t{1}}));
    Status s = conn->Execute("INSERT INTO u VALUES ($1)", {int64_t{1}});
    REQUIRE_FALSE(s.ok());
    CHECK(s.sqlstate() == "SQLITE_CONSTRAINT_UNIQUE");
    CHECK(s.sql() == "INSERT INTO u VALUES ($1)");
  }
}

TEST_CASE("sqlite: Rollback undoes the work of the transaction", "[db][sqlite]") {
  auto conn = OpenOrFail(":memory:");
  RequireOk(conn->Execute("CREATE TABLE t (x INTEGER)", {}));
  RequireOk(conn->Begin());
  CHECK(conn->InTransaction());
  RequireOk(conn->Execute("INSERT INTO t VALUES ($1)", {int64_t{1}}));
  RequireOk(conn->Execute("CREATE TABLE t2 (y)", {}));
  RequireOk(conn->Rollback());
  CHECK_FALSE(conn->InTransaction());
  CHECK(CountRows(*conn, "t") == 0);
  CHECK(QueryOrFail(*conn, "SELECT name FROM sqlite_master WHERE name = 't2'")
            .rows.empty());
  // Rolling back with no transaction open is harmless.
  RequireOk(conn->Rollback());
}

TEST_CASE("sqlite: Commit keeps the work and a Transaction rolls back when dropped",
          "[db][sqlite]") {
  auto conn = OpenOrFail(":memory:");
  RequireOk(conn->Execute("CREATE TABLE t (x INTEGER)", {}));
  {
    Transaction tx(*conn);
    RequireOk(tx.Begin());
    RequireOk(conn->Execute("INSERT INTO t VALUES (1)", {}));
    RequireOk(tx.Commit());
  }
  {
    Transaction tx(*conn);
    RequireOk(tx.Begin());
    RequireOk(conn->Execute("INSERT INTO t VALUES (2)", {}));
  }
  CHECK_FALSE(conn->InTransaction());
  CHECK(QueryOrFail(*conn, "SELECT x FROM t").rows ==
        std::vector<std::vector<Value>>{{int64_t{1}}});
}

TEST_CASE("sqlite: Begin waits for another connection's write lock, then reports busy",
          "[db][sqlite]") {
  testing::TempProject dir;
  const std::string path = dir.Path("lock.db");
  auto first = OpenOrFail(path, 100ms);
  auto second = OpenOrFail(path, 100ms);
  RequireOk(first->Execute("CREATE TABLE t (x INTEGER)", {}));

  RequireOk(first->Begin());
  RequireOk(first->Execute("INSERT INTO t VALUES (1)", {}));
  Status busy = second->Begin();
  REQUIRE_FALSE(busy.ok());
  CHECK(busy.code() == StatusCode::kLockTimeout);
  CHECK(busy.sqlstate() == "SQLITE_BUSY");
  CHECK(busy.sql() == "BEGIN IMMEDIATE");
  CHECK_FALSE(second->InTransaction());
  // The failed Begin left the second connection usable.
  CHECK(CountRows(*second, "t") == 0);

  RequireOk(first->Commit());
  RequireOk(second->Begin());
  CHECK(CountRows(*second, "t") == 1);
  RequireOk(second->Rollback());
}

TEST_CASE("sqlite: Open reports a file it cannot create", "[db][sqlite]") {
  auto conn = SqliteConnection::Open("/nonexistent-dir/sub/x.db", 100ms);
  REQUIRE_FALSE(conn.ok());
  CHECK(conn.status().code() == StatusCode::kDatabase);
  CHECK_THAT(conn.status().message(), Catch::Contains("/nonexistent-dir/sub/x.db"));
  CHECK(conn.status().sqlstate() == "SQLITE_CANTOPEN");
}

TEST_CASE("sqlite: Open enables foreign keys", "[db][sqlite]") {
  auto conn = OpenOrFail(":memory:");
  CHECK(QueryOrFail(*conn, "PRAGMA foreign_keys").rows.at(0).at(0) == Value(int64_t{1}));
}

TEST_CASE("sqlite: Describe gives the URL of the database", "[db][sqlite]") {
  testing::TempProject dir;
  CHECK(OpenOrFail(dir.Path("d.db"))->Describe() == "sqlite:///" + dir.Path("d.db"));
  CHECK(OpenOrFail(":memory:")->Describe() == "sqlite://:memory:");
}

TEST_CASE("sqlite: a borrowed handle stays open and keeps the host's transaction",
          "[db][sqlite]") {
  testing::TempProject dir;
  sqlite3* host = nullptr;
  REQUIRE(sqlite3_open(dir.Path("host.db").c_str(), &host) == SQLITE_OK);
  REQUIRE(sqlite3_exec(host, "CREATE TABLE t (x)", nullptr, nullptr, nullptr) ==
          SQLITE_OK);

  {
    auto conn = SqliteConnection::Borrow(host, 100ms);
    CHECK(conn->handle() == host);
    CHECK(conn->Describe() == "sqlite:///" + dir.Path("host.db"));
    RequireOk(conn->Execute("INSERT INTO t VALUES ($1)", {int64_t{1}}));
  }
  // The handle is still usable by its owner.
  REQUIRE(sqlite3_exec(host, "INSERT INTO t VALUES (2)", nullptr, nullptr, nullptr) ==
          SQLITE_OK);

  // A transaction the host opened itself survives the borrower.
  REQUIRE(sqlite3_exec(host, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(host, "INSERT INTO t VALUES (3)", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  { auto conn = SqliteConnection::Borrow(host, 100ms); }
  CHECK(sqlite3_get_autocommit(host) == 0);
  REQUIRE(sqlite3_exec(host, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);

  // A transaction the borrower opened is rolled back when it goes away.
  {
    auto conn = SqliteConnection::Borrow(host, 100ms);
    RequireOk(conn->Begin());
    RequireOk(conn->Execute("INSERT INTO t VALUES (4)", {}));
  }
  CHECK(sqlite3_get_autocommit(host) != 0);

  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(host, "SELECT count(*) FROM t", -1, &stmt, nullptr) ==
          SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int(stmt, 0) == 3);
  sqlite3_finalize(stmt);
  CHECK(sqlite3_close(host) == SQLITE_OK);
}

TEST_CASE("sqlite: the run lock is a no-op that never waits", "[db][sqlite]") {
  auto conn = OpenOrFail(":memory:");
  int waits = 0;
  TimedLockWaiter waiter(util::Clock::Real(), 0ms, [&] { ++waits; });
  RequireOk(conn->AcquireRunLock("luamig_version", waiter));
  RequireOk(conn->AcquireRunLock("luamig_version", waiter));
  RequireOk(conn->ReleaseRunLock("luamig_version"));
  CHECK(waits == 0);
}

}  // namespace luamig::db
