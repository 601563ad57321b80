// SPDX-License-Identifier: MIT
// backup_before_migrate and host-owned sqlite3* handles: a save file that a
// run fails on is left byte for byte as it was; the host's handle outlives
// the Migrator.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "api/embed_fixture.h"
#include "support/memory_migrator.h"

namespace luamig {
namespace {

using testing::FileBytes;
using testing::FiveRevisions;
using testing::MemoryOptions;
using testing::OpenOrFail;
using testing::SqliteRows;
using testing::SqliteVersions;
using testing::TempProject;
using Strings = std::vector<std::string>;

// A save the game wrote itself before it used luamig.
void WriteGameData(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "CREATE TABLE player(name TEXT, gold INTEGER);"
                       "INSERT INTO player VALUES ('ada', 50);",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

TEST_CASE("a failure at revision 3 of 5 leaves the save byte for byte as before",
          "[api][backup]") {
  bool already_at_r1 = GENERATE(false, true);
  TempProject p;
  const std::string db = p.Path("save.db");
  WriteGameData(db);
  if (already_at_r1)
    REQUIRE(OpenOrFail(MemoryOptions(p, FiveRevisions(), "save.db"))->Upgrade("r1").ok());
  const std::string before = FileBytes(db);
  REQUIRE_FALSE(before.empty());

  auto o = MemoryOptions(p, FiveRevisions(/*fail_at_3=*/true), "save.db");
  o.backup_before_migrate = true;
  auto m = OpenOrFail(std::move(o));
  auto run = m->Upgrade("head");
  REQUIRE_FALSE(run.ok());
  CHECK(run.status().revision() == "r3");
  CHECK(FileBytes(db) == before);
  CHECK_FALSE(std::filesystem::exists(db + ".luamig-backup"));
  // The Migrator's own connection sees the restored file, not a stale cache.
  auto current = m->Current();
  INFO(current.status().ToString());
  REQUIRE(current.ok());
  CHECK(current->size() == (already_at_r1 ? 1u : 0u));
  CHECK(SqliteRows(db, "SELECT gold FROM player") == std::vector<Strings>{{"50"}});
}

TEST_CASE("without the backup the same failure keeps r1 and r2", "[api][backup]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, FiveRevisions(true), "save.db"));
  REQUIRE_FALSE(m->Upgrade("head").ok());
  CHECK(SqliteVersions(p.Path("save.db")) == Strings{"r2"});
}

TEST_CASE("a successful run removes the backup unless asked to keep it",
          "[api][backup]") {
  bool keep = GENERATE(false, true);
  TempProject p;
  auto o = MemoryOptions(p, FiveRevisions(), "save.db");
  o.backup_before_migrate = true;
  o.keep_backup = keep;
  auto m = OpenOrFail(std::move(o));
  REQUIRE(m->Upgrade("head").ok());
  CHECK(SqliteVersions(p.Path("save.db")) == Strings{"r5"});
  CHECK(std::filesystem::exists(p.Path("save.db.luamig-backup")) == keep);
}

TEST_CASE("aborting a step-wise run with a backup restores the file", "[api][backup]") {
  TempProject p;
  const std::string db = p.Path("save.db");
  WriteGameData(db);
  const std::string before = FileBytes(db);
  auto o = MemoryOptions(p, FiveRevisions(), "save.db");
  o.backup_before_migrate = true;
  auto m = OpenOrFail(std::move(o));
  auto run = m->BeginUpgrade("head");
  REQUIRE(run.ok());
  REQUIRE((*run)->Step().ok());
  REQUIRE((*run)->Step().ok());
  REQUIRE((*run)->Abort().ok());
  CHECK(FileBytes(db) == before);
}

TEST_CASE("backup_before_migrate is refused for databases that are not SQLite files",
          "[api][backup]") {
  TempProject p;
  auto o = MemoryOptions(p, FiveRevisions());
  o.backup_before_migrate = true;
  o.url = GENERATE(std::string("sqlite://:memory:"),
                   std::string("postgresql://user:secret@localhost/db"));
  auto m = Migrator::Open(std::move(o));
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().code() == StatusCode::kUsage);
  CHECK(m.status().message().find("secret") == std::string::npos);
}

TEST_CASE("a host-owned sqlite3 handle stays open and usable after the Migrator",
          "[api][handle]") {
  bool backup = GENERATE(false, true);
  TempProject p;
  const std::string path = p.Path("host.db");
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  {
    MigratorOptions o;
    o.scripts = std::shared_ptr<ScriptSource>(NewMemorySource(FiveRevisions(backup)));
    o.sqlite_handle = db;
    o.backup_before_migrate = backup;
    auto m = OpenOrFail(std::move(o));
    auto run = m->Upgrade("head");
    CHECK(run.ok() == !backup);
    CHECK(m->DatabaseDescription() == "sqlite:///" + path);
  }
  // Still open: the host reads and writes through it, and can close it
  // (sqlite3_close, not _v2: it fails if luamig left a statement open).
  CHECK(sqlite3_exec(db, "CREATE TABLE host_owned(x); INSERT INTO host_owned VALUES (1)",
                     nullptr, nullptr, nullptr) == SQLITE_OK);
  CHECK(SqliteRows(path, "SELECT count(*) FROM sqlite_master WHERE name = 't5'") ==
        std::vector<Strings>{{backup ? "0" : "1"}});
  CHECK(sqlite3_get_autocommit(db) != 0);
  CHECK(sqlite3_close(db) == SQLITE_OK);
}

}  // namespace
}  // namespace luamig
