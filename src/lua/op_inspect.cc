// SPDX-License-Identifier: MIT
// Introspection: op.has_table, op.has_column, op.columns, op.indexes.
#include <lua.hpp>

#include "lua/op_table.h"

namespace luamig::lua {
namespace {

// Reads the table at 1 (schema option at `opts`) and inspects it.
bool Inspect(OpCall& c, int opts, ops::TableInfo* out) {
  ArgReader& args = c.args;
  std::string table, schema;
  if (!args.Name(1, "table name", &table) ||
      !c.Options(opts) ||
      !args.StringOpt(opts, "schema", &schema))
    return false;
  auto info = c.binding.executor().Inspect(schema, table);
  if (!info.ok()) return args.Fail(info.status().message());
  *out = std::move(info).value();
  return true;
}

int HasTable(OpCall& c) {
  lua_State* L = c.L;
  ops::TableInfo t;
  if (!Inspect(c, 2, &t)) return -1;
  lua_pushboolean(L, t.exists);
  return 1;
}

int HasColumn(OpCall& c) {
  lua_State* L = c.L;
  ArgReader& args = c.args;
  std::string column;
  ops::TableInfo t;
  if (!args.Name(2, "column name", &column) || !Inspect(c, 3, &t)) return -1;
  bool found = false;
  for (const auto& c : t.columns) found = found || c.name == column;
  lua_pushboolean(L, found);
  return 1;
}

void PushStrings(lua_State* L, const std::vector<std::string>& v) {
  lua_createtable(L, static_cast<int>(v.size()), 0);
  for (size_t i = 0; i < v.size(); ++i) {
    lua_pushlstring(L, v[i].data(), v[i].size());
    lua_rawseti(L, -2, static_cast<int>(i + 1));
  }
}

int Columns(OpCall& c) {
  lua_State* L = c.L;
  ops::TableInfo t;
  if (!Inspect(c, 2, &t)) return -1;
  lua_createtable(L, static_cast<int>(t.columns.size()), 0);
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const auto& c = t.columns[i];
    lua_createtable(L, 0, 5);
    lua_pushstring(L, c.name.c_str());
    lua_setfield(L, -2, "name");
    lua_pushstring(L, c.type.c_str());
    lua_setfield(L, -2, "type");
    lua_pushboolean(L, c.nullable);
    lua_setfield(L, -2, "nullable");
    if (c.default_sql) {
      lua_pushstring(L, c.default_sql->c_str());
      lua_setfield(L, -2, "default");
    }
    lua_pushboolean(L, c.pk_position > 0);
    lua_setfield(L, -2, "primary_key");
    lua_rawseti(L, -2, static_cast<int>(i + 1));
  }
  return 1;
}

int Indexes(OpCall& c) {
  lua_State* L = c.L;
  ops::TableInfo t;
  if (!Inspect(c, 2, &t)) return -1;
  lua_newtable(L);
  int n = 0;
  for (const auto& i : t.indexes) {
    if (i.primary) continue;
    lua_createtable(L, 0, 4);
    lua_pushstring(L, i.name.c_str());
    lua_setfield(L, -2, "name");
    PushStrings(L, i.columns);
    lua_setfield(L, -2, "columns");
    lua_pushboolean(L, i.unique);
    lua_setfield(L, -2, "unique");
    lua_pushboolean(L, i.constraint);
    lua_setfield(L, -2, "constraint");
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

}  // namespace

const std::vector<OpSpec>& InspectionOps() {
  static const std::vector<OpSpec> kOps = {
      {"has_table", HasTable, {"schema"}},
      {"has_column", HasColumn, {"schema"}},
      {"columns", Columns, {"schema"}},
      {"indexes", Indexes, {"schema"}},
  };
  return kOps;
}

}  // namespace luamig::lua
