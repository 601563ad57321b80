// SPDX-License-Identifier: MIT
// Every wait of the runner — before retrying a migration that failed on a
// lock, for SQLite's write lock during a run — on an injected clock, so these
// tests never sleep; and the step budget, which keeps one Step() from waiting
// longer than the host allows.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "db/sql_sink.h"
#include "db/sqlite_connection.h"
#include "runtime/runner.h"
#include "support/backends.h"
#include "support/fake_clock.h"
#include "support/faulty_connection.h"
#include "support/runner_harness.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using std::chrono::milliseconds;
using testing::FakeClock;
using testing::FaultyConnection;
using testing::RunnerHarness;
using testing::Script;
using testing::TempProject;
using testing::TestDatabase;
using Strings = std::vector<std::string>;

std::vector<ScriptFile> TwoInserts() {
  return {
      {"a.lua", Script("a", "",
                       "op.create_table(\"trace\", { { \"rev\", \"text\" } })\n"
                       "op.execute(\"INSERT INTO trace (rev) VALUES ('a')\")",
                       "op.drop_table(\"trace\")")},
      {"b.lua", Script("b", "a", "op.execute(\"INSERT INTO trace (rev) VALUES ('b')\")",
                       "op.execute(\"DELETE FROM trace WHERE rev = 'b'\")")}};
}

class Warnings final : public EventSink {
 public:
  void OnWarning(const std::string& message) override { lines.push_back(message); }
  void OnWaitingForLock(const std::string&) override { ++waits; }
  Strings lines;
  int waits = 0;
};

// A SQLite file database and a FaultyConnection on it whose INSERTs into
// trace fail `faults` times with "lock not available".
struct LockFailures {
  explicit LockFailures(int faults)
      : db("sqlite", project), conn(db.Connect()), sink(conn) {
    conn.faults.fail_write_to = "INSERT INTO trace";
    conn.faults.write_faults = faults;
    conn.faults.sqlstate = FaultyConnection::kLockNotAvailable;
  }
  TempProject project;
  TestDatabase db;
  FaultyConnection conn;
  db::LiveSink sink;
};

runtime::RunSettings Retries(int retries, milliseconds budget = milliseconds(-1)) {
  runtime::RunSettings s;
  s.lock_retries = retries;
  s.retry_backoff = milliseconds(200);
  s.step_budget = budget;
  return s;
}

TEST_CASE(
    "a migration that failed on a lock is retried after the backoff, on the run's "
    "clock",
    "[runtime][waits]") {
  LockFailures f(1);
  RunnerHarness h(TwoInserts(), "sqlite");
  FakeClock clock;
  Warnings events;
  runtime::RunContext ctx = h.Context(clock, Retries(2), &events);
  runtime::Runner runner(ctx, f.sink);
  auto run = runner.Run(RunnerHarness::Upgrade("head"));
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(200)});
  REQUIRE(events.lines.size() == 1);
  CHECK_THAT(events.lines[0], Catch::Contains("retrying from the start of its "
                                              "transaction in 200 ms (retry 1 of 2)"));
  CHECK(f.db.Column("SELECT rev FROM trace ORDER BY rev") == Strings{"a", "b"});
}

TEST_CASE("each retry waits twice as long, and lock_retries bounds them",
          "[runtime][waits]") {
  LockFailures f(3);
  RunnerHarness h(TwoInserts(), "sqlite");
  FakeClock clock;
  runtime::RunContext ctx = h.Context(clock, Retries(2));
  runtime::Runner runner(ctx, f.sink);
  auto run = runner.Run(RunnerHarness::Upgrade("head"));
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().revision() == "a");
  CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(200), milliseconds(400)});
  CHECK(f.db.Versions().empty());
}

TEST_CASE("one transaction per run: a lock failure starts the whole run again",
          "[runtime][waits]") {
  LockFailures f(1);
  f.conn.faults.fail_write_to = "INSERT INTO trace (rev) VALUES ('b')";
  RunnerHarness h(TwoInserts(), "sqlite");
  FakeClock clock;
  runtime::RunSettings settings = Retries(1);
  settings.transaction_per_migration = false;
  runtime::RunContext ctx = h.Context(clock, settings);
  runtime::Runner runner(ctx, f.sink);
  auto run = runner.Run(RunnerHarness::Upgrade("head"));
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  CHECK(run->steps.size() == 2);
  CHECK(clock.slept() == milliseconds(200));
  CHECK(f.db.History() == Strings{"a upgrade", "b upgrade"});
}

