// SPDX-License-Identifier: MIT
#include "cli/session.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli/exit_code.h"
#include "cli/text.h"

namespace luamig::cli {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

Status ParseX(const std::vector<std::string>& pairs,
              std::map<std::string, std::string>* out) {
  for (const auto& p : pairs) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::Usage("-x expects key=value, got '" + p + "'");
    }
    (*out)[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return Status::Ok();
}

std::string ConfigPath(const GlobalOptions& g) {
  if (!g.config_path.empty()) return g.config_path;
  return fs::exists("luamig.lua") ? "luamig.lua" : "";
}

// No luamig.lua and no versions/: the user is not in a project.
Status NoProject() {
  std::error_code ec;
  return Status::Project("no luamig project in " + fs::current_path(ec).string() +
                         ": there is no luamig.lua and no versions/ directory")
      .WithHint(
          "run `luamig init` to create one here (`luamig init --template multidb` for "
          "several databases), or pass -c path/to/luamig.lua");
}

// Alembic scripts copied into a version location are not loaded: say so,
// instead of a graph that silently lacks them.
void WarnAboutPythonScripts(const Config& config, Output& out) {
  for (const auto& loc : config.version_locations) {
    fs::path dir =
        fs::path(loc).is_absolute() ? fs::path(loc) : fs::path(config.project_dir) / loc;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& f = it->path();
      if (f.extension() != ".py" || f.filename().string()[0] == '_') continue;
      out.err() << Paint(out.terminal().OnStderr(), "33", "warning:") << " " << f.string()
                << " is a Python (Alembic) script: luamig loads only .lua revision "
                   "scripts, so it is not part of the graph"
                << std::endl;
    }
  }
}

}  // namespace

Result<MigratorOptions> ProjectOptions(const GlobalOptions& g, const CommandSpec& spec,
                                       const std::string& env, Output& out) {
  LUAMIG_ASSIGN_OR_RETURN(Config config, LoadProjectConfig(g, env));
  if (config.config_file.empty() && !fs::exists("versions")) return NoProject();
  if (g.verbosity() >= 1) {
    for (const auto& note : DatabaseUrlNotes(config, g.url))
      out.err() << "note: " << note << std::endl;
  }
  out.config() = config;
  WarnAboutPythonScripts(config, out);
  MigratorOptions options;
  options.config = std::move(config);
  options.url = g.url;
  options.events = &out.progress();
  options.secrets = g.secrets;
  options.require_existing_database = spec.must_exist;
  LUAMIG_RETURN_IF_ERROR(ParseX(g.x, &options.x));
  if (g.lock_timeout_s >= 0) {
    options.lock_timeout =
        std::chrono::milliseconds(static_cast<long>(g.lock_timeout_s * 1000));
  }
  return options;
}

Result<std::vector<std::string>> SelectEnvironments(const GlobalOptions& g,
                                                    const CommandSpec& spec) {
  if (g.env.empty()) return std::vector<std::string>{""};
  bool several = g.env == "all" || g.env.find(',') != std::string::npos;
  if (!several) return std::vector<std::string>{g.env};
  if (!spec.fans_out)
    return Status::Usage("`" + spec.name + "` works on one environment; --env " + g.env +
                         " names several");
  if (!g.url.empty())
    return Status::Usage("--url with --env " + g.env +
                         " would run every environment against the same database");
  LUAMIG_ASSIGN_OR_RETURN(Config base, LoadProjectConfig(g, ""));
  if (base.environments.empty())
    return Status::Usage("--env " + g.env + ": " +
                         (base.config_file.empty() ? std::string("there is no luamig.lua")
                                                   : base.config_file) +
                         " defines no environments");
  if (g.env == "all") return base.environments;
  std::vector<std::string> names;
  size_t at = 0;
  while (at <= g.env.size()) {
    size_t comma = g.env.find(',', at);
    if (comma == std::string::npos) comma = g.env.size();
    std::string name = g.env.substr(at, comma - at);
    at = comma + 1;
    if (name.empty()) return Status::Usage("--env " + g.env + " has an empty name");
    // Every name is checked before anything runs: a typo in the third must
    // not stop the run after the first two.
    LUAMIG_RETURN_IF_ERROR(LoadProjectConfig(g, name).status());
    names.push_back(name);
  }
  return names;
}

