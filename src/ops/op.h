// SPDX-License-Identifier: MIT
// Op: one migration operation as data. The Lua binding builds ops, a dialect
// renders them to SQL, the runtime sends that SQL to a sink.
#ifndef LUAMIG_OPS_OP_H_
#define LUAMIG_OPS_OP_H_

#include <optional>
#include <string>
#include <variant>

#include "ops/data_ops.h"
#include "ops/schema_ops.h"

namespace luamig::ops {

using Op = std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn,
                        AlterColumn, CreateIndex, DropIndex, AddConstraint,
                        DropConstraint, CreateSchema, DropSchema, CreateEnum, DropEnum,
                        AddEnumValue, BatchAlterTable, ExecuteSql>;

/// The `op.` function name that builds this op ("create_table", …).
const char* OpName(const Op& op);

/// The op that undoes `op`, where it is determined by the op alone
/// (create_table → drop_table; alter_column when every changed attribute has
/// its existing_* value); nullopt otherwise (drop_table has lost its columns).
std::optional<Op> Reverse(const Op& op);

/// A batch op as a top-level op (its table and schema kept).
Op ToOp(const BatchOp& op);

/// One-line description for logs and debugging.
std::string DebugString(const Op& op);

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_OP_H_
