// SPDX-License-Identifier: MIT
// SQLite's move-and-copy recreate for batch_alter_table, as a plan of
// statements built from the table's catalog (the dialect never queries).
//
// The plan follows SQLite's documented 12-step procedure
// (https://www.sqlite.org/lang_altertable.html#otheralter):
//   CREATE TABLE _luamig_tmp_t (…new definition…)
//   INSERT INTO _luamig_tmp_t (cols) SELECT exprs FROM t   -- CAST on a type change
//   DROP TABLE t
//   PRAGMA legacy_alter_table = ON     -- views naming t are not re-checked
//   ALTER TABLE _luamig_tmp_t RENAME TO t
//   PRAGMA legacy_alter_table = OFF
//   CREATE INDEX … / CREATE TRIGGER …  -- the old ones, verbatim
//   ALTER TABLE t RENAME COLUMN a TO b -- SQLite rewrites indexes, triggers, checks
//   CREATE INDEX …                     -- batch.create_index
//
// Foreign keys: with enforcement on, DROP TABLE t runs an implicit DELETE
// that fires the ON DELETE actions of tables referencing t, and renames
// rewrite their REFERENCES clauses. PRAGMA foreign_keys cannot change inside
// a transaction, so when t is referenced and enforcement is on, the runtime
// runs this plan in a transaction of its own with enforcement off and
// PRAGMA foreign_key_check before committing (see runtime/executor.h);
// otherwise the plan runs inside the migration's transaction.
//
// What the new table keeps: every column (name, declared type, NOT NULL,
// DEFAULT, PRIMARY KEY/AUTOINCREMENT) and every other column or table
// constraint clause as written in the original CREATE TABLE (UNIQUE, CHECK,
// REFERENCES, COLLATE, named constraints), indexes made by CREATE INDEX,
// triggers, and WITHOUT ROWID/STRICT. Indexes on a dropped column are dropped
// with it. Constraints are dropped by name, except the primary key, which
// drop_constraint with type_ = "primary" removes whatever its name (SQLite
// keys are usually unnamed); create_primary_key replaces the existing key.
// A dropped column must not be named by a kept constraint (drop that first).
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