TEST_CASE("with a step budget, Step() returns instead of sleeping before a retry",
          "[runtime][waits][budget]") {
  LockFailures f(1);
  RunnerHarness h(TwoInserts(), "sqlite");
  FakeClock clock;
  runtime::RunContext ctx = h.Context(clock, Retries(1, milliseconds(50)));
  runtime::Runner runner(ctx, f.sink);
  REQUIRE(runner.Begin(RunnerHarness::Upgrade("head")).ok());
  // The first attempt fails on the lock; the retry is due in 200 ms, past the
  // budget: the call returns at once with nothing done.
  auto more = runner.Step();
  REQUIRE(more.ok());
  CHECK(*more);
  CHECK(runner.waiting());
  CHECK(runner.done() == 0);
  CHECK(clock.slept() == milliseconds(0));
  // A frame later: still not due.
  clock.Advance(milliseconds(100));
  REQUIRE(runner.Step().ok());
  CHECK(runner.waiting());
  CHECK(runner.done() == 0);
  // Due within this call's budget: it sleeps the rest and runs the step.
  clock.Advance(milliseconds(70));
  REQUIRE(runner.Step().ok());
  CHECK_FALSE(runner.waiting());
  CHECK(runner.done() == 1);
  CHECK(clock.slept() == milliseconds(30));
  auto result = runner.Finish();
  REQUIRE(result.ok());
  CHECK(f.db.Versions() == Strings{"b"});
}

// A second connection holding SQLite's write lock.
struct WriteLockHolder {
  explicit WriteLockHolder(TestDatabase& db) : conn(db.Connect()) {
    REQUIRE(conn->Begin().ok());
  }
  void Release() { REQUIRE(conn->Rollback().ok()); }
  std::unique_ptr<db::Connection> conn;
};

TEST_CASE(
    "a step waiting for SQLite's write lock stays within its budget and goes on "
    "at the next call",
    "[runtime][waits][budget]") {
  TempProject p;
  TestDatabase db("sqlite", p);
  RunnerHarness h(TwoInserts(), "sqlite");
  auto conn = db::SqliteConnection::Open(p.Path("app.db"), milliseconds(0));
  REQUIRE(conn.ok());
  db::LiveSink sink(**conn);
  FakeClock clock;
  Warnings events;
  runtime::RunSettings settings;
  settings.step_budget = milliseconds(250);
  settings.lock_timeout = milliseconds(10'000);
  runtime::RunContext ctx = h.Context(clock, settings, &events);
  runtime::Runner runner(ctx, sink);
  REQUIRE(runner.Begin(RunnerHarness::Upgrade("head")).ok());
  WriteLockHolder holder(db);
  auto more = runner.Step();
  REQUIRE(more.ok());
  CHECK(*more);
  CHECK(runner.waiting());
  CHECK(runner.done() == 0);
  CHECK(clock.slept() <= milliseconds(250));
  CHECK(events.waits == 1);
  REQUIRE(runner.Step().ok());
  CHECK(runner.waiting());
  CHECK(events.waits == 1);  // one wait, said once, across the calls
  holder.Release();
  REQUIRE(runner.Step().ok());
  CHECK_FALSE(runner.waiting());
  CHECK(runner.done() == 1);
  REQUIRE(runner.Finish().ok());
  CHECK(db.Versions() == Strings{"b"});
}

TEST_CASE("the lock timeout counts across the calls of a budgeted run",
          "[runtime][waits][budget]") {
  TempProject p;
  TestDatabase db("sqlite", p);
  RunnerHarness h(TwoInserts(), "sqlite");
  auto conn = db::SqliteConnection::Open(p.Path("app.db"), milliseconds(0));
  REQUIRE(conn.ok());
  db::LiveSink sink(**conn);
  FakeClock clock;
  runtime::RunSettings settings;
  settings.step_budget = milliseconds(100);
  settings.lock_timeout = milliseconds(1000);
  runtime::RunContext ctx = h.Context(clock, settings);
  runtime::Runner runner(ctx, sink);
  REQUIRE(runner.Begin(RunnerHarness::Upgrade("head")).ok());
  WriteLockHolder holder(db);
  int calls = 0;
  Result<bool> more = true;
  while (more.ok() && calls < 100) {
    more = runner.Step();
    ++calls;
    clock.Advance(milliseconds(16));  // the host's frame
  }
  REQUIRE_FALSE(more.ok());
  CHECK(more.status().code() == StatusCode::kLockTimeout);
  CHECK_THAT(more.status().message(), Catch::Contains("gave up after 1000 ms"));
  CHECK(calls > 1);
  CHECK(db.Versions().empty());
  holder.Release();
}

TEST_CASE(
    "without a budget a step waits for SQLite's write lock as long as the lock "
    "timeout",
    "[runtime][waits]") {
  TempProject p;
  TestDatabase db("sqlite", p);
  RunnerHarness h(TwoInserts(), "sqlite");
  auto conn = db::SqliteConnection::Open(p.Path("app.db"), milliseconds(0));
  REQUIRE(conn.ok());
  db::LiveSink sink(**conn);
  FakeClock clock;
  runtime::RunSettings settings;
  settings.lock_timeout = milliseconds(-1);
  runtime::RunContext ctx = h.Context(clock, settings);
  runtime::Runner runner(ctx, sink);
  REQUIRE(runner.Begin(RunnerHarness::Upgrade("head")).ok());
  WriteLockHolder holder(db);
  // The other connection lets go after five polls.
  clock.on_sleep = [&](milliseconds) {
    if (clock.sleeps.size() == 5) holder.Release();
  };
  auto more = runner.Step();
  REQUIRE(more.ok());
  CHECK_FALSE(runner.waiting());
  CHECK(runner.done() == 1);
  CHECK(clock.sleeps.size() == 5);
  REQUIRE(runner.Finish().ok());
}

}  // namespace
}  // namespace luamig
