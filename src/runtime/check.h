// SPDX-License-Identifier: MIT
// `check`: applied scripts that changed since they ran, and applied
// revisions no script defines.
#ifndef LUAMIG_RUNTIME_CHECK_H_
#define LUAMIG_RUNTIME_CHECK_H_

#include "graph/revision_map.h"
#include "luamig/results.h"
#include "runtime/history_table.h"
#include "runtime/version_table.h"
#include "script/script_loader.h"

namespace luamig::runtime {

/// Reads the version and history tables (never creates them) and compares
/// them with `graph` and `scripts`. See CheckReport for what counts.
Result<CheckReport> CheckApplied(VersionTable& versions, HistoryTable& history,
                                 const graph::RevisionMap& graph,
                                 const script::LoadedScripts& scripts);

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_CHECK_H_
