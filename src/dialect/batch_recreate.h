// SQLite's move-and-copy recreate for batch_alter_table, as a plan of
// statements built from the table's catalog (the dialect never queries).
//
// The plan (all inside the migration's transaction):
//   PRAGMA legacy_alter_table = ON
//   ALTER TABLE t RENAME TO _luamig_old_t   -- child tables keep naming "t"
//   CREATE TABLE t (…new definition…)
//   INSERT INTO t (cols) SELECT exprs FROM _luamig_old_t
//   DROP TABLE _luamig_old_t                -- no child references it: no cascades
//   PRAGMA legacy_alter_table = OFF
//   CREATE INDEX … / CREATE TRIGGER …       -- the old ones, verbatim
//   ALTER TABLE t RENAME COLUMN a TO b      -- SQLite rewrites indexes, triggers, checks
//   CREATE INDEX …                          -- batch.create_index
//
// This differs from SQLite's documented 12-step order (create new, copy,
// drop old, rename new) on purpose: PRAGMA foreign_keys cannot be switched
// off inside a transaction, and with enforcement on, dropping the old "t"
// would run its implicit DELETE and fire ON DELETE actions of child tables.
// Renaming "t" away first under legacy_alter_table leaves the children
// pointing at the name "t", which the new table takes.
//
// What the new table keeps: every column (name, declared type, NOT NULL,
// DEFAULT, PRIMARY KEY/AUTOINCREMENT) and every other column or table
// constraint clause as written in the original CREATE TABLE (UNIQUE, CHECK,
// REFERENCES, COLLATE, named constraints), indexes made by CREATE INDEX,
// triggers, and WITHOUT ROWID/STRICT. Indexes on a dropped column are dropped
// with it. Constraints can be dropped by name only.
#ifndef LUAMIG_DIALECT_BATCH_RECREATE_H_
#define LUAMIG_DIALECT_BATCH_RECREATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "dialect/dialect.h"
#include "luamig/status.h"
#include "ops/schema_ops.h"
#include "ops/table_info.h"

namespace luamig::dialect {

/// A column of a parsed CREATE TABLE.
struct ParsedColumn {
  std::string name;
  bool inline_primary_key = false;
  bool autoincrement = false;
  /// Column constraint clauses other than NOT NULL/NULL/DEFAULT/PRIMARY KEY,
  /// as written ("UNIQUE", "CONSTRAINT ck CHECK (a > 0)", "REFERENCES p (id)").
  std::vector<std::string> clauses;
};

/// A table-level constraint of a parsed CREATE TABLE.
struct ParsedConstraint {
  std::string name;  ///< "" when unnamed
  std::string text;  ///< as written
  bool primary_key = false;
};

struct ParsedTable {
  std::vector<ParsedColumn> columns;
  std::vector<ParsedConstraint> constraints;
  std::string options;  ///< after the column list ("WITHOUT ROWID", "STRICT")
};

/// Splits a SQLite CREATE TABLE statement into columns and constraints,
/// respecting quotes, brackets, comments and nested parentheses.
ParsedTable ParseCreateTable(std::string_view sql);

/// The recreate plan for `op` on `table` (exists; SQLite catalog). Errors
/// (kMigration) name a missing column, index or constraint.
Result<std::vector<std::string>> SqliteRecreatePlan(const Dialect& dialect,
                                                    const ops::BatchAlterTable& op,
                                                    const ops::TableInfo& table);

}  // namespace luamig::dialect

#endif  // LUAMIG_DIALECT_BATCH_RECREATE_H_
