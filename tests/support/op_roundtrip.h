// SPDX-License-Identifier: MIT
// Runs op scripts end to end through luamig::Migrator on SQLite (a file in a
// TempProject) or PostgreSQL (a fresh schema per fixture, from
// LUAMIG_TEST_PG_URL) and dumps the catalog before and after.
#ifndef LUAMIG_TESTS_SUPPORT_OP_ROUNDTRIP_H_
#define LUAMIG_TESTS_SUPPORT_OP_ROUNDTRIP_H_

#include <catch2/catch.hpp>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "db/sqlite_connection.h"
#include "luamig/luamig.h"
#include "support/backend_gate.h"
#include "support/catalog.h"
#include "support/memory_migrator.h"
#include "support/pg_open.h"
#include "support/temp_project.h"

namespace luamig::testing {

/// One database for one test: SQLite file or a PostgreSQL schema.
class OpsDb {
 public:
  /// SQLite in a temp project.
  static std::unique_ptr<OpsDb> Sqlite() {
    auto db = std::unique_ptr<OpsDb>(new OpsDb);
    db->dialect = "sqlite";
    db->url = db->project.SqliteUrl("ops.db");
    return db;
  }
  /// PostgreSQL in a fresh schema (fails the test without LUAMIG_TEST_PG_URL).
  static std::unique_ptr<OpsDb> Postgres() {
    std::string base = RequirePgUrl();
    auto db = std::unique_ptr<OpsDb>(new OpsDb);
    db->dialect = "postgresql";
    std::mt19937_64 rng{std::random_device{}()};
    db->schema = "luamig_ops_" + std::to_string(rng() % 1000000000000ULL);
    db->pg_base = base;
    auto conn = db->Connect();
    Status s = conn->Execute("CREATE SCHEMA " + db->schema, {});
    INFO(s.ToString());
    REQUIRE(s.ok());
    db->url = base + (base.find('?') == std::string::npos ? "?" : "&") +
              "options=-csearch_path%3D" + db->schema;
    return db;
  }
  ~OpsDb() {
    if (schema.empty()) return;
    auto conn = testing::OpenPg(pg_base);
    if (!conn.ok()) return;
    // Also the schemas create_schema tests made (named after this one).
    auto rows = (*conn)->Query(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 || '%'", {schema});
    if (!rows.ok()) return;
    for (const auto& r : rows->rows) {
      (void)(*conn)->Execute("DROP SCHEMA \"" + CellText(r[0]) + "\" CASCADE", {});
    }
  }

  /// A new connection to the test database (search_path set on PostgreSQL).
  std::unique_ptr<db::Connection> Connect() {
    if (dialect == "sqlite") {
      auto c =
          db::SqliteConnection::Open(project.Path("ops.db"), std::chrono::seconds(5));
      REQUIRE(c.ok());
      return std::move(c).value();
    }
    auto c = testing::OpenPg(url.empty() ? pg_base : url);
    INFO(c.status().ToString());
    REQUIRE(c.ok());
    return std::move(c).value();
  }

  CatalogLines Dump() {
    auto conn = Connect();
    return dialect == "sqlite" ? DumpSqliteCatalog(*conn) : DumpPgCatalog(*conn, schema);
  }

  std::vector<std::vector<std::string>> Rows(const std::string& sql) {
    auto conn = Connect();
    return TextRows(*conn, sql);
  }

  /// A Migrator over `scripts` (revision files) on this database.
  std::unique_ptr<Migrator> Open(std::vector<ScriptFile> scripts,
                                 EventSink* events = nullptr) {
    MigratorOptions o = MemoryOptions(project, std::move(scripts));
    o.url = url;
    o.events = events;
    return OpenOrFail(std::move(o));
  }

  /// Upgrades `setup` (revision s1, may be empty), then applies `up` as
  /// revision s2, downgrades s2 with `down` and requires the catalog to be
  /// exactly what it was before s2. Returns the catalog after s2's upgrade.
  CatalogLines RoundTrip(const std::string& setup, const std::string& up,
                         const std::string& down) {
    auto m = Open({{"001_setup.lua", Script("s1", "", setup, "")},
                   {"002_step.lua", Script("s2", "s1", up, down)}});
    auto first = m->Upgrade("s1");
    INFO(first.status().ToString());
    REQUIRE(first.ok());
    CatalogLines before = Dump();
    auto second = m->Upgrade("head");
    INFO(second.status().ToString());
    REQUIRE(second.ok());
    CatalogLines after = Dump();
    auto back = m->Downgrade("s1");
    INFO(back.status().ToString());
    REQUIRE(back.ok());
    CHECK(Dump() == before);
    return after;
  }

  /// Upgrades a one-revision history with `up` and returns the Status.
  Status Apply(const std::string& up, EventSink* events = nullptr) {
    auto m = Open({{"001_only.lua", Script("o1", "", up, "")}}, events);
    auto r = m->Upgrade("head");
    return r.ok() ? Status::Ok() : r.status();
  }

  std::string dialect;
  std::string url;
  std::string schema;  // PostgreSQL only
  std::string pg_base;
  TempProject project;

 private:
  OpsDb() = default;
};

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_OP_ROUNDTRIP_H_
