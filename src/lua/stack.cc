// SPDX-License-Identifier: MIT
#include "lua/stack.h"

#include <lua.hpp>

#include <cmath>

#include "util/edit_distance.h"

namespace luamig::lua {

void* NullSentinel() {
  static char sentinel;
  return &sentinel;
}

const char* TypeNameAt(lua_State* L, int idx) {
  return lua_typename(L, lua_type(L, idx));
}

bool ToValue(lua_State* L, int idx, ops::Value* out, std::string* error) {
  switch (lua_type(L, idx)) {
    case LUA_TNIL:
    case LUA_TNONE:
      *out = ops::Null{};
      return true;
    case LUA_TBOOLEAN:
      *out = lua_toboolean(L, idx) != 0;
      return true;
    case LUA_TNUMBER: {
      double d = lua_tonumber(L, idx);
      // SQLite stores NaN as NULL, PostgreSQL as 'NaN'; neither is what a
      // script meant by 0/0.
      if (!std::isfinite(d)) {
        *error = std::string("cannot use ") +
                 (std::isnan(d) ? "nan" : "an infinite number") + " as an SQL value";
        return false;
      }
      if (std::floor(d) == d && std::fabs(d) <= 9007199254740992.0) {
        *out = static_cast<int64_t>(d);
      } else {
        *out = d;
      }
      return true;
    }
    case LUA_TSTRING: {
      size_t len = 0;
      const char* s = lua_tolstring(L, idx, &len);
      *out = std::string(s, len);
      return true;
    }
    case LUA_TLIGHTUSERDATA:
      if (lua_touserdata(L, idx) == NullSentinel()) {
        *out = ops::Null{};
        return true;
      }
      break;
    default:
      break;
  }
  *error = std::string("cannot use a ") + TypeNameAt(L, idx) + " as an SQL value";
  return false;
}

void PushValue(lua_State* L, const ops::Value& v) {
  if (std::holds_alternative<ops::Null>(v)) {
    lua_pushlightuserdata(L, NullSentinel());
  } else if (const bool* b = std::get_if<bool>(&v)) {
    lua_pushboolean(L, *b);
  } else if (const int64_t* i = std::get_if<int64_t>(&v)) {
    lua_pushnumber(L, static_cast<lua_Number>(*i));
  } else if (const double* d = std::get_if<double>(&v)) {
    lua_pushnumber(L, *d);
  } else if (const std::string* s = std::get_if<std::string>(&v)) {
    lua_pushlstring(L, s->data(), s->size());
  } else if (const ops::Blob* blob = std::get_if<ops::Blob>(&v)) {
    lua_pushlstring(L, blob->bytes.data(), blob->bytes.size());
  }
}

namespace {
const char kSqlExprKey[] = "luamig.sql_expr";

// Pushes the metatable that marks op.sql values (created once per state).
void PushSqlMeta(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kSqlExprKey);
  if (!lua_isnil(L, -1)) return;
  lua_pop(L, 1);
  lua_newtable(L);
  lua_pushstring(L, "op.sql");
  lua_setfield(L, -2, "__metatable");
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, kSqlExprKey);
}
}  // namespace

void PushSqlExpr(lua_State* L, const std::string& text) {
  lua_createtable(L, 0, 1);
  lua_pushlstring(L, text.data(), text.size());
  lua_setfield(L, -2, "sql");
  PushSqlMeta(L);
  lua_setmetatable(L, -2);
}

bool SqlExprAt(lua_State* L, int idx, std::string* out) {
  if (idx < 0) idx = lua_gettop(L) + idx + 1;
  if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return false;
  PushSqlMeta(L);
  bool marked = lua_rawequal(L, -1, -2) != 0;
  lua_pop(L, 2);
  if (!marked) return false;
  lua_pushstring(L, "sql");
  lua_rawget(L, idx);
  bool ok = lua_type(L, -1) == LUA_TSTRING;
  if (ok) out->assign(lua_tostring(L, -1), lua_objlen(L, -1));
  lua_pop(L, 1);
  return ok;
}

