// SPDX-License-Identifier: MIT
// FleetRunner: many SQLite files (and PostgreSQL databases and schemas) with
// one graph, in parallel, with failures, canaries, waves and interruption.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "luamig/fleet.h"
#include "support/backends.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::Script;
using testing::TempProject;

// a1 -> a2 -> a3; a2 fails on targets given -x fail=1. Each upgrade also
// counts in a global of its script's environment how often that script ran
// in this Lua state, and writes the count: with a Lua state per target it
// is 1 in every file (a state shared between targets would count on).
std::vector<ScriptFile> Scripts() {
  const std::string count =
      "ran = (ran or 0) + 1\n"
      "op.execute(\"INSERT INTO ran(n) VALUES (\" .. ran .. \")\")\n";
  return {
      {"a1.lua", Script("a1", "", "op.create_table('ran', {{'n', 'integer'}})\n" + count,
                        "op.drop_table('ran')")},
      {"a2.lua", Script("a2", "a1",
                        "if op.x.fail then error('injected failure') end\n" + count, "")},
      {"a3.lua", Script("a3", "a2", count, "")},
  };
}

struct Fleet {
  explicit Fleet(size_t n, std::set<size_t> failing = {}) {
    auto scripts = std::shared_ptr<ScriptSource>(NewMemorySource(Scripts()));
    for (size_t i = 0; i < n; ++i) {
      FleetTarget t;
      t.name = "save" + std::to_string(i);
      t.options.config.project_dir = project.Path();
      t.options.url = project.SqliteUrl(t.name + ".db");
      t.options.scripts = scripts;
      if (failing.count(i)) t.options.x["fail"] = "1";
      options.targets.push_back(std::move(t));
    }
  }
  std::string Path(size_t i) const {
    return project.Path("save" + std::to_string(i) + ".db");
  }
  FleetReport Run() {
    FleetRunner runner(options);
    return runner.Run();
  }
  TempProject project;
  FleetOptions options;
};

std::vector<std::string> Column(const std::string& path, const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& row : testing::SqliteRows(path, sql)) out.push_back(row.at(0));
  return out;
}

std::vector<std::string> Versions(const std::string& path) {
  return Column(path, "SELECT version_num FROM luamig_version");
}

bool Exists(const std::string& path) { return std::filesystem::exists(path); }

// Counts targets at once, per server, through the events.
class Concurrency : public FleetEventSink {
 public:
  void OnTargetStarted(const TargetResult&) override {
    max_running = std::max(max_running, ++running);
  }
  void OnTargetFinished(const TargetResult& t) override {
    --running;
    finished.push_back(t.name);
  }
  void OnStepFinished(const std::string& target, const StepInfo& step,
                      std::chrono::microseconds) override {
    steps[target].push_back(step.revision);
  }
  size_t running = 0, max_running = 0;
  std::vector<std::string> finished;
  std::map<std::string, std::vector<std::string>> steps;
};

TEST_CASE("200 SQLite files migrate in one fleet and injected failures fail alone",
          "[api][fleet]") {
  std::set<size_t> failing = {7, 100, 199};
  Fleet f(200, failing);
  f.options.jobs = 4;
  Concurrency events;
  f.options.events = &events;
  FleetReport report = f.Run();
  REQUIRE(report.targets.size() == 200);
  CHECK(report.count(TargetState::kOk) == 197);
  CHECK(report.count(TargetState::kFailed) == 3);
  CHECK_FALSE(report.ok());
  CHECK(report.stopped.empty());
  CHECK(events.max_running <= 4);
  CHECK(events.max_running >= 2);
  CHECK(events.finished.size() == 200);
  for (size_t i = 0; i < 200; ++i) {
    const TargetResult& t = report.targets[i];
    CHECK(t.name == "save" + std::to_string(i));
    if (failing.count(i)) {
      CHECK(t.state == TargetState::kFailed);
      CHECK(t.error.message().find("injected failure") != std::string::npos);
      CHECK(t.heads_after == std::vector<std::string>{"a1"});
      CHECK(Versions(f.Path(i)) == std::vector<std::string>{"a1"});
      CHECK(events.steps[t.name] == std::vector<std::string>{"a1"});
    } else {
      CHECK(t.state == TargetState::kOk);
      CHECK(t.heads_after == std::vector<std::string>{"a3"});
      CHECK(t.steps.size() == 3);
      CHECK(Versions(f.Path(i)) == std::vector<std::string>{"a3"});
    }
  }
  // Each target's scripts ran in a Lua state of its own.
  for (size_t i : {0, 1, 150, 198})
    CHECK(Column(f.Path(i), "SELECT n FROM ran ORDER BY n") ==
          std::vector<std::string>{"1", "1", "1"});
}

