// SPDX-License-Identifier: MIT
#include "lua/lua_state.h"

#include <lua.hpp>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "lua/op_binding.h"
#include "lua/stack.h"
#include "util/strings.h"
#include "util/url.h"

namespace luamig::lua {
namespace {

// Globals every script and config may use. Everything else (io, load*,
// dofile, require, debug, os.execute …) is absent.
const char* const kSafeGlobals[] = {
    "assert", "error",  "ipairs",   "next",         "pairs",        "pcall",
    "xpcall", "select", "tonumber", "tostring",     "type",         "unpack",
    "rawget", "rawset", "rawequal", "setmetatable", "getmetatable", "string",
    "table",  "math",   "bit",      "_VERSION",
};
const char* const kSafeOs[] = {"time", "date", "clock", "getenv", "difftime"};
// Library tables each script gets its own shallow copy of.
const char* const kLibraries[] = {"string", "table", "math", "bit", "os"};

const char kBaseKey[] = "luamig.base";
const char kLibMetaKey[] = "luamig.libmeta";
const char kPrintKey[] = "luamig.print";
const char kPrintTargetKey[] = "luamig.print_target";
const char kRealGetenvKey[] = "luamig.real_getenv";

int Traceback(lua_State* L) {
  const char* msg = lua_tostring(L, 1);
  if (msg == nullptr) msg = "(error object is not a string)";
  luaL_traceback(L, L, msg, 1);
  return 1;
}

// Hands one print line to the executor; nothing escapes.
void DeliverPrint(ops::OpExecutor* executor, const char* text, size_t len) noexcept {
  try {
    executor->Log(std::string(text, len));
  } catch (...) {
  }
}

// The C half of print(): receives the joined line. Trampoline rule: no C++
// objects live in this frame.
int PrintSink(lua_State* L) {
  size_t len = 0;
  const char* text = lua_tolstring(L, 1, &len);
  lua_getfield(L, LUA_REGISTRYINDEX, kPrintTargetKey);
  void* target = lua_touserdata(L, -1);
  lua_pop(L, 1);
  if (text != nullptr && target != nullptr)
    DeliverPrint(static_cast<ops::OpExecutor*>(target), text, len);
  return 0;
}

// print() in Lua (tostring may run __tostring metamethods, which must not
// run inside C++ frames), handing the line to PrintSink.
const char kPrintLua[] = R"lua(
local select, tostring, concat, sink = select, tostring, table.concat, ...
return function(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  sink(concat(parts, "\t"))
end
)lua";

void RegisterPrint(lua_State* L) {
  if (luaL_loadbuffer(L, kPrintLua, sizeof(kPrintLua) - 1, "=luamig.print") != 0 ||
      (lua_pushcfunction(L, PrintSink), lua_pcall(L, 1, 1, 0)) != 0) {
    lua_pop(L, 1);
    lua_pushnil(L);
  }
  lua_setfield(L, LUA_REGISTRYINDEX, kPrintKey);
}

// os.getenv for revision scripts: nil for what LuaState::VisibleEnv hides.
// Trampoline rule: no C++ objects live in this frame.
int ScriptGetenv(lua_State* L) {
  const char* name = luaL_checkstring(L, 1);
  const auto* state =
      static_cast<const LuaState*>(lua_touserdata(L, lua_upvalueindex(1)));
  const char* value = state->VisibleEnv(name);
  if (value == nullptr) {
    lua_pushnil(L);
  } else {
    lua_pushstring(L, value);
  }
  return 1;
}

// Builds the shared read-only base table scripts see through __index.
void PushBase(lua_State* L, LuaState* state) {
  lua_newtable(L);
  for (const char* name : kSafeGlobals) {
    lua_getglobal(L, name);
    lua_setfield(L, -2, name);
  }
  lua_getfield(L, LUA_REGISTRYINDEX, kPrintKey);
  lua_setfield(L, -2, "print");
  lua_newtable(L);
  lua_getglobal(L, "os");
  for (const char* name : kSafeOs) {
    lua_getfield(L, -1, name);
    lua_setfield(L, -3, name);
  }
  lua_getfield(L, -1, "getenv");
  lua_setfield(L, LUA_REGISTRYINDEX, kRealGetenvKey);
  lua_pop(L, 1);
  lua_pushlightuserdata(L, state);
  lua_pushcclosure(L, ScriptGetenv, 1);
  lua_setfield(L, -2, "getenv");
  lua_setfield(L, -2, "os");
}

// Stops scripts from reaching (and changing) the real string library through
// getmetatable("").__index.
void LockStringMetatable(lua_State* L) {
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1)) {
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

// Shallow copy of the table at the top of the stack, replacing it.
void ReplaceWithCopy(lua_State* L) {
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, -3) != 0) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
  lua_remove(L, -2);
}

