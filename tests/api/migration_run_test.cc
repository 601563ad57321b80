// SPDX-License-Identifier: MIT
// Step-wise runs (Migrator::BeginUpgrade / MigrationRun) as a game loop
// drives them: one Step() per frame.
#include "luamig/migration_run.h"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "api/embed_fixture.h"
#include "support/memory_migrator.h"

namespace luamig {
namespace {

using testing::DatabaseState;
using testing::FiveRevisions;
using testing::MemoryOptions;
using testing::OpenOrFail;
using testing::RecordingEvents;
using testing::SqliteVersions;
using testing::StepIds;
using testing::TempProject;
using Strings = std::vector<std::string>;

TEST_CASE("one step per frame reaches the same state as a one-shot upgrade",
          "[api][run]") {
  bool per_migration = GENERATE(true, false);
  TempProject p;
  auto stepped_opts = MemoryOptions(p, FiveRevisions(), "stepped.db");
  auto oneshot_opts = MemoryOptions(p, FiveRevisions(), "oneshot.db");
  stepped_opts.config.transaction_per_migration = per_migration;
  oneshot_opts.config.transaction_per_migration = per_migration;
  RecordingEvents events;
  stepped_opts.events = &events;
  auto stepped = OpenOrFail(std::move(stepped_opts));
  auto oneshot = OpenOrFail(std::move(oneshot_opts));

  auto run = stepped->BeginUpgrade("head");
  REQUIRE(run.ok());
  CHECK((*run)->progress().done == 0);
  CHECK((*run)->progress().total == 5);
  std::vector<size_t> done_per_frame;
  for (int frame = 0; frame < 100; ++frame) {
    Result<bool> more = (*run)->Step();
    REQUIRE(more.ok());
    done_per_frame.push_back((*run)->progress().done);
    if (!*more) break;
  }
  CHECK(done_per_frame == std::vector<size_t>{1, 2, 3, 4, 5});
  auto result = (*run)->Finish();
  REQUIRE(result.ok());
  CHECK(StepIds(*result) == Strings{"r1", "r2", "r3", "r4", "r5"});
  CHECK(result->heads_after == Strings{"r5"});
  CHECK(events.lines.front() == "plan r1,r2,r3,r4,r5");
  CHECK(events.lines.back() == "finish r5");

  REQUIRE(oneshot->Upgrade("head").ok());
  CHECK(DatabaseState(p.Path("stepped.db")) == DatabaseState(p.Path("oneshot.db")));
  CHECK(DatabaseState(p.Path("stepped.db")).back() == "history rows 5");
}

TEST_CASE("a run refuses other runs of its Migrator until it ends", "[api][run]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, FiveRevisions()));
  auto run = m->BeginUpgrade("head");
  REQUIRE(run.ok());
  auto second = m->Upgrade("head");
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == StatusCode::kUsage);
  REQUIRE((*run)->Finish().ok());
  run->reset();
  CHECK(m->Upgrade("head").ok());
}

TEST_CASE("abort keeps the committed per-migration steps and frees the Migrator",
          "[api][run]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, FiveRevisions()));
  auto run = m->BeginUpgrade("head");
  REQUIRE(run.ok());
  REQUIRE((*run)->Step().ok());
  REQUIRE((*run)->Step().ok());
  CHECK((*run)->Abort().ok());
  CHECK((*run)->Abort().ok());  // idempotent
  CHECK(SqliteVersions(p.Path("app.db")) == Strings{"r2"});
  run->reset();
  auto pending = m->Pending();
  REQUIRE(pending.ok());
  CHECK(pending->size() == 3);
}

TEST_CASE("abort in whole-run mode rolls the whole run back", "[api][run]") {
  TempProject p;
  auto o = MemoryOptions(p, FiveRevisions());
  o.config.transaction_per_migration = false;
  auto m = OpenOrFail(std::move(o));
  {
    auto run = m->BeginUpgrade("head");
    REQUIRE(run.ok());
    REQUIRE((*run)->Step().ok());
    REQUIRE((*run)->Step().ok());
    // destroyed without Finish(): aborts
  }
  CHECK(SqliteVersions(p.Path("app.db")).empty());
  CHECK(m->Pending()->size() == 5);
}

TEST_CASE("a failing step ends the run and every later call reports it", "[api][run]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, FiveRevisions(/*fail_at_3=*/true)));
  auto run = m->BeginUpgrade("head");
  REQUIRE(run.ok());
  REQUIRE((*run)->Step().ok());
  REQUIRE((*run)->Step().ok());
  Result<bool> third = (*run)->Step();
  REQUIRE_FALSE(third.ok());
  CHECK(third.status().revision() == "r3");
  CHECK((*run)->Step().status().revision() == "r3");
  CHECK((*run)->Finish().status().revision() == "r3");
  CHECK(SqliteVersions(p.Path("app.db")) == Strings{"r2"});
}

TEST_CASE("pending lists what upgrade would apply, without creating the file",
          "[api][run]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, FiveRevisions()));
  auto all = m->Pending("head");
  REQUIRE(all.ok());
  Strings ids;
  for (const auto& r : *all) ids.push_back(r.id);
  CHECK(ids == Strings{"r1", "r2", "r3", "r4", "r5"});
  CHECK_FALSE(std::filesystem::exists(p.Path("app.db")));
  REQUIRE(m->Upgrade("r2").ok());
  ids.clear();
  auto rest = m->Pending();
  REQUIRE(rest.ok());
  for (const auto& r : *rest) ids.push_back(r.id);
  CHECK(ids == Strings{"r3", "r4", "r5"});
  REQUIRE(m->Upgrade("heads").ok());
  CHECK(m->Pending()->empty());
}

TEST_CASE(
    "with a step budget, a frame's Step() returns while another connection holds "
    "the save's write lock, and the run goes on when it lets go",
    "[api][run][budget]") {
  TempProject p;
  auto options = MemoryOptions(p, FiveRevisions());
  options.step_budget = std::chrono::milliseconds(20);
  options.lock_timeout = std::chrono::milliseconds(60'000);
  auto m = OpenOrFail(std::move(options));
  auto run = m->BeginUpgrade("head");
  REQUIRE(run.ok());
  REQUIRE((*run)->Step().ok());
  CHECK((*run)->progress().done == 1);
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(p.Path("app.db").c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  for (int frame = 0; frame < 3; ++frame) {
    Result<bool> more = (*run)->Step();
    REQUIRE(more.ok());
    CHECK(*more);
    CHECK((*run)->progress().waiting);
    CHECK((*run)->progress().done == 1);
  }
  REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_close(other) == SQLITE_OK);
  REQUIRE((*run)->Step().ok());
  CHECK_FALSE((*run)->progress().waiting);
  CHECK((*run)->progress().done == 2);
  auto result = (*run)->Finish();
  REQUIRE(result.ok());
  CHECK(SqliteVersions(p.Path("app.db")) == Strings{"r5"});
}

}  // namespace
}  // namespace luamig