TEST_CASE("a rerun of the fleet finishes only what is left", "[api][fleet]") {
  Fleet f(20, {3, 4});
  f.options.jobs = 3;
  FleetReport first = f.Run();
  CHECK(first.count(TargetState::kFailed) == 2);
  f.options.targets[3].options.x.clear();
  f.options.targets[4].options.x.clear();
  FleetReport second = f.Run();
  CHECK(second.ok());
  for (size_t i = 0; i < 20; ++i) {
    size_t expected = (i == 3 || i == 4) ? 2 : 0;
    CHECK(second.targets[i].steps.size() == expected);
    CHECK(Versions(f.Path(i)) == std::vector<std::string>{"a3"});
  }
}

TEST_CASE("fail fast starts no target after the first failure", "[api][fleet]") {
  Fleet f(10, {2});
  f.options.jobs = 1;
  f.options.fail_fast = true;
  FleetReport report = f.Run();
  CHECK(report.count(TargetState::kOk) == 2);
  CHECK(report.count(TargetState::kFailed) == 1);
  CHECK(report.count(TargetState::kNotStarted) == 7);
  CHECK(report.targets[3].reason == report.stopped);
  CHECK(report.stopped.find("fail fast") != std::string::npos);
  CHECK_FALSE(Exists(f.Path(3)));
}

TEST_CASE("max failures tolerates F failures and then starts no new target",
          "[api][fleet]") {
  Fleet f(10, {1, 2, 5});
  f.options.max_failures = 1;
  FleetReport report = f.Run();
  CHECK(report.count(TargetState::kFailed) == 2);  // targets 1 and 2
  CHECK(report.targets[3].state == TargetState::kNotStarted);
  CHECK(report.stopped.find("more than 1 allowed") != std::string::npos);
}

TEST_CASE("a failing canary stops the fleet before the others start", "[api][fleet]") {
  Fleet f(12, {1});
  f.options.canary = 3;
  f.options.jobs = 4;
  FleetReport report = f.Run();
  CHECK(report.count(TargetState::kOk) == 2);
  CHECK(report.count(TargetState::kFailed) == 1);
  CHECK(report.count(TargetState::kNotStarted) == 9);
  CHECK(report.stopped == "the canary failed (1 of 3 targets)");
  CHECK(report.targets[0].wave == 0);
}

class Waves : public FleetEventSink {
 public:
  void OnWave(size_t wave, size_t count) override { waves.push_back({wave, count}); }
  void OnTargetStarted(const TargetResult&) override { ++started; }
  void OnTargetFinished(const TargetResult&) override {
    // A target of a wave never starts before the previous wave ended.
    finished_at_wave_start.push_back(started);
  }
  void OnPause(std::chrono::milliseconds) override { ++pauses; }
  std::vector<std::pair<size_t, size_t>> waves;
  size_t started = 0, pauses = 0;
  std::vector<size_t> finished_at_wave_start;
};

TEST_CASE("a passing canary is followed by waves of K with a pause between",
          "[api][fleet]") {
  Fleet f(11);
  f.options.canary = 2;
  f.options.wave_size = 4;
  f.options.wave_pause = std::chrono::milliseconds(10);
  f.options.jobs = 8;
  Waves events;
  f.options.events = &events;
  FleetReport report = f.Run();
  CHECK(report.ok());
  using W = std::vector<std::pair<size_t, size_t>>;
  CHECK(events.waves == W{{0, 2}, {1, 4}, {2, 4}, {3, 1}});
  CHECK(events.pauses == 3);
  CHECK(report.targets[1].wave == 0);
  CHECK(report.targets[2].wave == 1);
  CHECK(report.targets[10].wave == 3);
  // With -j 8, a wave of 4 still never overlaps the next one.
  for (size_t i = 0; i < report.targets.size(); ++i) {
    const auto& t = report.targets[i];
    for (size_t j = i + 1; j < report.targets.size(); ++j) {
      if (report.targets[j].wave > t.wave) CHECK(events.finished_at_wave_start[i] <= j);
    }
  }
}

TEST_CASE("targets of one server stay under the per-server limit", "[api][fleet]") {
  Fleet f(24);
  for (size_t i = 0; i < 24; ++i) f.options.targets[i].server = i % 2 ? "odd" : "even";
  f.options.jobs = 8;
  f.options.per_server = 2;
  class PerServer : public FleetEventSink {
   public:
    void OnTargetStarted(const TargetResult& t) override {
      std::string s = t.index % 2 ? "odd" : "even";
      peak[s] = std::max(peak[s], ++now[s]);
    }
    void OnTargetFinished(const TargetResult& t) override {
      --now[t.index % 2 ? "odd" : "even"];
    }
    std::map<std::string, size_t> now, peak;
  } events;
  f.options.events = &events;
  CHECK(f.Run().ok());
  CHECK(events.peak["odd"] <= 2);
  CHECK(events.peak["even"] <= 2);
  CHECK(events.peak["odd"] + events.peak["even"] >= 3);
}

