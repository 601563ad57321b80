// SPDX-License-Identifier: MIT
// Runs against a real PostgreSQL server named by LUAMIG_TEST_PG_URL
// (scripts/test.sh starts a throwaway cluster and sets it). Every case is
// tagged [pg]: without a server ctest shows it as skipped.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "db/lock_wait.h"
#include "db/transaction.h"
#include "support/backend_gate.h"
#include "support/pg_open.h"
#include "util/url.h"

namespace luamig::db {
namespace {

using namespace std::chrono_literals;
using ops::Blob;
using ops::Null;
using ops::Value;

std::string PgUrl() { return testing::RequirePgUrl(); }

std::string RandomSuffix() {
  static std::mt19937_64 rng{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string out;
  uint64_t n = rng();
  for (int i = 0; i < 12; ++i, n >>= 4) out += kHex[n & 15];
  return out;
}

std::unique_ptr<Connection> Connect() {
  auto conn = testing::OpenPg(PgUrl());
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

bool TableExists(Connection& conn, const std::string& table) {
  auto rows = QueryOrFail(conn, "SELECT to_regclass($1) IS NOT NULL", {table});
  return rows.rows.at(0).at(0) == Value(true);
}

/// A table name no other test (or concurrent test process) uses; the table is
/// dropped, over a connection of its own, when the object goes out of scope.
class ScratchTable {
 public:
  ScratchTable() : name_("luamig_test_" + RandomSuffix()) {}
  ~ScratchTable() {
    auto conn = testing::OpenPg(PgUrl());
    if (conn.ok()) (void)(*conn)->Execute("DROP TABLE IF EXISTS " + name_, {});
  }
  ScratchTable(const ScratchTable&) = delete;
  ScratchTable& operator=(const ScratchTable&) = delete;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

/// Every text field of `s` (and its rendering), for "never contains" checks.
std::vector<std::string> AllText(const Status& s) {
  std::vector<std::string> out = {s.message(), s.sql(),      s.sqlstate(), s.hint(),
                                  s.file(),    s.revision(), s.ToString()};
  out.insert(out.end(), s.revisions().begin(), s.revisions().end());
  return out;
}

}  // namespace

TEST_CASE("pg: connects, reports the default schema and describes itself masked",
          "[db][pg]") {
  auto conn = Connect();
  CHECK(conn->DefaultSchema() == "public");
  CHECK_FALSE(conn->InTransaction());
  const std::string password = util::UrlPassword(PgUrl());
  REQUIRE_FALSE(password.empty());
  CHECK(conn->Describe() == util::MaskPassword(PgUrl()));
  CHECK(conn->Describe().find(password) == std::string::npos);
}

TEST_CASE("pg: every value type round-trips through $N parameters and typed columns",
          "[db][pg]") {
  auto conn = Connect();
  ScratchTable table;
  RequireOk(conn->Execute("CREATE TABLE " + table.name() +
                              " (id integer PRIMARY KEY, b boolean, i bigint, "
                              "d double precision, t text, y bytea)",
                          {}));
  const std::string zero_bytes("\0\x01\xff\0z", 5);
  const std::vector<std::vector<Value>> rows = {
      {int64_t{1}, Null{}, Null{}, Null{}, Null{}, Null{}},
      {int64_t{2}, true, std::numeric_limits<int64_t>::max(), 0.1,
       std::string("it's \"quoted\"; $1 -- not a comment"), Blob{zero_bytes}},
      {int64_t{3}, false, std::numeric_limits<int64_t>::min(), -1.5e300,
       std::string("unicode: h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x8e\xae"), Blob{}},
      {int64_t{4}, true, int64_t{0}, 1.0 / 3.0, std::string(),
       Blob{std::string(256, 'x')}},
  };
  for (const auto& row : rows) {
    RequireOk(conn->Execute(
        "INSERT INTO " + table.name() + " VALUES ($1, $2, $3, $4, $5, $6)", row));
  }
  auto back = QueryOrFail(
      *conn,
      "SELECT id, b, i, d, t, y FROM " + table.name() + " WHERE id >= $1 ORDER BY id",
      {int64_t{1}});
  CHECK(back.columns == std::vector<std::string>{"id", "b", "i", "d", "t", "y"});
  REQUIRE(back.rows.size() == rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      INFO("row " << r << " column " << back.columns[c] << ": "
                  << ops::ValueDebugString(rows[r][c]) << " came back as "
                  << ops::ValueDebugString(back.rows[r][c]));
      CHECK(back.rows[r][c] == rows[r][c]);
    }
  }
}

TEST_CASE("pg: integer columns of every width come back as integers", "[db][pg]") {
  auto conn = Connect();
  auto rows =
      QueryOrFail(*conn, "SELECT $1::smallint, $2::integer, $3::bigint, 'x'::text",
                  {int64_t{-32768}, int64_t{2147483647}, int64_t{-1}});
  CHECK(rows.rows.at(0) == std::vector<Value>{int64_t{-32768}, int64_t{2147483647},
                                              int64_t{-1}, std::string("x")});
}

TEST_CASE("pg: Execute without parameters runs a whole script", "[db][pg]") {
  auto conn = Connect();
  ScratchTable table;
  RequireOk(conn->Execute("CREATE TABLE " + table.name() + " (x int); INSERT INTO " +
                              table.name() + " VALUES (1); INSERT INTO " + table.name() +
                              " VALUES (2);",
                          {}));
  CHECK(QueryOrFail(*conn, "SELECT count(*) FROM " + table.name()).rows.at(0).at(0) ==
        Value(int64_t{2}));
}

TEST_CASE("pg: an error carries the SQL and the SQLSTATE and the session stays usable",
          "[db][pg]") {
  auto conn = Connect();
  const std::string missing = "luamig_missing_" + RandomSuffix();
  const std::string sql = "SELECT * FROM " + missing + " WHERE id = $1";
  auto rows = conn->Query(sql, {int64_t{1}});
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.status().code() == StatusCode::kDatabase);
  CHECK(rows.status().sql() == sql);
  CHECK(rows.status().sqlstate() == "42P01");
  CHECK_THAT(rows.status().message(), Catch::Contains(missing));

  Status syntax = conn->Execute("SELEC 1", {});
  CHECK(syntax.code() == StatusCode::kDatabase);
  CHECK(syntax.sqlstate() == "42601");
  CHECK(syntax.sql() == "SELEC 1");

  CHECK(QueryOrFail(*conn, "SELECT 1").rows.at(0).at(0) == Value(int64_t{1}));
}

TEST_CASE("pg: the password is scrubbed from errors that would quote it", "[db][pg]") {
  auto conn = Connect();
  const std::string password = util::UrlPassword(PgUrl());
  REQUIRE_FALSE(password.empty());
  // The server's message quotes the bad input, and the SQL holds it too.
  Status s = conn->Execute("SELECT '" + password + "'::integer", {});
  REQUIRE_FALSE(s.ok());
  CHECK(s.sqlstate() == "22P02");
  for (const std::string& text : AllText(s)) {
    INFO(text);
    CHECK(text.find(password) == std::string::npos);
  }
  CHECK_THAT(s.sql(), Catch::Contains("***"));
}

TEST_CASE("pg: a wrong password fails to connect without revealing any password",
          "[db][pg]") {
  const std::string url = PgUrl();
  const std::string real = util::UrlPassword(url);
  REQUIRE_FALSE(real.empty());
  const std::string wrong = "wrong-" + RandomSuffix();
  std::string bad_url = url;
  bad_url.replace(bad_url.find(real), real.size(), wrong);

  auto conn = testing::OpenPg(bad_url);
  REQUIRE_FALSE(conn.ok());
  const Status& s = conn.status();
  CHECK(s.code() == StatusCode::kDatabase);
  CHECK_THAT(s.message(), Catch::Contains("***"));
  CHECK_THAT(s.message(), Catch::Contains("password authentication failed"));
  for (const std::string& text : AllText(s)) {
    INFO(text);
    CHECK(text.find(wrong) == std::string::npos);
    CHECK(text.find(real) == std::string::npos);
  }
}

TEST_CASE("pg: Rollback undoes a CREATE TABLE and Commit keeps one", "[db][pg]") {
  auto conn = Connect();
  ScratchTable table;

  RequireOk(conn->Begin());
  CHECK(conn->InTransaction());
  RequireOk(conn->Execute("CREATE TABLE " + table.name() + " (x int)", {}));
  CHECK(TableExists(*conn, table.name()));
  RequireOk(conn->Rollback());
  CHECK_FALSE(conn->InTransaction());
  CHECK_FALSE(TableExists(*conn, table.name()));

  {
    Transaction tx(*conn);
    RequireOk(tx.Begin());
    RequireOk(conn->Execute("CREATE TABLE " + table.name() + " (x int)", {}));
    RequireOk(tx.Commit());
  }
  auto other = Connect();
  CHECK(TableExists(*other, table.name()));
}

TEST_CASE("pg: a failed statement aborts the transaction until Rollback", "[db][pg]") {
  auto conn = Connect();
  ScratchTable table;
  RequireOk(conn->Begin());
  RequireOk(conn->Execute("CREATE TABLE " + table.name() + " (x int)", {}));
  CHECK_FALSE(conn->Execute("SELECT 1/0", {}).ok());
  Status aborted = conn->Execute("SELECT 1", {});
  CHECK(aborted.sqlstate() == "25P02");  // in_failed_sql_transaction
  RequireOk(conn->Rollback());
  CHECK_FALSE(TableExists(*conn, table.name()));
}

TEST_CASE("pg: a Transaction rolls back when dropped without Commit", "[db][pg]") {
  auto conn = Connect();
  ScratchTable table;
  {
    Transaction tx(*conn);
    RequireOk(tx.Begin());
    RequireOk(conn->Execute("CREATE TABLE " + table.name() + " (x int)", {}));
  }
  CHECK_FALSE(conn->InTransaction());
  CHECK_FALSE(TableExists(*conn, table.name()));
}

// Waits on the real clock (these cases talk to a real server) and counts
// the waits it was told about.
struct Waiter {
  explicit Waiter(std::chrono::milliseconds timeout)
      : waiter(util::Clock::Real(), timeout, [this] { ++waits; }) {}
  int waits = 0;
  TimedLockWaiter waiter;
};

TEST_CASE("pg: the run lock keeps a second runner out until the first releases it",
          "[db][pg]") {
  const std::string key = "luamig_version_" + RandomSuffix();
  auto first = Connect();
  auto second = Connect();

  Waiter first_wait(300ms);
  RequireOk(first->AcquireRunLock(key, first_wait.waiter));
  CHECK(first_wait.waits == 0);

  Waiter second_wait(300ms);
  Status busy = second->AcquireRunLock(key, second_wait.waiter);
  CHECK(busy.code() == StatusCode::kLockTimeout);
  CHECK_THAT(busy.message(), Catch::Contains(key));
  CHECK_THAT(busy.message(), Catch::Contains("gave up after 300 ms"));
  CHECK(second_wait.waits == 1);

  RequireOk(first->ReleaseRunLock(key));
  RequireOk(second->AcquireRunLock(key, second_wait.waiter));
  CHECK(second_wait.waits == 1);

  // Now the first is the one kept out.
  Waiter at_once(0ms);
  CHECK(first->AcquireRunLock(key, at_once.waiter).code() == StatusCode::kLockTimeout);
  CHECK(at_once.waits == 1);
  RequireOk(second->ReleaseRunLock(key));
}

TEST_CASE("pg: the run lock is released when its session ends", "[db][pg]") {
  const std::string key = "luamig_version_" + RandomSuffix();
  auto second = Connect();
  {
    auto first = Connect();
    Waiter w(300ms);
    RequireOk(first->AcquireRunLock(key, w.waiter));
  }
  // The server notices the closed session; give it the whole timeout.
  Waiter w(10000ms);
  RequireOk(second->AcquireRunLock(key, w.waiter));
  RequireOk(second->ReleaseRunLock(key));
}

TEST_CASE("pg: different keys do not block each other", "[db][pg]") {
  auto first = Connect();
  auto second = Connect();
  const std::string a = "luamig_a_" + RandomSuffix();
  const std::string b = "luamig_b_" + RandomSuffix();
  Waiter w(0ms);
  RequireOk(first->AcquireRunLock(a, w.waiter));
  RequireOk(second->AcquireRunLock(b, w.waiter));
  CHECK(w.waits == 0);
  RequireOk(first->ReleaseRunLock(a));
  RequireOk(second->ReleaseRunLock(b));
}

}  // namespace luamig::db