// A fresh environment table. Misses fall back to this script's own library
// copies, then to the shared base table. A config file's os.getenv is the
// real one.
void PushSandbox(lua_State* L, bool config) {
  lua_newtable(L);  // env
  lua_newtable(L);  // env's metatable
  lua_newtable(L);  // this script's libraries
  for (const char* lib : kLibraries) {
    lua_getfield(L, LUA_REGISTRYINDEX, kBaseKey);
    lua_getfield(L, -1, lib);
    lua_remove(L, -2);
    if (lua_istable(L, -1)) ReplaceWithCopy(L);
    if (config && std::string_view(lib) == "os" && lua_istable(L, -1)) {
      lua_getfield(L, LUA_REGISTRYINDEX, kRealGetenvKey);
      lua_setfield(L, -2, "getenv");
    }
    lua_setfield(L, -2, lib);
  }
  lua_getfield(L, LUA_REGISTRYINDEX, kLibMetaKey);
  lua_setmetatable(L, -2);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
}

// pcall with the traceback handler; on error returns the message (first line)
// and traceback.
bool PCall(lua_State* L, int nargs, int nresults, std::string* error,
           std::string* trace) {
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, Traceback);
  lua_insert(L, base);
  int rc = lua_pcall(L, nargs, nresults, base);
  lua_remove(L, base);
  if (rc == 0) return true;
  std::string full = lua_tostring(L, -1) ? lua_tostring(L, -1) : "unknown Lua error";
  lua_pop(L, 1);
  size_t nl = full.find("\nstack traceback:");
  *error = full.substr(0, nl);
  *trace = nl == std::string::npos ? "" : full.substr(nl + 1);
  return false;
}

Data ToData(lua_State* L, int idx, int depth);

Data TableToData(lua_State* L, int idx, int depth) {
  if (idx < 0) idx = lua_gettop(L) + idx + 1;
  size_t n = lua_objlen(L, idx);
  bool is_list = true;
  size_t count = 0;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    ++count;
    if (lua_type(L, -2) != LUA_TNUMBER) is_list = false;
    lua_pop(L, 1);
  }
  Data out;
  if (is_list && count == n) {
    auto list = std::make_shared<Data::List>();
    for (size_t i = 1; i <= n; ++i) {
      lua_rawgeti(L, idx, static_cast<int>(i));
      list->push_back(ToData(L, -1, depth + 1));
      lua_pop(L, 1);
    }
    out.v = list;
    return out;
  }
  auto map = std::make_shared<Data::Map>();
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    if (lua_type(L, -2) == LUA_TSTRING)
      (*map)[lua_tostring(L, -2)] = ToData(L, -1, depth + 1);
    lua_pop(L, 1);
  }
  out.v = map;
  return out;
}

