// SPDX-License-Identifier: MIT
// FleetRunner: waves of targets, each worked on by a pool of threads that
// start targets in order under the -j and per-server limits; every target
// has its own Migrator, opened on the worker thread that runs it.
#include "luamig/fleet.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "api/fleet_events.h"
#include "api/migrator_impl.h"
#include "util/conninfo.h"
#include "util/url.h"

namespace luamig {
namespace {

using Clock = std::chrono::steady_clock;

// PostgreSQL: host(s), hostaddr and port; "" for SQLite (no shared server).
std::string ServerOf(const MigratorOptions& o) {
  std::string url = ResolveDatabaseUrl(o.config, o.url);
  auto parsed = util::ParseDatabaseUrl(url);
  if (!parsed.ok() || parsed->scheme != "postgresql") return "";
  auto info = util::ParseConninfo(parsed->target);
  if (!info.ok()) return url;
  std::string key;
  for (const char* k : {"host", "hostaddr", "port"}) {
    const util::ConnOption* opt = info->Find(k);
    key += std::string(k) + "=" + (opt ? opt->value : "") + ";";
  }
  return key;
}

std::vector<std::string> Ids(const std::vector<RevisionInfo>& revs) {
  std::vector<std::string> ids;
  for (const auto& r : revs) ids.push_back(r.id);
  return ids;
}

// What the fleet shares between its worker threads, under `mu`.
struct Shared {
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, size_t> busy;  // server → targets running on it
  size_t failures = 0;
  std::string stopped;
};

}  // namespace

const char* FleetCommandName(FleetCommand command) {
  switch (command) {
    case FleetCommand::kUpgrade:
      return "upgrade";
    case FleetCommand::kDowngrade:
      return "downgrade";
    case FleetCommand::kStamp:
      return "stamp";
    case FleetCommand::kStatus:
      return "status";
    case FleetCommand::kCheck:
      return "check";
    case FleetCommand::kUpgradeSql:
      return "upgrade --sql";
    case FleetCommand::kDowngradeSql:
      return "downgrade --sql";
  }
  return "?";
}

const char* TargetStateName(TargetState state) {
  switch (state) {
    case TargetState::kPending:
      return "pending";
    case TargetState::kRunning:
      return "running";
    case TargetState::kOk:
      return "ok";
    case TargetState::kFailed:
      return "failed";
    case TargetState::kInterrupted:
      return "interrupted";
    case TargetState::kNotStarted:
      return "not started";
  }
  return "?";
}

const char* StandingName(Standing standing) {
  switch (standing) {
    case Standing::kUpToDate:
      return "up to date";
    case Standing::kBehind:
      return "behind";
    case Standing::kAhead:
      return "ahead of the code";
    case Standing::kUnknownRevision:
      return "unknown revision";
    case Standing::kUnreadable:
      return "unreadable";
  }
  return "?";
}

Standing StandingOf(const StatusReport& report) {
  if (!report.unknown.empty()) {
    for (const auto& u : report.unknown) {
      if (u.applied_at.empty()) return Standing::kUnknownRevision;
    }
    return Standing::kAhead;
  }
  return report.pending.empty() ? Standing::kUpToDate : Standing::kBehind;
}

size_t FleetReport::count(TargetState state) const {
  size_t n = 0;
  for (const auto& t : targets) n += t.state == state ? 1 : 0;
  return n;
}

// The work of one Run(): the options, the results, and the scheduler.
class FleetRun {
 public:
  FleetRun(FleetOptions& options, const std::atomic<bool>& stop)
      : o_(options), stop_(stop), events_(options.events) {}

  FleetReport Run() {
    report_.targets.resize(o_.targets.size());
    for (size_t i = 0; i < o_.targets.size(); ++i) {
      report_.targets[i].name = o_.targets[i].name;
      report_.targets[i].index = i;
    }
    Status bad = Validate();
    if (!bad.ok()) {
      for (auto& t : report_.targets) Finish(t, TargetState::kFailed, bad);
      report_.stopped = bad.message();
      return std::move(report_);
    }
    Prepare();
    size_t wave = o_.canary > 0 ? 0 : 1;
    for (auto [first, last] : Waves()) {
      if (!Startable()) break;
      if (first > 0 && o_.wave_pause.count() > 0) Pause();
      if (!Startable()) break;
      events_.Wave(wave, last - first);
      RunWave(wave, first, last);
      if (wave == 0) CheckCanary(first, last);
      ++wave;
    }
    std::lock_guard<std::mutex> lock(shared_.mu);
    if (report_.stopped.empty()) report_.stopped = shared_.stopped;
    for (auto& t : report_.targets) {
      if (t.state == TargetState::kPending) {
        t.state = TargetState::kNotStarted;
        t.reason = report_.stopped;
      }
    }
    return std::move(report_);
  }