namespace {

Result<std::unique_ptr<Migrator>> Open(const GlobalOptions& g, const CommandSpec& spec,
                                       const std::string& env, Output& out) {
  LUAMIG_ASSIGN_OR_RETURN(MigratorOptions options, ProjectOptions(g, spec, env, out));
  return Migrator::Open(std::move(options));
}

struct EnvRun {
  std::string env;
  int code = 0;
  bool skipped = false;
  double ms = 0;
  Summary summary;
  Json doc;
};

Json Document(const CommandSpec& spec, int code, const Json& body) {
  Json doc;
  doc["command"] = spec.name;
  doc["ok"] = code == kExitOk;
  doc["exit_code"] = code;
  for (auto it = body.begin(); it != body.end(); ++it) doc[it.key()] = it.value();
  return doc;
}

EnvRun RunOne(Session& s, const CommandSpec& spec, const MigratorBody& body,
              const std::string& env) {
  EnvRun run;
  run.env = env;
  auto start = SteadyClock::now();
  Output out(s.g, s.terminal);
  auto m = Open(s.g, spec, env, out);
  if (!m.ok()) {
    run.code = out.Fail(m.status());
  } else {
    run.code = body(**m, out);
  }
  run.ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
  run.summary = out.summary();
  if (run.summary.result.empty())
    run.summary.result = out.error().ok() ? (run.code == 0 ? "ok" : "failed")
                                          : "error: " + out.error().message();
  run.doc = Document(spec, run.code, out.doc());
  return run;
}

int Combined(const std::vector<EnvRun>& runs) {
  int finding = 0;
  for (const auto& r : runs) {
    if (r.skipped) continue;
    if (r.code != 0 && !IsFinding(r.code)) return r.code;
    if (r.code > finding) finding = r.code;
  }
  return finding;
}

std::string Cell(std::string text, size_t width) {
  if (text.size() < width) text += std::string(width - text.size(), ' ');
  return text;
}

void PrintTable(Session& s, const std::vector<EnvRun>& runs) {
  std::vector<std::vector<std::string>> rows = {
      {"environment", "from -> to", "result", "time"}};
  for (const auto& r : runs) {
    std::string move = "-";
    if (r.summary.known)
      move = HeadsText(r.summary.from) + " -> " + HeadsText(r.summary.to);
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2fs", r.ms / 1000.0);
    rows.push_back(
        {r.env, r.skipped ? "-" : move,
         r.skipped ? "skipped (an earlier environment failed)" : r.summary.result,
         r.skipped ? "-" : secs});
  }
  std::vector<size_t> width(4, 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < 4; ++i) width[i] = std::max(width[i], row[i].size());
  std::cout << "\n";
  for (size_t n = 0; n < rows.size(); ++n) {
    std::string line;
    for (size_t i = 0; i < 4; ++i)
      line += i + 1 < 4 ? Cell(rows[n][i], width[i] + 2) : rows[n][i];
    std::cout << (n == 0 ? Paint(s.terminal, "1", line) : line) << "\n";
  }
  std::cout.flush();
}

void PrintJson(const Json& doc) { std::cout << doc.dump(2) << std::endl; }

}  // namespace

Result<Config> LoadProjectConfig(const GlobalOptions& g, const std::string& env) {
  std::string path = ConfigPath(g);
  if (path.empty()) {
    if (!env.empty())
      return Status::Usage("--env " + env + " needs a config file (luamig.lua)");
    return Config{};
  }
  if (!fs::exists(path))
    return Status::Usage("config file '" + path + "' does not exist");
  return LoadConfigFile(path, env);
}

int RunOnProject(Session& s, const CommandSpec& spec, const MigratorBody& body) {
  if (!s.g.fleet.targets.empty()) {
    if (spec.fleet) return RunFleet(s, spec, *spec.fleet);
    Output out(s.g, s.terminal);
    int code = out.Fail(Status::Usage("`" + spec.name +
                                      "` works on one database; --targets runs "
                                      "upgrade, downgrade, stamp, status and check"));
    if (s.g.json()) PrintJson(Document(spec, code, out.doc()));
    return code;
  }
  if (Status unused = CheckFleetOptionsUnused(s.g); !unused.ok()) {
    Output out(s.g, s.terminal);
    int code = out.Fail(unused);
    if (s.g.json()) PrintJson(Document(spec, code, out.doc()));
    return code;
  }
  auto envs = SelectEnvironments(s.g, spec);
  if (!envs.ok()) {
    Output out(s.g, s.terminal);
    int code = out.Fail(envs.status());
    if (s.g.json()) PrintJson(Document(spec, code, out.doc()));
    return code;
  }
  if (envs->size() == 1 && (s.g.env.empty() || s.g.env.find(',') == std::string::npos) &&
      s.g.env != "all") {
    EnvRun run = RunOne(s, spec, body, envs->front());
    if (s.g.json()) PrintJson(run.doc);
    return run.code;
  }
  std::vector<EnvRun> runs;
  bool stopped = false;
  for (const auto& env : *envs) {
    if (stopped) {
      EnvRun skipped;
      skipped.env = env;
      skipped.skipped = true;
      runs.push_back(std::move(skipped));
      continue;
    }
    if (!s.g.json() && s.g.verbosity() >= 1)
      std::cout << (runs.empty() ? "" : "\n")
                << Paint(s.terminal, "1", "== " + env + " ==") << std::endl;
    runs.push_back(RunOne(s, spec, body, env));
    int code = runs.back().code;
    if (code != 0 && !IsFinding(code) && !s.g.keep_going) stopped = true;
  }
  int code = Combined(runs);
  if (s.g.json()) {
    Json doc;
    doc["command"] = spec.name;
    doc["ok"] = code == kExitOk;
    doc["exit_code"] = code;
    Json records = Json::array();
    for (const auto& r : runs) {
      Json rec;
      rec["environment"] = r.env;
      rec["skipped"] = r.skipped;
      rec["duration_ms"] = r.ms;
      if (!r.skipped) rec["result"] = r.doc;
      records.push_back(std::move(rec));
    }
    doc["environments"] = std::move(records);
    PrintJson(doc);
  } else if (s.g.verbosity() >= 1) {
    PrintTable(s, runs);
  }
  return code;
}

int RunPlain(Session& s, const CommandSpec& spec, const PlainBody& body) {
  Output out(s.g, s.terminal);
  int code = body(out);
  if (s.g.json()) PrintJson(Document(spec, code, out.doc()));
  return code;
}

}  // namespace luamig::cli
