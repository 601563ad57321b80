// SPDX-License-Identifier: MIT
// A run driven one migration at a time, e.g. across a game's frames.
#ifndef LUAMIG_MIGRATION_RUN_H_
#define LUAMIG_MIGRATION_RUN_H_

#include <cstddef>
#include <memory>

#include "luamig/results.h"
#include "luamig/status.h"

namespace luamig {

/// How far a run has got: `done` steps committed (or, in whole-run mode,
/// executed) out of `total`. `total` can change when the run re-plans because
/// another runner moved the heads.
struct RunProgress {
  size_t done = 0;
  size_t total = 0;
  /// The last Step() returned without running its migration because waiting
  /// (for another runner's lock, or before a retry) would have taken longer
  /// than MigratorOptions::step_budget. Call Step() again later.
  bool waiting = false;
};

/// An upgrade or downgrade in progress, from Migrator::BeginUpgrade or
/// BeginDowngrade. Holds the run lock from Begin… until Finish(), Abort(),
/// a failed Step() or destruction. The blocking Migrator::Upgrade is exactly
/// BeginUpgrade, Step() until it returns false, then Finish().
///
///   auto run = migrator->BeginUpgrade("head");
///   if (!run.ok()) return Fail(run.status());
///   // once per frame:
///   Result<bool> more = (*run)->Step();     // one migration
///   DrawBar((*run)->progress());
///   if (!more.ok()) return Fail(more.status());
///   if (!*more) Result<RunResult> done = (*run)->Finish();
///
/// Thread-safety: not thread-safe; use it from one thread at a time (any
/// one: a run may move between threads between calls). While it exists, its
/// Migrator refuses other runs (kUsage) and must not be destroyed.
class MigrationRun {
 public:
  /// Abort()s a run that was neither finished nor aborted.
  ~MigrationRun();
  MigrationRun(const MigrationRun&) = delete;
  MigrationRun& operator=(const MigrationRun&) = delete;

  /// Runs the next migration, in its own transaction with its version-row
  /// and history changes (per Config::transaction_per_migration), and sends
  /// its events. Returns true while steps remain. Waits at most
  /// MigratorOptions::step_budget before the migration starts; a longer wait
  /// returns true with nothing done and progress().waiting set.
  /// On failure the run is over: the failing migration is rolled back (the
  /// whole run in whole-run mode), the lock is released, a backup taken by
  /// backup_before_migrate is restored, and every later call returns the
  /// same Status.
  Result<bool> Step();

  /// Steps done and planned so far. Cheap; never touches the database.
  RunProgress progress() const;

  /// Runs whatever steps remain, commits (whole-run mode), releases the
  /// lock, removes the backup (unless keep_backup) and returns what the run
  /// did. Errors as Step(). REQUIRES: neither Finish() nor Abort() was called.
  Result<RunResult> Finish();

  /// Ends the run now. Whole-run mode: what the run's transaction holds is
  /// rolled back. Per-migration mode: migrations that already committed stay
  /// applied — unless backup_before_migrate was set, in which case the
  /// database file is restored to exactly its state before the run. Releases
  /// the lock. Idempotent; a finished run is left alone.
  Status Abort();

  struct Impl;
  /// Internal: built by Migrator.
  explicit MigrationRun(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace luamig

#endif  // LUAMIG_MIGRATION_RUN_H_
