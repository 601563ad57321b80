// SPDX-License-Identifier: MIT
// Offline runs (`upgrade A:B --sql`): the Runner over a ScriptSink, planning
// from the range's start instead of the version table, so that the result is
// the SQL script an online run would have executed.
#ifndef LUAMIG_RUNTIME_OFFLINE_SCRIPT_H_
#define LUAMIG_RUNTIME_OFFLINE_SCRIPT_H_

#include <string>
#include <string_view>

#include "graph/plan.h"
#include "luamig/results.h"
#include "runtime/run_context.h"

namespace luamig::runtime {

/// What an offline run produced.
struct OfflineScript {
  std::string sql;  ///< the complete script
  RunResult run;    ///< the steps it contains and the rows before and after
};

/// The version-table rows a script over `range` starts from, as a request:
/// `range` is "A:B": A (anything `stamp` accepts, "base" or "" = base) stands
/// for the rows the script will find, B is the target. An upgrade may give
/// just "B" (from base, as Alembic); a downgrade needs both sides (kUsage).
Result<RunRequest> OfflineRequest(const graph::RevisionMap& graph,
                                  graph::Direction direction, std::string_view range);

/// The Runner over a ScriptSink of its own, for the OfflineRequest of
/// `range`: a header comment, then what the Runner sends. Starting an
/// upgrade from base, the script first creates the version (and history)
/// table if missing. Steps get BEGIN;/COMMIT; as online runs do: one pair
/// per migration, or one for the whole run with transaction_per_migration =
/// false; a `transactional = false` revision runs outside, and its
/// bookkeeping in a pair of its own. Errors: kUsage (range, target),
/// kMigration (a script that fails, e.g. reads the database) naming revision
/// and file.
Result<OfflineScript> WriteOfflineScript(const RunContext& ctx,
                                         graph::Direction direction,
                                         std::string_view range);

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_OFFLINE_SCRIPT_H_
