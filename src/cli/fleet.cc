// SPDX-License-Identifier: MIT
#include "cli/fleet.h"

#include <signal.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/exit_code.h"
#include "cli/fleet_view.h"
#include "cli/interrupt.h"
#include "cli/json.h"
#include "cli/progress.h"
#include "cli/session.h"
#include "cli/text.h"

namespace luamig::cli {
namespace {

namespace fs = std::filesystem;

// How many names a status group lists before "… and N more".
constexpr size_t kGroupNames = 8;

Json TargetJson(const TargetResult& t, const FleetJob& job) {
  Json r;
  r["name"] = t.name;
  r["database"] = t.database;
  r["state"] = TargetStateName(t.state);
  r["wave"] = t.wave;
  r["duration_ms"] = Ms(t.duration);
  if (t.state == TargetState::kNotStarted) r["reason"] = t.reason;
  r["heads_before"] = t.heads_before;
  r["heads_after"] = t.heads_after;
  Json steps = Json::array();
  for (const auto& s : t.steps) steps.push_back(ToJson(s.step, s.duration));
  r["steps"] = steps;
  if (!t.error.ok()) r["error"] = ErrorJson(t.error, ExitCode(t.error));
  bool done = t.state == TargetState::kOk;
  if (done && job.command == FleetCommand::kStatus) {
    r["standing"] = StandingName(t.standing);
    r["up_to_date"] = t.status.up_to_date();
    r["current"] = ToJson(t.status.current);
    r["pending"] = ToJson(t.status.pending);
    r["unknown"] = ToJsonList(t.status.unknown);
    r["changed"] = ToJsonList(t.status.changed);
  }
  if (done && job.command == FleetCommand::kCheck) {
    r["check_ok"] = t.check.ok();
    r["verified"] = t.check.verified;
    r["unverified"] = t.check.unverified;
    r["changed"] = ToJsonList(t.check.changed);
    r["unknown"] = ToJsonList(t.check.unknown);
  }
  bool sql = job.command == FleetCommand::kUpgradeSql ||
             job.command == FleetCommand::kDowngradeSql;
  if (done && sql && job.sql_dir.empty()) r["sql"] = t.script.sql;
  return r;
}

// The group a status target falls in: "up to date", "behind by 2", …
std::string Group(const TargetResult& t) {
  if (t.state != TargetState::kOk) return "unreadable";
  if (t.standing == Standing::kBehind)
    return "behind by " + std::to_string(t.status.pending.size());
  return StandingName(t.standing);
}

void PrintGroups(std::ostream& o, const FleetReport& report) {
  std::map<std::string, std::vector<std::string>> groups;
  std::vector<std::string> order;
  for (const auto& t : report.targets) {
    if (t.state == TargetState::kNotStarted) continue;
    std::string g = Group(t);
    if (groups[g].empty()) order.push_back(g);
    groups[g].push_back(t.name);
  }
  auto rank = [](const std::string& g) {
    if (g == "up to date") return std::make_pair(0, 0);
    if (g.rfind("behind by ", 0) == 0) return std::make_pair(1, std::stoi(g.substr(10)));
    if (g == "ahead of the code") return std::make_pair(2, 0);
    if (g == "unknown revision") return std::make_pair(3, 0);
    return std::make_pair(4, 0);
  };
  std::sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
    return rank(a) < rank(b);
  });
  size_t width = 0;
  for (const auto& g : order) width = std::max(width, g.size());
  for (const auto& g : order) {
    const auto& names = groups[g];
    std::string line =
        "  " + g + std::string(width - g.size() + 2, ' ') + std::to_string(names.size());
    if (g != "up to date") {
      std::vector<std::string> shown(names.begin(),
                                     names.begin() + std::min(kGroupNames, names.size()));
      line += "  " + Comma(shown);
      if (names.size() > kGroupNames)
        line += " and " + std::to_string(names.size() - kGroupNames) + " more";
    }
    o << line << "\n";
  }
}

void PrintFailures(std::ostream& o, const Terminal& term, const FleetReport& report) {
  for (const auto& t : report.targets) {
    if (t.state != TargetState::kFailed && t.state != TargetState::kInterrupted) continue;
    o << "  " << Paint(term, "31", TargetStateName(t.state)) << "  " << t.name << "  "
      << HeadsText(t.heads_before) << " -> " << HeadsText(t.heads_after) << "\n";
    std::string msg = t.error.message();
    if (!t.error.file().empty() && msg.find(t.error.file()) == std::string::npos)
      msg = t.error.file() + ": " + msg;
    o << "      " << msg.substr(0, msg.find('\n')) << "\n";
  }
}

