// SPDX-License-Identifier: MIT
// Builds the Model that a list of create ops describes: what schema.lua
// declares (recorded through the op binding) becomes the desired schema.
#ifndef LUAMIG_SCHEMA_BUILDER_H_
#define LUAMIG_SCHEMA_BUILDER_H_

#include <functional>
#include <string>

#include "luamig/status.h"
#include "ops/op.h"
#include "schema/model.h"

namespace luamig::schema {

/// How portable values become one database's SQL text. The schema module
/// has no dialect of its own: the caller passes the dialect's functions.
struct Rendering {
  /// "string(50)" → "varchar(50)" (PostgreSQL) or "VARCHAR(50)" (SQLite).
  std::function<std::string(const ops::SqlType&)> type_name;
  /// A column's `default = …` value as an SQL literal.
  std::function<std::string(const ops::Value&)> literal;
};

class ModelBuilder {
 public:
  explicit ModelBuilder(Rendering rendering) : rendering_(std::move(rendering)) {}

  /// Adds what `op` declares: create_table, add_column, create_index, the
  /// create_*_constraint ops, create_enum, create_schema. Errors (kProject,
  /// a message for the line that made the call): any other op, a table,
  /// column, index or enum declared twice, an index or constraint on an
  /// undeclared table or column.
  Status Apply(const ops::Op& op);

  /// The model, canonicalised; a foreign key written without remote columns
  /// (`references = "players"`) points at the referenced table's primary key.
  Model Finish();

 private:
  Status CreateTable(const ops::CreateTable& op);
  Status AddColumn(Table& t, const ops::ColumnSpec& spec);
  Status AddConstraint(Table& t, const ops::ConstraintSpec& k);
  Result<Table*> Existing(const std::string& schema, const std::string& table);

  Rendering rendering_;
  Model model_;
};

}  // namespace luamig::schema

#endif  // LUAMIG_SCHEMA_BUILDER_H_
