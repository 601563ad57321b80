// SPDX-License-Identifier: MIT
// A table as read from the live catalog: what introspection returns to
// scripts (op.columns, op.indexes) and what SQLite batch mode rebuilds from.
#ifndef LUAMIG_OPS_TABLE_INFO_H_
#define LUAMIG_OPS_TABLE_INFO_H_

#include <optional>
#include <string>
#include <vector>

namespace luamig::ops {

struct ColumnInfo {
  std::string name;
  std::string type;  ///< as the catalog spells it (declared type on SQLite)
  bool nullable = true;
  std::optional<std::string> default_sql;  ///< the default as SQL text
  int pk_position = 0;  ///< 1-based position in the primary key; 0 = not in it
};

struct IndexInfo {
  std::string name;
  /// Column names; an expression column is its SQL text.
  std::vector<std::string> columns;
  bool unique = false;
  bool primary = false;     ///< backs the primary key
  bool constraint = false;  ///< backs a UNIQUE/PRIMARY KEY constraint (not CREATE INDEX)
  bool partial = false;
  std::string sql;  ///< the CREATE INDEX statement when the catalog keeps it
};

struct TableInfo {
  std::string schema;
  std::string name;
  bool exists = false;
  std::vector<ColumnInfo> columns;
  std::vector<IndexInfo> indexes;
  std::string create_sql;             ///< SQLite: sqlite_master.sql of the table
  std::vector<std::string> triggers;  ///< SQLite: CREATE TRIGGER statements
  /// Other tables with a foreign key to this one (SQLite; for batch mode).
  std::vector<std::string> referenced_by;
};

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_TABLE_INFO_H_
