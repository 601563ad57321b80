// SPDX-License-Identifier: MIT
// A database schema as plain values: what reflection reads from a live
// catalog and what schema.lua declares, in one shape so the two compare.
// No SQL is run here and no Lua is read; see reflect/ and lua/schema_file.h.
#ifndef LUAMIG_SCHEMA_MODEL_H_
#define LUAMIG_SCHEMA_MODEL_H_

#include <optional>
#include <string>
#include <vector>

#include "ops/column.h"

namespace luamig::schema {

/// An empty constraint of `kind`.
inline ops::ConstraintSpec KeyOf(ops::ConstraintKind kind) {
  ops::ConstraintSpec k;
  k.kind = kind;
  return k;
}

struct Column {
  std::string name;
  /// The type as the database would spell it, canonicalised by
  /// CanonicalType ("integer", "varchar(50)", "serial", "timestamptz").
  std::string type;
  bool nullable = true;
  /// The server default as SQL text (reflected, or rendered from schema.lua).
  std::optional<std::string> default_sql;
  /// PostgreSQL identity column: "always", "by default", or "" for none.
  std::string identity;
  std::optional<std::string> comment;
};

struct Index {
  std::string name;
  std::vector<ops::IndexColumn> columns;
  bool unique = false;
  std::string where;  ///< partial-index predicate ("" = the whole table)
};

struct Table {
  std::string schema;  ///< "" = the connection's default schema
  std::string name;
  std::vector<Column> columns;  ///< in declaration order
  /// kind kPrimaryKey; empty columns = no primary key.
  ops::ConstraintSpec primary_key = KeyOf(ops::ConstraintKind::kPrimaryKey);
  /// Unique, check and foreign-key constraints.
  std::vector<ops::ConstraintSpec> constraints;
  std::vector<Index> indexes;  ///< CREATE INDEX indexes (not those behind constraints)
  std::optional<std::string> comment;

  const Column* FindColumn(const std::string& column) const;
};

/// A PostgreSQL enum type.
struct Enum {
  std::string schema;
  std::string name;
  std::vector<std::string> values;  ///< in sort order
};

/// An object luamig reads but does not model (a view, trigger, function,
/// policy, sequence no column owns, …): listed, compared by definition,
/// never created or dropped by autogenerate.
struct OtherObject {
  std::string kind;        ///< "view", "trigger", "function", "sequence", …
  std::string schema;      ///< "" = the default schema
  std::string name;        ///< for triggers and policies: "table.name"
  std::string definition;  ///< its SQL where the catalog keeps it ("" = unknown)
};

struct Model {
  /// Non-default schemas (PostgreSQL namespaces), sorted.
  std::vector<std::string> schemas;
  std::vector<Table> tables;
  std::vector<Enum> enums;
  std::vector<OtherObject> others;

  Table* FindTable(const std::string& schema, const std::string& name);
  const Table* FindTable(const std::string& schema, const std::string& name) const;
  const Enum* FindEnum(const std::string& schema, const std::string& name) const;
};

/// "name" or "schema.name".
std::string QualifiedName(const std::string& schema, const std::string& name);

}  // namespace luamig::schema

#endif  // LUAMIG_SCHEMA_MODEL_H_