Data ToData(lua_State* L, int idx, int depth) {
  Data d;
  switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
      d.v = lua_toboolean(L, idx) != 0;
      break;
    case LUA_TNUMBER:
      d.v = static_cast<double>(lua_tonumber(L, idx));
      break;
    case LUA_TSTRING: {
      size_t len = 0;
      const char* s = lua_tolstring(L, idx, &len);
      d.v = std::string(s, len);
      break;
    }
    case LUA_TTABLE:
      if (depth < 32) return TableToData(L, idx, depth);
      break;
    default:
      break;
  }
  return d;
}

void PushData(lua_State* L, const Data& d, int depth) {
  if (const bool* b = d.boolean()) {
    lua_pushboolean(L, *b ? 1 : 0);
  } else if (const double* n = d.number()) {
    lua_pushnumber(L, *n);
  } else if (const std::string* s = d.str()) {
    lua_pushlstring(L, s->data(), s->size());
  } else if (const Data::List* list = d.list(); list != nullptr && depth < 32) {
    lua_createtable(L, static_cast<int>(list->size()), 0);
    for (size_t i = 0; i < list->size(); ++i) {
      PushData(L, (*list)[i], depth + 1);
      lua_rawseti(L, -2, static_cast<int>(i + 1));
    }
  } else if (const Data::Map* map = d.map(); map != nullptr && depth < 32) {
    lua_newtable(L);
    for (const auto& [key, value] : *map) {
      PushData(L, value, depth + 1);
      lua_setfield(L, -2, key.c_str());
    }
  } else {
    lua_pushnil(L);
  }
}

// The inner half of a config helper: every C++ object lives here. Leaves the
// result (true) or the error message (false) on the stack.
bool RunHelper(lua_State* L) noexcept {
  try {
    const auto* helper =
        static_cast<const ConfigHelper*>(lua_touserdata(L, lua_upvalueindex(1)));
    std::vector<Data> args;
    for (int i = 1, n = lua_gettop(L); i <= n; ++i) args.push_back(ToData(L, i, 0));
    Result<Data> r = (*helper)(args);
    if (!r.ok()) {
      lua_pushstring(L, r.status().message().c_str());
      return false;
    }
    PushData(L, *r, 0);
    return true;
  } catch (const std::exception& e) {
    lua_pushstring(L, e.what());
  } catch (...) {
    lua_pushstring(L, "config helper failed");
  }
  return false;
}

// Trampoline rule: no C++ objects in this frame, which may raise.
int HelperShim(lua_State* L) {
  if (RunHelper(L)) return 1;
  return lua_error(L);
}

void PushHelpers(lua_State* L, const std::map<std::string, ConfigHelper>& helpers) {
  lua_newtable(L);
  for (const auto& [name, fn] : helpers) {
    lua_pushlightuserdata(L, const_cast<ConfigHelper*>(&fn));
    lua_pushcclosure(L, HelperShim, 1);
    lua_setfield(L, -2, name.c_str());
  }
}

// Follows `path` from the table at `table`; a function at its end is called
// with the helpers table and replaced by its result.
Status CallAt(lua_State* L, int table, int helpers, const std::vector<std::string>& path,
              size_t at, const std::string& name) {
  if (at >= path.size() || !lua_istable(L, table)) return Status::Ok();
  if (path[at] == "*") {
    std::vector<std::string> keys;
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
      if (lua_type(L, -2) == LUA_TSTRING) keys.push_back(lua_tostring(L, -2));
      lua_pop(L, 1);
    }
    for (const auto& key : keys) {
      std::vector<std::string> concrete = path;
      concrete[at] = key;
      LUAMIG_RETURN_IF_ERROR(CallAt(L, table, helpers, concrete, at, name));
    }
    return Status::Ok();
  }
  lua_getfield(L, table, path[at].c_str());
  int value = lua_gettop(L);
  if (at + 1 < path.size()) {
    Status s = CallAt(L, value, helpers, path, at + 1, name);
    lua_settop(L, value - 1);
    return s;
  }
  if (!lua_isfunction(L, value)) {
    lua_settop(L, value - 1);
    return Status::Ok();
  }
  lua_pushvalue(L, helpers);
  std::string error, trace;
  if (!PCall(L, 1, 1, &error, &trace)) {
    lua_settop(L, value - 1);
    std::string where;
    for (const auto& key : path) where += (where.empty() ? "" : ".") + key;
    return LuaErrorToStatus(StatusCode::kProject, error, name)
        .WithHint("while calling the function `" + where + "`\n" + trace);
  }
  lua_setfield(L, table, path[at].c_str());
  lua_settop(L, value - 1);
  return Status::Ok();
}

}  // namespace

