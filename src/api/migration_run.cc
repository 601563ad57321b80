// SPDX-License-Identifier: MIT
// Runs as values the host drives: BeginUpgrade/BeginDowngrade, Step, Finish,
// Abort — and the blocking Upgrade/Downgrade, which are exactly those calls.
#include "luamig/migration_run.h"

#include <optional>

#include "api/migrator_impl.h"
#include "graph/planner.h"
#include "runtime/run_context.h"
#include "runtime/runner.h"
#include "runtime/stored_scripts.h"

#include <spdlog/logger.h>

namespace luamig {

struct MigrationRun::Impl {
  explicit Impl(Migrator::Impl& migrator) : m(migrator) {}
  ~Impl() {
    if (runner) (void)Abort();
    m.run_open = false;
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  Status Abort() {
    Status s = runner->Abort();
    Status r = Restore();
    return s.ok() ? r : s;
  }

  // After a failure or an abort: the file back as it was before the run.
  Status Restore() {
    if (!snapshot) return Status::Ok();
    Status s = snapshot->Restore();
    if (s.ok()) s = snapshot->Remove();
    if (s.ok() && m.Events())
      m.Events()->OnWarning("the database file was restored from its backup");
    snapshot.reset();
    return s;
  }

  // A failed run: restore the backup, and say so if that failed too.
  Status Failed(Status s) {
    Status r = Restore();
    if (r.ok()) return s;
    std::string note = "restoring the backup failed as well: " + r.ToString();
    s.WithHint(s.hint().empty() ? note : s.hint() + "\n" + note);
    return s;
  }

  Migrator::Impl& m;
  std::optional<runtime::StoredScripts> stored;  // downgrade from history
  std::unique_ptr<runtime::RunContext> ctx;
  std::unique_ptr<runtime::Runner> runner;
  std::unique_ptr<db::Snapshot> snapshot;
};

MigrationRun::MigrationRun(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MigrationRun::~MigrationRun() = default;

Result<bool> MigrationRun::Step() {
  Result<bool> more = impl_->runner->Step();
  if (!more.ok()) return impl_->m.Scrubbed(impl_->Failed(more.status()));
  return more;
}

RunProgress MigrationRun::progress() const {
  return {impl_->runner->done(), impl_->runner->total(), impl_->runner->waiting()};
}

Result<RunResult> MigrationRun::Finish() {
  Result<RunResult> result = impl_->runner->Finish();
  if (!result.ok()) return impl_->m.Scrubbed(impl_->Failed(result.status()));
  if (impl_->snapshot && !impl_->m.options.keep_backup) {
    Status s = impl_->snapshot->Remove();
    if (!s.ok() && impl_->m.Events()) impl_->m.Events()->OnWarning(s.message());
  }
  impl_->snapshot.reset();
  return result;
}

Status MigrationRun::Abort() { return impl_->m.Scrubbed(impl_->Abort()); }

namespace {

// Whether `target` means work, judged before anything is written (so that
// the backup is taken before the version table is created). A target that
// does not plan is left to the runner to report.
bool HasSteps(runtime::VersionTable table, const graph::RevisionMap& graph,
              graph::Direction direction, std::string_view target) {
  auto rows = table.Heads();
  if (!rows.ok()) return true;
  graph::Planner planner(graph);
  auto plan = direction == graph::Direction::kUpgrade ? planner.Upgrade(*rows, target)
                                                      : planner.Downgrade(*rows, target);
  return !plan.ok() || !plan->steps.empty();
}

}  // namespace

Result<std::unique_ptr<MigrationRun>> Migrator::Impl::BeginRun(graph::Direction direction,
                                                               std::string_view target) {
  LUAMIG_RETURN_IF_ERROR(CheckNoRunOpen());
  LUAMIG_RETURN_IF_ERROR(Connect());
  if (options.logger) {
    options.logger->debug(
        "luamig: {} to '{}' on {}",
        direction == graph::Direction::kUpgrade ? "upgrade" : "downgrade", target,
        conn->Describe());
  }
  auto run = std::make_unique<MigrationRun::Impl>(*this);
  // A database ahead of the scripts: downgrade with what history kept.
  if (direction == graph::Direction::kDowngrade) {
    LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> rows, Versions().Heads());
    bool ahead = false;
    for (const auto& r : rows) ahead = ahead || graph.Find(r) == nullptr;
    if (ahead) {
      runtime::HistoryTable history = History();
      LUAMIG_ASSIGN_OR_RETURN(
          run->stored, runtime::RecoverFromHistory(lua, history, loaded, rows, Events()));
    }
  }
  const script::LoadedScripts& scripts = run->stored ? run->stored->scripts : loaded;
  const graph::RevisionMap& g = run->stored ? run->stored->graph : graph;
  if (options.backup_before_migrate && HasSteps(Versions(), g, direction, target)) {
    LUAMIG_ASSIGN_OR_RETURN(run->snapshot, conn->TakeSnapshot());
  }
  runtime::RunSettings settings = RunSettings();
  settings.step_budget = options.step_budget;
  run->ctx = std::make_unique<runtime::RunContext>(
      Context(*tables, scripts, g, std::move(settings)));
  run->runner = std::make_unique<runtime::Runner>(*run->ctx, *sink);
  runtime::RunRequest request;
  request.kind = direction == graph::Direction::kUpgrade ? runtime::RunKind::kUpgrade
                                                         : runtime::RunKind::kDowngrade;
  request.targets = {std::string(target)};
  Status begun = run->runner->Begin(request);
  if (!begun.ok()) return run->Failed(std::move(begun));
  run_open = true;
  return std::make_unique<MigrationRun>(std::move(run));
}

Result<RunResult> Migrator::Impl::Run(graph::Direction direction,
                                      std::string_view target) {
  LUAMIG_ASSIGN_OR_RETURN(std::unique_ptr<MigrationRun> run, BeginRun(direction, target));
  return run->Finish();
}

Result<std::unique_ptr<MigrationRun>> Migrator::BeginUpgrade(std::string_view target) {
  return impl_->Scrubbed(impl_->BeginRun(graph::Direction::kUpgrade, target));
}

Result<std::unique_ptr<MigrationRun>> Migrator::BeginDowngrade(std::string_view target) {
  return impl_->Scrubbed(impl_->BeginRun(graph::Direction::kDowngrade, target));
}

Result<RunResult> Migrator::Upgrade(std::string_view target) {
  return impl_->Scrubbed(impl_->Run(graph::Direction::kUpgrade, target));
}

Result<RunResult> Migrator::Downgrade(std::string_view target) {
  return impl_->Scrubbed(impl_->Run(graph::Direction::kDowngrade, target));
}

}  // namespace luamig