 private:
  Status Validate() const {
    if (o_.targets.empty()) return Status::Usage("the fleet has no targets");
    std::map<std::string, size_t> seen;
    for (const auto& t : o_.targets) {
      if (t.name.empty()) return Status::Usage("a fleet target has no name");
      if (seen[t.name]++ > 0)
        return Status::Usage("two fleet targets are named '" + t.name + "'");
    }
    return Status::Ok();
  }

  // Shared secrets and script sources, and the server of each target.
  void Prepare() {
    auto secrets = std::make_shared<SecretSet>();
    std::map<std::vector<std::string>, std::shared_ptr<ScriptSource>> sources;
    for (auto& t : o_.targets) {
      if (!t.options.secrets) t.options.secrets = secrets;
      if (!t.options.scripts) {
        auto& source = sources[LocationsUnder(t.options.config)];
        if (!source) source = NewDirectorySource(LocationsUnder(t.options.config));
        t.options.scripts = source;
      }
      servers_.push_back(t.server.empty() ? ServerOf(t.options) : t.server);
    }
  }

  std::vector<std::pair<size_t, size_t>> Waves() const {
    std::vector<std::pair<size_t, size_t>> waves;
    size_t n = o_.targets.size(), at = 0;
    if (o_.canary > 0) {
      at = std::min(o_.canary, n);
      waves.push_back({0, at});
    }
    while (at < n) {
      size_t end = o_.wave_size > 0 ? std::min(n, at + o_.wave_size) : n;
      waves.push_back({at, end});
      at = end;
    }
    return waves;
  }

  bool Startable() {
    std::lock_guard<std::mutex> lock(shared_.mu);
    return StartableLocked();
  }

  // REQUIRES: shared_.mu held. Sets shared_.stopped on the first reason.
  bool StartableLocked() {
    if (!shared_.stopped.empty()) return false;
    std::string why;
    if (stop_.load()) {
      why = "interrupted";
    } else if (o_.fail_fast && shared_.failures > 0) {
      why = "a target failed (fail fast)";
    } else if (o_.max_failures >= 0 &&
               shared_.failures > static_cast<size_t>(o_.max_failures)) {
      why = std::to_string(shared_.failures) + " targets failed (more than " +
            std::to_string(o_.max_failures) + " allowed)";
    }
    if (why.empty()) return true;
    shared_.stopped = why;
    events_.Stopping(why);
    return false;
  }

  void Pause() {
    events_.Pause(o_.wave_pause);
    auto until = Clock::now() + o_.wave_pause;
    while (Clock::now() < until && !stop_.load())
      std::this_thread::sleep_for(
          std::min<Clock::duration>(std::chrono::milliseconds(50), until - Clock::now()));
  }

  void CheckCanary(size_t first, size_t last) {
    size_t failed = 0;
    for (size_t i = first; i < last; ++i)
      failed += report_.targets[i].state == TargetState::kOk ? 0 : 1;
    if (failed == 0) return;
    std::lock_guard<std::mutex> lock(shared_.mu);
    if (!shared_.stopped.empty()) return;
    shared_.stopped = "the canary failed (" + std::to_string(failed) + " of " +
                      std::to_string(last - first) + " targets)";
    events_.Stopping(shared_.stopped);
  }

  void RunWave(size_t wave, size_t first, size_t last) {
    next_ = first;
    last_ = last;
    wave_ = wave;
    size_t threads = std::max<size_t>(1, std::min(o_.jobs, last - first));
    std::vector<std::thread> pool;
    for (size_t i = 1; i < threads; ++i) pool.emplace_back([this] { Work(); });
    Work();
    for (auto& t : pool) t.join();
  }

  size_t Limit() const { return o_.per_server > 0 ? o_.per_server : o_.jobs; }

  // Takes the first pending target of the wave whose server has room;
  // waits while the only pending ones are on full servers. Returns last_
  // when there is nothing left to start.
  size_t Take() {
    std::unique_lock<std::mutex> lock(shared_.mu);
    for (;;) {
      if (!StartableLocked()) return last_;
      while (next_ < last_ && report_.targets[next_].state != TargetState::kPending)
        ++next_;
      if (next_ == last_) return last_;
      for (size_t i = next_; i < last_; ++i) {
        if (report_.targets[i].state != TargetState::kPending) continue;
        const std::string& server = servers_[i];
        if (!server.empty() && shared_.busy[server] >= Limit()) continue;
        if (!server.empty()) ++shared_.busy[server];
        report_.targets[i].state = TargetState::kRunning;
        return i;
      }
      shared_.cv.wait_for(lock, std::chrono::milliseconds(100));
    }
  }

  // The scheduler reads every target's state under shared_.mu, so a result
  // is built apart and stored under it.
  void Work() {
    for (size_t i = Take(); i < last_; i = Take()) {
      TargetResult result = RunTarget(i);
      std::lock_guard<std::mutex> lock(shared_.mu);
      if (!servers_[i].empty()) --shared_.busy[servers_[i]];
      if (result.state == TargetState::kFailed) ++shared_.failures;
      report_.targets[i] = std::move(result);
      shared_.cv.notify_all();
    }
  }

