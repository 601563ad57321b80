// SPDX-License-Identifier: MIT
// Indexes and constraints.
#include <lua.hpp>

#include "lua/op_table.h"
#include "lua/op_args.h"

namespace luamig::lua {
namespace {

// create_index's columns: a name, or an array of names, { expr = "…" } tables
// and op.sql(…) values.
bool IndexColumns(lua_State* L, ArgReader& args, int idx,
                  std::vector<ops::IndexColumn>* out) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    out->push_back({lua_tostring(L, idx), false});
  } else if (!args.Table(idx, "columns", false)) {
    return false;
  } else {
    int n = static_cast<int>(lua_objlen(L, idx));
    for (int i = 1; i <= n; ++i) {
      lua_rawgeti(L, idx, i);
      ops::IndexColumn c;
      bool ok = true;
      if (lua_type(L, -1) == LUA_TSTRING) {
        c.text = lua_tostring(L, -1);
      } else if (SqlExprAt(L, -1, &c.text)) {
        c.expression = true;
      } else if (lua_istable(L, -1)) {
        c.expression = true;
        std::string what = "columns[" + std::to_string(i) + "]";
        ok = args.OnlyOptions(lua_gettop(L), {"expr"}, 0, what.c_str()) &&
             args.StringOpt(-1, "expr", &c.text);
      } else {
        ok = args.Fail("columns[" + std::to_string(i) +
                       "] must be a column name, { expr = \"…\" } or op.sql(\"…\")");
      }
      lua_pop(L, 1);
      if (!ok) return false;
      if (c.text.empty()) return args.Fail("columns[" + std::to_string(i) + "] is empty");
      out->push_back(std::move(c));
    }
  }
  if (out->empty()) return args.Fail("columns must name at least one column");
  return true;
}

int CreateIndex(OpCall& c) {
  lua_State* L = c.L;
  ArgReader& args = c.args;
  ops::CreateIndex op;
  bool has_where = false;
  if (!args.Name(1, "index name", &op.name) || !args.Name(2, "table name", &op.table) ||
      !IndexColumns(L, args, 3, &op.columns) ||
      !c.Options(4) ||
      !args.BoolOpt(4, "unique", &op.unique) ||
      !args.SqlOpt(4, "where", &op.where, &has_where) ||
      !args.BoolOpt(4, "concurrently", &op.concurrently) ||
      !args.BoolOpt(4, "if_not_exists", &op.if_not_exists) ||
      !args.StringOpt(4, "schema", &op.schema))
    return -1;
  return c.Run(std::move(op));
}

int DropIndex(OpCall& c) {
  ArgReader& args = c.args;
  ops::DropIndex op;
  if (!args.Name(1, "index name", &op.name) ||
      !c.Options(2) ||
      !args.BoolOpt(2, "if_exists", &op.if_exists) ||
      !args.BoolOpt(2, "concurrently", &op.concurrently) ||
      !args.StringOpt(2, "table", &op.table) || !args.StringOpt(2, "schema", &op.schema))
    return -1;
  return c.Run(std::move(op));
}

// create_primary_key and create_unique_constraint: name, table, columns.
int AddKeyConstraint(OpCall& c, ops::ConstraintKind kind) {
  ArgReader& args = c.args;
  ops::AddConstraint op;
  op.constraint.kind = kind;
  if (!args.Name(1, "constraint name", &op.constraint.name) ||
      !args.Name(2, "table name", &op.table) ||
      !ColumnList(args, 3, &op.constraint.columns) || !c.Options(4) ||
      !args.StringOpt(4, "schema", &op.schema))
    return -1;
  if (kind == ops::ConstraintKind::kUnique &&
      (!args.OptionalBoolOpt(4, "deferrable", &op.constraint.deferrable) ||
       !args.ChoiceOpt(4, "initially", InitiallyChoices(), &op.constraint.initially)))
    return -1;
  return c.Run(std::move(op));
}

