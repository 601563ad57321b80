// SPDX-License-Identifier: MIT
// The runner's transactional guarantees on every backend (SQLite file and
// PostgreSQL, one ctest entry each): failures roll back the failing
// migration with its version row, whole-run transactions, transactional =
// false, and the run lock.
#include <catch2/catch.hpp>

#include <thread>

#include "support/backends.h"
#include "support/memory_migrator.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::OpenOrFail;
using testing::RecordingEvents;
using testing::Script;
using testing::StepIds;
using testing::TempProject;
using testing::TestDatabase;
using Strings = std::vector<std::string>;

ScriptFile Creates(const std::string& file, const std::string& rev,
                   const std::string& down, const std::string& table) {
  return {file, Script(rev, down,
                       "op.create_table(\"" + table +
                           "\", { { \"id\", \"integer\", primary_key = true } })",
                       "op.drop_table(\"" + table + "\")")};
}

std::vector<ScriptFile> FourTables() {
  return {Creates("001.lua", "r1", "", "t1"), Creates("002.lua", "r2", "r1", "t2"),
          Creates("003.lua", "r3", "r2", "t3"), Creates("004.lua", "r4", "r3", "t4")};
}

// 003.lua creates t3, then runs SQL the database refuses (line 6).
constexpr const char* kBadSqlThird =
    "-- fails half-way\n"                                            // 1
    "revision = \"r3\"\n"                                            // 2
    "down_revision = \"r2\"\n"                                       // 3
    "function upgrade(op)\n"                                         // 4
    "  op.create_table(\"t3\", { { \"id\", \"integer\" } })\n"       // 5
    "  op.execute(\"INSERT INTO no_such_table (id) VALUES (1)\")\n"  // 6
    "end\n"                                                          // 7
    "function downgrade(op) op.drop_table(\"t3\") end\n";            // 8

class WarningEvents final : public EventSink {
 public:
  void OnWarning(const std::string& message) override { warnings.push_back(message); }
  void OnWaitingForLock(const std::string& what) override { waiting.push_back(what); }
  Strings warnings;
  Strings waiting;
};

TEST_CASE(
    "a failing migration mid-run keeps earlier ones and rolls back it and later ones",
    "[runtime][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  scripts[2].source = kBadSqlThird;
  auto m = OpenOrFail(db.Options(p, scripts));
  auto run = m->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  const Status& s = run.status();
  CHECK(s.code() == StatusCode::kDatabase);
  CHECK(s.revision() == "r3");
  CHECK(s.file() == "003.lua");
  CHECK(s.line() == 6);
  CHECK(s.sql() == "INSERT INTO no_such_table (id) VALUES (1)");
  CHECK_THAT(s.message(), Catch::Contains("no_such_table"));
  CHECK_FALSE(s.sqlstate().empty());
  CHECK(db.Tables() == Strings{"t1", "t2"});
  CHECK(db.Versions() == Strings{"r2"});
  CHECK(db.History() == Strings{"r1 upgrade", "r2 upgrade"});
}

TEST_CASE("with one transaction per run a failure leaves the database untouched",
          "[runtime][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  scripts[2].source = kBadSqlThird;
  auto options = db.Options(p, scripts);
  options.config.transaction_per_migration = false;
  auto m = OpenOrFail(std::move(options));
  REQUIRE_FALSE(m->Upgrade("head").ok());
  CHECK(db.Tables().empty());
  CHECK(db.Versions().empty());
  CHECK(db.History().empty());
}

TEST_CASE("with one transaction per run every step commits together",
          "[runtime][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto options = db.Options(p, FourTables());
  options.config.transaction_per_migration = false;
  auto m = OpenOrFail(std::move(options));
  auto run = m->Upgrade("head");
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  CHECK(StepIds(*run) == Strings{"r1", "r2", "r3", "r4"});
  CHECK(db.Versions() == Strings{"r4"});
  REQUIRE(m->Downgrade("r2").ok());
  CHECK(db.Tables() == Strings{"t1", "t2"});
  CHECK(db.History() == Strings{"r1 upgrade", "r2 upgrade", "r3 upgrade", "r4 upgrade",
                                "r4 downgrade", "r3 downgrade"});
}

TEST_CASE("a transactional = false revision runs and records its version row",
          "[runtime][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  scripts[1].source = "transactional = false\n" + scripts[1].source;
  auto m = OpenOrFail(db.Options(p, scripts));
  auto run = m->Upgrade("head");
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  CHECK(db.Versions() == Strings{"r4"});
  CHECK(db.History() == Strings{"r1 upgrade", "r2 upgrade", "r3 upgrade", "r4 upgrade"});
}

