// SPDX-License-Identifier: MIT
// Argument readers several op families share: column definitions, table
// constraints and their timing options, positional column lists. Like
// ArgReader they never raise; they return false with the error in `args`.
#ifndef LUAMIG_LUA_OP_ARGS_H_
#define LUAMIG_LUA_OP_ARGS_H_

#include <string>
#include <vector>

#include "lua/stack.h"
#include "ops/column.h"

struct lua_State;

namespace luamig::lua {

/// Keys of a column definition `{ "name", "type", option = … }`.
const std::vector<std::string>& ColumnOptions();
/// Keys of one entry of create_table's `constraints`.
const std::vector<std::string>& ConstraintKeys();
/// Words on_delete / on_update accept, and those `initially` accepts.
const std::vector<std::string>& ForeignKeyActions();
const std::vector<std::string>& InitiallyChoices();

/// `{ "name", "type", option = … }` at `idx` → ColumnSpec. Errors after the
/// name is known say which column.
bool ReadColumn(lua_State* L, int idx, ArgReader& args, ops::ColumnSpec* c);
/// on_delete, on_update, deferrable, initially of the table at `idx`.
bool ReadConstraintTiming(int idx, ArgReader& args, ops::ConstraintSpec* k);
/// The `constraints` option of the options table at `opts`: an array whose
/// entries each give exactly one of primary_key, unique, check, foreign_key.
bool ReadConstraints(lua_State* L, int opts, ArgReader& args,
                     std::vector<ops::ConstraintSpec>* out);
/// Positional column list at `idx`: a string or an array of strings, not empty.
bool ColumnList(ArgReader& args, int idx, std::vector<std::string>* out);

}  // namespace luamig::lua

#endif  // LUAMIG_LUA_OP_ARGS_H_
