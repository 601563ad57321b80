// SPDX-License-Identifier: MIT
// Tables and columns: create, drop, rename, add, drop and alter.
#include <lua.hpp>

#include "lua/op_table.h"
#include "lua/op_args.h"

namespace luamig::lua {
namespace {

int CreateTable(OpCall& c) {
  lua_State* L = c.L;
  ArgReader& args = c.args;
  ops::CreateTable op;
  if (!args.Name(1, "table name", &op.table) || !args.Table(2, "columns", false) ||
      !c.Options(3) ||
      !args.BoolOpt(3, "if_not_exists", &op.if_not_exists) ||
      !args.StringOpt(3, "schema", &op.schema) ||
      !ReadConstraints(L, 3, args, &op.constraints)) {
    return -1;
  }
  int n = static_cast<int>(lua_objlen(L, 2));
  if (n == 0) return c.Fail("columns must list at least one column");
  if (!args.OnlyOptions(2, {}, n, "columns")) return -1;
  for (int i = 1; i <= n; ++i) {
    lua_rawgeti(L, 2, i);
    bool ok = ReadColumn(L, lua_gettop(L), args, &op.columns.emplace_back());
    lua_pop(L, 1);
    if (!ok) return -1;
  }
  return c.Run(std::move(op));
}

int DropTable(OpCall& c) {
  ArgReader& args = c.args;
  ops::DropTable op;
  if (!args.Name(1, "table name", &op.table) ||
      !c.Options(2) ||
      !args.BoolOpt(2, "if_exists", &op.if_exists) ||
      !args.StringOpt(2, "schema", &op.schema))
    return -1;
  return c.Run(std::move(op));
}

int RenameTable(OpCall& c) {
  ArgReader& args = c.args;
  ops::RenameTable op;
  if (!args.Name(1, "table name", &op.table) || !args.Name(2, "new name", &op.new_name) ||
      !c.Options(3) ||
      !args.StringOpt(3, "schema", &op.schema))
    return -1;
  return c.Run(std::move(op));
}

int AddColumn(OpCall& c) {
  lua_State* L = c.L;
  ArgReader& args = c.args;
  ops::AddColumn op;
  if (!args.Name(1, "table name", &op.table) || !ReadColumn(L, 2, args, &op.column) ||
      !c.Options(3) ||
      !args.StringOpt(3, "schema", &op.schema))
    return -1;
  return c.Run(std::move(op));
}

int DropColumn(OpCall& c) {
  ArgReader& args = c.args;
  ops::DropColumn op;
  if (!args.Name(1, "table name", &op.table) ||
      !args.Name(2, "column name", &op.column) ||
      !c.Options(3) ||
      !args.StringOpt(3, "schema", &op.schema))
    return -1;
  return c.Run(std::move(op));
}

// server_default / existing_server_default: an SQL expression, or false for
// "no default". *present tells whether the option was given.
bool DefaultOpt(lua_State* L, ArgReader& args, int idx, const char* key,
                std::optional<std::string>* out, bool* present) {
  lua_pushstring(L, key);
  lua_rawget(L, idx);
  bool is_false = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
  lua_pop(L, 1);
  *present = is_false;
  if (is_false) {
    out->reset();
    return true;
  }
  std::string expr;
  if (!args.SqlOpt(idx, key, &expr, present)) return false;
  if (*present) *out = expr;
  return true;
}

// comment / existing_comment: a string, or false for "no comment".
bool CommentOpt(lua_State* L, ArgReader& args, int idx, const char* key,
                std::optional<std::optional<std::string>>* out) {
  lua_pushstring(L, key);
  lua_rawget(L, idx);
  bool is_false = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
  lua_pop(L, 1);
  if (is_false) {
    *out = std::optional<std::string>();
    return true;
  }
  std::string text;
  bool present = false;
  if (!args.StringOpt(idx, key, &text, &present)) return false;
  if (present) *out = std::optional<std::string>(text);
  return true;
}

bool TypeOpt(ArgReader& args, int idx, const char* key,
             std::optional<ops::SqlType>* out) {
  std::string type;
  bool present = false;
  if (!args.StringOpt(idx, key, &type, &present)) return false;
  if (present) *out = ops::SqlType::Parse(type);
  return true;
}

bool ReadAlterOptions(lua_State* L, ArgReader& args, ops::AlterColumn* op) {
  std::optional<std::string> def, existing_def;
  bool has_def = false, has_existing_def = false, has_using = false;
  if (!TypeOpt(args, 3, "type", &op->type) ||
      !args.SqlOpt(3, "using", &op->using_expr, &has_using) ||
      !args.OptionalBoolOpt(3, "nullable", &op->nullable) ||
      !DefaultOpt(L, args, 3, "server_default", &def, &has_def) ||
      !args.StringOpt(3, "new_name", &op->new_name) ||
      !CommentOpt(L, args, 3, "comment", &op->comment) ||
      !TypeOpt(args, 3, "existing_type", &op->existing_type) ||
      !args.OptionalBoolOpt(3, "existing_nullable", &op->existing_nullable) ||
      !DefaultOpt(L, args, 3, "existing_server_default", &existing_def,
                  &has_existing_def) ||
      !CommentOpt(L, args, 3, "existing_comment", &op->existing_comment) ||
      !args.StringOpt(3, "schema", &op->schema))
    return false;
  if (has_def) {
    op->server_default.kind = def ? ops::DefaultChange::kSet : ops::DefaultChange::kDrop;
    op->server_default.expression = def.value_or("");
  }
  if (has_existing_def) op->existing_server_default = existing_def;
  if (!op->using_expr.empty() && !op->type)
    return args.Fail("option 'using' needs 'type'");
  if (!op->type && !op->nullable && !has_def && op->new_name.empty() && !op->comment) {
    return args.Fail(
        "nothing to change: give type, nullable, server_default, new_name or comment");
  }
  return true;
}

int AlterColumn(OpCall& c) {
  lua_State* L = c.L;
  ArgReader& args = c.args;
  ops::AlterColumn op;
  if (!args.Name(1, "table name", &op.table) ||
      !args.Name(2, "column name", &op.column) ||
      !c.Options(3) ||
      !ReadAlterOptions(L, args, &op))
    return -1;
  return c.Run(std::move(op));
}

}  // namespace

const std::vector<OpSpec>& TableOps() {
  static const std::vector<OpSpec> kOps = {
      {"create_table", CreateTable, {"if_not_exists", "schema", "constraints"}},
      {"drop_table", DropTable, {"if_exists", "schema"}},
      {"rename_table", RenameTable, {"schema"}},
      {"add_column", AddColumn, {"schema"}, BatchUse::kTableFirst},
      {"drop_column", DropColumn, {"schema"}, BatchUse::kTableFirst},
      {"alter_column", AlterColumn,
       {"type", "using", "nullable", "server_default", "new_name", "comment",
        "existing_type", "existing_nullable", "existing_server_default",
        "existing_comment", "schema"},
       BatchUse::kTableFirst},
  };
  return kOps;
}

}  // namespace luamig::lua
