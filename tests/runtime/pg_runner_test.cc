// SPDX-License-Identifier: MIT
// What only PostgreSQL can show: CREATE INDEX CONCURRENTLY outside a
// transaction, lock_timeout / statement_timeout with SET LOCAL, lock_retries,
// and op.autocommit keeping the migration's limits. Tagged [pg]: skipped in
// ctest when LUAMIG_TEST_PG_URL is not set.
#include <catch2/catch.hpp>

#include "support/backends.h"
#include "support/memory_migrator.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::OpenOrFail;
using testing::RecordingEvents;
using testing::Script;
using testing::TempProject;
using testing::TestDatabase;
using Strings = std::vector<std::string>;

ScriptFile Accounts() {
  return {"001.lua",
          Script("r1", "",
                 "op.create_table(\"accounts\", { { \"id\", \"integer\", primary_key = "
                 "true }, { \"email\", \"text\" } })",
                 "op.drop_table(\"accounts\")")};
}

class Events final : public EventSink {
 public:
  void OnWarning(const std::string& message) override {
    warnings.push_back(message);
    if (on_warning) on_warning();
  }
  void OnLog(const std::string& revision, const std::string& message) override {
    logs.push_back(revision + " " + message);
  }
  std::function<void()> on_warning;
  Strings warnings;
  Strings logs;
};

// A second session holding an ACCESS EXCLUSIVE lock on `table` until Release().
class TableLock {
 public:
  TableLock(TestDatabase& db, const std::string& table) : conn_(db.Connect()) {
    REQUIRE(conn_->Begin().ok());
    REQUIRE(conn_->Execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE", {}).ok());
  }
  void Release() { (void)conn_->Rollback(); }

 private:
  std::unique_ptr<db::Connection> conn_;
};

TEST_CASE("transactional = false runs CREATE INDEX CONCURRENTLY", "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile index{"002.lua",
                   "-- index emails\nrevision = \"r2\"\ndown_revision = \"r1\"\n"
                   "transactional = false\n"
                   "function upgrade(op)\n"
                   "  op.execute(\"CREATE INDEX CONCURRENTLY accounts_email ON "
                   "accounts (email)\")\nend\n"
                   "function downgrade(op)\n"
                   "  op.execute(\"DROP INDEX CONCURRENTLY accounts_email\")\nend\n"};
  auto m = OpenOrFail(db.Options(p, {Accounts(), index}));
  auto run = m->Upgrade("head");
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  CHECK(db.Versions() == Strings{"r2"});
  CHECK(db.Column("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                  "AND indexname = 'accounts_email'") == Strings{"accounts_email"});
  REQUIRE(m->Downgrade("r1").ok());
  CHECK(db.Versions() == Strings{"r1"});
}

TEST_CASE("CREATE INDEX CONCURRENTLY inside a transaction reports the server's error",
          "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile index{"002.lua",
                   "-- index emails\nrevision = \"r2\"\ndown_revision = \"r1\"\n"
                   "function upgrade(op)\n"
                   "  op.execute(\"CREATE INDEX CONCURRENTLY accounts_email ON "
                   "accounts (email)\")\nend\n"};
  auto m = OpenOrFail(db.Options(p, {Accounts(), index}));
  auto run = m->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  const Status& s = run.status();
  CHECK(s.revision() == "r2");
  CHECK(s.file() == "002.lua");
  CHECK(s.line() == 5);
  CHECK(s.sqlstate() == "25001");
  CHECK_THAT(s.message(), Catch::Contains("cannot run inside a transaction block"));
  CHECK_THAT(s.sql(), Catch::Contains("CREATE INDEX CONCURRENTLY"));
  CHECK(db.Versions() == Strings{"r1"});
}

TEST_CASE("a revision's lock_timeout makes a blocked migration fail with 55P03",
          "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile alter{"002.lua",
                   "-- add a column\nrevision = \"r2\"\ndown_revision = \"r1\"\n"
                   "lock_timeout = \"100ms\"\n"
                   "function upgrade(op)\n"
                   "  op.add_column(\"accounts\", { \"age\", \"integer\" })\nend\n"};
  auto m = OpenOrFail(db.Options(p, {Accounts(), alter}));
  REQUIRE(m->Upgrade("r1").ok());
  TableLock lock(db, "accounts");
  auto run = m->Upgrade("head");
  lock.Release();
  REQUIRE_FALSE(run.ok());
  const Status& s = run.status();
  CHECK(s.sqlstate() == "55P03");
  CHECK_THAT(s.message(), Catch::Contains("lock timeout"));
  CHECK(s.revision() == "r2");
  CHECK(s.file() == "002.lua");
  CHECK(db.Versions() == Strings{"r1"});
}