const Data::List* Data::list() const {
  auto p = std::get_if<std::shared_ptr<List>>(&v);
  return p ? p->get() : nullptr;
}

const Data::Map* Data::map() const {
  static const Map kEmpty;
  auto p = std::get_if<std::shared_ptr<Map>>(&v);
  if (p != nullptr) return p->get();
  const List* l = list();
  return l != nullptr && l->empty() ? &kEmpty : nullptr;
}

const Data& Data::operator[](const std::string& key) const {
  static const Data kNil;
  const Map* m = map();
  if (m == nullptr) return kNil;
  auto it = m->find(key);
  return it == m->end() ? kNil : it->second;
}

const char* Data::TypeName() const {
  switch (v.index()) {
    case 0:
      return "nil";
    case 1:
      return "boolean";
    case 2:
      return "number";
    case 3:
      return "string";
    default:
      return "table";
  }
}

Status LuaErrorToStatus(StatusCode code, const std::string& msg,
                        const std::string& fallback_file) {
  // "name:123: message" — find the first ":<digits>: ".
  for (size_t colon = msg.find(':'); colon != std::string::npos;
       colon = msg.find(':', colon + 1)) {
    size_t end = colon + 1;
    while (end < msg.size() && std::isdigit(static_cast<unsigned char>(msg[end]))) ++end;
    if (end > colon + 1 && end + 1 < msg.size() && msg[end] == ':' &&
        msg[end + 1] == ' ') {
      std::string file = msg.substr(0, colon);
      int line = std::atoi(msg.substr(colon + 1, end - colon - 1).c_str());
      if (util::StartsWith(file, "...") && file.size() > 3 &&
          util::EndsWith(fallback_file, file.substr(3))) {
        file = fallback_file;
      }
      return Status(code, msg).WithFile(file, line);
    }
  }
  return Status(code, msg).WithFile(fallback_file);
}

LuaState::LuaState() : L_(luaL_newstate()) {
  luaL_openlibs(L_);
  RegisterPrint(L_);
  PushBase(L_, this);
  lua_setfield(L_, LUA_REGISTRYINDEX, kBaseKey);
  lua_newtable(L_);
  lua_getfield(L_, LUA_REGISTRYINDEX, kBaseKey);
  lua_setfield(L_, -2, "__index");
  lua_setfield(L_, LUA_REGISTRYINDEX, kLibMetaKey);
  LockStringMetatable(L_);
}

LuaState::~LuaState() { lua_close(L_); }

Result<ScriptId> LuaState::LoadScript(const std::string& name,
                                      const std::string& source) {
  return Load(name, source, false);
}

void LuaState::HideEnvironment(std::vector<std::string> names,
                               std::shared_ptr<const SecretSet> secrets) {
  for (auto& n : names) {
    if (!n.empty()) hidden_names_.push_back(std::move(n));
  }
  secrets_ = std::move(secrets);
}

const char* LuaState::VisibleEnv(const char* name) const noexcept {
  try {
    const char* value = std::getenv(name);
    if (value == nullptr || IsSecretVariableName(name)) return nullptr;
    for (const auto& hidden : hidden_names_) {
      if (hidden == name) return nullptr;
    }
    if (!util::SecretsIn(value).empty()) return nullptr;
    if (secrets_ && secrets_->Scrub(value) != value) return nullptr;
    return value;
  } catch (...) {
    return nullptr;
  }
}

