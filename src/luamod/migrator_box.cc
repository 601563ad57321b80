// SPDX-License-Identifier: MIT
#include "luamod/migrator_box.h"

#include <lua.hpp>

#include <exception>

#include "luamod/reply.h"

namespace luamig::luamod {
namespace {

// Every method is a trampoline (STYLE.md rule 10) in three steps:
//   1. check the arguments with luaL_* calls, which may raise; no C++ object
//      exists yet, and the stack is left holding exactly the checked values;
//   2. Call(): run the command in a noexcept function that catches
//      everything and keeps its outcome in a GC-owned Reply;
//   3. push the Reply as Lua values (may raise on allocation failure only;
//      the Reply is owned by its userdata, so nothing leaks).
// A Lua error therefore never unwinds through a live C++ frame of luamig.

using Inner = void (*)(lua_State* L, Migrator& m, Reply* r);

void SetInternal(Reply* r, const char* what) noexcept {
  try {
    r->status = Status::Internal(std::string("luamig module: ") + what);
  } catch (...) {
    r->status = Status(StatusCode::kInternal, std::string());
  }
}

template <typename T>
void Take(Reply* r, Result<T> result) {
  if (result.ok())
    r->value = std::move(result).value();
  else
    r->status = result.status();
}

// A string argument already checked to be a string or nil.
std::string Arg(lua_State* L, int idx, const char* fallback) {
  size_t len = 0;
  const char* s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : nullptr;
  return s != nullptr ? std::string(s, len) : std::string(fallback);
}

// Runs `inner` with every C++ object scoped inside.
void RunGuarded(lua_State* L, Handle* h, Reply* r, Inner inner) noexcept {
  h->sink.Begin(L);
  try {
    inner(L, *h->migrator, r);
    r->event_errors = h->sink.TakeErrors();
  } catch (const std::exception& e) {
    SetInternal(r, e.what());
  } catch (...) {
    SetInternal(r, "unexpected C++ exception");
  }
  h->sink.End();
}

// Steps 2 and 3 for a checked migrator at 1 and `nargs` checked arguments
// above it (missing ones are nil).
int Call(lua_State* L, Inner inner, int nargs) {
  lua_settop(L, nargs + 1);
  Handle* h = static_cast<Box*>(lua_touserdata(L, 1))->handle;
  Reply* r = NewReply(L);
  ArmEvents(L, 1);
  h->busy = true;
  RunGuarded(L, h, r, inner);
  h->busy = false;
  DisarmEvents(L, 1);
  int n = PushReply(L, *r);
  ClearReply(r);
  return n;
}

// ---- Argument checks (step 1; these raise) -----------------------------------

Box* CheckBox(lua_State* L) {
  return static_cast<Box*>(luaL_checkudata(L, 1, kMigratorMeta));
}

// The migrator at 1, open and idle.
void CheckMigrator(lua_State* L, const char* method) {
  Box* box = CheckBox(L);
  if (box->handle == nullptr)
    luaL_error(L, "luamig: m:%s() on a closed migrator (m:close() was called)", method);
  if (box->handle->busy)
    luaL_error(L,
               "luamig: m:%s() while this migrator is running a command (called from "
               "its own on_event?)",
               method);
}

void OptString(lua_State* L, int idx) {
  if (!lua_isnoneornil(L, idx) && lua_type(L, idx) != LUA_TSTRING)
    luaL_typerror(L, idx, "string");
}

void CheckString(lua_State* L, int idx) {
  if (lua_type(L, idx) != LUA_TSTRING) luaL_typerror(L, idx, "string");
}

// Replaces options[key] at `opts` into `slot` as a boolean (nil = false).
void BoolField(lua_State* L, int opts, const char* key, int slot) {
  bool value = false;
  if (lua_istable(L, opts)) {
    lua_getfield(L, opts, key);
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
      luaL_argerror(L, opts,
                    lua_pushfstring(L, "field '%s': boolean expected, got %s", key,
                                    luaL_typename(L, -1)));
    value = lua_toboolean(L, -1) != 0;
    lua_pop(L, 1);
  }
  lua_pushboolean(L, value ? 1 : 0);
  lua_replace(L, slot);
}

// ---- Methods ------------------------------------------------------------------

void UpgradeInner(lua_State* L, Migrator& m, Reply* r) {
  Take(r, m.Upgrade(Arg(L, 2, "head")));
}
int Upgrade(lua_State* L) {
  CheckMigrator(L, "upgrade");
  OptString(L, 2);
  return Call(L, UpgradeInner, 1);
}

void DowngradeInner(lua_State* L, Migrator& m, Reply* r) {
  Take(r, m.Downgrade(Arg(L, 2, "")));
}
int Downgrade(lua_State* L) {
  CheckMigrator(L, "downgrade");
  CheckString(L, 2);
  return Call(L, DowngradeInner, 1);
}

void CurrentInner(lua_State*, Migrator& m, Reply* r) { Take(r, m.Current()); }
int Current(lua_State* L) {
  CheckMigrator(L, "current");
  return Call(L, CurrentInner, 0);
}

void HeadsInner(lua_State*, Migrator& m, Reply* r) { Take(r, m.Heads()); }
int Heads(lua_State* L) {
  CheckMigrator(L, "heads");
  return Call(L, HeadsInner, 0);
}

void BranchesInner(lua_State*, Migrator& m, Reply* r) { Take(r, m.Branches()); }
int Branches(lua_State* L) {
  CheckMigrator(L, "branches");
  return Call(L, BranchesInner, 0);
}

// Slots: 2 = range (string or nil), 3 = indicate_current, 4 = best_effort.
void HistoryInner(lua_State* L, Migrator& m, Reply* r) {
  HistoryOptions opts;
  opts.range = Arg(L, 2, "");
  opts.indicate_current = lua_toboolean(L, 3) != 0;
  opts.best_effort = lua_toboolean(L, 4) != 0;
  Take(r, m.History(opts));
}
// m:history(range?) or m:history{ range =, indicate_current =, best_effort = }.
int History(lua_State* L) {
  CheckMigrator(L, "history");
  if (!lua_istable(L, 2)) OptString(L, 2);
  lua_settop(L, 4);
  if (lua_istable(L, 2)) {
    BoolField(L, 2, "indicate_current", 3);
    BoolField(L, 2, "best_effort", 4);
    lua_getfield(L, 2, "range");
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, 2, "field 'range': string expected");
    lua_replace(L, 2);
  } else {
    BoolField(L, 2, "", 3);
    BoolField(L, 2, "", 4);
  }
  return Call(L, HistoryInner, 3);
}

void ShowInner(lua_State* L, Migrator& m, Reply* r) { Take(r, m.Show(Arg(L, 2, ""))); }
int Show(lua_State* L) {
  CheckMigrator(L, "show");
  CheckString(L, 2);
  return Call(L, ShowInner, 1);
}

// Slots: 2 = array of target strings, 3 = purge.
void StampInner(lua_State* L, Migrator& m, Reply* r) {
  std::vector<std::string> targets;
  for (size_t i = 1; i <= lua_objlen(L, 2); ++i) {
    lua_rawgeti(L, 2, static_cast<int>(i));
    targets.push_back(Arg(L, -1, ""));
    lua_pop(L, 1);
  }
  Take(r, m.Stamp(targets, lua_toboolean(L, 3) != 0));
}
// m:stamp(target | { targets... }, { purge = bool }?)
int Stamp(lua_State* L) {
  CheckMigrator(L, "stamp");
  if (lua_type(L, 2) == LUA_TSTRING) {
    lua_createtable(L, 1, 0);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, 1);
    lua_replace(L, 2);
  } else if (!lua_istable(L, 2)) {
    luaL_typerror(L, 2, "string or array of strings");
  }
  if (!lua_isnoneornil(L, 3) && !lua_istable(L, 3)) luaL_typerror(L, 3, "table");
  lua_settop(L, 3);
  for (size_t i = 1; i <= lua_objlen(L, 2); ++i) {
    lua_rawgeti(L, 2, static_cast<int>(i));
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, 2,
                    lua_pushfstring(L, "entry %d: string expected, got %s",
                                    static_cast<int>(i), luaL_typename(L, -1)));
    lua_pop(L, 1);
  }
  BoolField(L, 3, "purge", 3);
  return Call(L, StampInner, 2);
}

