// SPDX-License-Identifier: MIT
// When the database is ahead of the checked-out code, the scripts of the
// revisions it applied that no file defines are read back from the history
// table, so `downgrade` can still revert them.
#ifndef LUAMIG_RUNTIME_STORED_SCRIPTS_H_
#define LUAMIG_RUNTIME_STORED_SCRIPTS_H_

#include <string>
#include <vector>

#include "graph/revision_map.h"
#include "lua/lua_state.h"
#include "luamig/events.h"
#include "runtime/history_table.h"
#include "script/script_loader.h"

namespace luamig::runtime {

/// The scripts and graph to plan with, plus what came from history.
struct StoredScripts {
  script::LoadedScripts scripts;
  graph::RevisionMap graph;
  std::vector<std::string> recovered;  ///< ids loaded from the history table
};

/// `heads` names revisions `graph` does not know: loads the source history
/// kept for each (and for their unknown ancestors) into `lua`, and returns
/// `scripts`/`graph` extended with them. Each recovered revision is reported
/// with a warning on `events`. Revisions history has no source for stay
/// unknown (the planner then reports them as it would have).
Result<StoredScripts> RecoverFromHistory(lua::LuaState& lua, HistoryTable& history,
                                         const script::LoadedScripts& scripts,
                                         const std::vector<std::string>& heads,
                                         EventSink* events);

/// The name a recovered script goes by in messages.
std::string StoredScriptName(const std::string& history_table,
                             const std::string& revision);

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_STORED_SCRIPTS_H_
