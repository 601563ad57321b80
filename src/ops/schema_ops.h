// Table, column and index operations as plain data.
#ifndef LUAMIG_OPS_SCHEMA_OPS_H_
#define LUAMIG_OPS_SCHEMA_OPS_H_

#include <string>
#include <vector>

#include "ops/column.h"

namespace luamig::ops {

struct CreateTable {
  std::string table;
  std::vector<ColumnSpec> columns;
  bool if_not_exists = false;
};

struct DropTable {
  std::string table;
  bool if_exists = false;
};

struct AddColumn {
  std::string table;
  ColumnSpec column;
};

struct DropColumn {
  std::string table;
  std::string column;
};

struct CreateIndex {
  std::string name;
  std::string table;
  std::vector<std::string> columns;
  bool unique = false;
  bool if_not_exists = false;
};

struct DropIndex {
  std::string name;
  std::string table;  ///< informational; not every dialect needs it
  bool if_exists = false;
};

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_SCHEMA_OPS_H_
