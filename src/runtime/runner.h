// SPDX-License-Identifier: MIT
// The one runner, for online runs, offline scripts and stamps: per step,
// begin, run the script (none for a stamp), update the version table and the
// history, commit — re-planning if another runner moved the heads meanwhile,
// and retrying a step that failed on a lock when asked to. Everything goes
// through the context's SqlSink; where the sink cannot read back (an offline
// script) the plan starts from the rows the request assumes.
#ifndef LUAMIG_RUNTIME_RUNNER_H_
#define LUAMIG_RUNTIME_RUNNER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/lock_wait.h"
#include "db/transaction.h"
#include "graph/plan.h"
#include "luamig/results.h"
#include "runtime/history_table.h"
#include "runtime/run_context.h"
#include "runtime/version_table.h"

namespace luamig::runtime {

class Runner {
 public:
  /// Every statement goes to `sink`: a LiveSink, or a ScriptSink for --sql.
  /// Both must outlive the runner.
  Runner(const RunContext& ctx, db::SqlSink& sink);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  /// Holds the run lock, plans against the version table and runs the plan:
  /// exactly Begin(), then Finish(). Returns the steps that committed; on
  /// failure the failing step is rolled back (and, in one-transaction mode,
  /// the whole run), and the Status names the revision and file.
  ///
  /// A step whose script says `transactional = false` runs outside any
  /// transaction; its version-row and history changes then commit in a short
  /// transaction of their own right after it. A stamp runs in one
  /// transaction whatever transaction_per_migration says.
  Result<RunResult> Run(const RunRequest& request);

  /// Takes the run lock (held until Finish, Abort, a failed Step or the
  /// destructor), creates the version and history tables if needed, plans
  /// and announces the plan. In one-transaction mode (and for a stamp) the
  /// run's transaction is open from here on.
  /// REQUIRES: called once, before anything else.
  Status Begin(const RunRequest& request);
  /// Runs the next step (re-planning instead when another runner moved the
  /// heads), waiting at most settings.step_budget: a step that would have to
  /// wait longer returns true with nothing done (waiting() tells), and the
  /// next call goes on. Returns whether steps remain. A failure ends the
  /// run: what the run's transaction held is rolled back, the lock released,
  /// and every later call returns the same Status.
  /// REQUIRES: Begin() succeeded.
  Result<bool> Step();
  /// Runs the steps that remain (without a budget), commits the run's
  /// transaction (if one is open), releases the lock and returns what the
  /// run did.
  Result<RunResult> Finish();
  /// Rolls back the run's open transaction (one-transaction mode) and
  /// releases the lock. Steps that already committed stay. Idempotent.
  Status Abort();

  /// Steps run so far and steps in the run (done + those still planned).
  size_t done() const { return result_.steps.size(); }
  size_t total() const { return result_.steps.size() + plan_.steps.size() - next_; }
  bool active() const { return state_ == State::kRunning; }
  /// Whether the last Step() returned before its step because waiting (for
  /// a lock, or before a retry) would have taken longer than the budget.
  bool waiting() const { return waiting_; }

 private:
  using Heads = std::vector<std::string>;
  using Instant = util::Clock::Instant;
  enum class State { kNew, kRunning, kFinished, kFailed, kAborted };
  // How an attempt at a step ended (errors aside).
  enum class Outcome { kDone, kMoved, kWaiting };
  class LockHold;
  class LimitsScope;

  bool Whole() const;
  bool ReadsBack() const { return sink_.CanReadBack(); }
  Result<graph::Plan> MakePlan(const Heads& heads) const;
  Result<Heads> ReadHeads();
  Status Replan(Heads heads);
  Status Prepare();
  Status EnsureTables();
  Status StartWhole();
  Status StartWholeRetrying();
  Result<bool> StepWithin(std::optional<Instant> deadline);
  Result<Outcome> StepPerMigration();
  Result<Outcome> StepWhole();
  Status Fail(Status s);
  void EndRun();

  // One step in its own transaction. When the version table no longer shows
  // `heads_`, nothing runs and moved_to_ receives what it shows.
  Result<Outcome> StepInTransaction(const graph::Step& step);
  // One `transactional = false` step, then its bookkeeping in a short transaction.
  Result<Outcome> StepOutside(const graph::Step& step);
  // Whether the version table moved away from heads_ (never, where the sink
  // cannot read back).
  Result<bool> Moved();
  Status CallScript(const graph::Step& step);
  Status Record(const graph::Step& step, Instant start, const std::string& started_at);
  void Started(const graph::Step& step);
  void Done(const graph::Step& step, Instant start);

  // Retrying a step that failed because a lock was not available, with
  // exponential backoff on the context's clock.
  bool ScheduleRetry(const Status& s);
  bool WaitForRetry();

  const script::LoadedScript* ScriptOf(const graph::Step& step) const;
  bool IsTransactional(const graph::Step& step) const;
  db::StatementLimits LimitsFor(const graph::Step& step) const;
  int RetriesFor(const std::string& revision) const;
  void AnnouncePlan(const graph::Plan& plan) const;
  void Warn(const std::string& message) const;

  const RunContext& ctx_;
  db::SqlSink& sink_;
  VersionTable versions_;
  HistoryTable history_;
  db::TimedLockWaiter waiter_;
  std::string db_user_;
  std::string host_name_;
  std::string run_started_at_;  // the history's started_at where nothing reads back

  // The run in progress (Begin .. Finish/Abort). Declaration order is
  // destruction order in reverse: the transaction ends before the limits are
  // cleared, and both before the lock is released.
  State state_ = State::kNew;
  RunRequest request_;
  Heads heads_;
  std::optional<Heads> moved_to_;
  std::optional<Heads> purged_;  // rows stamp --purge removed, for the first history row
  graph::Plan plan_;
  size_t next_ = 0;         // index into plan_.steps
  bool announced_ = false;  // OnStepStarted sent for plan_.steps[next_]
  RunResult result_;
  Status failure_;
  int attempt_ = 1;                  // of the current step (or the whole run)
  std::optional<Instant> retry_at_;  // a retry is due then
  bool restart_whole_ = false;       // one-transaction mode: start it again
  std::optional<Instant> deadline_;  // of the Step() in progress
  bool waiting_ = false;
  std::unique_ptr<LockHold> lock_;
  std::unique_ptr<LimitsScope> limits_;        // one-transaction mode
  std::unique_ptr<db::Transaction> whole_tx_;  // one-transaction mode
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_RUNNER_H_
