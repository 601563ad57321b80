// SPDX-License-Identifier: MIT
// SQLite's form of the run lock: between AcquireRunLock and ReleaseRunLock,
// Begin() waits for the write lock up to the run's timeout (not the busy
// timeout) and says once that it waits.
#include <catch2/catch.hpp>

#include "db/sqlite_connection.h"
#include "support/temp_project.h"

namespace luamig::db {
namespace {

using std::chrono::milliseconds;

std::unique_ptr<SqliteConnection> OpenFile(const std::string& path, milliseconds busy) {
  auto conn = SqliteConnection::Open(path, busy);
  REQUIRE(conn.ok());
  return std::move(conn).value();
}

TEST_CASE("sqlite: under the run lock Begin waits up to the run's timeout", "[db]") {
  testing::TempProject p;
  auto holder = OpenFile(p.Path("app.db"), milliseconds(0));
  auto runner = OpenFile(p.Path("app.db"), milliseconds(0));
  REQUIRE(holder->Begin().ok());
  int waits = 0;
  REQUIRE(runner->AcquireRunLock("k", milliseconds(200), [&] { ++waits; }).ok());
  Status s = runner->Begin();
  CHECK(s.code() == StatusCode::kLockTimeout);
  CHECK_THAT(s.message(), Catch::Contains("gave up after 200 ms"));
  CHECK(waits == 1);
  REQUIRE(holder->Rollback().ok());
  CHECK(runner->Begin().ok());
  REQUIRE(runner->Rollback().ok());
  REQUIRE(runner->ReleaseRunLock("k").ok());
}

TEST_CASE("sqlite: outside a run Begin waits only the busy timeout", "[db]") {
  testing::TempProject p;
  auto holder = OpenFile(p.Path("app.db"), milliseconds(0));
  auto other = OpenFile(p.Path("app.db"), milliseconds(50));
  REQUIRE(holder->Begin().ok());
  Status s = other->Begin();
  CHECK(s.code() == StatusCode::kLockTimeout);
  CHECK_THAT(s.message(), Catch::Contains("gave up after 50 ms"));
  REQUIRE(holder->Rollback().ok());
}

TEST_CASE("sqlite: the current user is the operating-system user", "[db]") {
  auto conn = SqliteConnection::Open(":memory:", milliseconds(0));
  REQUIRE(conn.ok());
  CHECK_FALSE((*conn)->CurrentUser().empty());
}

}  // namespace
}  // namespace luamig::db