void CheckInner(lua_State*, Migrator& m, Reply* r) { Take(r, m.Check()); }
int Check(lua_State* L) {
  CheckMigrator(L, "check");
  return Call(L, CheckInner, 0);
}

void DatabaseInner(lua_State*, Migrator& m, Reply* r) {
  r->value = m.DatabaseDescription();
}
int Database(lua_State* L) {
  CheckMigrator(L, "database");
  return Call(L, DatabaseInner, 0);
}

// Deletes the handle; what the Migrator's destructor does (closing the
// database) raises nothing.
void DestroyHandle(Box* box) noexcept {
  delete box->handle;
  box->handle = nullptr;
}

// m:close(): frees the database connection now. Idempotent; every other
// method of a closed migrator raises an error.
int Close(lua_State* L) {
  Box* box = CheckBox(L);
  if (box->handle != nullptr && box->handle->busy)
    return luaL_error(L, "luamig: m:close() while this migrator is running a command");
  lua_newtable(L);
  lua_setfenv(L, 1);  // drops on_event
  DestroyHandle(box);
  return 0;
}

int Gc(lua_State* L) {
  auto* box = static_cast<Box*>(lua_touserdata(L, 1));
  if (box != nullptr) DestroyHandle(box);
  return 0;
}

void Describe(Handle* h, Reply* r) noexcept {
  try {
    r->value = "luamig.migrator (" + h->migrator->DatabaseDescription() + ")";
  } catch (...) {
    SetInternal(r, "describe");
  }
}