int CreatePrimaryKey(OpCall& c) {
  return AddKeyConstraint(c, ops::ConstraintKind::kPrimaryKey);
}

int CreateUniqueConstraint(OpCall& c) {
  return AddKeyConstraint(c, ops::ConstraintKind::kUnique);
}

int CreateForeignKey(OpCall& c) {
  ArgReader& args = c.args;
  ops::AddConstraint op;
  ops::ConstraintSpec& k = op.constraint;
  k.kind = ops::ConstraintKind::kForeignKey;
  if (!args.Name(1, "constraint name", &k.name) ||
      !args.Name(2, "source table", &op.table) ||
      !args.Name(3, "referent table", &k.referent) || !ColumnList(args, 4, &k.columns) ||
      !args.StringList(5, "remote columns", &k.remote_columns) ||
      !c.Options(6) ||
      !args.StringOpt(6, "source_schema", &op.schema) ||
      !args.StringOpt(6, "referent_schema", &k.referent_schema) ||
      !ReadConstraintTiming(6, args, &k))
    return -1;
  if (k.remote_columns.size() != k.columns.size())
    return c.Fail("local and remote column lists differ in length");
  return c.Run(std::move(op));
}

int CreateCheckConstraint(OpCall& c) {
  ArgReader& args = c.args;
  ops::AddConstraint op;
  op.constraint.kind = ops::ConstraintKind::kCheck;
  if (!args.Name(1, "constraint name", &op.constraint.name) ||
      !args.Name(2, "table name", &op.table) ||
      !args.Name(3, "condition", &op.constraint.condition) ||
      !c.Options(4) ||
      !args.StringOpt(4, "schema", &op.schema))
    return -1;
  return c.Run(std::move(op));
}

// drop_constraint's type_, as Alembic spells the kinds.
const std::vector<std::string> kConstraintTypes = {"primary",    "primary_key", "unique",
                                                   "foreignkey", "foreign_key", "check"};

int DropConstraint(OpCall& c) {
  ArgReader& args = c.args;
  ops::DropConstraint op;
  std::string type;
  if (!args.Name(1, "constraint name", &op.name) ||
      !args.Name(2, "table name", &op.table) ||
      !c.Options(3) ||
      !args.ChoiceOpt(3, "type_", kConstraintTypes, &type) ||
      !args.BoolOpt(3, "if_exists", &op.if_exists) ||
      !args.StringOpt(3, "schema", &op.schema))
    return -1;
  if (type == "primary" || type == "primary_key")
    op.type = ops::ConstraintKind::kPrimaryKey;
  if (type == "unique") op.type = ops::ConstraintKind::kUnique;
  if (type == "foreignkey" || type == "foreign_key")
    op.type = ops::ConstraintKind::kForeignKey;
  if (type == "check") op.type = ops::ConstraintKind::kCheck;
  return c.Run(std::move(op));
}

}  // namespace

const std::vector<OpSpec>& KeyOps() {
  static const std::vector<OpSpec> kOps = {
      {"create_index", CreateIndex,
       {"unique", "where", "concurrently", "if_not_exists", "schema"},
       BatchUse::kTableSecond},
      {"drop_index", DropIndex, {"table", "if_exists", "concurrently", "schema"},
       BatchUse::kSameArgs},
      {"create_primary_key", CreatePrimaryKey, {"schema"}, BatchUse::kTableSecond},
      {"create_unique_constraint", CreateUniqueConstraint,
       {"schema", "deferrable", "initially"}, BatchUse::kTableSecond},
      {"create_foreign_key", CreateForeignKey,
       {"on_delete", "on_update", "deferrable", "initially", "source_schema",
        "referent_schema"},
       BatchUse::kTableSecond},
      {"create_check_constraint", CreateCheckConstraint, {"schema"},
       BatchUse::kTableSecond},
      {"drop_constraint", DropConstraint, {"type_", "if_exists", "schema"},
       BatchUse::kTableSecond},
  };
  return kOps;
}

}  // namespace luamig::lua
