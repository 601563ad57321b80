// SPDX-License-Identifier: MIT
#include "lua/op_args.h"

#include <lua.hpp>

namespace luamig::lua {

using Names = std::vector<std::string>;

const Names& ColumnOptions() {
  static const Names kNames = {"primary_key", "nullable", "default", "server_default",
                               "unique",      "references", "comment"};
  return kNames;
}

const Names& ConstraintKeys() {
  static const Names kNames = {
      "primary_key", "unique",    "check",       "foreign_key",
      "name",        "referent",  "remote_cols", "referent_schema",
      "on_delete",   "on_update", "deferrable",  "initially"};
  return kNames;
}

const Names& ForeignKeyActions() {
  static const Names kNames = {"cascade", "restrict", "set null", "set default",
                               "no action"};
  return kNames;
}

const Names& InitiallyChoices() {
  static const Names kNames = {"deferred", "immediate"};
  return kNames;
}

namespace {

bool ReadColumnOptions(lua_State* L, int idx, ArgReader& args, ops::ColumnSpec* c) {
  bool has_default = false, has_server_default = false, has_ref = false,
       has_comment = false;
  ops::Value def;
  std::string server_default, ref, comment, expr;
  bool ok = args.OnlyOptions(idx, ColumnOptions(), 2, "column definition") &&
            args.BoolOpt(idx, "primary_key", &c->primary_key) &&
            args.BoolOpt(idx, "nullable", &c->nullable) &&
            args.BoolOpt(idx, "unique", &c->unique) &&
            args.SqlOpt(idx, "server_default", &server_default, &has_server_default) &&
            args.StringOpt(idx, "references", &ref, &has_ref) &&
            args.StringOpt(idx, "comment", &comment, &has_comment);
  if (!ok) return false;
  lua_pushstring(L, "default");
  lua_rawget(L, idx);
  bool default_is_sql = SqlExprAt(L, -1, &expr);
  lua_pop(L, 1);
  if (!default_is_sql && !args.ValueOpt(idx, "default", &def, &has_default)) return false;
  if ((has_default || default_is_sql) && has_server_default)
    return args.Fail("give default or server_default, not both");
  if (c->primary_key) c->nullable = false;
  if (has_default) c->default_value = def;
  if (default_is_sql) c->server_default = expr;
  if (has_server_default) c->server_default = server_default;
  if (has_ref) c->references = ref;
  if (has_comment) c->comment = comment;
  return true;
}

// One entry of create_table's `constraints`: exactly one of primary_key,
// unique, check, foreign_key, plus its options.
bool ReadConstraint(int idx, ArgReader& args, ops::ConstraintSpec* k) {
  if (!args.Table(idx, "constraint", false) ||
      !args.OnlyOptions(idx, ConstraintKeys(), 0, "constraint"))
    return false;
  bool pk = false, uq = false, fk = false, ck = false;
  if (!args.StringListOpt(idx, "primary_key", &k->columns, &pk) ||
      !args.StringListOpt(idx, "unique", &k->columns, &uq) ||
      !args.StringListOpt(idx, "foreign_key", &k->columns, &fk) ||
      !args.SqlOpt(idx, "check", &k->condition, &ck) ||
      !args.StringOpt(idx, "name", &k->name) ||
      !args.StringOpt(idx, "referent", &k->referent) ||
      !args.StringOpt(idx, "referent_schema", &k->referent_schema) ||
      !args.StringListOpt(idx, "remote_cols", &k->remote_columns) ||
      !ReadConstraintTiming(idx, args, k))
    return false;
  if (pk + uq + fk + ck != 1) {
    return args.Fail(
        "a constraint needs exactly one of primary_key, unique, check, foreign_key");
  }
  k->kind = pk   ? ops::ConstraintKind::kPrimaryKey
            : uq ? ops::ConstraintKind::kUnique
            : fk ? ops::ConstraintKind::kForeignKey
                 : ops::ConstraintKind::kCheck;
  if (!ck && k->columns.empty())
    return args.Fail("a constraint needs at least one column");
  if (fk && k->referent.empty())
    return args.Fail("a foreign_key constraint needs referent");
  return true;
}

}  // namespace

// `{ "name", "type", option = … }` at `idx` → ColumnSpec. Errors after the
// name is known say which column.
bool ReadColumn(lua_State* L, int idx, ArgReader& args, ops::ColumnSpec* c) {
  if (!args.Table(idx, "column", false)) return false;
  lua_rawgeti(L, idx, 1);
  lua_rawgeti(L, idx, 2);
  std::string type;
  bool ok = args.Name(-2, "column name (entry 1)", &c->name) &&
            args.Name(-1, "column type (entry 2)", &type);
  lua_pop(L, 2);
  if (!ok) return false;
  c->type = ops::SqlType::Parse(type);
  if (!ReadColumnOptions(L, idx, args, c))
    return args.Prefix("column '" + c->name + "': ");
  return true;
}

// on_delete, on_update, deferrable, initially of the table at `idx`.
bool ReadConstraintTiming(int idx, ArgReader& args, ops::ConstraintSpec* k) {
  return args.ChoiceOpt(idx, "on_delete", ForeignKeyActions(), &k->on_delete) &&
         args.ChoiceOpt(idx, "on_update", ForeignKeyActions(), &k->on_update) &&
         args.OptionalBoolOpt(idx, "deferrable", &k->deferrable) &&
         args.ChoiceOpt(idx, "initially", InitiallyChoices(), &k->initially);
}

bool ReadConstraints(lua_State* L, int opts, ArgReader& args,
                     std::vector<ops::ConstraintSpec>* out) {
  lua_pushstring(L, "constraints");
  lua_rawget(L, opts);
  int idx = lua_gettop(L);
  bool ok = args.Table(idx, "option 'constraints'", true);
  int n = ok && lua_istable(L, idx) ? static_cast<int>(lua_objlen(L, idx)) : 0;
  for (int i = 1; ok && i <= n; ++i) {
    lua_rawgeti(L, idx, i);
    ok = ReadConstraint(lua_gettop(L), args, &out->emplace_back());
    lua_pop(L, 1);
    if (!ok) args.Prefix("constraints[" + std::to_string(i) + "]: ");
  }
  lua_pop(L, 1);
  return ok;
}

// Positional column list: a string or an array of strings, not empty.
bool ColumnList(ArgReader& args, int idx, std::vector<std::string>* out) {
  if (!args.StringList(idx, "columns", out)) return false;
  if (out->empty()) return args.Fail("columns must name at least one column");
  return true;
}

}  // namespace luamig::lua