TEST_CASE("config lock_timeout applies to every migration", "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile alter{
      "002.lua",
      Script("r2", "r1", "op.add_column(\"accounts\", { \"age\", \"integer\" })", "")};
  auto options = db.Options(p, {Accounts(), alter});
  options.config.lock_timeout = std::chrono::milliseconds(100);
  auto m = OpenOrFail(std::move(options));
  REQUIRE(m->Upgrade("r1").ok());
  TableLock lock(db, "accounts");
  auto run = m->Upgrade("head");
  lock.Release();
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().sqlstate() == "55P03");
}

TEST_CASE("lock_retries retries a migration that failed on a lock, with a warning",
          "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile alter{"002.lua",
                   "-- add a column\nrevision = \"r2\"\ndown_revision = \"r1\"\n"
                   "lock_timeout = \"100ms\"\nlock_retries = 3\n"
                   "function upgrade(op)\n"
                   "  op.create_table(\"audit\", { { \"id\", \"integer\" } })\n"
                   "  op.add_column(\"accounts\", { \"age\", \"integer\" })\nend\n"};
  Events events;
  auto options = db.Options(p, {Accounts(), alter});
  options.events = &events;
  auto m = OpenOrFail(std::move(options));
  REQUIRE(m->Upgrade("r1").ok());
  TableLock lock(db, "accounts");
  events.on_warning = [&] { lock.Release(); };  // the blocker goes away after attempt 1
  auto run = m->Upgrade("head");
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  REQUIRE(events.warnings.size() == 1);
  CHECK_THAT(events.warnings[0],
             Catch::Contains("r2") && Catch::Contains("retry 1 of 3"));
  CHECK(db.Versions() == Strings{"r2"});
  CHECK(db.Tables() == Strings{"accounts", "audit"});  // attempt 1's audit rolled back
  CHECK(db.History() == Strings{"r1 upgrade", "r2 upgrade"});
}

TEST_CASE("with one transaction per run, lock_retries retries the whole run",
          "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile audit{"002.lua", Script("r2", "r1",
                                     "op.create_table(\"audit\", { { \"id\", "
                                     "\"integer\" } })",
                                     "")};
  ScriptFile alter{"003.lua",
                   "-- add a column\nrevision = \"r3\"\ndown_revision = \"r2\"\n"
                   "lock_timeout = \"100ms\"\n"
                   "function upgrade(op)\n"
                   "  op.add_column(\"accounts\", { \"age\", \"integer\" })\nend\n"};
  Events events;
  auto options = db.Options(p, {Accounts(), audit, alter});
  options.events = &events;
  options.config.transaction_per_migration = false;
  options.config.lock_retries = 1;
  auto m = OpenOrFail(std::move(options));
  REQUIRE(m->Upgrade("r1").ok());
  TableLock lock(db, "accounts");
  events.on_warning = [&] { lock.Release(); };
  auto run = m->Upgrade("head");
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  CHECK(events.warnings.size() == 1);
  CHECK(testing::StepIds(*run) == Strings{"r2", "r3"});
  CHECK(db.History() == Strings{"r1 upgrade", "r2 upgrade", "r3 upgrade"});
}

TEST_CASE("without lock_retries a lock failure is not retried", "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile alter{"002.lua",
                   "-- add a column\nrevision = \"r2\"\ndown_revision = \"r1\"\n"
                   "lock_timeout = 50\n"
                   "function upgrade(op)\n"
                   "  op.add_column(\"accounts\", { \"age\", \"integer\" })\nend\n"};
  Events events;
  auto options = db.Options(p, {Accounts(), alter});
  options.events = &events;
  auto m = OpenOrFail(std::move(options));
  REQUIRE(m->Upgrade("r1").ok());
  TableLock lock(db, "accounts");
  auto run = m->Upgrade("head");
  lock.Release();
  REQUIRE_FALSE(run.ok());
  CHECK(events.warnings.empty());
}

TEST_CASE("a transactional = false revision is not retried after a lock failure",
          "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile alter{"002.lua",
                   "-- add a column\nrevision = \"r2\"\ndown_revision = \"r1\"\n"
                   "transactional = false\nlock_timeout = \"100ms\"\nlock_retries = 3\n"
                   "function upgrade(op)\n"
                   "  op.add_column(\"accounts\", { \"age\", \"integer\" })\nend\n"};
  Events events;
  auto options = db.Options(p, {Accounts(), alter});
  options.events = &events;
  auto m = OpenOrFail(std::move(options));
  REQUIRE(m->Upgrade("r1").ok());
  TableLock lock(db, "accounts");
  auto run = m->Upgrade("head");
  lock.Release();
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().sqlstate() == "55P03");
  CHECK(events.warnings.empty());
  CHECK(db.Versions() == Strings{"r1"});
}

