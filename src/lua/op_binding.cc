// SPDX-License-Identifier: MIT
// The `op` and `batch` tables: one closure per OpTable() entry, each a
// trampoline over Invoke, which runs the entry's handler with every C++
// object scoped inside it and reports failure; only the trampoline raises.
#include "lua/op_binding.h"

#include <lua.hpp>

#include "lua/op_table.h"
#include "lua/stack.h"
#include "util/edit_distance.h"

namespace luamig::lua {
namespace {

// Upvalues: 1 = box (OpBinding**), 2 = OpTable() index, 3 = batch function?
// Runs the handler with every C++ object scoped inside; catches everything.
// Returns the result count, or -1 with the error message pushed.
int Invoke(lua_State* L) noexcept {
  auto* box = static_cast<OpBinding**>(lua_touserdata(L, lua_upvalueindex(1)));
  const OpSpec& spec =
      OpTable()[static_cast<size_t>(lua_tointeger(L, lua_upvalueindex(2)))];
  const bool batch_fn = lua_toboolean(L, lua_upvalueindex(3)) != 0;
  OpBinding* binding = box != nullptr ? *box : nullptr;
  int n = -1;
  bool raw = false;
  std::string error;
  try {
    ArgReader args(L);
    if (binding == nullptr) {
      args.Fail("op used after its migration returned (keep no reference to op)");
    } else if (!binding->last_error().ok() && !spec.runs_after_failure) {
      args.Fail("not run: an earlier op failed (" + binding->last_error().message() +
                ")");
    } else if (batch_fn && binding->batch() == nullptr) {
      args.Fail("batch used outside its batch_alter_table function");
    } else {
      // batch.NAME: the batch's table becomes the op's table argument.
      int table_arg = batch_fn ? BatchTableArgument(spec.batch) : 0;
      if (table_arg > 0) {
        if (lua_gettop(L) < table_arg - 1) lua_settop(L, table_arg - 1);
        lua_pushstring(L, binding->batch()->table.c_str());
        lua_insert(L, table_arg);
      }
      bool outer = binding->in_batch_call();
      binding->set_in_batch_call(batch_fn);
      OpCall call{L, *binding, args, spec};
      n = spec.handler(call);
      binding->set_in_batch_call(outer);
    }
    if (n < 0) {
      error = args.error();
      raw = args.raw();
    }
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unexpected C++ exception";
  }
  if (n >= 0) return n;
  if (raw) {
    lua_pushstring(L, error.c_str());
    return -1;
  }
  luaL_where(L, 1);
  lua_pushfstring(L, "%s%s: %s", batch_fn ? "batch." : "", spec.name, error.c_str());
  lua_concat(L, 2);
  if (binding != nullptr && !binding->last_error().ok() &&
      binding->raised_message().empty()) {
    binding->set_raised_message(lua_tostring(L, -1));
  }
  return -1;
}

// The trampoline: no C++ objects live here when lua_error unwinds.
int Trampoline(lua_State* L) {
  int n = Invoke(L);
  if (n < 0) return lua_error(L);
  return n;
}

// __index of the op table (upvalue 1 false) and of batch objects (true): an
// unknown name is an error with a suggestion. Pushes the message; returns
// false if it could not be built.
bool UnknownOpMessage(lua_State* L) noexcept {
  try {
    const bool batch = lua_toboolean(L, lua_upvalueindex(1)) != 0;
    const char* key = lua_tostring(L, 2);
    std::string name = key ? key : "?";
    std::vector<std::string> known;
    for (const OpSpec& spec : OpTable()) {
      if (!batch || spec.batch != BatchUse::kNone) known.push_back(spec.name);
    }
    if (!batch) {
      for (const char* field : {"dialect", "offline", "x", "NULL"})
        known.push_back(field);
    }
    std::string msg = (batch ? "batch." : "op.") + name + " does not exist" +
                      util::DidYouMean(name, known);
    luaL_where(L, 1);
    lua_pushstring(L, msg.c_str());
    lua_concat(L, 2);
    return true;
  } catch (...) {
    return false;
  }
}

int UnknownOp(lua_State* L) {
  if (lua_type(L, 2) != LUA_TSTRING) return 0;  // op[1], op[true]: plain nil
  if (!UnknownOpMessage(L)) lua_pushstring(L, "op: unknown field");
  return lua_error(L);
}

// Pushes a metatable whose __index raises for unknown op/batch names.
void PushUnknownOpMeta(lua_State* L, bool batch) {
  lua_createtable(L, 0, 1);
  lua_pushboolean(L, batch);
  lua_pushcclosure(L, UnknownOp, 1);
  lua_setfield(L, -2, "__index");
}

void PushClosure(lua_State* L, int box_ref, size_t index, bool batch_fn) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, box_ref);
  lua_pushinteger(L, static_cast<lua_Integer>(index));
  lua_pushboolean(L, batch_fn);
  lua_pushcclosure(L, Trampoline, 3);
}

}  // namespace

OpBinding::~OpBinding() {
  if (L_ == nullptr) return;
  lua_rawgeti(L_, LUA_REGISTRYINDEX, box_ref_);
  auto* box = static_cast<OpBinding**>(lua_touserdata(L_, -1));
  if (box != nullptr) *box = nullptr;
  lua_pop(L_, 1);
  luaL_unref(L_, LUA_REGISTRYINDEX, box_ref_);
}

void OpBinding::Push(lua_State* L, const std::map<std::string, std::string>& x) {
  auto** box = static_cast<OpBinding**>(lua_newuserdata(L, sizeof(OpBinding*)));
  *box = this;
  L_ = L;
  box_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_newtable(L);
  const std::vector<OpSpec>& table = OpTable();
  for (size_t i = 0; i < table.size(); ++i) {
    PushClosure(L, box_ref_, i, false);
    lua_setfield(L, -2, table[i].name);
  }
  lua_pushstring(L, executor_.DialectName().c_str());
  lua_setfield(L, -2, "dialect");
  lua_pushboolean(L, executor_.Offline());
  lua_setfield(L, -2, "offline");
  lua_pushlightuserdata(L, NullSentinel());
  lua_setfield(L, -2, "NULL");
  lua_newtable(L);
  for (const auto& [k, v] : x) {
    lua_pushstring(L, v.c_str());
    lua_setfield(L, -2, k.c_str());
  }
  lua_setfield(L, -2, "x");
  PushUnknownOpMeta(L, false);
  lua_setmetatable(L, -2);
}

void OpBinding::PushBatch(lua_State* L) {
  lua_newtable(L);
  const std::vector<OpSpec>& table = OpTable();
  for (size_t i = 0; i < table.size(); ++i) {
    if (table[i].batch == BatchUse::kNone) continue;
    PushClosure(L, box_ref_, i, true);
    lua_setfield(L, -2, table[i].name);
  }
  PushUnknownOpMeta(L, true);
  lua_setmetatable(L, -2);
}

}  // namespace luamig::lua