bool ArgReader::FailRaw(std::string message) {
  if (error_.empty()) {
    error_ = std::move(message);
    raw_ = true;
  }
  return false;
}

bool ArgReader::Fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

bool ArgReader::Prefix(const std::string& context) {
  error_ = context + error_;
  return false;
}

namespace {
// Pushes t[key] without metamethods.
void RawField(lua_State* L, int idx, const char* key) {
  if (idx < 0) idx = lua_gettop(L) + idx + 1;
  lua_pushstring(L, key);
  lua_rawget(L, idx);
}
}  // namespace

bool ArgReader::String(int idx, const char* what, std::string* out) {
  if (lua_type(L_, idx) != LUA_TSTRING) {
    return Fail(std::string(what) + " must be a string, got " + TypeNameAt(L_, idx));
  }
  size_t len = 0;
  const char* s = lua_tolstring(L_, idx, &len);
  out->assign(s, len);
  return true;
}

bool ArgReader::Name(int idx, const char* what, std::string* out) {
  if (!String(idx, what, out)) return false;
  if (out->empty()) return Fail(std::string(what) + " must not be empty");
  return true;
}

bool ArgReader::Table(int idx, const char* what, bool optional) {
  if (optional && lua_isnoneornil(L_, idx)) return true;
  if (lua_type(L_, idx) != LUA_TTABLE) {
    return Fail(std::string(what) + " must be a table, got " + TypeNameAt(L_, idx));
  }
  return true;
}

bool ArgReader::StringList(int idx, const char* what, std::vector<std::string>* out) {
  if (lua_isnoneornil(L_, idx)) return true;
  if (lua_type(L_, idx) == LUA_TSTRING) return String(idx, what, &out->emplace_back());
  if (!Table(idx, what, false)) return false;
  int n = static_cast<int>(lua_objlen(L_, idx));
  for (int i = 1; i <= n; ++i) {
    lua_rawgeti(L_, idx, i);
    bool ok = lua_type(L_, -1) == LUA_TSTRING;
    if (ok) out->emplace_back(lua_tostring(L_, -1));
    lua_pop(L_, 1);
    if (!ok)
      return Fail(std::string(what) + "[" + std::to_string(i) + "] must be a string");
  }
  return true;
}

bool ArgReader::Params(int idx, std::vector<ops::Value>* out) {
  if (lua_isnoneornil(L_, idx)) return true;
  if (!Table(idx, "params", false)) return false;
  int n = static_cast<int>(lua_objlen(L_, idx));
  for (int i = 1; i <= n; ++i) {
    lua_rawgeti(L_, idx, i);
    std::string err;
    bool ok = ToValue(L_, -1, &out->emplace_back(), &err);
    lua_pop(L_, 1);
    if (!ok) return Fail("params[" + std::to_string(i) + "]: " + err);
  }
  return true;
}

bool ArgReader::OnlyOptions(int idx, const std::vector<std::string>& allowed,
                            int positional, const char* what) {
  lua_pushnil(L_);
  while (lua_next(L_, idx) != 0) {
    lua_pop(L_, 1);  // value
    if (lua_type(L_, -1) == LUA_TNUMBER) {
      lua_Number k = lua_tonumber(L_, -1);
      if (k >= 1 && k <= positional && std::floor(k) == k) continue;
      lua_pop(L_, 1);
      return Fail(std::string(what) + " has an unexpected positional entry");
    }
    if (lua_type(L_, -1) != LUA_TSTRING) {
      lua_pop(L_, 1);
      return Fail(std::string(what) + " keys must be option names");
    }
    std::string key = lua_tostring(L_, -1);
    bool known = false;
    for (const auto& a : allowed) known = known || a == key;
    if (!known) {
      lua_pop(L_, 1);
      return Fail(std::string("unknown option '") + key + "' in " + what +
                  util::DidYouMean(key, allowed));
    }
  }
  return true;
}

bool ArgReader::BoolOpt(int idx, const char* key, bool* out) {
  RawField(L_, idx, key);
  int t = lua_type(L_, -1);
  if (t == LUA_TBOOLEAN) *out = lua_toboolean(L_, -1) != 0;
  const char* got = TypeNameAt(L_, -1);
  lua_pop(L_, 1);
  if (t != LUA_TNIL && t != LUA_TBOOLEAN) {
    return Fail(std::string("option '") + key + "' must be a boolean, got " + got);
  }
  return true;
}

