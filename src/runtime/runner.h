// Executes plans: per step, begin, run the script, update the version table,
// commit — re-planning if another runner moved the heads meanwhile.
#ifndef LUAMIG_RUNTIME_RUNNER_H_
#define LUAMIG_RUNTIME_RUNNER_H_

#include <string_view>

#include "graph/plan.h"
#include "luamig/results.h"
#include "runtime/context.h"

namespace luamig::runtime {

class Runner {
 public:
  explicit Runner(MigrationContext& ctx) : ctx_(ctx) {}

  /// Holds the run lock, plans `target` against the version table and runs
  /// the plan. Returns the steps that committed; on failure the failing step
  /// is rolled back (and, with transaction_per_migration = false, the whole
  /// run), and the Status names the revision and file.
  Result<RunResult> Run(graph::Direction direction, std::string_view target);

 private:
  Result<graph::Plan> MakePlan(graph::Direction direction, std::string_view target,
                               const std::vector<std::string>& heads) const;
  Result<RunResult> RunLocked(graph::Direction direction, std::string_view target);
  Status RunStep(const graph::Step& step);
  StepInfo Describe(const graph::Step& step) const;
  void AnnouncePlan(const graph::Plan& plan) const;

  MigrationContext& ctx_;
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_RUNNER_H_
