// SPDX-License-Identifier: MIT
// Column, constraint and index descriptions shared by schema ops.
#ifndef LUAMIG_OPS_COLUMN_H_
#define LUAMIG_OPS_COLUMN_H_

#include <optional>
#include <string>
#include <vector>

#include "ops/sql_type.h"
#include "ops/value.h"

namespace luamig::ops {

/// `{ "name", "type", primary_key = true, nullable = false, default = 0 }`.
struct ColumnSpec {
  std::string name;
  SqlType type;
  bool primary_key = false;
  bool nullable = true;  ///< primary-key columns are always NOT NULL
  bool unique = false;
  std::optional<Value> default_value;  ///< rendered as a literal
  /// Rendered as an SQL expression, verbatim (`server_default = "now()"`,
  /// or `default = op.sql("now()")`). Raw SQL by design.
  std::optional<std::string> server_default;
  /// `references = "table.column"` (or "table" for its primary key).
  std::optional<std::string> references;
  /// Column comment (PostgreSQL; SQLite has none and ignores it).
  std::optional<std::string> comment;
};

/// The kinds of table constraint luamig creates and drops.
enum class ConstraintKind { kPrimaryKey, kUnique, kForeignKey, kCheck };

/// "primary_key", "unique", "foreign_key", "check" (the Lua spelling).
const char* ConstraintKindName(ConstraintKind kind);

/// A table constraint: in create_table's `constraints` or from
/// create_primary_key / create_unique_constraint / create_foreign_key /
/// create_check_constraint.
struct ConstraintSpec {
  ConstraintKind kind = ConstraintKind::kUnique;
  std::string name;                         ///< empty: the database names it
  std::vector<std::string> columns;         ///< primary key, unique, foreign key (local)
  std::string condition;                    ///< check: raw SQL boolean expression
  std::string referent_schema;              ///< foreign key: referenced table's schema
  std::string referent;                     ///< foreign key: referenced table
  std::vector<std::string> remote_columns;  ///< foreign key: referenced columns
  std::string
      on_delete;  ///< "", "cascade", "restrict", "set null", "set default", "no action"
  std::string on_update;           ///< same vocabulary as on_delete
  std::optional<bool> deferrable;  ///< DEFERRABLE / NOT DEFERRABLE
  std::string initially;           ///< "", "deferred", "immediate"
};

/// One entry of create_index's column list: a column name (quoted) or an SQL
/// expression (`{ expr = "lower(name)" }` or `op.sql("lower(name)")`, raw SQL).
struct IndexColumn {
  std::string text;
  bool expression = false;
  bool operator==(const IndexColumn& o) const {
    return text == o.text && expression == o.expression;
  }
};

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_COLUMN_H_
