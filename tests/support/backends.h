// SPDX-License-Identifier: MIT
// The same test on every backend: a SQLite file, and PostgreSQL (scripts/test.sh
// starts a throwaway server). A case tagged [backends] runs once per backend,
// each as its own ctest entry (support/backend_gate.h).
//
//   TEST_CASE("…", "[runtime][backends]") {
//     TempProject p;
//     TestDatabase db(LUAMIG_BACKEND(), p);
//     auto m = OpenOrFail(db.Options(p, scripts));
//     CHECK(db.Tables() == Strings{"t1"});
//
// Each PostgreSQL TestDatabase is a schema of its own (dropped at the end),
// selected with search_path in the URL, so tests and test processes running
// at once never see each other's tables or version rows.
#ifndef LUAMIG_TESTS_SUPPORT_BACKENDS_H_
#define LUAMIG_TESTS_SUPPORT_BACKENDS_H_

#include <catch2/catch.hpp>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "db/open.h"
#include "luamig/luamig.h"
#include "support/backend_gate.h"
#include "support/temp_project.h"
#include "util/url.h"

namespace luamig::testing {

/// Takes the PostgreSQL run lock for `key` on `conn` without waiting (for a
/// test's "other runner"). Not for SQLite, whose connection keeps the waiter.
inline Status TakeRunLock(db::Connection& conn, const std::string& key) {
  db::TimedLockWaiter at_once(util::Clock::Real(), std::chrono::milliseconds(0), nullptr);
  return conn.AcquireRunLock(key, at_once);
}

inline std::string RandomName(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string out = prefix;
  uint64_t n = rng();
  for (int i = 0; i < 12; ++i, n >>= 4) out += kHex[n & 15];
  return out;
}

/// `url` with `options=-csearch_path=<schema>` added to its query.
inline std::string WithSearchPath(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") +
         "options=-csearch_path%3D" + schema;
}

/// One database for one test: a SQLite file in the project, or a fresh
/// PostgreSQL schema.
class TestDatabase {
 public:
  TestDatabase(const std::string& backend, const TempProject& project)
      : backend_(backend) {
    if (backend == "sqlite") {
      url_ = project.SqliteUrl("app.db");
      return;
    }
    const std::string server = RequirePgUrl();
    schema_ = RandomName("luamig_t_");
    Admin("CREATE SCHEMA " + schema_);
    url_ = WithSearchPath(server, schema_);
  }
  ~TestDatabase() {
    probe_.reset();
    if (!schema_.empty()) Admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE", false);
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  bool is_postgres() const { return backend_ == "postgresql"; }
  const std::string& backend() const { return backend_; }
  /// The URL a Migrator or the binary uses for this database.
  const std::string& url() const { return url_; }
  /// The PostgreSQL schema ("" on SQLite).
  const std::string& schema() const { return schema_; }

  /// Migrator options over in-memory `scripts` for this database.
  MigratorOptions Options(const TempProject& project,
                          std::vector<ScriptFile> scripts) const {
    MigratorOptions o;
    o.config.project_dir = project.Path();
    o.url = url_;
    o.scripts = std::shared_ptr<ScriptSource>(NewMemorySource(std::move(scripts)));
    return o;
  }

  /// Rows of `sql` on a connection of the test's own; FAILs on error.
  ops::Rows Query(const std::string& sql, const std::vector<ops::Value>& params = {}) {
    auto rows = Probe().Query(sql, params);
    INFO(rows.status().ToString());
    REQUIRE(rows.ok());
    return std::move(rows).value();
  }
  /// Single text column of `sql`, cells rendered as text.
  std::vector<std::string> Column(const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : Query(sql).rows) out.push_back(Text(row.at(0)));
    return out;
  }
  /// User tables (not luamig's own), sorted.
  std::vector<std::string> Tables() {
    return Column(
        is_postgres()
            ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
              "AND tablename NOT IN ('luamig_version', 'luamig_history') ORDER BY 1"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
              "LIKE 'sqlite_%' AND name NOT IN ('luamig_version', "
              "'luamig_history') ORDER BY 1");
  }
  /// Whether luamig's table `name` exists.
  bool HasTable(const std::string& name) {
    return !Column(is_postgres()
                       ? "SELECT tablename FROM pg_tables WHERE schemaname = "
                         "current_schema() AND tablename = '" +
                             name + "'"
                       : "SELECT name FROM sqlite_master WHERE name = '" + name + "'")
                .empty();
  }
  /// The version table's rows, sorted (empty when it does not exist).
  std::vector<std::string> Versions() {
    if (!HasTable("luamig_version")) return {};
    return Column("SELECT version_num FROM luamig_version ORDER BY 1");
  }
  /// "revision direction" per history row, in the order written.
  std::vector<std::string> History() {
    if (!HasTable("luamig_history")) return {};
    std::vector<std::string> out;
    for (const auto& row :
         Query("SELECT revision, direction FROM luamig_history ORDER BY id").rows) {
      out.push_back(Text(row.at(0)) + " " + Text(row.at(1)));
    }
    return out;
  }
  /// A second session on this database (for locks held by "someone else").
  std::unique_ptr<db::Connection> Connect() const {
    auto parsed = util::ParseDatabaseUrl(url_);
    REQUIRE(parsed.ok());
    auto conn = db::OpenConnection(*parsed, std::chrono::milliseconds(5000));
    INFO(conn.status().ToString());
    REQUIRE(conn.ok());
    return std::move(conn).value();
  }

  static std::string Text(const ops::Value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
    if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    return "NULL";
  }

 private:
  db::Connection& Probe() {
    if (!probe_) probe_ = Connect();
    return *probe_;
  }
  static void Admin(const std::string& sql, bool require = true) {
    auto parsed = util::ParseDatabaseUrl(PgTestUrl());
    if (!parsed.ok()) return;
    auto conn = db::OpenConnection(*parsed, std::chrono::milliseconds(5000));
    Status s = conn.ok() ? (*conn)->Execute(sql, {}) : conn.status();
    if (require) {
      INFO(s.ToString());
      REQUIRE(s.ok());
    }
  }

  std::string backend_;
  std::string url_;
  std::string schema_;
  std::unique_ptr<db::Connection> probe_;
};

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_BACKENDS_H_
