// SPDX-License-Identifier: MIT
// The options table of luamig.open{...}, in two phases that keep Lua errors
// and C++ frames apart (STYLE.md rule 10):
//   CheckOpenOptions  validates and may raise a Lua error; called only from
//                     the trampoline, before any C++ object exists;
//   ReadOpenOptions   copies the validated values into MigratorOptions; reads
//                     the stack with raw, non-raising calls only.
#ifndef LUAMIG_LUAMOD_OPEN_OPTIONS_H_
#define LUAMIG_LUAMOD_OPEN_OPTIONS_H_

#include "luamig/migrator.h"
#include "luamig/status.h"

struct lua_State;

namespace luamig::luamod {

/// Stack slots CheckOpenOptions leaves (the options table stays at 1), each
/// nil or a value of the checked type.
enum OpenSlot : int {
  kUrlSlot = 2,      ///< string
  kScriptsSlot,      ///< table: an array of directories, or name = source
  kConfigSlot,       ///< string: path of a luamig.lua
  kEnvSlot,          ///< string: environment of the config file
  kXSlot,            ///< table: string keys, string values (normalised copy)
  kOnEventSlot,      ///< function
  kLockTimeoutSlot,  ///< number, milliseconds
};
inline constexpr int kOpenLastSlot = kLockTimeoutSlot;

/// Validates the options table at 1 and fills the slots above (the stack
/// has exactly kOpenLastSlot values afterwards). Raises a Lua error naming
/// the field ("bad argument #1 to 'open' (field 'url': string expected, got
/// number)") on unknown fields and wrong types.
void CheckOpenOptions(lua_State* L);

/// Copies the slots into `out`, reading `config` (and its `env`) with
/// LoadConfigFile. Errors: those of LoadConfigFile; kUsage for `env`
/// without `config`. May throw std::bad_alloc; raises no Lua error.
/// REQUIRES: CheckOpenOptions returned on this stack.
Status ReadOpenOptions(lua_State* L, MigratorOptions* out);

}  // namespace luamig::luamod

#endif  // LUAMIG_LUAMOD_OPEN_OPTIONS_H_
