// SPDX-License-Identifier: MIT
// The op vocabulary as one table: each entry names an `op` function, the
// handler that runs it, the options it accepts and whether the `batch` object
// of batch_alter_table has it too. The binding dispatches from this table and
// the annotation drift test (tests/lua/op_annotations_test.cc) reads it, so an
// op's options are written once, in its entry next to its handler.
//
// Adding an op: write a handler in the family file it belongs to
// (op_sql.cc, op_tables.cc, op_keys.cc, op_schemas.cc, op_blocks.cc,
// op_inspect.cc) and add one entry to that file's table. A new family is a new
// file plus one line in OpTable() (op_table.cc).
#ifndef LUAMIG_LUA_OP_TABLE_H_
#define LUAMIG_LUA_OP_TABLE_H_

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "lua/op_binding.h"
#include "lua/stack.h"
#include "ops/op.h"

struct lua_State;

namespace luamig::lua {

/// How an op appears on the `batch` object batch_alter_table passes.
enum class BatchUse {
  kNone,         ///< op.NAME only
  kSameArgs,     ///< batch.NAME takes op.NAME's arguments (it names no table)
  kTableFirst,   ///< batch.NAME(a, …) is op.NAME(<batch table>, a, …)
  kTableSecond,  ///< batch.NAME(a, b, …) is op.NAME(a, <batch table>, b, …)
};

/// The argument position the batch's table name is inserted at (1 or 2), or 0.
int BatchTableArgument(BatchUse use);

struct OpSpec;

/// One call of an op function, as its handler sees it. Handlers read
/// arguments through `args` (never raising) and return the number of Lua
/// results, or -1 with the error kept in `args`.
struct OpCall {
  lua_State* L;
  OpBinding& binding;
  ArgReader& args;
  const OpSpec& spec;

  /// Validates the options table at `idx` against spec.options (nil or none
  /// allowed, then replaced by an empty table so option reads can index it).
  bool Options(int idx);
  /// Fails the call with `message`; returns -1 for `return call.Fail(…)`.
  int Fail(std::string message);
  /// Hands `op` to the executor — or, inside a batch function, adds it to the
  /// batch being collected. 0 on success, -1 when the executor refused it
  /// (which also stops every later op of the binding).
  template <typename T>
  int Run(T op);

 private:
  int Apply(ops::Op op);
};

using Handler = int (*)(OpCall& call);

struct OpSpec {
  const char* name;                  ///< op.NAME
  Handler handler;
  std::vector<std::string> options;  ///< keys of its options table ({} = none)
  BatchUse batch = BatchUse::kNone;
  /// Still runs after an earlier op of the same binding failed (op.log).
  bool runs_after_failure = false;
};

/// Every op function, in the order op.d.lua documents them.
const std::vector<OpSpec>& OpTable();

/// Options tables that are no op's own but that ops read, keyed like
/// OptionNames: "column" (a column definition), "constraint" (an entry of
/// create_table's constraints).
struct OptionShape {
  const char* name;
  const std::vector<std::string>& options;
};
std::vector<OptionShape> OptionShapes();

// ---- Handler families (one file each), concatenated by OpTable() ----------

const std::vector<OpSpec>& SqlOps();         ///< op_sql.cc: execute, query, sql, log
const std::vector<OpSpec>& TableOps();       ///< op_tables.cc: tables and columns
const std::vector<OpSpec>& KeyOps();         ///< op_keys.cc: indexes and constraints
const std::vector<OpSpec>& SchemaOps();      ///< op_schemas.cc: schemas and enums
const std::vector<OpSpec>& BlockOps();       ///< op_blocks.cc: ops that run a Lua function
const std::vector<OpSpec>& InspectionOps();  ///< op_inspect.cc: has_table, columns, …

template <typename T>
int OpCall::Run(T op) {
  if constexpr (std::is_constructible_v<ops::BatchOp, T>) {
    if (binding.in_batch_call()) {
      op.table = binding.batch()->table;
      op.schema = binding.batch()->schema;
      binding.batch()->ops.emplace_back(std::move(op));
      return 0;
    }
  }
  return Apply(ops::Op{std::move(op)});
}

}  // namespace luamig::lua

#endif  // LUAMIG_LUA_OP_TABLE_H_
