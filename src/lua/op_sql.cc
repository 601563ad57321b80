// SPDX-License-Identifier: MIT
// op.execute, op.query, op.sql and op.log: SQL text and messages.
#include <lua.hpp>

#include "lua/op_table.h"

namespace luamig::lua {
namespace {

int Execute(OpCall& c) {
  ArgReader& args = c.args;
  ops::ExecuteSql op;
  if (!args.Name(1, "sql", &op.sql) || !args.Params(2, &op.params)) return -1;
  return c.Run(std::move(op));
}

void PushRows(lua_State* L, const ops::Rows& rows) {
  lua_createtable(L, static_cast<int>(rows.rows.size()), 0);
  for (size_t r = 0; r < rows.rows.size(); ++r) {
    lua_createtable(L, 0, static_cast<int>(rows.columns.size()));
    for (size_t c = 0; c < rows.columns.size(); ++c) {
      PushValue(L, rows.rows[r][c]);
      lua_setfield(L, -2, rows.columns[c].c_str());
    }
    lua_rawseti(L, -2, static_cast<int>(r + 1));
  }
}

int Query(OpCall& c) {
  lua_State* L = c.L;
  ArgReader& args = c.args;
  std::string sql;
  std::vector<ops::Value> params;
  if (!args.Name(1, "sql", &sql) || !args.Params(2, &params)) return -1;
  auto rows = c.binding.executor().Query(sql, params);
  if (!rows.ok()) {
    args.Fail(rows.status().message());
    c.binding.set_last_error(rows.status());
    return -1;
  }
  PushRows(L, *rows);
  return 1;
}

int Sql(OpCall& c) {
  lua_State* L = c.L;
  ArgReader& args = c.args;
  std::string text;
  if (!args.Name(1, "sql", &text)) return -1;
  PushSqlExpr(L, text);
  return 1;
}

int Log(OpCall& c) {
  ArgReader& args = c.args;
  std::string message;
  if (!args.String(1, "message", &message)) return -1;
  c.binding.executor().Log(message);
  return 0;
}

}  // namespace

const std::vector<OpSpec>& SqlOps() {
  static const std::vector<OpSpec> kOps = {
      {"execute", Execute, {}},
      {"query", Query, {}},
      {"sql", Sql, {}},
      {"log", Log, {}, BatchUse::kNone, /*runs_after_failure=*/true},
  };
  return kOps;
}

}  // namespace luamig::lua
