// SPDX-License-Identifier: MIT
// Loads every revision script into a LuaState and reads its header
// (revision, down_revision, …) into graph::Revision values.
#ifndef LUAMIG_SCRIPT_SCRIPT_LOADER_H_
#define LUAMIG_SCRIPT_SCRIPT_LOADER_H_

#include <chrono>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/revision.h"
#include "lua/lua_state.h"
#include "luamig/script_source.h"
#include "luamig/status.h"

namespace luamig::script {

/// One loaded script, kept alive in its LuaState for upgrade/downgrade calls.
struct LoadedScript {
  lua::ScriptId lua_id = 0;
  std::string file;
  std::string checksum;       ///< SHA-256 of the source text
  bool transactional = true;  ///< `transactional = false` runs outside a transaction
  /// `lock_timeout = "5s"` / `statement_timeout = "1min"` in the header;
  /// negative when the script does not set them (the config's value applies).
  std::chrono::milliseconds lock_timeout{-1};
  std::chrono::milliseconds statement_timeout{-1};
  /// `lock_retries = N` in the header; -1 when not set.
  int lock_retries = -1;
  std::string source;  ///< the script's text, kept for the history table
};

struct LoadedScripts {
  std::vector<graph::Revision> revisions;                     ///< in load order
  std::unordered_map<std::string, LoadedScript> by_revision;  ///< id → script
};

/// Loads `files` in order. Stops at the first broken script: the Status
/// (kProject) names the file and, where Lua knows it, the line.
Result<LoadedScripts> LoadScripts(lua::LuaState& lua,
                                  const std::vector<ScriptFile>& files);

/// Reads one loaded script's header.
Result<graph::Revision> ReadHeader(lua::LuaState& lua, lua::ScriptId id,
                                   const ScriptFile& file);

}  // namespace luamig::script

#endif  // LUAMIG_SCRIPT_SCRIPT_LOADER_H_
