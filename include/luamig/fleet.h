// SPDX-License-Identifier: MIT
// Fleets: one revision graph applied to many databases (shards, tenant
// schemas, one SQLite file per save) with bounded parallelism, per-target
// isolation, canaries, waves and one report. See docs/fleet.md.
#ifndef LUAMIG_FLEET_H_
#define LUAMIG_FLEET_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "luamig/config.h"
#include "luamig/migrator.h"
#include "luamig/results.h"
#include "luamig/status.h"

namespace luamig {

/// One database of a fleet.
struct FleetTarget {
  /// Names the target in events and results; unique in a fleet.
  std::string name;
  /// How to open the target's Migrator (url, config, scripts, x, …). The
  /// fleet runner replaces `events` with its own adapter (events reach
  /// FleetOptions::events tagged with the name) and fills `secrets` when
  /// null. Each target gets its own Migrator: its own Lua state, connection
  /// and run lock, opened when the target starts and closed when it ends.
  MigratorOptions options;
  /// Targets with the same server share FleetOptions::per_server. Default
  /// "": derived from options.url (PostgreSQL: host and port; SQLite: none,
  /// only `jobs` bounds them).
  std::string server;
};

/// What a fleet does on each target: the Migrator method of the same name.
enum class FleetCommand {
  kUpgrade,       ///< Upgrade(revision)
  kDowngrade,     ///< Downgrade(revision)
  kStamp,         ///< Stamp({revision}, purge)
  kStatus,        ///< GetStatus()
  kCheck,         ///< Check()
  kUpgradeSql,    ///< UpgradeSql({revision, dialect}): one script per target
  kDowngradeSql,  ///< DowngradeSql({revision, dialect})
};

/// "upgrade", "downgrade", "stamp", "status", "check", "upgrade --sql", …
const char* FleetCommandName(FleetCommand command);

/// Where a target is.
enum class TargetState {
  kPending,      ///< not started yet
  kRunning,      ///< its Migrator is working
  kOk,           ///< done: the command succeeded (for runs: reached `revision`)
  kFailed,       ///< the command failed; `error` says how
  kInterrupted,  ///< stopped by FleetRunner::Stop() between two steps; steps
                 ///< already committed stay (see MigrationRun::Abort)
  kNotStarted,   ///< never started: the fleet stopped first (`reason`)
};

/// "pending", "running", "ok", "failed", "interrupted", "not started".
const char* TargetStateName(TargetState state);

/// Where a target stands against the scripts (`status` over a fleet).
enum class Standing {
  kUpToDate,         ///< at the heads
  kBehind,           ///< revisions pending (StatusReport::pending)
  kAhead,            ///< rows no script defines, which history says luamig
                     ///< applied: the database is ahead of this code
  kUnknownRevision,  ///< rows no script defines and history does not know
  kUnreadable,       ///< the status could not be read (error)
};

/// "up to date", "behind", "ahead of the code", "unknown revision",
/// "unreadable".
const char* StandingName(Standing standing);
/// How `report` stands (kAhead when every unknown row has a history row).
Standing StandingOf(const StatusReport& report);

/// What happened on one target.
struct TargetResult {
  std::string name;
  size_t index = 0;      ///< position in FleetOptions::targets
  std::string database;  ///< the URL in use, password masked ("" if never opened)
  TargetState state = TargetState::kPending;
  /// Why a target is kNotStarted ("--fail-fast", "the canary failed", …).
  std::string reason;
  std::vector<std::string> heads_before;      ///< version rows before (runs, scripts)
  std::vector<std::string> heads_after;       ///< after (runs, scripts)
  std::vector<StepResult> steps;              ///< steps committed, in order
  Status error;                               ///< kFailed / kInterrupted
  std::chrono::microseconds duration{0};      ///< from open to close
  StatusReport status;                        ///< kStatus
  Standing standing = Standing::kUnreadable;  ///< kStatus
  CheckReport check;                          ///< kCheck
  SqlScript script;                           ///< k*Sql
  size_t wave = 0;  ///< 0 = the canary, then 1, 2, … (FleetEventSink::OnWave)
};

/// Receives a fleet's events. Calls come from the worker threads but never
/// two at once (the runner serialises them), so a sink needs no lock of its
/// own; a sink must not call back into the FleetRunner except Stop().
class FleetEventSink {
 public:
  virtual ~FleetEventSink() = default;
  /// A wave of `count` targets starts (the next ones in the fleet's order).
  /// Wave 0 is the canary (when there is one), then 1, 2, …
  virtual void OnWave(size_t wave, size_t count) { (void)wave, (void)count; }
  /// Waiting FleetOptions::wave_pause before the next wave.
  virtual void OnPause(std::chrono::milliseconds pause) { (void)pause; }
  virtual void OnTargetStarted(const TargetResult& target) { (void)target; }
  /// A target is done (any final state but kNotStarted).
  virtual void OnTargetFinished(const TargetResult& target) { (void)target; }
  /// The target's Migrator events, tagged with its name.
  virtual void OnStepStarted(const std::string& target, const StepInfo& step,
                             size_t index, size_t total) {
    (void)target, (void)step, (void)index, (void)total;
  }
  virtual void OnStepFinished(const std::string& target, const StepInfo& step,
                              std::chrono::microseconds duration) {
    (void)target, (void)step, (void)duration;
  }
  virtual void OnLog(const std::string& target, const std::string& revision,
                     const std::string& message) {
    (void)target, (void)revision, (void)message;
  }
  virtual void OnWarning(const std::string& target, const std::string& message) {
    (void)target, (void)message;
  }
  /// The fleet stops starting targets (`reason`); running ones finish.
  virtual void OnStopping(const std::string& reason) { (void)reason; }
};

struct FleetOptions {
  std::vector<FleetTarget> targets;
  FleetCommand command = FleetCommand::kUpgrade;
  /// The revision to reach (upgrade, downgrade, stamp) or the range (the
  /// *Sql commands). Default "head".
  std::string revision = "head";
  /// kStamp: the revisions recorded (empty, default: {revision}).
  std::vector<std::string> stamp_revisions;
  bool purge = false;   ///< kStamp: Stamp(…, purge)
  std::string dialect;  ///< k*Sql: SqlScriptOptions::dialect
  /// Targets worked on at once (threads). Default 1; at least 1.
  size_t jobs = 1;
  /// Targets of one server worked on at once (each holds one connection),
  /// so a fleet of schemas in one PostgreSQL stays under max_connections.
  /// 0 (default) = `jobs`.
  size_t per_server = 0;
  /// Start no new target after one fails. Default false: a failure stops
  /// that target only. Same as max_failures = 0.
  bool fail_fast = false;
  /// Start no new target once more than `max_failures` have failed. Default
  /// -1: no limit.
  long max_failures = -1;
  /// Run the first `canary` targets first (as wave 0); if any fails, start
  /// no other. Default 0: no canary.
  size_t canary = 0;
  /// After the canary, proceed in waves of this many targets, each waiting
  /// for the previous one to finish. Default 0: one wave of the rest.
  size_t wave_size = 0;
  /// Pause between waves (after the canary too). Default 0.
  std::chrono::milliseconds wave_pause{0};
  /// May be nullptr. Must outlive Run().
  FleetEventSink* events = nullptr;
};

/// What a fleet did, every target in FleetOptions::targets order.
struct FleetReport {
  std::vector<TargetResult> targets;
  /// Why the fleet stopped starting targets ("" = it did not): Stop(),
  /// --fail-fast, max_failures, the canary.
  std::string stopped;
  size_t count(TargetState state) const;
  /// Every target is kOk: each reached its revision (for kStatus and kCheck:
  /// each could be read; use `standing` and `check.ok()` for their findings).
  bool ok() const { return count(TargetState::kOk) == targets.size(); }
};

/// Runs one command over a fleet.
///
///   FleetOptions options;
///   for (auto& shard : shards) options.targets.push_back({shard.name, {…}});
///   options.jobs = 8;
///   FleetRunner fleet(std::move(options));
///   FleetReport report = fleet.Run();
///   if (!report.ok()) …  // report.targets[i].error says why
///
/// Thread-safety: Run() from one thread, once; Stop() from any thread or a
/// signal handler at any time.
class FleetRunner {
 public:
  explicit FleetRunner(FleetOptions options);
  ~FleetRunner();
  FleetRunner(const FleetRunner&) = delete;
  FleetRunner& operator=(const FleetRunner&) = delete;