void PrintSummary(Session& s, const FleetReport& report, const FleetJob& job,
                  double seconds) {
  std::ostream& o = std::cout;
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.2fs", seconds);
  o << "\n"
    << Paint(s.terminal, "1",
             std::to_string(report.targets.size()) + " targets: " + CountsText(report))
    << "  (" << FleetCommandName(job.command) << ", -j " << s.g.fleet.jobs << ", " << secs
    << ")\n";
  if (job.command == FleetCommand::kStatus) PrintGroups(o, report);
  if (report.count(TargetState::kFailed) + report.count(TargetState::kInterrupted) > 0) {
    o << "Failed:\n";
    PrintFailures(o, s.terminal, report);
  }
  if (!report.stopped.empty())
    o << "Stopped: " << report.stopped << "; " << report.count(TargetState::kNotStarted)
      << " target(s) not started.\n";
  o.flush();
}

// --sql: one script per target, to NAME.sql in --sql-dir or to stdout.
Status WriteScripts(const FleetReport& report, const FleetJob& job, bool json) {
  if (!job.sql_dir.empty()) {
    std::error_code ec;
    fs::create_directories(job.sql_dir, ec);
    for (const auto& t : report.targets) {
      if (t.state != TargetState::kOk) continue;
      std::ofstream f(fs::path(job.sql_dir) / (t.name + ".sql"), std::ios::binary);
      f << t.script.sql;
      if (!f)
        return Status::Project("cannot write " + job.sql_dir + "/" + t.name + ".sql");
    }
    return Status::Ok();
  }
  if (json) return Status::Ok();
  for (const auto& t : report.targets) {
    if (t.state != TargetState::kOk) continue;
    std::cout << "-- luamig target: " << t.name << " (" << t.database << ")\n"
              << t.script.sql << "\n";
  }
  std::cout.flush();
  return Status::Ok();
}

// 0 only when every target reached its target; a usage or project error
// common to every target that started is 2 (the targets it kept from starting
// do not count); status --exit-code and check findings keep their codes.
int ExitFor(const FleetReport& report, const FleetJob& job, int signal) {
  if (signal == SIGINT) return 130;
  if (signal == SIGTERM) return 143;
  bool all_usage = true, any_usage = false;
  int finding = kExitOk;
  for (const auto& t : report.targets) {
    if (t.state == TargetState::kOk) {
      all_usage = false;
      if (job.command == FleetCommand::kCheck && !t.check.ok()) finding = kExitFailure;
      if (job.command == FleetCommand::kStatus && job.exit_code) {
        if (t.standing == Standing::kBehind) finding = std::max(finding, kExitPending);
        if (t.standing == Standing::kAhead || t.standing == Standing::kUnknownRevision)
          finding = std::max(finding, kExitUnknownRevisions);
      }
      continue;
    }
    if (t.state == TargetState::kNotStarted) continue;
    if (t.state == TargetState::kFailed && ExitCode(t.error) == kExitUsage)
      any_usage = true;
    else
      all_usage = false;
  }
  if (report.ok()) return finding;
  return all_usage && any_usage ? kExitUsage : kExitFailure;
}

FleetOptions MakeOptions(const GlobalOptions& g, const FleetJob& job,
                         std::vector<FleetTarget> targets) {
  FleetOptions o;
  o.targets = std::move(targets);
  o.command = job.command;
  o.revision = job.revisions.empty() ? "head" : job.revisions.front();
  if (job.command == FleetCommand::kStamp) o.stamp_revisions = job.revisions;
  o.purge = job.purge;
  o.dialect = job.dialect;
  o.jobs = std::max<size_t>(1, g.fleet.jobs);
  o.per_server = g.fleet.per_server;
  o.fail_fast = g.fleet.fail_fast;
  o.max_failures = g.fleet.max_failures;
  o.canary = g.fleet.canary;
  o.wave_size = g.fleet.wave_size;
  o.wave_pause =
      std::chrono::milliseconds(static_cast<long>(g.fleet.wave_pause_s * 1000));
  return o;
}

Result<std::vector<FleetTarget>> Targets(Session& s, const CommandSpec& spec,
                                         Output& out) {
  if (!s.g.url.empty())
    return Status::Usage("--url with --targets: each target has its own URL");
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> envs, SelectEnvironments(s.g, spec));
  if (envs.size() != 1 || s.g.env == "all" || s.g.env.find(',') != std::string::npos)
    return Status::Usage("--targets works on one environment at a time (--env NAME)");
  LUAMIG_ASSIGN_OR_RETURN(MigratorOptions base, ProjectOptions(s.g, spec, envs[0], out));
  base.events = nullptr;
  return SelectTargets(base.config, s.g.fleet.targets, s.g.fleet.filter, base);
}

}  // namespace

