// SPDX-License-Identifier: MIT
#include "luamod/reply.h"

#include <lua.hpp>

#include <new>

namespace luamig::luamod {
namespace {

// The push helpers below build Lua values from C++ values they only read.
// They declare no C++ objects with destructors, so an allocation error that
// Lua raises half-way skips nothing.

void PushStr(lua_State* L, const std::string& s) {
  lua_pushlstring(L, s.data(), s.size());
}

// t[key] = s for the table at the top of the stack.
void SetStr(lua_State* L, const char* key, const std::string& s) {
  PushStr(L, s);
  lua_setfield(L, -2, key);
}

// t[key] = s, unless s is empty (absent details are nil, not "").
void SetStrIf(lua_State* L, const char* key, const std::string& s) {
  if (!s.empty()) SetStr(L, key, s);
}

void SetBool(lua_State* L, const char* key, bool b) {
  lua_pushboolean(L, b ? 1 : 0);
  lua_setfield(L, -2, key);
}

void SetNum(lua_State* L, const char* key, double n) {
  lua_pushnumber(L, n);
  lua_setfield(L, -2, key);
}

void PushStrings(lua_State* L, const std::vector<std::string>& v) {
  lua_createtable(L, static_cast<int>(v.size()), 0);
  for (size_t i = 0; i < v.size(); ++i) {
    PushStr(L, v[i]);
    lua_rawseti(L, -2, static_cast<int>(i + 1));
  }
}

void SetStrings(lua_State* L, const char* key, const std::vector<std::string>& v) {
  PushStrings(L, v);
  lua_setfield(L, -2, key);
}

// Arrays of records: push_one pushes one element.
template <typename T>
void PushList(lua_State* L, const std::vector<T>& v,
              void (*push_one)(lua_State*, const T&)) {
  lua_createtable(L, static_cast<int>(v.size()), 0);
  for (size_t i = 0; i < v.size(); ++i) {
    push_one(L, v[i]);
    lua_rawseti(L, -2, static_cast<int>(i + 1));
  }
}

double Millis(std::chrono::microseconds d) {
  return static_cast<double>(d.count()) / 1000.0;
}

void PushRevision(lua_State* L, const RevisionInfo& r) {
  lua_createtable(L, 0, 14);
  SetStr(L, "id", r.id);
  SetStrings(L, "down_revisions", r.down_revisions);
  SetStrings(L, "branch_labels", r.branch_labels);
  SetStrings(L, "depends_on", r.depends_on);
  SetStr(L, "message", r.message);
  SetStr(L, "file", r.file);
  SetBool(L, "is_head", r.is_head);
  SetBool(L, "is_effective_head", r.is_effective_head);
  SetBool(L, "is_current", r.is_current);
  SetBool(L, "is_implied", r.is_implied);
  SetBool(L, "is_branch_point", r.is_branch_point);
  SetBool(L, "is_merge", r.is_merge);
  SetStrings(L, "children", r.children);
  if (!r.doc.empty()) SetStrings(L, "doc", r.doc);
}

void PushBranchPoint(lua_State* L, const BranchPoint& b) {
  lua_createtable(L, 0, 2);
  PushRevision(L, b.revision);
  lua_setfield(L, -2, "revision");
  PushList(L, b.children, PushRevision);
  lua_setfield(L, -2, "children");
}

void PushStep(lua_State* L, const StepResult& s) {
  lua_createtable(L, 0, 6);
  SetStr(L, "revision", s.step.revision);
  lua_pushstring(L, s.step.direction == Direction::kUpgrade ? "upgrade" : "downgrade");
  lua_setfield(L, -2, "direction");
  SetStr(L, "message", s.step.message);
  SetStr(L, "file", s.step.file);
  SetBool(L, "stamp_only", s.step.stamp_only);
  SetNum(L, "duration_ms", Millis(s.duration));
}

void PushRun(lua_State* L, const RunResult& run) {
  lua_createtable(L, 0, 4);
  PushList(L, run.steps, PushStep);
  lua_setfield(L, -2, "steps");
  SetStrings(L, "heads_before", run.heads_before);
  SetStrings(L, "heads_after", run.heads_after);
}

void PushChanged(lua_State* L, const ChangedScript& c) {
  lua_createtable(L, 0, 5);
  SetStr(L, "revision", c.revision);
  SetStr(L, "file", c.file);
  SetStr(L, "applied_checksum", c.applied_checksum);
  SetStr(L, "current_checksum", c.current_checksum);
  SetStr(L, "applied_at", c.applied_at);
}

void PushUnknown(lua_State* L, const UnknownRevision& u) {
  lua_createtable(L, 0, 4);
  SetStr(L, "revision", u.revision);
  SetStr(L, "message", u.message);
  SetStr(L, "applied_at", u.applied_at);
  SetBool(L, "source_stored", u.source_stored);
}

void PushCheck(lua_State* L, const CheckReport& c) {
  lua_createtable(L, 0, 5);
  SetBool(L, "ok", c.ok());
  PushList(L, c.changed, PushChanged);
  lua_setfield(L, -2, "changed");
  PushList(L, c.unknown, PushUnknown);
  lua_setfield(L, -2, "unknown");
  SetNum(L, "verified", static_cast<double>(c.verified));
  SetNum(L, "unverified", static_cast<double>(c.unverified));
}

// Attaches event_errors to the table at the top of the stack, if any.
void SetEventErrors(lua_State* L, const std::vector<std::string>& errors) {
  if (!errors.empty()) SetStrings(L, "event_errors", errors);
}

int PushError(lua_State* L, const Reply& r) {
  const Status& s = r.status;
  lua_pushnil(L);
  lua_createtable(L, 0, 10);
  lua_pushstring(L, CodeName(s.code()));
  lua_setfield(L, -2, "code");
  SetStr(L, "message", s.message());
  SetStrIf(L, "revision", s.revision());
  SetStrIf(L, "file", s.file());
  if (s.line() > 0) SetNum(L, "line", s.line());
  SetStrIf(L, "sql", s.sql());
  SetStrIf(L, "sqlstate", s.sqlstate());
  SetStrIf(L, "hint", s.hint());
  if (!s.revisions().empty()) SetStrings(L, "revisions", s.revisions());
  SetEventErrors(L, r.event_errors);
  luaL_getmetatable(L, kErrorMeta);
  lua_setmetatable(L, -2);
  return 2;
}

// ---- error tables' __tostring -------------------------------------------------

// Stack slots ErrorToString fills from the error table at 1.
constexpr const char* kErrorFields[] = {"code", "message", "revision", "file",
                                        "line", "sql",     "sqlstate", "hint"};

std::string SlotString(lua_State* L, int idx) {
  size_t len = 0;
  const char* s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : nullptr;
  return s != nullptr ? std::string(s, len) : std::string();
}

// Rebuilds the Status the table describes and renders it. Reads only the
// slots ErrorToString filled; raises nothing.
void RenderError(lua_State* L, Reply* r) noexcept {
  try {
    Status s(CodeFromName(SlotString(L, 2)), SlotString(L, 3));
    s.WithRevision(SlotString(L, 4));
    int line = lua_type(L, 6) == LUA_TNUMBER ? static_cast<int>(lua_tonumber(L, 6)) : 0;
    s.WithFile(SlotString(L, 5), line);
    s.WithSql(SlotString(L, 7)).WithSqlState(SlotString(L, 8)).WithHint(SlotString(L, 9));
    r->value = s.ok() ? std::string("ok") : s.ToString();
  } catch (...) {
    r->status = Status(StatusCode::kInternal, std::string());
  }
}

// __tostring of an error table: Status::ToString() of the fields it holds now.
int ErrorToString(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  for (const char* field : kErrorFields) {
    lua_pushstring(L, field);
    lua_rawget(L, 1);
  }
  Reply* r = NewReply(L);
  RenderError(L, r);
  const std::string* text = std::get_if<std::string>(&r->value);
  if (text == nullptr) return luaL_error(L, "luamig: cannot render the error");
  PushStr(L, *text);
  return 1;
}

int ReplyGc(lua_State* L) {
  auto* r = static_cast<Reply*>(lua_touserdata(L, 1));
  if (r != nullptr) r->~Reply();
  return 0;
}

struct CodeNameEntry {
  StatusCode code;
  const char* name;
};
constexpr CodeNameEntry kCodeNames[] = {
    {StatusCode::kOk, "ok"},
    {StatusCode::kUsage, "usage"},
    {StatusCode::kProject, "project"},
    {StatusCode::kMigration, "migration"},
    {StatusCode::kDatabase, "database"},
    {StatusCode::kLockTimeout, "lock_timeout"},
    {StatusCode::kInternal, "internal"},
};

}  // namespace

const char* CodeName(StatusCode code) {
  for (const auto& e : kCodeNames) {
    if (e.code == code) return e.name;
  }
  return "internal";
}

StatusCode CodeFromName(const std::string& name) {
  for (const auto& e : kCodeNames) {
    if (name == e.name) return e.code;
  }
  return StatusCode::kInternal;
}

void RegisterReplyTypes(lua_State* L) {
  luaL_newmetatable(L, kReplyMeta);
  lua_pushcfunction(L, ReplyGc);
  lua_setfield(L, -2, "__gc");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
  luaL_newmetatable(L, kErrorMeta);
  lua_pushcfunction(L, ErrorToString);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
}

Reply* NewReply(lua_State* L) {
  static_assert(alignof(Reply) <= 8, "LuaJIT aligns userdata to 8 bytes");
  auto* r = new (lua_newuserdata(L, sizeof(Reply))) Reply();
  luaL_getmetatable(L, kReplyMeta);
  lua_setmetatable(L, -2);
  return r;
}

int PushReply(lua_State* L, const Reply& r) {
  if (!r.status.ok()) return PushError(L, r);
  if (const auto* run = std::get_if<RunResult>(&r.value)) {
    PushRun(L, *run);
  } else if (const auto* revs = std::get_if<std::vector<RevisionInfo>>(&r.value)) {
    PushList(L, *revs, PushRevision);
  } else if (const auto* bps = std::get_if<std::vector<BranchPoint>>(&r.value)) {
    PushList(L, *bps, PushBranchPoint);
  } else if (const auto* check = std::get_if<CheckReport>(&r.value)) {
    PushCheck(L, *check);
  } else if (const auto* text = std::get_if<std::string>(&r.value)) {
    PushStr(L, *text);
    return 1;
  } else {
    lua_pushboolean(L, 1);
    return 1;
  }
  SetEventErrors(L, r.event_errors);
  return 1;
}

void ClearReply(Reply* r) noexcept {
  r->~Reply();
  new (r) Reply();
}

}  // namespace luamig::luamod