  void Finish(TargetResult& t, TargetState state, Status error = Status::Ok()) {
    t.state = state;
    t.error = std::move(error);
  }

  TargetResult RunTarget(size_t i) {
    TargetResult t;
    t.name = o_.targets[i].name;
    t.index = i;
    t.wave = wave_;
    t.state = TargetState::kRunning;
    const FleetTarget& target = o_.targets[i];
    auto start = Clock::now();
    events_.TargetStarted(t);
    TargetEvents tagged(events_, t.name, &t.steps);
    MigratorOptions options = target.options;
    options.events = &tagged;
    {
      auto m = Migrator::Open(std::move(options));
      if (!m.ok()) {
        Finish(t, TargetState::kFailed, m.status());
      } else {
        t.database = (*m)->DatabaseDescription();
        Execute(**m, t);
      }
    }  // the Migrator (its connection and Lua state) goes before the event
    t.duration =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    events_.TargetFinished(t);
    return t;
  }

  void Execute(Migrator& m, TargetResult& t) {
    switch (o_.command) {
      case FleetCommand::kUpgrade:
      case FleetCommand::kDowngrade:
        return Migrate(m, t);
      case FleetCommand::kStamp: {
        auto r =
            m.Stamp(o_.stamp_revisions.empty() ? std::vector<std::string>{o_.revision}
                                               : o_.stamp_revisions,
                    o_.purge);
        if (!r.ok()) return Finish(t, TargetState::kFailed, r.status());
        t.heads_before = r->heads_before;
        t.heads_after = r->heads_after;
        return Finish(t, TargetState::kOk);
      }
      case FleetCommand::kStatus: {
        auto r = m.GetStatus();
        if (!r.ok()) return Finish(t, TargetState::kFailed, r.status());
        t.status = std::move(*r);
        t.standing = StandingOf(t.status);
        t.heads_before = t.heads_after = Ids(t.status.current);
        return Finish(t, TargetState::kOk);
      }
      case FleetCommand::kCheck: {
        auto r = m.Check();
        if (!r.ok()) return Finish(t, TargetState::kFailed, r.status());
        t.check = std::move(*r);
        return Finish(t, TargetState::kOk);
      }
      case FleetCommand::kUpgradeSql:
      case FleetCommand::kDowngradeSql: {
        SqlScriptOptions so;
        so.range = o_.revision;
        so.dialect = o_.dialect;
        auto r = o_.command == FleetCommand::kUpgradeSql ? m.UpgradeSql(so)
                                                         : m.DowngradeSql(so);
        if (!r.ok()) return Finish(t, TargetState::kFailed, r.status());
        t.script = std::move(*r);
        t.heads_before = t.script.heads_before;
        t.heads_after = t.script.heads_after;
        return Finish(t, TargetState::kOk);
      }
    }
  }

  // Step by step, so that Stop() lets the running step finish and starts
  // no other.
  void Migrate(Migrator& m, TargetResult& t) {
    bool up = o_.command == FleetCommand::kUpgrade;
    auto before = m.Current();
    if (before.ok()) t.heads_before = Ids(*before);
    auto run = up ? m.BeginUpgrade(o_.revision) : m.BeginDowngrade(o_.revision);
    if (!run.ok()) return Finish(t, TargetState::kFailed, run.status());
    for (;;) {
      if (stop_.load()) {
        Status aborted = (*run)->Abort();
        run->reset();
        AfterFailure(m, t);
        return Finish(
            t, TargetState::kInterrupted,
            aborted.ok() ? Status::Database(
                               "interrupted before " +
                               std::string(up ? "upgrading" : "downgrading") + " further")
                         : aborted);
      }
      Result<bool> more = (*run)->Step();
      if (!more.ok()) {
        Status s = more.status();
        run->reset();
        AfterFailure(m, t);
        return Finish(t, TargetState::kFailed, std::move(s));
      }
      if (!*more) break;
    }
    auto done = (*run)->Finish();
    if (!done.ok()) {
      Status s = done.status();
      run->reset();
      AfterFailure(m, t);
      return Finish(t, TargetState::kFailed, std::move(s));
    }
    t.heads_before = done->heads_before;
    t.heads_after = done->heads_after;
    Finish(t, TargetState::kOk);
  }

  void AfterFailure(Migrator& m, TargetResult& t) {
    auto now = m.Current();
    if (now.ok()) t.heads_after = Ids(*now);
  }

  FleetOptions& o_;
  const std::atomic<bool>& stop_;
  SerialEvents events_;
  FleetReport report_;
  std::vector<std::string> servers_;
  Shared shared_;
  size_t next_ = 0, last_ = 0, wave_ = 0;
};

FleetRunner::FleetRunner(FleetOptions options) : options_(std::move(options)) {}
FleetRunner::~FleetRunner() = default;

FleetReport FleetRunner::Run() {
  FleetRun run(options_, stop_);
  return run.Run();
}

}  // namespace luamig
