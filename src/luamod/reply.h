// SPDX-License-Identifier: MIT
// What one call of a luamig method produced, held in C++ until it is turned
// into Lua values.
//
// A Reply lives inside a Lua userdata (NewReply), so the garbage collector
// owns it: when building the Lua tables raises (only an allocation failure
// can), no C++ object is stranded in a frame that the Lua error skips.
#ifndef LUAMIG_LUAMOD_REPLY_H_
#define LUAMIG_LUAMOD_REPLY_H_

#include <string>
#include <variant>
#include <vector>

#include "luamig/results.h"
#include "luamig/status.h"

struct lua_State;

namespace luamig::luamod {

/// Metatable names in the registry (also the userdata type names that
/// luaL_checkudata reports).
inline constexpr char kReplyMeta[] = "luamig.reply";
inline constexpr char kErrorMeta[] = "luamig.error";

struct Reply {
  /// Not ok: the method returns nil, error table.
  Status status;
  /// monostate: the method returns nothing (close) or true.
  std::variant<std::monostate, RunResult, std::vector<RevisionInfo>,
               std::vector<BranchPoint>, CheckReport, std::string>
      value;
  /// Messages of errors raised by on_event during the call.
  std::vector<std::string> event_errors;
};

/// Registers the metatables of replies and error tables. Call once from
/// luaopen_luamig.
void RegisterReplyTypes(lua_State* L);

/// Pushes a new, empty Reply userdata and returns it. May raise (memory).
Reply* NewReply(lua_State* L);

/// Pushes what `r` holds: the value (one result), or nil and an error table
/// (two results). Returns the number of results. May raise on allocation
/// failure only; holds no C++ objects that a Lua error would skip.
int PushReply(lua_State* L, const Reply& r);

/// Frees what `r` holds now instead of at the next garbage collection.
void ClearReply(Reply* r) noexcept;

/// The short code name used in error tables ("usage", "project",
/// "migration", "database", "lock_timeout", "internal").
const char* CodeName(StatusCode code);
/// The inverse of CodeName; kInternal for names it does not know.
StatusCode CodeFromName(const std::string& name);

}  // namespace luamig::luamod

#endif  // LUAMIG_LUAMOD_REPLY_H_
