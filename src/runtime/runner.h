// Executes plans: per step, begin, run the script, update the version table
// and the history, commit — re-planning if another runner moved the heads
// meanwhile, and retrying a step that failed on a lock when asked to.
#ifndef LUAMIG_RUNTIME_RUNNER_H_
#define LUAMIG_RUNTIME_RUNNER_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/plan.h"
#include "luamig/results.h"
#include "runtime/context.h"

namespace luamig::runtime {

class Runner {
 public:
  explicit Runner(MigrationContext& ctx) : ctx_(ctx) {}
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  /// Holds the run lock, plans `target` against the version table and runs
  /// the plan. Returns the steps that committed; on failure the failing step
  /// is rolled back (and, with transaction_per_migration = false, the whole
  /// run), and the Status names the revision and file.
  ///
  /// A step whose script says `transactional = false` runs outside any
  /// transaction; its version-row and history changes then commit in a short
  /// transaction of their own right after it.
  Result<RunResult> Run(graph::Direction direction, std::string_view target);

 private:
  using Heads = std::vector<std::string>;
  struct Clock {
    std::string started_at;
    std::chrono::steady_clock::time_point start;
  };

  Result<graph::Plan> MakePlan(graph::Direction direction, std::string_view target,
                               const Heads& heads) const;
  Result<RunResult> RunLocked(graph::Direction direction, std::string_view target);
  Result<RunResult> RunPerMigration(graph::Direction direction, std::string_view target);
  Result<RunResult> RunWhole(graph::Direction direction, std::string_view target);

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
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_RUNNER_H_
