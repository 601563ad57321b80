// SPDX-License-Identifier: MIT
// schema.lua → the desired schema::Model, with types and literals as the
// target dialect writes them (so it compares with that database's catalog).
#ifndef LUAMIG_AUTOGEN_DESIRED_SCHEMA_H_
#define LUAMIG_AUTOGEN_DESIRED_SCHEMA_H_

#include <string>

#include "dialect/dialect.h"
#include "lua/lua_state.h"
#include "luamig/status.h"
#include "schema/model.h"

namespace luamig::autogen {

/// Evaluates the schema file `path` in `lua` (a sandbox of its own, as a
/// revision script gets) and returns what it declares. The file calls
/// `schema.create_table`, `schema.create_index`, … — the op functions with
/// op.create_table's exact syntax; `schema.dialect` is dialect.name().
/// Errors (kProject): a file that cannot be read (kUsage when it does not
/// exist), a Lua error or a refused declaration, naming the file and line.
Result<schema::Model> LoadDesiredSchema(lua::LuaState& lua, const std::string& path,
                                        const dialect::Dialect& dialect);

}  // namespace luamig::autogen

#endif  // LUAMIG_AUTOGEN_DESIRED_SCHEMA_H_
