// SPDX-License-Identifier: MIT
// Executes plans: per step, begin, run the script, update the version table
// and the history, commit — re-planning if another runner moved the heads
// meanwhile, and retrying a step that failed on a lock when asked to.
#ifndef LUAMIG_RUNTIME_RUNNER_H_
#define LUAMIG_RUNTIME_RUNNER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/transaction.h"
#include "graph/plan.h"
#include "luamig/results.h"
#include "runtime/context.h"

namespace luamig::runtime {

class Runner {
 public:
  explicit Runner(MigrationContext& ctx);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  /// Holds the run lock, plans `target` against the version table and runs
  /// the plan: exactly Begin(), Step() until it returns false, Finish().
  /// Returns the steps that committed; on failure the failing step is rolled
  /// back (and, with transaction_per_migration = false, the whole run), and
  /// the Status names the revision and file.
  ///
  /// A step whose script says `transactional = false` runs outside any
  /// transaction; its version-row and history changes then commit in a short
  /// transaction of their own right after it.
  Result<RunResult> Run(graph::Direction direction, std::string_view target);

  /// Takes the run lock (held until Finish, Abort, a failed Step or the
  /// destructor), creates the version and history tables if needed, plans
  /// and announces the plan. With transaction_per_migration = false the
  /// run's transaction is open from here on.
  /// REQUIRES: called once, before anything else.
  Status Begin(graph::Direction direction, std::string_view target);
  /// Begin() for a plan the caller made instead of one planned from a target
  /// (`luamig test` runs a step, then its exact inverse). Nothing runs unless
  /// the version table shows plan.heads_before (kUsage otherwise); if another
  /// runner moves the heads during the run, the run fails instead of
  /// re-planning. REQUIRES: called once, before anything else.
  Status BeginPlan(graph::Plan plan);
  /// Runs the next step (re-planning instead when another runner moved the
  /// heads). Returns whether steps remain. A failure ends the run: what the
  /// run's transaction held is rolled back, the lock released, and every
  /// later call returns the same Status.
  /// REQUIRES: Begin() succeeded.
  Result<bool> Step();
  /// Runs the steps that remain, commits the run's transaction (if one is
  /// open), releases the lock and returns what the run did.
  Result<RunResult> Finish();
  /// Rolls back the run's open transaction (whole-run mode) and releases the
  /// lock. Steps that already committed stay. Idempotent.
  Status Abort();

  /// Steps run so far and steps in the run (done + those still planned).
  size_t done() const { return result_.steps.size(); }
  size_t total() const { return result_.steps.size() + plan_.steps.size() - next_; }
  bool active() const { return state_ == State::kRunning; }

 private:
  using Heads = std::vector<std::string>;
  struct Clock {
    std::string started_at;
    std::chrono::steady_clock::time_point start;
  };
  enum class State { kNew, kRunning, kFinished, kFailed, kAborted };
  class LockHold;
  class LimitsScope;

  Status Start();
  Result<graph::Plan> MakePlan(const Heads& heads) const;
  Status Replan(Heads heads);
  Status Prepare();
  Status StartWhole();
  Status StartWholeRetrying();
  Status StepPerMigration();
  Status StepWhole();
  Status Fail(Status s);
  void EndRun();

  // One step in its own transaction. When the version table no longer shows
  // `heads`, nothing runs and `*moved_to` receives what it shows.
  Status StepInTransaction(const graph::Step& step, const Heads& heads,
                           std::optional<Heads>* moved_to,
                           const std::function<void()>& started);
  // One `transactional = false` step, then its bookkeeping in a short transaction.
  Status StepOutside(const graph::Step& step, const Heads& heads,
                     std::optional<Heads>* moved_to,
                     const std::function<void()>& started);
  Status CallScript(const graph::Step& step);
  Status Record(const graph::Step& step, const Clock& clock);
  void Done(const StepInfo& info, const graph::Step& step,
            std::chrono::steady_clock::time_point start);

  // Runs `attempt` again while it fails because a lock was not available
  // and the failing revision allows more retries, with exponential backoff.
  template <typename T>
  T Retrying(const std::function<T()>& attempt);
  bool ShouldRetry(const Status& s, int attempt);

  const script::LoadedScript* ScriptOf(const graph::Step& step) const;
  bool IsTransactional(const graph::Step& step) const;
  db::StatementLimits LimitsFor(const graph::Step& step) const;
  int RetriesFor(const std::string& revision) const;
  StepInfo Describe(const graph::Step& step) const;
  void AnnouncePlan(const graph::Plan& plan) const;
  void Warn(const std::string& message) const;

  MigrationContext& ctx_;
  std::string db_user_;
  std::string host_name_;

  // The run in progress (Begin .. Finish/Abort). Declaration order is
  // destruction order in reverse: the transaction ends before the limits are
  // cleared, and both before the lock is released.
  State state_ = State::kNew;
  graph::Direction direction_ = graph::Direction::kUpgrade;
  std::string target_;
  std::optional<graph::Plan> given_plan_;  // BeginPlan
  Heads heads_;
  graph::Plan plan_;
  size_t next_ = 0;  // index into plan_.steps
  RunResult result_;
  Status failure_;
  int whole_attempt_ = 1;  // whole-run mode: retries of the whole transaction
  std::unique_ptr<LockHold> lock_;
  std::unique_ptr<LimitsScope> limits_;        // whole-run mode
  std::unique_ptr<db::Transaction> whole_tx_;  // whole-run mode
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_RUNNER_H_
