// SPDX-License-Identifier: MIT
#include "runtime/runner.h"

#include <unistd.h>

#include <algorithm>
#include <climits>

#include "graph/planner.h"
#include "luamig/version.h"
#include "runtime/error_location.h"
#include "runtime/executor.h"
#include "runtime/step_info.h"
#include "util/strings.h"

namespace luamig::runtime {
namespace {

using std::chrono::milliseconds;

std::string HostName() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

// "a, b"; "" for none (the history's from/to columns).
std::string Joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

// A step's failure names the step's revision, whatever failed (the script,
// its bookkeeping, the commit).
Status OfStep(Status s, const graph::Step& step) {
  if (!s.ok() && s.revision().empty()) s.WithRevision(step.revision);
  return s;
}

}  // namespace

// Releases the run lock when the run ends, however it ends.
class Runner::LockHold {
 public:
  LockHold(db::SqlSink& sink, std::string key) : sink_(sink), key_(std::move(key)) {}
  ~LockHold() { (void)sink_.ReleaseRunLock(key_); }
  LockHold(const LockHold&) = delete;
  LockHold& operator=(const LockHold&) = delete;

 private:
  db::SqlSink& sink_;
  std::string key_;
};

// Statement limits for a span of work; cleared when the span ends. Declared
// before the db::Transaction it covers, so it is cleared after the
// transaction has ended and the clearing costs no statement.
class Runner::LimitsScope {
 public:
  explicit LimitsScope(db::SqlSink& sink) : sink_(sink) {}
  ~LimitsScope() {
    if (set_) (void)sink_.SetLimits({});
  }
  LimitsScope(const LimitsScope&) = delete;
  LimitsScope& operator=(const LimitsScope&) = delete;

  Status Set(const db::StatementLimits& limits) {
    if (!set_ && limits.empty()) return Status::Ok();
    set_ = !limits.empty();
    return sink_.SetLimits(limits);
  }