  /// Works through the targets and returns when every started target has
  /// ended. Targets start in order; at most `jobs` at once and `per_server`
  /// per server. A target's failure ends that target only (its Migrator
  /// rolls back the failing step), unless fail_fast / max_failures / the
  /// canary say to start no more. Invalid options (no targets, duplicate
  /// names) fail every target with kUsage before anything opens.
  FleetReport Run();

  /// Starts no new target and no new step: each running target finishes the
  /// step it is in (committed, with its version row), then ends as
  /// kInterrupted. Async-signal-safe (it stores one lock-free atomic).
  void Stop() noexcept { stop_.store(true); }
  bool stopping() const noexcept { return stop_.load(); }

 private:
  FleetOptions options_;
  std::atomic<bool> stop_{false};
  static_assert(std::atomic<bool>::is_always_lock_free, "Stop() must be signal-safe");
};

/// The targets of `config` (Config::targets) as a fleet: `names` is "all" or
/// a comma-separated list of target names (in the config's order either
/// way), `filter` a pattern (`*`, `?`, `[…]`) the names must match ("" =
/// every one). Each target's options are `base` with the target's URL, its
/// version_table_schema and its search_path (PostgreSQL: the URL's `options`
/// parameter sets it for the session).
/// Errors: kUsage (no targets defined, an unknown name with suggestions, a
/// filter matching nothing, search_path or a schema on a SQLite target).
Result<std::vector<FleetTarget>> SelectTargets(const Config& config,
                                               const std::string& names,
                                               const std::string& filter,
                                               const MigratorOptions& base);

}  // namespace luamig

#endif  // LUAMIG_FLEET_H_
