// SPDX-License-Identifier: MIT
// Everything one run needs besides its sink, passed explicitly (no globals:
// many Migrators may run in one process). Online and offline runs differ only
// in the sink the Runner is given.
#ifndef LUAMIG_RUNTIME_RUN_CONTEXT_H_
#define LUAMIG_RUNTIME_RUN_CONTEXT_H_

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "db/sql_sink.h"
#include "dialect/bookkeeping_sql.h"
#include "graph/plan.h"
#include "graph/revision_map.h"
#include "lua/lua_state.h"
#include "luamig/events.h"
#include "luamig/secrets.h"
#include "script/script_loader.h"
#include "util/clock.h"

namespace luamig::runtime {

/// How a run behaves; every field states its default.
struct RunSettings {
  /// `-x key=value` arguments, visible to scripts as op.x. Default empty.
  std::map<std::string, std::string> x;
  /// One transaction per migration (default) or one for the whole run.
  bool transaction_per_migration = true;
  /// How long to wait for another runner (the run lock); negative (default)
  /// = forever.
  std::chrono::milliseconds lock_timeout{-1};
  /// Config-wide statement limits; a revision's own settings override them.
  db::StatementLimits limits;
  /// Retries of a migration that failed on a lock (a revision may override).
  /// Default 0.
  int lock_retries = 0;
  /// First wait before a retry; doubled each time, at most 30 s. Default 200 ms.
  std::chrono::milliseconds retry_backoff{200};
  /// How long one Runner::Step() may wait (for another runner's lock, or
  /// before a retry); negative (default) = as long as it takes. A Step()
  /// whose wait would end later returns at once with nothing done (the wait
  /// goes on counting towards lock_timeout), and the next Step() goes on
  /// waiting. Work a migration does once it has started is not bounded.
  std::chrono::milliseconds step_budget{-1};
  /// Write a history row per step (default); off only for tests of the bare
  /// version-table bookkeeping.
  bool record_history = true;
};

/// The run's collaborators. References must outlive the Runner.
struct RunContext {
  /// The version and history tables' SQL (and through it the dialect).
  const dialect::BookkeepingSql& tables;
  lua::LuaState& lua;
  const script::LoadedScripts& scripts;
  const graph::RevisionMap& graph;
  EventSink* events = nullptr;  ///< may be null
  util::Clock& clock = util::Clock::Real();
  RunSettings settings;
  /// Text never to store in the history table (may be null).
  std::shared_ptr<const SecretSet> secrets;
};

/// What a run does.
enum class RunKind {
  kUpgrade,
  kDowngrade,
  kStamp,  ///< move the version table without calling any script
};

struct RunRequest {
  RunKind kind = RunKind::kUpgrade;
  /// Upgrade and downgrade: exactly one target ("head", an id, "-1", …).
  /// Stamp: one or more (graph::Planner::Stamp).
  std::vector<std::string> targets;
  /// Stamp only: empty the version table first (stamp --purge).
  bool purge = false;
  /// Where the sink cannot read back (an offline script): the version-table
  /// rows the script will find. Ignored otherwise.
  std::vector<std::string> assumed_heads;
  /// A plan the caller made, run instead of one planned from `targets`
  /// (`luamig test` runs a step, then its exact inverse). Nothing runs unless
  /// the version table shows plan->heads_before (kUsage otherwise); if
  /// another runner moves the heads during the run, the run fails instead of
  /// re-planning. `kind` must still say the direction (kUpgrade/kDowngrade).
  std::optional<graph::Plan> plan;
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_RUN_CONTEXT_H_
