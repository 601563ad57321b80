// SPDX-License-Identifier: MIT
// Schema snapshots: what a database's catalog holds, as a value, and how two
// of them differ. `luamig test` compares snapshots taken before an upgrade
// and after its downgrade; a converted project is verified by comparing the
// database each tool builds.
//
//   auto a = luamig::ReflectSchema("sqlite:///built_by_luamig.db");
//   auto b = luamig::ReflectSchema("sqlite:///built_by_alembic.db", options);
//   for (const auto& d : luamig::CompareSchemas(*a, *b))
//     std::cout << d.Describe() << "\n";
#ifndef LUAMIG_SCHEMA_H_
#define LUAMIG_SCHEMA_H_

#include <memory>
#include <string>
#include <vector>

#include "luamig/status.h"

namespace luamig {

/// Which part of a database ReflectSchema reads.
struct ReflectOptions {
  /// PostgreSQL: schemas to read besides the connection's default one
  /// (current_schema()). Default none. SQLite always reads its main database.
  std::vector<std::string> schemas;
  /// PostgreSQL: read every schema except the system's. Default false.
  bool all_schemas = false;
  /// Tables left out, with their indexes, constraints and triggers: names,
  /// or patterns where `*` matches any run of characters. Default: luamig's
  /// own bookkeeping tables.
  std::vector<std::string> exclude_tables = {"luamig_version", "luamig_history"};
};

/// One difference between two schemas, "expected" and "actual".
struct SchemaDifference {
  enum Kind {
    kAdded,    ///< only in actual
    kRemoved,  ///< only in expected
    kChanged,  ///< in both, differently
  };
  Kind kind = kAdded;
  /// What it is: "table players", "column players.nick (text)",
  /// "index ix_players_name on players (name)", "view best".
  std::string object;
  /// kChanged: "expected → actual", e.g. "default 0 → none".
  std::string detail;

  /// "extra index ix_players_name on players (name)", "missing column
  /// players.nick (text)", "column players.score differs: default 0 → none".
  std::string Describe() const;
};

/// A database schema as read from its catalog: tables (columns with types,
/// nullability, defaults, identity; primary, unique, check and foreign-key
/// constraints; indexes; comments), PostgreSQL schemas and enums, and the
/// objects luamig does not model in detail (views, triggers, functions,
/// policies, sequences no column owns), by name and definition. An
/// immutable value, cheap to copy and safe to share between threads.
class SchemaSnapshot {
 public:
  SchemaSnapshot();  ///< an empty schema
  ~SchemaSnapshot();
  SchemaSnapshot(const SchemaSnapshot&);
  SchemaSnapshot& operator=(const SchemaSnapshot&);

  /// "sqlite" or "postgresql" ("" for an empty snapshot).
  const std::string& dialect() const;
  /// One line per object, nested lines indented (stable: for logs and diffs).
  std::string ToText() const;
  /// No tables, enums, schemas or other objects.
  bool empty() const;

  struct Impl;
  explicit SchemaSnapshot(std::shared_ptr<const Impl> impl);
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

/// One difference `revision --autogenerate` or `check` found between the
/// database and the schema file.
struct SchemaChange {
  /// What the upgrade does about it: "add column players.rank (integer)",
  /// "drop table old_scores (DESTRUCTIVE)", "alter column players.score:
  /// default 0 → none".
  std::string description;
  /// The upgrade drops a table or column, and the data in it.
  bool destructive = false;
  /// A drop and an add that may be a rename, with the op line to use instead.
  std::string hint;
  /// False when no op expresses the change (it is reported, not written).
  bool generated = true;
};

/// Differences between the schema file and the database, as `check` reports
/// them (Alembic's `check`: what autogenerate would write).
struct DriftReport {
  /// The schema file compared; "" when there is none (nothing is compared,
  /// and ok() holds).
  std::string schema_file;
  /// The database is at the head revisions. When it is not, nothing is
  /// compared and ok() is false ("Target database is not up to date").
  bool up_to_date = true;
  std::vector<SchemaChange> differences;
  std::vector<std::string> ignored;
  bool ok() const { return up_to_date && differences.empty(); }
};

/// Reads the schema of the database `url` names (SQLAlchemy-style URL, as
/// everywhere in luamig). Relative sqlite:/// paths are taken from the
/// current directory; a SQLite file that does not exist is an error and is
/// not created. Read-only. Errors: kUsage (malformed URL, missing file),
/// kDatabase (cannot connect, a catalog query fails).
Result<SchemaSnapshot> ReflectSchema(const std::string& url,
                                     const ReflectOptions& options = {});

/// Every difference between `expected` and `actual`, names of constraints
/// and indexes included (both come from the same kind of database), in the
/// order an upgrade from `expected` to `actual` would make them.
/// Empty when they are the same. Types, defaults and conditions compare by
/// canonical form ("int4" = "integer", "'a'::text" = "'a'").
std::vector<SchemaDifference> CompareSchemas(const SchemaSnapshot& expected,
                                             const SchemaSnapshot& actual);

}  // namespace luamig

#endif  // LUAMIG_SCHEMA_H_
