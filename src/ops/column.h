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
  std::optional<Value> default_value;         ///< rendered as a literal
  std::optional<std::string> server_default;  ///< rendered as an SQL expression
  /// `references = "table.column"` (or "table" for its primary key).
  std::optional<std::string> references;
};

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_COLUMN_H_