 private:
  db::SqlSink& sink_;
  bool set_ = false;
};

Runner::Runner(const RunContext& ctx, db::SqlSink& sink)
    : ctx_(ctx),
      sink_(sink),
      versions_(sink, ctx.tables),
      history_(sink, ctx.tables, ctx.secrets),
      waiter_(ctx.clock, ctx.settings.lock_timeout, [this] {
        if (ctx_.events) ctx_.events->OnWaitingForLock(versions_.QualifiedName());
      }) {}

Runner::~Runner() { (void)Abort(); }

bool Runner::Whole() const {
  return !ctx_.settings.transaction_per_migration || request_.kind == RunKind::kStamp;
}

// The one place a request becomes a plan.
Result<graph::Plan> Runner::MakePlan(const Heads& heads) const {
  if (request_.plan) {
    if (!graph::SameHeads(request_.plan->heads_before, heads)) {
      return Status::Usage("version table " + versions_.QualifiedName() + " shows {" +
                           util::Join(heads, ", ") + "}, the plan starts from {" +
                           util::Join(request_.plan->heads_before, ", ") + "}");
    }
    return *request_.plan;
  }
  graph::Planner planner(ctx_.graph);
  switch (request_.kind) {
    case RunKind::kUpgrade:
      return planner.Upgrade(heads, request_.targets.at(0));
    case RunKind::kDowngrade:
      return planner.Downgrade(heads, request_.targets.at(0));
    case RunKind::kStamp:
      return planner.Stamp(heads, request_.targets, request_.purge);
  }
  return Status::Internal("unknown run kind");
}

Result<Runner::Heads> Runner::ReadHeads() {
  if (!ReadsBack()) return request_.assumed_heads;
  return versions_.Rows();
}

const script::LoadedScript* Runner::ScriptOf(const graph::Step& step) const {
  auto it = ctx_.scripts.by_revision.find(step.revision);
  return it == ctx_.scripts.by_revision.end() ? nullptr : &it->second;
}

bool Runner::IsTransactional(const graph::Step& step) const {
  const script::LoadedScript* script = ScriptOf(step);
  return step.stamp_only || script == nullptr || script->transactional;
}

db::StatementLimits Runner::LimitsFor(const graph::Step& step) const {
  db::StatementLimits limits = ctx_.settings.limits;
  if (const script::LoadedScript* script = ScriptOf(step); script && !step.stamp_only) {
    if (script->lock_timeout.count() >= 0) limits.lock_timeout = script->lock_timeout;
    if (script->statement_timeout.count() >= 0)
      limits.statement_timeout = script->statement_timeout;
  }
  return limits;
}

int Runner::RetriesFor(const std::string& revision) const {
  auto it = ctx_.scripts.by_revision.find(revision);
  if (it != ctx_.scripts.by_revision.end() && it->second.lock_retries >= 0)
    return it->second.lock_retries;
  return ctx_.settings.lock_retries;
}

void Runner::AnnouncePlan(const graph::Plan& plan) const {
  if (ctx_.events == nullptr) return;
  for (const auto& w : plan.warnings) ctx_.events->OnWarning(w);
  std::vector<StepInfo> steps;
  for (const auto& s : plan.steps) steps.push_back(Describe(ctx_.graph, s));
  ctx_.events->OnPlan(steps);
}

void Runner::Warn(const std::string& message) const {
  if (ctx_.events) ctx_.events->OnWarning(message);
}

// Schedules another attempt when `s` says a lock was not available and the
// failing revision allows more retries; the wait doubles each time.
bool Runner::ScheduleRetry(const Status& s) {
  if (s.ok() || !sink_.IsLockNotAvailable(s)) return false;
  // Work outside a transaction has partly committed: running it again from
  // the start is not a retry of one transaction.
  auto script = ctx_.scripts.by_revision.find(s.revision());
  if (script != ctx_.scripts.by_revision.end() && !script->second.transactional)
    return false;
  int retries = RetriesFor(s.revision());
  if (attempt_ > retries) return false;
  long long first = std::max<long long>(ctx_.settings.retry_backoff.count(), 1);
  milliseconds wait(std::min<long long>(first << std::min(attempt_ - 1, 20), 30'000));
  Warn("revision " + s.revision() + ": " + s.message() + " — retrying from the start " +
       "of its transaction in " + std::to_string(wait.count()) + " ms (retry " +
       std::to_string(attempt_) + " of " + std::to_string(retries) + ")");
  retry_at_ = ctx_.clock.Now() + wait;
  ++attempt_;
  return true;
}

// Sleeps until a scheduled retry is due. False (nothing slept) when that
// would pass the Step()'s deadline: the caller comes back later.
bool Runner::WaitForRetry() {
  if (!retry_at_) return true;
  Instant now = ctx_.clock.Now();
  if (now < *retry_at_) {
    if (deadline_ && *retry_at_ > *deadline_) return false;
    ctx_.clock.SleepFor(std::chrono::ceil<milliseconds>(*retry_at_ - now));
  }
  retry_at_.reset();
  return true;
}

Status Runner::CallScript(const graph::Step& step) {
  if (step.stamp_only) return Status::Ok();
  const script::LoadedScript* script = ScriptOf(step);
  if (script == nullptr)
    return Status::Internal("no script loaded for revision " + step.revision);
  const char* fn = step.direction == graph::Direction::kUpgrade ? "upgrade" : "downgrade";
  Executor executor(sink_, ctx_.tables.dialect(), ctx_.events, step.revision);
  Status s = ctx_.lua.CallMigration(script->lua_id, fn, executor, ctx_.settings.x);
  if (s.ok()) return s;
  s = WithFullScriptName(std::move(s), script->file);
  return std::move(s.WithRevision(step.revision));
}

// The version-table change and the history row, in the step's transaction.
// A script cannot know when it will run: its rows carry the time it was
// written and no duration.
Status Runner::Record(const graph::Step& step, Instant start,
                      const std::string& started_at) {
  LUAMIG_RETURN_IF_ERROR(versions_.Apply(step.delta));
  if (!ctx_.settings.record_history) return Status::Ok();
  HistoryRow row;
  row.revision = step.revision;
  row.direction = DirectionName(step);
  if (const script::LoadedScript* script = ScriptOf(step); script && !step.stamp_only) {
    row.checksum = script->checksum;
    row.source = script->source;
  }
  if (const graph::Revision* rev = ctx_.graph.Find(step.revision))
    row.message = rev->message;
  row.started_at = ReadsBack() ? started_at : run_started_at_;
  if (ReadsBack())
    row.duration_ms =
        std::chrono::duration_cast<milliseconds>(ctx_.clock.Now() - start).count();
  row.db_user = db_user_;
  row.host_name = host_name_;
  row.luamig_version = LUAMIG_VERSION_STRING;
  // After stamp --purge the first step starts from an emptied table: its
  // row names the rows the purge removed.
  row.from_revisions = Joined(purged_ ? *purged_ : step.delta.removed);
  purged_.reset();
  row.to_revisions = Joined(step.delta.added);
  return history_.Append(row);
}

Result<bool> Runner::Moved() {
  if (!ReadsBack()) return false;
  LUAMIG_ASSIGN_OR_RETURN(Heads now, versions_.Rows());
  if (graph::SameHeads(now, heads_)) return false;
  moved_to_ = std::move(now);
  return true;
}

void Runner::Started(const graph::Step& step) {
  if (!announced_ && ctx_.events)
    ctx_.events->OnStepStarted(Describe(ctx_.graph, step), next_, plan_.steps.size());
  announced_ = true;
}

void Runner::Done(const graph::Step& step, Instant start) {
  auto took =
      std::chrono::duration_cast<std::chrono::microseconds>(ctx_.clock.Now() - start);
  heads_ = graph::ApplyDelta(heads_, step.delta);
  StepInfo info = Describe(ctx_.graph, step);
  if (ctx_.events) ctx_.events->OnStepFinished(info, took);
  result_.steps.push_back({info, took});
  ++next_;
  announced_ = false;
}

Result<Runner::Outcome> Runner::StepInTransaction(const graph::Step& step) {
  LimitsScope limits(sink_);
  db::Transaction tx(sink_);
  // Only the wait before the step is bounded by the budget: once a script
  // has started it runs to its end.
  waiter_.SetDeadline(deadline_);
  Status begun = tx.Begin();
  const bool out_of_budget = waiter_.stopped_at_deadline();
  waiter_.SetDeadline(std::nullopt);
  if (!begun.ok()) {
    if (out_of_budget) return Outcome::kWaiting;
    return begun;
  }
  LUAMIG_RETURN_IF_ERROR(limits.Set(LimitsFor(step)));
  // Under the write lock (SQLite) or the run lock (PostgreSQL): if another
  // runner moved the heads since we planned, plan again from what it left.
  LUAMIG_ASSIGN_OR_RETURN(bool moved, Moved());
  if (moved) {
    LUAMIG_RETURN_IF_ERROR(tx.Rollback());
    return Outcome::kMoved;
  }
  Started(step);
  Instant start = ctx_.clock.Now();
  std::string started_at = util::UtcTimestamp(ctx_.clock.WallNow());
  // The script may commit and re-begin (op.autocommit); `tx` still owns
  // whichever transaction is open when it returns.
  LUAMIG_RETURN_IF_ERROR(CallScript(step));
  LUAMIG_RETURN_IF_ERROR(Record(step, start, started_at));
  LUAMIG_RETURN_IF_ERROR(tx.Commit());
  Done(step, start);
  return Outcome::kDone;
}

Result<Runner::Outcome> Runner::StepOutside(const graph::Step& step) {
  LUAMIG_ASSIGN_OR_RETURN(bool moved, Moved());
  if (moved) return Outcome::kMoved;
  Started(step);
  Instant start = ctx_.clock.Now();
  std::string started_at = util::UtcTimestamp(ctx_.clock.WallNow());
  {
    LimitsScope limits(sink_);
    LUAMIG_RETURN_IF_ERROR(limits.Set(LimitsFor(step)));
    LUAMIG_RETURN_IF_ERROR(CallScript(step));
  }
  db::Transaction tx(sink_);
  LUAMIG_RETURN_IF_ERROR(tx.Begin());
  LUAMIG_RETURN_IF_ERROR(Record(step, start, started_at));
  LUAMIG_RETURN_IF_ERROR(tx.Commit());
  Done(step, start);
  return Outcome::kDone;
}

Result<RunResult> Runner::Run(const RunRequest& request) {
  LUAMIG_RETURN_IF_ERROR(Begin(request));
  return Finish();
}

Status Runner::Begin(const RunRequest& request) {
  if (state_ != State::kNew) return Status::Internal("a Runner runs only once");
  if (request.kind == RunKind::kStamp && request.targets.empty())
    return Status::Usage("stamp needs at least one target");
  if (request.kind != RunKind::kStamp && !request.plan && request.targets.size() != 1)
    return Status::Internal("an upgrade or downgrade has exactly one target");
  request_ = request;
  const std::string key = versions_.QualifiedName();
  LUAMIG_RETURN_IF_ERROR(sink_.AcquireRunLock(key, waiter_));
  lock_ = std::make_unique<LockHold>(sink_, key);
  state_ = State::kRunning;
  run_started_at_ = util::UtcTimestamp(ctx_.clock.WallNow());
  Status s = Prepare();
  return s.ok() ? s : Fail(std::move(s));
}

Status Runner::Prepare() {
  LUAMIG_RETURN_IF_ERROR(EnsureTables());
  if (ReadsBack() && ctx_.settings.record_history) {
    db_user_ = sink_.CurrentUser();
    host_name_ = HostName();
  }
  if (Whole()) return StartWholeRetrying();
  LUAMIG_ASSIGN_OR_RETURN(Heads heads, ReadHeads());
  result_.heads_before = heads;
  return Replan(std::move(heads));
}

// Live: create what is missing. A script that starts from an empty database
// creates both tables (IF NOT EXISTS) before its first step; one that starts
// elsewhere finds them in place.
Status Runner::EnsureTables() {
  const bool history = ctx_.settings.record_history;
  if (ReadsBack()) {
    LUAMIG_RETURN_IF_ERROR(versions_.Ensure());
    return history ? history_.Ensure() : Status::Ok();
  }
  if (request_.kind != RunKind::kUpgrade || !request_.assumed_heads.empty())
    return Status::Ok();
  LUAMIG_ASSIGN_OR_RETURN(graph::Plan plan, MakePlan({}));
  if (plan.steps.empty()) return Status::Ok();
  LUAMIG_RETURN_IF_ERROR(versions_.Create());
  return history ? history_.Create() : Status::Ok();
}

Status Runner::Replan(Heads heads) {
  heads_ = std::move(heads);
  LUAMIG_ASSIGN_OR_RETURN(plan_, MakePlan(heads_));
  next_ = 0;
  announced_ = false;
  AnnouncePlan(plan_);
  return Status::Ok();
}

// One transaction for the whole run (transaction_per_migration = false, and
// every stamp), except that a `transactional = false` step has to commit what
// came before it. A failure on a lock (when retries are allowed) starts the
// whole run again.
Status Runner::StartWhole() {
  whole_tx_.reset();
  limits_ = std::make_unique<LimitsScope>(sink_);
  whole_tx_ = std::make_unique<db::Transaction>(sink_);
  LUAMIG_RETURN_IF_ERROR(whole_tx_->Begin());
  LUAMIG_ASSIGN_OR_RETURN(Heads heads, ReadHeads());
  result_ = RunResult{};
  result_.heads_before = heads;
  LUAMIG_RETURN_IF_ERROR(Replan(std::move(heads)));
  if (plan_.purge) {
    LUAMIG_RETURN_IF_ERROR(versions_.Purge());
    purged_ = heads_;
    heads_.clear();
  }
  return Status::Ok();
}

Status Runner::StartWholeRetrying() {
  for (;;) {
    Status s = StartWhole();
    if (!ScheduleRetry(s)) return s;
    whole_tx_.reset();  // give the locks back while waiting
    (void)WaitForRetry();
  }
}

Result<bool> Runner::Step() {
  std::optional<Instant> deadline;
  if (ctx_.settings.step_budget.count() >= 0)
    deadline = ctx_.clock.Now() + ctx_.settings.step_budget;
  return StepWithin(deadline);
}

Result<bool> Runner::StepWithin(std::optional<Instant> deadline) {
  if (state_ == State::kFailed) return failure_;
  if (state_ != State::kRunning) return Status::Usage("no migration run in progress");
  deadline_ = deadline;
  waiting_ = false;
  if (restart_whole_) {
    if (!WaitForRetry()) {
      waiting_ = true;
      return true;
    }
    restart_whole_ = false;
    Status s = StartWhole();
    if (!s.ok()) {
      if (!ScheduleRetry(s)) return Fail(std::move(s));
      whole_tx_.reset();
      restart_whole_ = true;
      return true;
    }
  }
  if (next_ < plan_.steps.size()) {
    Result<Outcome> o = Whole() ? StepWhole() : StepPerMigration();
    if (!o.ok()) {
      Status s = OfStep(o.status(), plan_.steps[next_]);
      if (!Whole() || !ScheduleRetry(s)) return Fail(std::move(s));
      whole_tx_.reset();  // rolled back now: its locks are not held while waiting
      restart_whole_ = true;
    } else if (*o == Outcome::kWaiting) {
      waiting_ = true;
    }
  }
  return restart_whole_ || next_ < plan_.steps.size();
}

Result<RunResult> Runner::Finish() {
  for (;;) {
    LUAMIG_ASSIGN_OR_RETURN(bool more, StepWithin(std::nullopt));
    if (!more) break;
  }
  if (whole_tx_) {
    Status s = whole_tx_->Commit();
    if (!s.ok()) return Fail(std::move(s));
  }
  result_.heads_after = heads_;
  state_ = State::kFinished;
  EndRun();
  return std::move(result_);
}

Status Runner::Abort() {
  if (state_ != State::kRunning) return Status::Ok();
  Status s;
  if (whole_tx_ && whole_tx_->active()) s = whole_tx_->Rollback();
  state_ = State::kAborted;
  EndRun();
  return s;
}

Status Runner::Fail(Status s) {
  failure_ = s;
  state_ = State::kFailed;
  EndRun();
  return s;
}

void Runner::EndRun() {
  whole_tx_.reset();  // rolls back if still open
  limits_.reset();
  lock_.reset();
  waiter_.Acquired();
}

Result<Runner::Outcome> Runner::StepPerMigration() {
  const graph::Step& step = plan_.steps[next_];
  if (!announced_) sink_.Comment(StepTitle(ctx_.graph, step));
  for (;;) {
    if (!WaitForRetry()) return Outcome::kWaiting;
    Result<Outcome> o =
        IsTransactional(step) ? StepInTransaction(step) : StepOutside(step);
    if (!o.ok()) {
      Status s = OfStep(o.status(), step);
      if (ScheduleRetry(s)) continue;
      return s;
    }
    if (*o == Outcome::kMoved) {
      // Another runner moved the heads: plan again from there.
      attempt_ = 1;
      LUAMIG_RETURN_IF_ERROR(Replan(std::move(*moved_to_)));
      moved_to_.reset();
    } else if (*o == Outcome::kDone) {
      attempt_ = 1;
    }
    return o;
  }
}

Result<Runner::Outcome> Runner::StepWhole() {
  const graph::Step& step = plan_.steps[next_];
  sink_.Comment(StepTitle(ctx_.graph, step));
  if (!IsTransactional(step)) {
    Warn("revision " + step.revision + " has transactional = false: the " +
         std::to_string(next_) +
         " step(s) before it are committed now, and it runs outside any transaction");
    LUAMIG_RETURN_IF_ERROR(limits_->Set({}));
    LUAMIG_RETURN_IF_ERROR(whole_tx_->Commit());
    LUAMIG_ASSIGN_OR_RETURN(Outcome o, StepOutside(step));
    if (o == Outcome::kMoved) {
      return Status::Database("version table " + versions_.QualifiedName() +
                              " changed underneath this run")
          .WithRevision(step.revision);
    }
    LUAMIG_RETURN_IF_ERROR(whole_tx_->Begin());
    return Outcome::kDone;
  }
  Started(step);
  Instant start = ctx_.clock.Now();
  LUAMIG_RETURN_IF_ERROR(limits_->Set(LimitsFor(step)));
  LUAMIG_RETURN_IF_ERROR(CallScript(step));
  LUAMIG_RETURN_IF_ERROR(Record(step, start, util::UtcTimestamp(ctx_.clock.WallNow())));
  Done(step, start);
  return Outcome::kDone;
}

}  // namespace luamig::runtime