// Stops the fleet from inside, as a signal handler would, once `after`
// steps have committed anywhere.
class StopAfter : public FleetEventSink {
 public:
  explicit StopAfter(size_t after) : after_(after) {}
  void OnStepFinished(const std::string&, const StepInfo&,
                      std::chrono::microseconds) override {
    if (++steps_ == after_ && runner) runner->Stop();
  }
  FleetRunner* runner = nullptr;

 private:
  size_t after_;
  size_t steps_ = 0;
};

TEST_CASE(
    "Stop() lets running targets finish their step and starts nothing new and a "
    "rerun finishes only what is left",
    "[api][fleet]") {
  Fleet f(30);
  f.options.jobs = 3;
  StopAfter stopper(10);
  f.options.events = &stopper;
  FleetRunner runner(f.options);
  stopper.runner = &runner;
  FleetReport report = runner.Run();
  CHECK(report.stopped == "interrupted");
  CHECK_FALSE(report.ok());
  size_t interrupted = report.count(TargetState::kInterrupted);
  CHECK(interrupted >= 1);
  CHECK(interrupted <= 3);
  CHECK(report.count(TargetState::kNotStarted) >= 20);
  size_t committed = 0;
  for (size_t i = 0; i < 30; ++i) {
    const TargetResult& t = report.targets[i];
    if (t.state == TargetState::kInterrupted) {
      CHECK(t.steps.size() < 3);
      // a target stopped before its first step is still at its base
      CHECK(t.heads_after.size() == (t.steps.empty() ? 0u : 1u));
      CHECK(Versions(f.Path(i)) == t.heads_after);
    }
    committed += t.steps.size();
  }
  CHECK(committed >= 10);
  CHECK(committed < 10 + 3 * 3);

  f.options.events = nullptr;
  FleetReport rerun = f.Run();
  CHECK(rerun.ok());
  size_t second = 0;
  for (size_t i = 0; i < 30; ++i) {
    second += rerun.targets[i].steps.size();
    CHECK(Versions(f.Path(i)) == std::vector<std::string>{"a3"});
  }
  CHECK(committed + second == 90);  // every step ran exactly once
}

TEST_CASE("status over a fleet says where each target stands", "[api][fleet]") {
  Fleet f(4);
  f.options.revision = "a1";
  f.options.targets.resize(3);
  REQUIRE(f.Run().ok());  // 0, 1, 2 at a1; 3 never created
  f.options.revision = "head";
  f.options.targets.resize(2);
  REQUIRE(f.Run().ok());  // 0, 1 at a3
  Fleet status(4);
  status.options.command = FleetCommand::kStatus;
  for (size_t i = 0; i < 4; ++i)
    status.options.targets[i].options.url =
        f.project.SqliteUrl("save" + std::to_string(i) + ".db");
  FleetReport report = status.Run();
  REQUIRE(report.ok());
  CHECK(report.targets[0].standing == Standing::kUpToDate);
  CHECK(report.targets[1].standing == Standing::kUpToDate);
  CHECK(report.targets[2].standing == Standing::kBehind);
  CHECK(report.targets[2].status.pending.size() == 2);
  CHECK(report.targets[3].standing == Standing::kBehind);
  CHECK_FALSE(report.targets[3].status.database_exists);
  CHECK_FALSE(Exists(f.Path(3)));  // status creates nothing
}

TEST_CASE("invalid fleets fail every target before anything opens", "[api][fleet]") {
  Fleet f(3);
  f.options.targets[2].name = "save0";
  FleetReport report = f.Run();
  CHECK(report.count(TargetState::kFailed) == 3);
  CHECK(report.targets[0].error.code() == StatusCode::kUsage);
  CHECK(report.stopped == "two fleet targets are named 'save0'");
  CHECK_FALSE(Exists(f.Path(0)));
}

TEST_CASE("offline scripts are one per target and touch no database", "[api][fleet]") {
  Fleet f(3);
  f.options.command = FleetCommand::kUpgradeSql;
  f.options.revision = "a2";
  FleetReport report = f.Run();
  REQUIRE(report.ok());
  for (const auto& t : report.targets) {
    CHECK(t.script.sql.find("CREATE TABLE") != std::string::npos);
    CHECK(t.script.heads_after == std::vector<std::string>{"a2"});
  }
  CHECK_FALSE(Exists(f.Path(0)));
}

}  // namespace
}  // namespace luamig
