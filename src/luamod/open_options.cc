// SPDX-License-Identifier: MIT
#include "luamod/open_options.h"

#include <lua.hpp>

#include <cstring>

namespace luamig::luamod {
namespace {

// In slot order (slot = index + 2).
constexpr const char* kFields[] = {"url", "scripts",  "config",      "env",
                                   "x",   "on_event", "lock_timeout"};
constexpr char kFieldList[] = "url, scripts, config, env, x, on_event, lock_timeout";

// ---- Phase 1: validation (raises) -------------------------------------------

int FieldError(lua_State* L, const char* field, const char* expected, int idx) {
  return luaL_argerror(L, 1,
                       lua_pushfstring(L, "field '%s': %s expected, got %s", field,
                                       expected, luaL_typename(L, idx)));
}

void CheckKnownFields(lua_State* L) {
  lua_pushnil(L);
  while (lua_next(L, 1) != 0) {
    lua_pop(L, 1);
    bool known = false;
    if (lua_type(L, -1) == LUA_TSTRING) {
      for (const char* f : kFields)
        known = known || std::strcmp(f, lua_tostring(L, -1)) == 0;
    }
    if (!known) {
      const char* key =
          lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(not a name)";
      luaL_argerror(
          L, 1, lua_pushfstring(L, "unknown field '%s' (known: %s)", key, kFieldList));
    }
  }
}

void CheckOptional(lua_State* L, int slot, int type) {
  if (!lua_isnil(L, slot) && lua_type(L, slot) != type)
    FieldError(L, kFields[slot - 2], lua_typename(L, type), slot);
}

// scripts: a directory, an array of directories, or a table name = source.
// A string becomes a one-element array.
void CheckScripts(lua_State* L) {
  const int slot = kScriptsSlot;
  const char* expected = "a directory, an array of directories or a table name = source";
  if (lua_isnil(L, slot)) return;
  if (lua_type(L, slot) == LUA_TSTRING) {
    lua_createtable(L, 1, 0);
    lua_pushvalue(L, slot);
    lua_rawseti(L, -2, 1);
    lua_replace(L, slot);
    return;
  }
  if (!lua_istable(L, slot)) FieldError(L, "scripts", expected, slot);
  int names = 0, indexes = 0;
  lua_pushnil(L);
  while (lua_next(L, slot) != 0) {
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, 1,
                    lua_pushfstring(L, "field 'scripts': %s, got a %s entry", expected,
                                    luaL_typename(L, -1)));
    lua_pop(L, 1);
    (lua_type(L, -1) == LUA_TSTRING ? names : indexes)++;
  }
  if ((names > 0 && indexes > 0) ||
      (indexes > 0 && static_cast<size_t>(indexes) != lua_objlen(L, slot)))
    luaL_argerror(L, 1, lua_pushfstring(L, "field 'scripts': %s, not a mix", expected));
}

// x: string keys; string, number or boolean values, copied as strings.
void CheckX(lua_State* L) {
  const int slot = kXSlot;
  CheckOptional(L, slot, LUA_TTABLE);
  if (lua_isnil(L, slot)) return;
  lua_newtable(L);
  const int copy = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, slot) != 0) {
    int t = lua_type(L, -1);
    if (lua_type(L, -2) != LUA_TSTRING ||
        (t != LUA_TSTRING && t != LUA_TNUMBER && t != LUA_TBOOLEAN))
      luaL_argerror(L, 1, "field 'x': a table of name = string, number or boolean");
    lua_pushvalue(L, -2);
    if (t == LUA_TBOOLEAN)
      lua_pushstring(L, lua_toboolean(L, -2) ? "true" : "false");
    else
      lua_pushstring(L, lua_tostring(L, -2));  // converts a copy, not the key
    lua_rawset(L, copy);
    lua_pop(L, 1);
  }
  lua_replace(L, slot);
}

// ---- Phase 2: copying (raises nothing) --------------------------------------

std::string Str(lua_State* L, int idx) {
  size_t len = 0;
  const char* s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : nullptr;
  return s != nullptr ? std::string(s, len) : std::string();
}

std::shared_ptr<ScriptSource> ReadScripts(lua_State* L) {
  const int slot = kScriptsSlot;
  if (!lua_istable(L, slot)) return nullptr;
  if (lua_objlen(L, slot) > 0) {
    std::vector<std::string> dirs;
    for (size_t i = 1; i <= lua_objlen(L, slot); ++i) {
      lua_rawgeti(L, slot, static_cast<int>(i));
      dirs.push_back(Str(L, -1));
      lua_pop(L, 1);
    }
    return NewDirectorySource(std::move(dirs));
  }
  std::vector<ScriptFile> files;
  lua_pushnil(L);
  while (lua_next(L, slot) != 0) {
    files.push_back(ScriptFile{Str(L, -2), Str(L, -1)});
    lua_pop(L, 1);
  }
  return NewMemorySource(std::move(files));
}

std::map<std::string, std::string> ReadX(lua_State* L) {
  std::map<std::string, std::string> x;
  if (!lua_istable(L, kXSlot)) return x;
  lua_pushnil(L);
  while (lua_next(L, kXSlot) != 0) {
    x[Str(L, -2)] = Str(L, -1);
    lua_pop(L, 1);
  }
  return x;
}

}  // namespace

void CheckOpenOptions(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  CheckKnownFields(L);
  for (const char* f : kFields) lua_getfield(L, 1, f);
  CheckOptional(L, kUrlSlot, LUA_TSTRING);
  CheckScripts(L);
  CheckOptional(L, kConfigSlot, LUA_TSTRING);
  CheckOptional(L, kEnvSlot, LUA_TSTRING);
  CheckX(L);
  CheckOptional(L, kOnEventSlot, LUA_TFUNCTION);
  CheckOptional(L, kLockTimeoutSlot, LUA_TNUMBER);
  lua_settop(L, kOpenLastSlot);
}

Status ReadOpenOptions(lua_State* L, MigratorOptions* out) {
  const std::string config = Str(L, kConfigSlot);
  const std::string env = Str(L, kEnvSlot);
  if (!config.empty()) {
    Result<Config> loaded = LoadConfigFile(config, env);
    if (!loaded.ok()) return loaded.status();
    out->config = std::move(loaded).value();
  } else if (!env.empty()) {
    return Status::Usage("luamig.open: 'env' selects an environment of a 'config' file");
  }
  out->url = Str(L, kUrlSlot);
  out->scripts = ReadScripts(L);
  out->x = ReadX(L);
  if (lua_type(L, kLockTimeoutSlot) == LUA_TNUMBER) {
    out->lock_timeout = std::chrono::milliseconds(
        static_cast<long long>(lua_tonumber(L, kLockTimeoutSlot)));
  }
  return Status::Ok();
}

}  // namespace luamig::luamod
