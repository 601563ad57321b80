// SPDX-License-Identifier: MIT
// Ops that run a Lua function: op.batch_alter_table and op.autocommit.
#include <lua.hpp>

#include "lua/op_table.h"

namespace luamig::lua {
namespace {

int Traceback(lua_State* L) {
  const char* msg = lua_tostring(L, 1);
  luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
  return 1;
}

// Calls the function at `idx` with the value on top of the stack (if `arg`)
// under a traceback handler. On error returns false with the message (first
// line) in *error.
bool CallLua(lua_State* L, int idx, bool arg, std::string* error) {
  lua_pushcfunction(L, Traceback);
  int handler = lua_gettop(L);
  lua_pushvalue(L, idx);
  if (arg) lua_pushvalue(L, handler - 1);
  int rc = lua_pcall(L, arg ? 1 : 0, 0, handler);
  if (rc == 0) {
    lua_settop(L, handler - 1);
    return true;
  }
  const char* m = lua_tostring(L, -1);
  *error = m ? m : "unknown Lua error";
  *error = error->substr(0, error->find("\nstack traceback:"));
  lua_settop(L, handler - 1);
  return false;
}

int BatchAlterTable(OpCall& c) {
  lua_State* L = c.L;
  ArgReader& args = c.args;
  ops::BatchAlterTable op;
  if (!args.Name(1, "table name", &op.table) || !args.Function(2, "batch function") ||
      !c.Options(3) ||
      !args.StringOpt(3, "schema", &op.schema))
    return -1;
  if (c.binding.batch() != nullptr) return c.Fail("batch_alter_table cannot be nested");
  c.binding.set_batch(&op);
  c.binding.PushBatch(L);
  std::string error;
  bool ok = CallLua(L, 2, true, &error);
  lua_pop(L, 1);
  c.binding.set_batch(nullptr);
  if (!ok) {
    args.FailRaw(error);
    return -1;
  }
  if (!c.binding.last_error().ok()) return c.Fail("an op in the batch failed");
  if (op.ops.empty()) return 0;
  return c.Run(std::move(op));
}

int Autocommit(OpCall& c) {
  lua_State* L = c.L;
  ArgReader& args = c.args;
  if (!args.Function(1, "autocommit function")) return -1;
  if (c.binding.batch() != nullptr) return c.Fail("autocommit cannot run inside a batch");
  std::string error;
  Status s = c.binding.executor().Autocommit([&]() -> Status {
    if (CallLua(L, 1, false, &error)) return Status::Ok();
    return Status::Migration(error);
  });
  if (s.ok()) return 0;
  if (!error.empty()) {  // the body's own error
    args.FailRaw(error);
    return -1;
  }
  c.binding.set_last_error(s);
  return c.Fail(s.message());
}

}  // namespace

const std::vector<OpSpec>& BlockOps() {
  static const std::vector<OpSpec> kOps = {
      {"batch_alter_table", BatchAlterTable, {"schema"}},
      {"autocommit", Autocommit, {}},
  };
  return kOps;
}

}  // namespace luamig::lua