TEST_CASE(
    "a transactional = false revision in a one-transaction run commits what came before",
    "[runtime][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto scripts = FourTables();
  scripts[1].source = "transactional = false\n" + scripts[1].source;
  scripts[3] = {"004.lua",
                Script("r4", "r3", "op.execute(\"SELECT * FROM nowhere\")", "")};
  WarningEvents events;
  auto options = db.Options(p, scripts);
  options.config.transaction_per_migration = false;
  options.events = &events;
  auto m = OpenOrFail(std::move(options));
  REQUIRE_FALSE(m->Upgrade("head").ok());
  // r1 was committed before r2 ran outside a transaction; r3 and r4 rolled back.
  CHECK(db.Versions() == Strings{"r2"});
  CHECK(db.Tables() == Strings{"t1", "t2"});
  REQUIRE(events.warnings.size() == 1);
  CHECK_THAT(events.warnings[0], Catch::Contains("transactional = false"));
}

TEST_CASE("a runner waits for another's lock, then does nothing that was already done",
          "[runtime][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  auto first = OpenOrFail(db.Options(p, FourTables()));
  REQUIRE(first->Upgrade("r2").ok());
  // Someone else holds the lock: PostgreSQL's advisory lock on the version
  // table's name, or SQLite's write lock. It is released as soon as the
  // second runner says it is waiting, and the first runner finishes the work
  // meanwhile: the second must see that and apply nothing.
  auto other = db.Connect();
  const std::string key =
      db.is_postgres() ? "\"" + db.schema() + "\".\"luamig_version\"" : std::string();
  if (db.is_postgres()) {
    REQUIRE(testing::TakeRunLock(*other, key).ok());
  } else {
    REQUIRE(other->Begin().ok());
  }
  struct ReleaseOnWait final : public EventSink {
    std::function<void()> release;
    int waits = 0;
    void OnWaitingForLock(const std::string&) override {
      ++waits;
      release();
    }
  } events;
  events.release = [&] {
    // Finish the upgrade "as the other runner", then let go of the lock.
    if (db.is_postgres()) {
      auto done = OpenOrFail(db.Options(p, FourTables()));
      (void)other->ReleaseRunLock(key);
      REQUIRE(done->Upgrade("head").ok());
    } else {
      REQUIRE(other->Rollback().ok());
      auto done = OpenOrFail(db.Options(p, FourTables()));
      REQUIRE(done->Upgrade("head").ok());
    }
  };
  auto options = db.Options(p, FourTables());
  options.events = &events;
  auto second = OpenOrFail(std::move(options));
  auto run = second->Upgrade("head");
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  CHECK(events.waits == 1);
  CHECK(run->steps.empty());
  CHECK(run->heads_after == Strings{"r4"});
  CHECK(db.History() == Strings{"r1 upgrade", "r2 upgrade", "r3 upgrade", "r4 upgrade"});
}

TEST_CASE("a runner gives up after --lock-timeout with a lock-timeout error",
          "[runtime][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  {
    auto m = OpenOrFail(db.Options(p, FourTables()));
    REQUIRE(m->Upgrade("r1").ok());
  }
  auto other = db.Connect();
  const std::string key = "\"" + db.schema() + "\".\"luamig_version\"";
  if (db.is_postgres()) {
    REQUIRE(testing::TakeRunLock(*other, key).ok());
  } else {
    REQUIRE(other->Begin().ok());
  }
  WarningEvents events;
  auto options = db.Options(p, FourTables());
  options.events = &events;
  options.lock_timeout = std::chrono::milliseconds(300);
  options.config.busy_timeout_ms = 0;  // SQLite: the run's timeout decides, not this
  auto m = OpenOrFail(std::move(options));
  auto run = m->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().code() == StatusCode::kLockTimeout);
  CHECK(events.waiting.size() == 1);
  CHECK(db.Versions() == Strings{"r1"});
}

TEST_CASE("SQLite keeps waiting for the write lock beyond the busy timeout by default",
          "[runtime][backends]") {
  TempProject p;
  TestDatabase db("sqlite", p);
  auto other = db.Connect();
  {
    auto m = OpenOrFail(db.Options(p, FourTables()));
    REQUIRE(m->Upgrade("r1").ok());
  }
  REQUIRE(other->Begin().ok());
  std::thread releaser;
  struct Events final : public EventSink {
    std::function<void()> on_wait;
    void OnWaitingForLock(const std::string&) override { on_wait(); }
  } events;
  events.on_wait = [&] {
    releaser = std::thread([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      (void)other->Rollback();
    });
  };
  auto options = db.Options(p, FourTables());
  options.events = &events;
  options.config.busy_timeout_ms = 10;
  auto m = OpenOrFail(std::move(options));
  auto run = m->Upgrade("head");
  if (releaser.joinable()) releaser.join();
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  CHECK(StepIds(*run) == Strings{"r2", "r3", "r4"});
}

}  // namespace
}  // namespace luamig
