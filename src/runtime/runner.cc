#include "runtime/runner.h"

#include <algorithm>

#include "db/transaction.h"
#include "graph/planner.h"
#include "runtime/error_location.h"
#include "runtime/executor.h"

namespace luamig::runtime {
namespace {

std::vector<std::string> ApplyDelta(std::vector<std::string> heads,
                                    const graph::HeadsDelta& d) {
  for (const auto& r : d.removed)
    heads.erase(std::remove(heads.begin(), heads.end(), r), heads.end());
  heads.insert(heads.end(), d.added.begin(), d.added.end());
  std::sort(heads.begin(), heads.end());
  return heads;
}

// Releases the run lock when the run ends, however it ends.
class RunLockGuard {
 public:
  RunLockGuard(db::Connection& conn, std::string key)
      : conn_(conn), key_(std::move(key)) {}
  ~RunLockGuard() { (void)conn_.ReleaseRunLock(key_); }
  RunLockGuard(const RunLockGuard&) = delete;
  RunLockGuard& operator=(const RunLockGuard&) = delete;

 private:
  db::Connection& conn_;
  std::string key_;
};

}  // namespace

Result<graph::Plan> Runner::MakePlan(graph::Direction direction, std::string_view target,
                                     const std::vector<std::string>& heads) const {
  graph::Planner planner(ctx_.graph);
  if (direction == graph::Direction::kUpgrade) return planner.Upgrade(heads, target);
  return planner.Downgrade(heads, target);
}

StepInfo Runner::Describe(const graph::Step& step) const {
  StepInfo info;
  info.revision = step.revision;
  info.direction = step.direction == graph::Direction::kUpgrade ? Direction::kUpgrade
                                                                : Direction::kDowngrade;
  info.stamp_only = step.stamp_only;
  if (const graph::Revision* rev = ctx_.graph.Find(step.revision)) {
    info.message = rev->message;
    info.file = rev->source;
  }
  return info;
}

void Runner::AnnouncePlan(const graph::Plan& plan) const {
  if (ctx_.events == nullptr) return;
  std::vector<StepInfo> steps;
  for (const auto& s : plan.steps) steps.push_back(Describe(s));
  ctx_.events->OnPlan(steps);
}

Status Runner::RunStep(const graph::Step& step) {
  if (!step.stamp_only) {
    const script::LoadedScript& script = ctx_.scripts.by_revision.at(step.revision);
    const char* fn =
        step.direction == graph::Direction::kUpgrade ? "upgrade" : "downgrade";
    LiveExecutor executor(ctx_.conn, ctx_.dialect, ctx_.events, step.revision);
    Status s = ctx_.lua.CallMigration(script.lua_id, fn, executor, ctx_.x);
    if (!s.ok()) {
      s = WithFullScriptName(std::move(s), script.file);
      return std::move(s.WithRevision(step.revision));
    }
  }
  return ctx_.version_table.Apply(step.delta);
}

Result<RunResult> Runner::Run(graph::Direction direction, std::string_view target) {
  const std::string key = ctx_.version_table.QualifiedName();
  auto on_wait = [&] {
    if (ctx_.events) ctx_.events->OnWaitingForLock(key);
  };
  LUAMIG_RETURN_IF_ERROR(ctx_.conn.AcquireRunLock(key, ctx_.lock_timeout, on_wait));
  RunLockGuard guard(ctx_.conn, key);
  return RunLocked(direction, target);
}

Result<RunResult> Runner::RunLocked(graph::Direction direction, std::string_view target) {
  LUAMIG_RETURN_IF_ERROR(ctx_.version_table.Ensure());
  db::Transaction whole_run(ctx_.conn);
  if (!ctx_.transaction_per_migration) LUAMIG_RETURN_IF_ERROR(whole_run.Begin());
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> heads, ctx_.version_table.Heads());
  LUAMIG_ASSIGN_OR_RETURN(graph::Plan plan, MakePlan(direction, target, heads));
  AnnouncePlan(plan);
  RunResult result;
  result.heads_before = heads;
  std::vector<StepResult> pending;  // committed only with the whole run
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const graph::Step& step = plan.steps[i];
    db::Transaction tx(ctx_.conn);
    if (ctx_.transaction_per_migration) {
      LUAMIG_RETURN_IF_ERROR(tx.Begin());
      // Under the write lock: if another runner moved the heads since we
      // planned, plan again from what it left.
      LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> now, ctx_.version_table.Heads());
      if (now != heads) {
        LUAMIG_RETURN_IF_ERROR(tx.Rollback());
        heads = now;
        LUAMIG_ASSIGN_OR_RETURN(plan, MakePlan(direction, target, heads));
        AnnouncePlan(plan);
        i = static_cast<size_t>(-1);
        continue;
      }
    }
    StepInfo info = Describe(step);
    if (ctx_.events) ctx_.events->OnStepStarted(info, i, plan.steps.size());
    auto start = std::chrono::steady_clock::now();
    LUAMIG_RETURN_IF_ERROR(RunStep(step));
    if (ctx_.transaction_per_migration) LUAMIG_RETURN_IF_ERROR(tx.Commit());
    auto took = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start);
    heads = ApplyDelta(heads, step.delta);
    if (ctx_.events) ctx_.events->OnStepFinished(info, took);
    pending.push_back({info, took});
  }
  if (!ctx_.transaction_per_migration) LUAMIG_RETURN_IF_ERROR(whole_run.Commit());
  result.steps = std::move(pending);
  result.heads_after = heads;
  return result;
}

}  // namespace luamig::runtime
