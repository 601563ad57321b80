// SPDX-License-Identifier: MIT
// The PostgreSQL connection's session behaviour the runner relies on: statement limits
// with SET LOCAL that survive a commit-and-begin, lock-failure detection,
// the current user, and scrubbing a percent-encoded password. Tagged [pg]:
// skipped in ctest without LUAMIG_TEST_PG_URL.
#include <catch2/catch.hpp>

#include <cstdio>

#include "support/backends.h"
#include "support/pg_open.h"
#include "util/url.h"

namespace luamig::db {
namespace {

using std::chrono::milliseconds;
using testing::PgTestUrl;

std::unique_ptr<Connection> ConnectTo(const std::string& url) {
  auto conn = testing::OpenPg(url);
  INFO(conn.status().ToString());
  REQUIRE(conn.ok());
  return std::move(conn).value();
}

std::string Show(Connection& conn, const std::string& setting) {
  auto rows = conn.Query("SHOW " + setting, {});
  REQUIRE(rows.ok());
  return std::get<std::string>(rows->rows.at(0).at(0));
}

TEST_CASE("pg: limits apply to the open transaction and to every later Begin",
          "[db][pg]") {
  testing::RequirePgUrl();
  auto conn = ConnectTo(PgTestUrl());
  REQUIRE(conn->Begin().ok());
  REQUIRE(conn->SetLimits({milliseconds(1500), milliseconds(-1)}).ok());
  CHECK(Show(*conn, "lock_timeout") == "1500ms");
  CHECK(Show(*conn, "statement_timeout") == "0");
  // op.autocommit: commit, work outside, begin again.
  REQUIRE(conn->Commit().ok());
  CHECK(Show(*conn, "lock_timeout") == "1500ms");
  REQUIRE(conn->Begin().ok());
  CHECK(Show(*conn, "lock_timeout") == "1500ms");
  REQUIRE(conn->Commit().ok());
  REQUIRE(conn->SetLimits({}).ok());
  CHECK(Show(*conn, "lock_timeout") == "0");
  REQUIRE(conn->Begin().ok());
  CHECK(Show(*conn, "lock_timeout") == "0");
  REQUIRE(conn->Rollback().ok());
}

TEST_CASE("pg: 55P03 is a lock failure the runner may retry; others are not",
          "[db][pg]") {
  testing::RequirePgUrl();
  auto conn = ConnectTo(PgTestUrl());
  CHECK(conn->IsLockNotAvailable(Status::Database("x").WithSqlState("55P03")));
  CHECK_FALSE(conn->IsLockNotAvailable(Status::Database("x").WithSqlState("57014")));
  CHECK(conn->CurrentUser() == "luamig");
}

TEST_CASE("pg: a percent-encoded password is scrubbed in both forms", "[db][pg]") {
  testing::RequirePgUrl();
  const std::string url = PgTestUrl();
  const std::string password = util::UrlPassword(url);
  REQUIRE(password.size() >= 4);
  std::string encoded;  // every character as %XX: libpq decodes it back
  for (unsigned char c : password) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%%%02X", c);
    encoded += buf;
  }
  std::string encoded_url = url;
  encoded_url.replace(encoded_url.find(password), password.size(), encoded);
  auto conn = ConnectTo(encoded_url);
  Status s = conn->Execute("SELECT '" + password + "'::integer", {});
  REQUIRE_FALSE(s.ok());
  CHECK(s.ToString().find(password) == std::string::npos);
  CHECK(conn->Describe().find(encoded) == std::string::npos);
}

}  // namespace
}  // namespace luamig::db