// __tostring works while busy (print(m) in on_event): it touches neither
// the busy flag nor the event sink.
int ToString(lua_State* L) {
  Box* box = CheckBox(L);
  if (box->handle == nullptr) {
    lua_pushliteral(L, "luamig.migrator (closed)");
    return 1;
  }
  lua_settop(L, 1);
  Reply* r = NewReply(L);
  Describe(box->handle, r);
  int n = PushReply(L, *r);
  ClearReply(r);
  return n;
}

const luaL_Reg kMethods[] = {
    {"upgrade", Upgrade},   {"downgrade", Downgrade}, {"current", Current},
    {"heads", Heads},       {"branches", Branches},   {"history", History},
    {"show", Show},         {"stamp", Stamp},         {"check", Check},
    {"database", Database}, {"close", Close},         {nullptr, nullptr},
};

}  // namespace

void RegisterMigratorType(lua_State* L) {
  luaL_newmetatable(L, kMigratorMeta);
  lua_newtable(L);
  luaL_register(L, nullptr, kMethods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, Gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, ToString);
  lua_setfield(L, -2, "__tostring");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

Box* NewBox(lua_State* L, int on_event_slot) {
  auto* box = static_cast<Box*>(lua_newuserdata(L, sizeof(Box)));
  box->handle = nullptr;
  luaL_getmetatable(L, kMigratorMeta);
  lua_setmetatable(L, -2);
  lua_createtable(L, 0, 1);
  lua_pushvalue(L, on_event_slot);
  lua_setfield(L, -2, "on_event");
  lua_setfenv(L, -2);
  return box;
}

void ArmEvents(lua_State* L, int box_slot) {
  lua_pushlightuserdata(L, lua_touserdata(L, box_slot));
  lua_getfenv(L, box_slot);
  lua_getfield(L, -1, "on_event");
  lua_remove(L, -2);
  lua_rawset(L, LUA_REGISTRYINDEX);
}

void DisarmEvents(lua_State* L, int box_slot) {
  lua_pushlightuserdata(L, lua_touserdata(L, box_slot));
  lua_pushnil(L);
  lua_rawset(L, LUA_REGISTRYINDEX);
}

}  // namespace luamig::luamod
