// SPDX-License-Identifier: MIT
// Table, column, index, constraint, schema and enum operations as plain data.
// Names are identifiers (always quoted when rendered); fields documented as
// "raw SQL" are expressions sent as written.
#ifndef LUAMIG_OPS_SCHEMA_OPS_H_
#define LUAMIG_OPS_SCHEMA_OPS_H_

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ops/column.h"

namespace luamig::ops {

struct CreateTable {
  std::string table;
  std::vector<ColumnSpec> columns;
  bool if_not_exists = false;
  std::string schema;  ///< "" = the connection's default schema
  std::vector<ConstraintSpec> constraints;
};

struct DropTable {
  std::string table;
  bool if_exists = false;
  std::string schema;
};

struct RenameTable {
  std::string table;
  std::string new_name;
  std::string schema;
};

struct AddColumn {
  std::string table;
  ColumnSpec column;
  std::string schema;
};

struct DropColumn {
  std::string table;
  std::string column;
  std::string schema;
};

/// A server default change: keep, set to an SQL expression, or drop.
struct DefaultChange {
  enum Kind { kKeep, kSet, kDrop } kind = kKeep;
  std::string expression;  ///< kSet: raw SQL
  bool operator==(const DefaultChange& o) const {
    return kind == o.kind && expression == o.expression;
  }
};

/// `op.alter_column(table, column, { type=, using=, nullable=, server_default=,
/// new_name=, comment=, existing_* })`. The existing_* fields describe the
/// column before the change; they make the op reversible.
struct AlterColumn {
  std::string table;
  std::string column;
  std::string schema;
  std::optional<SqlType> type;
  std::string using_expr;  ///< PostgreSQL `USING`: raw SQL
  std::optional<bool> nullable;
  DefaultChange server_default;
  std::string new_name;
  std::optional<std::optional<std::string>> comment;  ///< set (value) or clear (nullopt)
  std::optional<SqlType> existing_type;
  std::optional<bool> existing_nullable;
  /// The default before the change: a value = that expression; nullopt inside = none.
  std::optional<std::optional<std::string>> existing_server_default;
  std::optional<std::optional<std::string>> existing_comment;
};

struct CreateIndex {
  std::string name;
  std::string table;
  std::vector<IndexColumn> columns;
  bool unique = false;
  bool if_not_exists = false;
  std::string where;          ///< partial index predicate: raw SQL
  bool concurrently = false;  ///< PostgreSQL only; ignored elsewhere
  std::string schema;
};

struct DropIndex {
  std::string name;
  std::string table;  ///< informational; not every dialect needs it
  bool if_exists = false;
  bool concurrently = false;
  std::string schema;
};

/// create_primary_key / create_unique_constraint / create_foreign_key /
/// create_check_constraint (the constraint's kind picks the op name).
struct AddConstraint {
  std::string table;
  ConstraintSpec constraint;
  std::string schema;
};

struct DropConstraint {
  std::string name;
  std::string table;
  std::optional<ConstraintKind> type;  ///< `type_`; needed by SQLite batch mode
  bool if_exists = false;
  std::string schema;
};

struct CreateSchema {
  std::string name;
  bool if_not_exists = false;
};

struct DropSchema {
  std::string name;
  bool if_exists = false;
  bool cascade = false;
};

struct CreateEnum {
  std::string name;
  std::vector<std::string> values;
  bool if_not_exists = false;
  std::string schema;
};

struct DropEnum {
  std::string name;
  bool if_exists = false;
  std::string schema;
};

struct AddEnumValue {
  std::string name;
  std::string value;
  bool if_not_exists = false;
  std::string before;  ///< at most one of before/after
  std::string after;
  std::string schema;
};

/// The ops allowed inside batch_alter_table (their table/schema are the batch's).
using BatchOp = std::variant<AddColumn, DropColumn, AlterColumn, CreateIndex, DropIndex,
                             AddConstraint, DropConstraint>;

/// `op.batch_alter_table(table, function(batch) … end)`: SQLite recreates the
/// table once for all `ops`; other dialects render each op as a plain ALTER.
struct BatchAlterTable {
  std::string table;
  std::string schema;
  std::vector<BatchOp> ops;
};

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_SCHEMA_OPS_H_