void AddFleetOptions(CLI::App& app, GlobalOptions::Fleet& f) {
  const std::string group = "Fleet (docs/fleet.md)";
  app.add_option("--targets", f.targets,
                 "run on the config's targets: NAME, a,b,c or all")
      ->group(group);
  app.add_option("--target-filter", f.filter,
                 "with --targets: only targets whose name matches PATTERN (*, ?, [..])")
      ->group(group);
  app.add_option("-j,--jobs", f.jobs, "targets worked on at once (default 1)")
      ->check(CLI::Range(1, 1024))
      ->group(group);
  app.add_option("--per-server", f.per_server,
                 "targets of one PostgreSQL server at once, one connection each "
                 "(default: -j)")
      ->group(group);
  app.add_flag("--fail-fast", f.fail_fast, "start no new target after one fails")
      ->group(group);
  app.add_option("--max-failures", f.max_failures,
                 "start no new target once more than F have failed")
      ->check(CLI::NonNegativeNumber)
      ->group(group);
  app.add_option("--canary", f.canary,
                 "migrate the first N targets first; stop if any fails")
      ->group(group);
  app.add_option("--wave-size", f.wave_size,
                 "then proceed in waves of K targets, each after the last finished")
      ->group(group);
  app.add_option("--wave-pause", f.wave_pause_s, "seconds to pause between waves")
      ->check(CLI::NonNegativeNumber)
      ->group(group);
}

Status CheckFleetOptionsUnused(const GlobalOptions& g) {
  const auto& f = g.fleet;
  const char* given = nullptr;
  if (!f.filter.empty()) given = "--target-filter";
  if (f.jobs != 1) given = "-j";
  if (f.per_server != 0) given = "--per-server";
  if (f.fail_fast) given = "--fail-fast";
  if (f.max_failures >= 0) given = "--max-failures";
  if (f.canary != 0) given = "--canary";
  if (f.wave_size != 0) given = "--wave-size";
  if (f.wave_pause_s != 0) given = "--wave-pause";
  if (given == nullptr) return Status::Ok();
  return Status::Usage(std::string(given) + " needs --targets");
}

int RunFleet(Session& s, const CommandSpec& spec, const FleetJob& job) {
  Output out(s.g, s.terminal);
  auto fail = [&](const Status& st) {
    int code = out.Fail(st);
    if (s.g.json()) {
      Json doc;
      doc["command"] = spec.name;
      doc["ok"] = false;
      doc["exit_code"] = code;
      doc["error"] = out.doc()["error"];
      std::cout << doc.dump(2) << std::endl;
    }
    return code;
  };
  auto targets = Targets(s, spec, out);
  if (!targets.ok()) return fail(targets.status());
  bool sql_to_stdout = (job.command == FleetCommand::kUpgradeSql ||
                        job.command == FleetCommand::kDowngradeSql) &&
                       job.sql_dir.empty();
  bool json = s.g.json();
  // Progress goes where the results do not: stderr for JSON or scripts.
  bool to_err = json || sql_to_stdout;
  int verbosity =
      to_err ? (s.terminal.stderr_tty ? s.g.verbosity() : 0) : s.g.verbosity();
  bool live = to_err ? s.terminal.stderr_tty : s.terminal.live;
  FleetView view(to_err ? std::cerr : std::cout, s.terminal, live, verbosity,
                 targets->size());
  if (s.g.fleet.canary > 0 || s.g.fleet.wave_size > 0) view.ShowWaves();
  FleetOptions options = MakeOptions(s.g, job, std::move(*targets));
  options.events = &view;
  auto start = std::chrono::steady_clock::now();
  FleetRunner runner(std::move(options));
  FleetReport report;
  int signal = 0;
  {
    InterruptScope interrupts(runner);
    report = runner.Run();
    signal = interrupts.signal();
  }
  view.End();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Status written = WriteScripts(report, job, json);
  if (!written.ok()) return fail(written);
  int code = ExitFor(report, job, signal);
  if (json) {
    Json doc;
    doc["command"] = spec.name;
    doc["ok"] = code == kExitOk;
    doc["exit_code"] = code;
    Json counts;
    counts["ok"] = report.count(TargetState::kOk);
    counts["failed"] = report.count(TargetState::kFailed);
    counts["interrupted"] = report.count(TargetState::kInterrupted);
    counts["not_started"] = report.count(TargetState::kNotStarted);
    doc["counts"] = counts;
    doc["stopped"] = report.stopped;
    doc["duration_ms"] = seconds * 1000.0;
    Json records = Json::array();
    for (const auto& t : report.targets) records.push_back(TargetJson(t, job));
    doc["targets"] = records;
    std::cout << doc.dump(2) << std::endl;
  } else if (s.g.verbosity() >= 1 || code != kExitOk) {
    if (!sql_to_stdout)
      PrintSummary(s, report, job, seconds);
    else if (!report.ok())
      PrintFailures(std::cerr, s.terminal, report);
  }
  return code;
}

}  // namespace luamig::cli
