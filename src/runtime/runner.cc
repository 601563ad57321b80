// SPDX-License-Identifier: MIT
#include "runtime/runner.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <thread>

#include "db/transaction.h"
#include "graph/planner.h"
#include "luamig/version.h"
#include "runtime/error_location.h"
#include "runtime/executor.h"
#include "util/strings.h"

namespace luamig::runtime {
namespace {

using std::chrono::milliseconds;

std::string HostName() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

const char* DirectionName(const graph::Step& step) {
  bool up = step.direction == graph::Direction::kUpgrade;
  if (step.stamp_only) return up ? "stamp-upgrade" : "stamp-downgrade";
  return up ? "upgrade" : "downgrade";
}

}  // namespace

// Releases the run lock when the run ends, however it ends.
class Runner::LockHold {
 public:
  LockHold(db::Connection& conn, std::string key) : conn_(conn), key_(std::move(key)) {}
  ~LockHold() { (void)conn_.ReleaseRunLock(key_); }
  LockHold(const LockHold&) = delete;
  LockHold& operator=(const LockHold&) = delete;

 private:
  db::Connection& conn_;
  std::string key_;
};

// Statement limits for a span of work; cleared when the span ends. Declared
// before the db::Transaction it covers, so it is cleared after the
// transaction has ended and the clearing costs no statement.
class Runner::LimitsScope {
 public:
  explicit LimitsScope(db::Connection& conn) : conn_(conn) {}
  ~LimitsScope() {
    if (set_) (void)conn_.SetLimits({});
  }
  LimitsScope(const LimitsScope&) = delete;
  LimitsScope& operator=(const LimitsScope&) = delete;

  Status Set(const db::StatementLimits& limits) {
    if (!set_ && limits.empty()) return Status::Ok();
    set_ = !limits.empty();
    return conn_.SetLimits(limits);
  }

