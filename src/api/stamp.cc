// SPDX-License-Identifier: MIT
// stamp: version rows set without running scripts, in one transaction under
// the run lock.
#include <algorithm>
#include <chrono>

#include "api/migrator_impl.h"
#include "db/transaction.h"
#include "graph/planner.h"
#include "luamig/migrator.h"

namespace luamig {
namespace {

// Releases the run lock however the stamp ends.
class RunLockHold {
 public:
  RunLockHold(db::Connection& conn, std::string key)
      : conn_(conn), key_(std::move(key)) {}
  ~RunLockHold() { (void)conn_.ReleaseRunLock(key_); }
  RunLockHold(const RunLockHold&) = delete;
  RunLockHold& operator=(const RunLockHold&) = delete;

 private:
  db::Connection& conn_;
  std::string key_;
};

StepInfo Describe(const graph::RevisionMap& g, const graph::Step& step) {
  StepInfo info;
  info.revision = step.revision;
  info.direction = step.direction == graph::Direction::kUpgrade ? Direction::kUpgrade
                                                                : Direction::kDowngrade;
  info.stamp_only = true;
  if (const graph::Revision* rev = g.Find(step.revision)) {
    info.message = rev->message;
    info.file = rev->source;
  }
  return info;
}

}  // namespace

Result<RunResult> Migrator::Stamp(const std::vector<std::string>& targets, bool purge) {
  if (targets.empty()) return Status::Usage("stamp needs at least one target");
  Impl& m = *impl_;
  LUAMIG_RETURN_IF_ERROR(m.CheckNoRunOpen());
  LUAMIG_RETURN_IF_ERROR(m.Connect());
  const std::string key = m.version_table->QualifiedName();
  auto on_wait = [&] {
    if (m.Events()) m.Events()->OnWaitingForLock(key);
  };
  LUAMIG_RETURN_IF_ERROR(m.conn->AcquireRunLock(key, m.options.lock_timeout, on_wait));
  RunLockHold hold(*m.conn, key);
  LUAMIG_RETURN_IF_ERROR(m.version_table->Ensure());
  db::Transaction tx(*m.conn);
  LUAMIG_RETURN_IF_ERROR(tx.Begin());
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> rows, m.version_table->Heads());
  graph::Planner planner(m.graph);
  LUAMIG_ASSIGN_OR_RETURN(graph::Plan plan, planner.Stamp(rows, targets, purge));
  std::vector<StepInfo> infos;
  for (const auto& s : plan.steps) infos.push_back(Describe(m.graph, s));
  if (m.Events()) m.Events()->OnPlan(infos);
  if (plan.purge) LUAMIG_RETURN_IF_ERROR(m.version_table->Purge());
  RunResult result;
  result.heads_before = rows;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    if (m.Events()) m.Events()->OnStepStarted(infos[i], i, infos.size());
    LUAMIG_RETURN_IF_ERROR(m.version_table->Apply(plan.steps[i].delta));
    result.steps.push_back({infos[i], std::chrono::microseconds(0)});
  }
  LUAMIG_RETURN_IF_ERROR(tx.Commit());
  // Finished events only once the rows are committed.
  for (const auto& s : result.steps)
    if (m.Events()) m.Events()->OnStepFinished(s.step, s.duration);
  result.heads_after = plan.heads_after;
  std::sort(result.heads_after.begin(), result.heads_after.end());
  return result;
}

}  // namespace luamig