bool ArgReader::StringOpt(int idx, const char* key, std::string* out, bool* present) {
  RawField(L_, idx, key);
  int t = lua_type(L_, -1);
  if (t == LUA_TSTRING) *out = lua_tostring(L_, -1);
  const char* got = TypeNameAt(L_, -1);
  lua_pop(L_, 1);
  if (present) *present = t == LUA_TSTRING;
  if (t != LUA_TNIL && t != LUA_TSTRING) {
    return Fail(std::string("option '") + key + "' must be a string, got " + got);
  }
  return true;
}

bool ArgReader::ValueOpt(int idx, const char* key, ops::Value* out, bool* present) {
  RawField(L_, idx, key);
  *present = !lua_isnil(L_, -1);
  std::string err;
  bool ok = !*present || ToValue(L_, -1, out, &err);
  lua_pop(L_, 1);
  if (!ok) return Fail(std::string("option '") + key + "': " + err);
  return true;
}

bool ArgReader::OptionalBoolOpt(int idx, const char* key, std::optional<bool>* out) {
  RawField(L_, idx, key);
  int t = lua_type(L_, -1);
  if (t == LUA_TBOOLEAN) *out = lua_toboolean(L_, -1) != 0;
  const char* got = TypeNameAt(L_, -1);
  lua_pop(L_, 1);
  if (t != LUA_TNIL && t != LUA_TBOOLEAN) {
    return Fail(std::string("option '") + key + "' must be a boolean, got " + got);
  }
  return true;
}

bool ArgReader::StringListOpt(int idx, const char* key, std::vector<std::string>* out,
                              bool* present) {
  if (idx < 0) idx = lua_gettop(L_) + idx + 1;
  RawField(L_, idx, key);
  if (present) *present = !lua_isnil(L_, -1);
  std::string what = std::string("option '") + key + "'";
  bool ok = StringList(lua_gettop(L_), what.c_str(), out);
  lua_pop(L_, 1);
  return ok;
}

bool ArgReader::ChoiceOpt(int idx, const char* key,
                          const std::vector<std::string>& choices, std::string* out) {
  std::string value;
  bool present = false;
  if (!StringOpt(idx, key, &value, &present)) return false;
  if (!present) return true;
  std::string lower;
  for (char c : value)
    lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (const auto& c : choices) {
    if (c == lower) {
      *out = lower;
      return true;
    }
  }
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "'" : ", '") + c + "'";
  return Fail(std::string("option '") + key + "' must be one of " + list + ", got '" +
              value + "'" + util::DidYouMean(lower, choices));
}

bool ArgReader::SqlOpt(int idx, const char* key, std::string* out, bool* present) {
  if (idx < 0) idx = lua_gettop(L_) + idx + 1;
  RawField(L_, idx, key);
  int t = lua_type(L_, -1);
  *present = t != LUA_TNIL;
  bool ok = t == LUA_TNIL || SqlExprAt(L_, -1, out);
  if (t == LUA_TSTRING) {
    out->assign(lua_tostring(L_, -1), lua_objlen(L_, -1));
    ok = true;
  }
  const char* got = TypeNameAt(L_, -1);
  lua_pop(L_, 1);
  if (!ok) {
    return Fail(std::string("option '") + key +
                "' must be an SQL expression (a string or op.sql(...)), got " + got);
  }
  return true;
}

bool ArgReader::Function(int idx, const char* what) {
  if (lua_type(L_, idx) != LUA_TFUNCTION) {
    return Fail(std::string(what) + " must be a function, got " + TypeNameAt(L_, idx));
  }
  return true;
}

bool ArgReader::Options(int idx, const std::vector<std::string>& allowed,
                        const char* what) {
  if (!Table(idx, what, true)) return false;
  return lua_isnoneornil(L_, idx) || OnlyOptions(idx, allowed, 0, what);
}

}  // namespace luamig::lua