Result<ScriptId> LuaState::Load(const std::string& name, const std::string& source,
                                bool config) {
  std::string chunk = "@" + name;
  if (luaL_loadbuffer(L_, source.data(), source.size(), chunk.c_str()) != 0) {
    std::string msg = lua_tostring(L_, -1) ? lua_tostring(L_, -1) : "syntax error";
    lua_pop(L_, 1);
    return LuaErrorToStatus(StatusCode::kProject, msg, name);
  }
  PushSandbox(L_, config);
  lua_pushvalue(L_, -1);
  int ref = luaL_ref(L_, LUA_REGISTRYINDEX);
  lua_setfenv(L_, -2);
  std::string error, trace;
  if (!PCall(L_, 0, 0, &error, &trace)) {
    luaL_unref(L_, LUA_REGISTRYINDEX, ref);
    return LuaErrorToStatus(StatusCode::kProject, error, name).WithHint(trace);
  }
  env_refs_.push_back(ref);
  names_.push_back(name);
  return static_cast<ScriptId>(env_refs_.size() - 1);
}

void LuaState::SetPrintTarget(void* executor) {
  if (executor != nullptr) {
    lua_pushlightuserdata(L_, executor);
  } else {
    lua_pushnil(L_);
  }
  lua_setfield(L_, LUA_REGISTRYINDEX, kPrintTargetKey);
}

bool LuaState::PushEnv(ScriptId script) {
  if (script < 0 || static_cast<size_t>(script) >= env_refs_.size()) return false;
  lua_rawgeti(L_, LUA_REGISTRYINDEX, env_refs_[static_cast<size_t>(script)]);
  return true;
}

Result<Data> LuaState::GetGlobal(ScriptId script, const std::string& key) {
  if (!PushEnv(script))
    return Status::Internal("no loaded script #" + std::to_string(script));
  lua_getfield(L_, -1, key.c_str());
  Data d = ToData(L_, -1, 0);
  lua_pop(L_, 2);
  return d;
}

std::string LuaState::GlobalType(ScriptId script, const std::string& key) {
  if (!PushEnv(script)) return "nil";
  lua_getfield(L_, -1, key.c_str());
  std::string type = lua_typename(L_, lua_type(L_, -1));
  lua_pop(L_, 2);
  return type;
}

bool LuaState::HasFunction(ScriptId script, const std::string& key) {
  if (!PushEnv(script)) return false;
  lua_getfield(L_, -1, key.c_str());
  bool is_fn = lua_isfunction(L_, -1);
  lua_pop(L_, 2);
  return is_fn;
}

Status LuaState::CallMigration(ScriptId script, const std::string& fn,
                               ops::OpExecutor& executor,
                               const std::map<std::string, std::string>& x) {
  if (!PushEnv(script))
    return Status::Internal("no loaded script #" + std::to_string(script));
  const std::string& name = names_[static_cast<size_t>(script)];
  lua_getfield(L_, -1, fn.c_str());
  lua_remove(L_, -2);
  if (!lua_isfunction(L_, -1)) {
    lua_pop(L_, 1);
    return Status::Project(name + ": script defines no " + fn + "() function")
        .WithFile(name);
  }
  std::string error, trace;
  bool ok;
  {
    OpBinding binding(executor);
    binding.Push(L_, x);
    lua_getfield(L_, LUA_REGISTRYINDEX, kPrintTargetKey);
    void* previous = lua_touserdata(L_, -1);
    lua_pop(L_, 1);
    SetPrintTarget(&executor);
    ok = PCall(L_, 1, 0, &error, &trace);
    SetPrintTarget(previous);
    if (!binding.last_error().ok()) return OpFailure(binding, name, ok, error, trace);
  }
  lua_gc(L_, LUA_GCSTEP, 0);
  if (ok) return Status::Ok();
  return LuaErrorToStatus(StatusCode::kMigration, error, name).WithHint(trace);
}

