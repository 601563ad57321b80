// SPDX-License-Identifier: MIT
// SQLite's form of the run lock: between AcquireRunLock and ReleaseRunLock,
// Begin() waits for the write lock through the run's waiter (its clock, its
// timeout, its one "waiting" notice), not SQLite's busy timeout.
#include <catch2/catch.hpp>

#include "db/lock_wait.h"
#include "db/sqlite_connection.h"
#include "support/fake_clock.h"
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
  // A long busy timeout that must not be what decides.
  auto runner = OpenFile(p.Path("app.db"), milliseconds(60'000));
  REQUIRE(holder->Begin().ok());
  testing::FakeClock clock;
  int waits = 0;
  TimedLockWaiter waiter(
      clock, milliseconds(200), [&] { ++waits; }, milliseconds(50));
  REQUIRE(runner->AcquireRunLock("k", waiter).ok());
  Status s = runner->Begin();
  CHECK(s.code() == StatusCode::kLockTimeout);
  CHECK_THAT(s.message(), Catch::Contains("gave up after 200 ms"));
  CHECK(s.sqlstate() == "SQLITE_BUSY");
  CHECK(waits == 1);
  CHECK(clock.slept() == milliseconds(200));
  REQUIRE(holder->Rollback().ok());
  CHECK(runner->Begin().ok());
  REQUIRE(runner->Rollback().ok());
  REQUIRE(runner->ReleaseRunLock("k").ok());
}

TEST_CASE("sqlite: under the run lock Begin gets the lock once the holder lets go",
          "[db]") {
  testing::TempProject p;
  auto holder = OpenFile(p.Path("app.db"), milliseconds(0));
  auto runner = OpenFile(p.Path("app.db"), milliseconds(0));
  REQUIRE(holder->Begin().ok());
  testing::FakeClock clock;
  clock.on_sleep = [&](milliseconds) {
    if (clock.sleeps.size() == 3) REQUIRE(holder->Rollback().ok());
  };
  TimedLockWaiter waiter(clock, milliseconds(-1), nullptr, milliseconds(100));
  REQUIRE(runner->AcquireRunLock("k", waiter).ok());
  CHECK(runner->Begin().ok());
  CHECK(clock.slept() == milliseconds(300));
  CHECK_FALSE(waiter.waiting());
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