 private:
  db::Connection& conn_;
  bool set_ = false;
};

Runner::Runner(MigrationContext& ctx) : ctx_(ctx) {}
Runner::~Runner() { (void)Abort(); }

Result<graph::Plan> Runner::MakePlan(const Heads& heads) const {
  if (given_plan_) {
    Heads expected = given_plan_->heads_before;
    std::sort(expected.begin(), expected.end());
    Heads now = heads;
    std::sort(now.begin(), now.end());
    if (expected != now) {
      return Status::Usage("version table " + ctx_.version_table.QualifiedName() +
                           " shows {" + util::Join(now, ", ") + "}, the plan starts from {" +
                           util::Join(expected, ", ") + "}");
    }
    return *given_plan_;
  }
  graph::Planner planner(ctx_.graph);
  if (direction_ == graph::Direction::kUpgrade) return planner.Upgrade(heads, target_);
  return planner.Downgrade(heads, target_);
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
  db::StatementLimits limits = ctx_.limits;
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
  return ctx_.lock_retries;
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
  for (const auto& w : plan.warnings) ctx_.events->OnWarning(w);
  std::vector<StepInfo> steps;
  for (const auto& s : plan.steps) steps.push_back(Describe(s));
  ctx_.events->OnPlan(steps);
}

void Runner::Warn(const std::string& message) const {
  if (ctx_.events) ctx_.events->OnWarning(message);
}

bool Runner::ShouldRetry(const Status& s, int attempt) {
  if (s.ok() || !ctx_.conn.IsLockNotAvailable(s)) return false;
  // Work outside a transaction has partly committed: running it again from
  // the start is not a retry of one transaction.
  auto script = ctx_.scripts.by_revision.find(s.revision());
  if (script != ctx_.scripts.by_revision.end() && !script->second.transactional)
    return false;
  int retries = RetriesFor(s.revision());
  if (attempt > retries) return false;
  long long first = std::max<long long>(ctx_.retry_backoff.count(), 1);
  milliseconds wait(std::min<long long>(first << std::min(attempt - 1, 20), 30'000));
  Warn("revision " + s.revision() + ": " + s.message() + " — retrying from the start " +
       "of its transaction in " + std::to_string(wait.count()) + " ms (retry " +
       std::to_string(attempt) + " of " + std::to_string(retries) + ")");
  std::this_thread::sleep_for(wait);
  return true;
}

template <typename T>
T Runner::Retrying(const std::function<T()>& attempt) {
  for (int n = 1;; ++n) {
    T result = attempt();
    Status s;
    if constexpr (std::is_same_v<T, Status>) {
      s = result;
    } else {
      s = result.ok() ? Status::Ok() : result.status();
    }
    if (!ShouldRetry(s, n)) return result;
  }
}

Status Runner::CallScript(const graph::Step& step) {
  if (step.stamp_only) return Status::Ok();
  const script::LoadedScript* script = ScriptOf(step);
  if (script == nullptr)
    return Status::Internal("no script loaded for revision " + step.revision);
  const char* fn = step.direction == graph::Direction::kUpgrade ? "upgrade" : "downgrade";
  LiveExecutor executor(ctx_.conn, ctx_.dialect, ctx_.events, step.revision);
  Status s = ctx_.lua.CallMigration(script->lua_id, fn, executor, ctx_.x);
  if (s.ok()) return s;
  s = WithFullScriptName(std::move(s), script->file);
  return std::move(s.WithRevision(step.revision));
}

Status Runner::Record(const graph::Step& step, const Clock& clock) {
  LUAMIG_RETURN_IF_ERROR(ctx_.version_table.Apply(step.delta));
  if (ctx_.history == nullptr) return Status::Ok();
  HistoryRow row;
  row.revision = step.revision;
  row.direction = DirectionName(step);
  if (const script::LoadedScript* script = ScriptOf(step)) {
    row.checksum = script->checksum;
    row.source = script->source;
  }
  if (const graph::Revision* rev = ctx_.graph.Find(step.revision))
    row.message = rev->message;
  row.started_at = clock.started_at;
  row.duration_ms = std::chrono::duration_cast<milliseconds>(
                        std::chrono::steady_clock::now() - clock.start)
                        .count();
  row.db_user = db_user_;
  row.host_name = host_name_;
  row.luamig_version = LUAMIG_VERSION_STRING;
  return ctx_.history->Append(row);
}

Status Runner::StepInTransaction(const graph::Step& step, const Heads& heads,
                                 std::optional<Heads>* moved_to,
                                 const std::function<void()>& started) {
  LimitsScope limits(ctx_.conn);
  db::Transaction tx(ctx_.conn);
  LUAMIG_RETURN_IF_ERROR(tx.Begin());
  LUAMIG_RETURN_IF_ERROR(limits.Set(LimitsFor(step)));
  // Under the write lock (SQLite) or the run lock (PostgreSQL): if another
  // runner moved the heads since we planned, plan again from what it left.
  LUAMIG_ASSIGN_OR_RETURN(Heads now, ctx_.version_table.Heads());
  if (!graph::SameHeads(now, heads)) {
    *moved_to = std::move(now);
    return tx.Rollback();
  }
  started();
  Clock clock{UtcTimestamp(), std::chrono::steady_clock::now()};
  // The script may commit and re-begin (op.autocommit); `tx` still owns
  // whichever transaction is open when it returns.
  LUAMIG_RETURN_IF_ERROR(CallScript(step));
  LUAMIG_RETURN_IF_ERROR(Record(step, clock));
  return tx.Commit();
}

Status Runner::StepOutside(const graph::Step& step, const Heads& heads,
                           std::optional<Heads>* moved_to,
                           const std::function<void()>& started) {
  LUAMIG_ASSIGN_OR_RETURN(Heads now, ctx_.version_table.Heads());
  if (!graph::SameHeads(now, heads)) {
    *moved_to = std::move(now);
    return Status::Ok();
  }
  started();
  Clock clock{UtcTimestamp(), std::chrono::steady_clock::now()};
  {
    LimitsScope limits(ctx_.conn);
    LUAMIG_RETURN_IF_ERROR(limits.Set(LimitsFor(step)));
    LUAMIG_RETURN_IF_ERROR(CallScript(step));
  }
  db::Transaction tx(ctx_.conn);
  LUAMIG_RETURN_IF_ERROR(tx.Begin());
  LUAMIG_RETURN_IF_ERROR(Record(step, clock));
  return tx.Commit();
}

Result<RunResult> Runner::Run(graph::Direction direction, std::string_view target) {
  LUAMIG_RETURN_IF_ERROR(Begin(direction, target));
  for (;;) {
    LUAMIG_ASSIGN_OR_RETURN(bool more, Step());
    if (!more) break;
  }
  return Finish();
}

Status Runner::Begin(graph::Direction direction, std::string_view target) {
  if (state_ != State::kNew) return Status::Internal("a Runner runs only once");
  direction_ = direction;
  target_ = std::string(target);
  return Start();
}

Status Runner::BeginPlan(graph::Plan plan) {
  if (state_ != State::kNew) return Status::Internal("a Runner runs only once");
  direction_ = plan.steps.empty() ? graph::Direction::kUpgrade : plan.steps[0].direction;
  given_plan_ = std::move(plan);
  return Start();
}

Status Runner::Start() {
  const std::string key = ctx_.version_table.QualifiedName();
  // Copied into the lambda: a SQLite connection keeps the callback for the
  // whole run (each step's BEGIN IMMEDIATE may wait), long after Begin returns.
  EventSink* events = ctx_.events;
  auto on_wait = [events, key] {
    if (events) events->OnWaitingForLock(key);
  };
  LUAMIG_RETURN_IF_ERROR(ctx_.conn.AcquireRunLock(key, ctx_.lock_timeout, on_wait));
  lock_ = std::make_unique<LockHold>(ctx_.conn, key);
  state_ = State::kRunning;
  Status s = Prepare();
  return s.ok() ? s : Fail(std::move(s));
}

Status Runner::Prepare() {
  LUAMIG_RETURN_IF_ERROR(ctx_.version_table.Ensure());
  if (ctx_.history) {
    LUAMIG_RETURN_IF_ERROR(ctx_.history->Ensure());
    db_user_ = ctx_.conn.CurrentUser();
    host_name_ = HostName();
  }
  if (!ctx_.transaction_per_migration) return StartWholeRetrying();
  LUAMIG_ASSIGN_OR_RETURN(Heads heads, ctx_.version_table.Heads());
  result_.heads_before = heads;
  return Replan(std::move(heads));
}

Status Runner::Replan(Heads heads) {
  heads_ = std::move(heads);
  LUAMIG_ASSIGN_OR_RETURN(plan_, MakePlan(heads_));
  next_ = 0;
  AnnouncePlan(plan_);
  return Status::Ok();
}

// transaction_per_migration = false: every step in one transaction, except
// that a `transactional = false` step has to commit what came before it. A
// failure on a lock (when retries are allowed) starts the whole run again.
Status Runner::StartWhole() {
  whole_tx_.reset();
  limits_ = std::make_unique<LimitsScope>(ctx_.conn);
  whole_tx_ = std::make_unique<db::Transaction>(ctx_.conn);
  LUAMIG_RETURN_IF_ERROR(whole_tx_->Begin());
  LUAMIG_ASSIGN_OR_RETURN(Heads heads, ctx_.version_table.Heads());
  result_ = RunResult{};
  result_.heads_before = heads;
  return Replan(std::move(heads));
}

Status Runner::StartWholeRetrying() {
  for (;;) {
    Status s = StartWhole();
    if (!ShouldRetry(s, whole_attempt_)) return s;
    ++whole_attempt_;
  }
}

Result<bool> Runner::Step() {
  if (state_ == State::kFailed) return failure_;
  if (state_ != State::kRunning) return Status::Usage("no migration run in progress");
  if (next_ < plan_.steps.size()) {
    Status s = ctx_.transaction_per_migration ? StepPerMigration() : StepWhole();
    if (!s.ok() && !ctx_.transaction_per_migration && ShouldRetry(s, whole_attempt_)) {
      ++whole_attempt_;
      s = StartWholeRetrying();
    }
    if (!s.ok()) return Fail(std::move(s));
  }
  return next_ < plan_.steps.size();
}

Result<RunResult> Runner::Finish() {
  for (;;) {
    LUAMIG_ASSIGN_OR_RETURN(bool more, Step());
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
}

void Runner::Done(const StepInfo& info, const graph::Step& step,
                  std::chrono::steady_clock::time_point start) {
  auto took = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  heads_ = graph::ApplyDelta(heads_, step.delta);
  if (ctx_.events) ctx_.events->OnStepFinished(info, took);
  result_.steps.push_back({info, took});
  ++next_;
}

Status Runner::StepPerMigration() {
  const graph::Step& step = plan_.steps[next_];
  StepInfo info = Describe(step);
  auto start = std::chrono::steady_clock::now();
  bool announced = false;
  auto started = [&, index = next_, total = plan_.steps.size()] {
    if (ctx_.events && !announced) ctx_.events->OnStepStarted(info, index, total);
    announced = true;
  };
  std::optional<Heads> moved_to;
  LUAMIG_RETURN_IF_ERROR(Retrying<Status>([&] {
    moved_to.reset();
    return IsTransactional(step) ? StepInTransaction(step, heads_, &moved_to, started)
                                 : StepOutside(step, heads_, &moved_to, started);
  }));
  // Another runner moved the heads: plan again from there.
  if (moved_to) return Replan(std::move(*moved_to));
  Done(info, step, start);
  return Status::Ok();
}

Status Runner::StepWhole() {
  const graph::Step& step = plan_.steps[next_];
  StepInfo info = Describe(step);
  if (ctx_.events) ctx_.events->OnStepStarted(info, next_, plan_.steps.size());
  auto start = std::chrono::steady_clock::now();
  if (IsTransactional(step)) {
    LUAMIG_RETURN_IF_ERROR(limits_->Set(LimitsFor(step)));
    Clock clock{UtcTimestamp(), start};
    LUAMIG_RETURN_IF_ERROR(CallScript(step));
    LUAMIG_RETURN_IF_ERROR(Record(step, clock));
  } else {
    Warn("revision " + step.revision + " has transactional = false: the " +
         std::to_string(next_) +
         " step(s) before it are committed now, and it runs outside any transaction");
    LUAMIG_RETURN_IF_ERROR(limits_->Set({}));
    LUAMIG_RETURN_IF_ERROR(whole_tx_->Commit());
    std::optional<Heads> moved_to;
    LUAMIG_RETURN_IF_ERROR(StepOutside(step, heads_, &moved_to, [] {}));
    if (moved_to) {
      return Status::Database("version table " + ctx_.version_table.QualifiedName() +
                              " changed underneath this run")
          .WithRevision(step.revision);
    }
    LUAMIG_RETURN_IF_ERROR(whole_tx_->Begin());
  }
  Done(info, step, start);
  return Status::Ok();
}

}  // namespace luamig::runtime