TEST_CASE("statement_timeout cancels a long statement", "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile slow{"002.lua",
                  "-- slow\nrevision = \"r2\"\ndown_revision = \"r1\"\n"
                  "statement_timeout = \"100ms\"\n"
                  "function upgrade(op)\n  op.execute(\"SELECT pg_sleep(30)\")\nend\n"};
  auto m = OpenOrFail(db.Options(p, {Accounts(), slow}));
  auto run = m->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().sqlstate() == "57014");
  CHECK(db.Versions() == Strings{"r1"});
}

// Each revision logs the lock_timeout its statements see.
ScriptFile ShowsLockTimeout(const std::string& file, const std::string& rev,
                            const std::string& down, const std::string& header,
                            const std::string& body = "") {
  return {file, "-- show\nrevision = \"" + rev +
                    "\"\ndown_revision = " + (down.empty() ? "nil" : "\"" + down + "\"") +
                    "\n" + header + "\nfunction upgrade(op)\n" + body +
                    "  op.log(op.query(\"SHOW lock_timeout\")[1].lock_timeout)\nend\n"};
}

TEST_CASE("timeouts are SET LOCAL: a revision's value does not leak into the next",
          "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  for (bool per_migration : {true, false}) {
    DYNAMIC_SECTION("transaction_per_migration = " << per_migration) {
      Events events;
      auto options = db.Options(
          p, {ShowsLockTimeout("001.lua", "r1", "", "lock_timeout = \"7s\""),
              ShowsLockTimeout("002.lua", "r2", "r1", ""),
              ShowsLockTimeout("003.lua", "r3", "r2", "lock_timeout = \"250ms\"")});
      options.events = &events;
      options.config.transaction_per_migration = per_migration;
      options.config.lock_timeout = std::chrono::milliseconds(2000);
      auto m = OpenOrFail(std::move(options));
      auto run = m->Upgrade("head");
      INFO(run.status().ToString());
      REQUIRE(run.ok());
      CHECK(events.logs == Strings{"r1 7s", "r2 2s", "r3 250ms"});
      CHECK(db.Column("SHOW lock_timeout") == Strings{"0"});
    }
  }
}

TEST_CASE("op.autocommit keeps the migration's limits and its transaction bookkeeping",
          "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile index = ShowsLockTimeout(
      "002.lua", "r2", "r1", "lock_timeout = \"3s\"",
      "  op.autocommit(function()\n"
      "    op.execute(\"CREATE INDEX CONCURRENTLY accounts_email ON accounts (email)\")\n"
      "    op.log(op.query(\"SHOW lock_timeout\")[1].lock_timeout)\n"
      "  end)\n"
      "  op.create_table(\"after\", { { \"id\", \"integer\" } })\n");
  Events events;
  auto options = db.Options(p, {Accounts(), index});
  options.events = &events;
  auto m = OpenOrFail(std::move(options));
  auto run = m->Upgrade("head");
  INFO(run.status().ToString());
  REQUIRE(run.ok());
  CHECK(events.logs == Strings{"r2 3s", "r2 3s"});
  CHECK(db.Versions() == Strings{"r2"});
  CHECK(db.Tables() == Strings{"accounts", "after"});
  CHECK(db.History() == Strings{"r1 upgrade", "r2 upgrade"});
}

TEST_CASE("a failure after op.autocommit rolls back the rest and the version row",
          "[runtime][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  ScriptFile index{"002.lua",
                   "-- index then fail\nrevision = \"r2\"\ndown_revision = \"r1\"\n"
                   "function upgrade(op)\n"
                   "  op.autocommit(function()\n"
                   "    op.execute(\"CREATE INDEX CONCURRENTLY accounts_email ON "
                   "accounts (email)\")\n"
                   "  end)\n"
                   "  op.create_table(\"after\", { { \"id\", \"integer\" } })\n"
                   "  error(\"boom\")\nend\n"};
  auto m = OpenOrFail(db.Options(p, {Accounts(), index}));
  auto run = m->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().line() == 9);
  CHECK(db.Versions() == Strings{"r1"});
  CHECK(db.Tables() == Strings{"accounts"});  // "after" rolled back; the index stays
  CHECK(db.History() == Strings{"r1 upgrade"});
}

}  // namespace
}  // namespace luamig