// An op failed: keep the executor's Status (SQL, database message), located
// at the script line that called the op.
Status LuaState::OpFailure(const OpBinding& binding, const std::string& name,
                           bool script_ok, const std::string& error,
                           const std::string& trace) {
  Status located =
      LuaErrorToStatus(StatusCode::kMigration, binding.raised_message(), name);
  Status out = binding.last_error();
  out.WithFile(located.file(), located.line());
  if (script_ok) {
    out.WithHint("the script caught this error, but a failed op fails its migration");
  } else if (error != binding.raised_message()) {
    out.WithHint("the script then raised: " + error + "\n" + trace);
  } else {
    out.WithHint(trace);
  }
  return out;
}

Status LuaState::RunDeclarations(const std::string& name, const std::string& source,
                                 const std::string& global, ops::OpExecutor& executor) {
  std::string chunk = "@" + name;
  if (luaL_loadbuffer(L_, source.data(), source.size(), chunk.c_str()) != 0) {
    std::string msg = lua_tostring(L_, -1) ? lua_tostring(L_, -1) : "syntax error";
    lua_pop(L_, 1);
    return LuaErrorToStatus(StatusCode::kProject, msg, name);
  }
  std::string error, trace;
  bool ok;
  {
    OpBinding binding(executor);
    PushSandbox(L_, false);
    binding.Push(L_, {});
    lua_setfield(L_, -2, global.c_str());
    lua_setfenv(L_, -2);
    ok = PCall(L_, 0, 0, &error, &trace);
    if (!binding.last_error().ok()) {
      Status s = OpFailure(binding, name, ok, error, trace);
      return Status(StatusCode::kProject, s.message())
          .WithFile(s.file(), s.line())
          .WithHint(s.hint());
    }
  }
  lua_gc(L_, LUA_GCSTEP, 0);
  if (ok) return Status::Ok();
  return LuaErrorToStatus(StatusCode::kProject, error, name).WithHint(trace);
}

// jit.util.funcinfo(f).bytecodes is 2 (FUNCF, RET0) for an empty function.
const char kEmptyFunctionLua[] = R"lua(
local f = ...
local ok, util = pcall(require, "jit.util")
if not ok or type(f) ~= "function" then return false end
local info = util.funcinfo(f)
return info.bytecodes ~= nil and info.bytecodes <= 2
)lua";

bool LuaState::IsEmptyFunction(ScriptId script, const std::string& key) {
  if (!PushEnv(script)) return false;
  int top = lua_gettop(L_) - 1;
  if (luaL_loadbuffer(L_, kEmptyFunctionLua, sizeof(kEmptyFunctionLua) - 1,
                      "=luamig.empty_function") != 0) {
    lua_settop(L_, top);
    return false;
  }
  lua_getfield(L_, -2, key.c_str());
  bool empty = lua_pcall(L_, 1, 1, 0) == 0 && lua_toboolean(L_, -1);
  lua_settop(L_, top);
  return empty;
}

Result<Data> LuaState::EvalConfig(const std::string& name, const std::string& source) {
  return EvalConfig(name, source, ConfigCalls{});
}

Result<Data> LuaState::EvalConfig(const std::string& name, const std::string& source,
                                  const ConfigCalls& calls) {
  LUAMIG_ASSIGN_OR_RETURN(ScriptId id, Load(name, source, true));
  PushEnv(id);
  int env = lua_gettop(L_);
  if (!calls.paths.empty()) {
    PushHelpers(L_, calls.helpers);
    int helpers = lua_gettop(L_);
    for (const auto& path : calls.paths) {
      Status s = CallAt(L_, env, helpers, path, 0, name);
      if (!s.ok()) {
        lua_settop(L_, env - 1);
        return s;
      }
    }
    lua_settop(L_, env);
  }
  Data d = TableToData(L_, -1, 0);
  lua_pop(L_, 1);
  return d;
}

}  // namespace luamig::lua
