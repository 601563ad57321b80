// SPDX-License-Identifier: MIT
// upgrade, downgrade (live, or offline with --sql)
#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/text.h"

namespace luamig::cli {
namespace {

struct RunArgs {
  bool up = true;
  std::string target;
  bool sql = false;
  std::string dialect;
  std::string sql_dir;
};

std::shared_ptr<const FleetJob> FleetJobFor(const RunArgs& a) {
  auto job = std::make_shared<FleetJob>();
  bool sql = a.sql || !a.sql_dir.empty();
  job->command = a.up ? (sql ? FleetCommand::kUpgradeSql : FleetCommand::kUpgrade)
                      : (sql ? FleetCommand::kDowngradeSql : FleetCommand::kDowngrade);
  job->revisions = {a.target};
  job->dialect = a.dialect;
  job->sql_dir = a.sql_dir;
  return job;
}

std::vector<std::string> Ids(const std::vector<RevisionInfo>& revs) {
  std::vector<std::string> ids;
  for (const auto& r : revs) ids.push_back(r.id);
  return ids;
}

// After a failed run: what stayed committed, and where the database is now.
void ReportAftermath(Migrator& m, Output& out, const Config& config, size_t finished,
                     bool up) {
  auto current = m.Current();
  if (current.ok()) {
    out.summary().to = Ids(*current);
    if (out.json()) out.doc()["heads_after"] = out.summary().to;
  }
  if (out.json() || out.options().verbosity() < 1) return;
  if (finished > 0 && config.transaction_per_migration) {
    out.err() << finished << " migration(s) before the failure stay "
              << (up ? "applied" : "reverted") << ".\n";
  } else if (finished > 0) {
    out.err() << "The run was one transaction (transaction_per_migration = false): "
                 "all of it was rolled back.\n";
  }
  if (current.ok())
    out.err() << "The database is at " << HeadsText(Ids(*current)) << ".\n";
}

// A plan that cannot start because the database holds a revision no script
// defines: say which, and the two ways out.
Status WithUnknownRowHint(Migrator& m, Status s) {
  if (s.code() != StatusCode::kUsage && s.code() != StatusCode::kProject) return s;
  auto status = m.GetStatus();
  if (!status.ok() || status->unknown.empty()) return s;
  std::vector<std::string> ids;
  for (const auto& u : status->unknown) ids.push_back(u.revision);
  std::string hint = "the database holds " + Comma(ids) +
                     ", which no script here defines (its history row keeps no source): "
                     "check out the code that has it, or reset the version table with "
                     "`luamig stamp --purge REV` (docs/guide.md, troubleshooting)";
  return std::move(s).WithHint(s.hint().empty() ? hint : s.hint() + "\n  " + hint);
}

Json StepsJson(const std::vector<StepResult>& steps) {
  Json a = Json::array();
  for (const auto& s : steps) a.push_back(ToJson(s.step, s.duration));
  return a;
}

int RunMigration(Migrator& m, Output& out, const RunArgs& a) {
  std::string db = m.DatabaseDescription();
  out.Note("Database: " + db);
  auto rows = m.Current();
  out.summary().known = true;
  if (rows.ok()) out.summary().from = Ids(*rows);
  if (out.json()) {
    out.doc()["database"] = db;
    out.doc()["target"] = a.target;
    out.doc()["heads_before"] = out.summary().from;
  }
  auto start = std::chrono::steady_clock::now();
  auto result = a.up ? m.Upgrade(a.target) : m.Downgrade(a.target);
  auto took = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  if (out.json()) {
    out.doc()["steps"] = StepsJson(out.progress().done_steps());
    out.doc()["duration_ms"] = Ms(took);
  }
  if (!result.ok()) {
    int code = out.Fail(WithUnknownRowHint(m, result.status()));
    if (code != kExitUsage)  // a usage or project error ran nothing
      ReportAftermath(m, out, out.config(), out.progress().finished(), a.up);
    out.summary().result = std::to_string(out.progress().finished()) + " " +
                           (a.up ? "applied" : "reverted") + ", then failed";
    return code;
  }
  out.summary().from = result->heads_before;
  out.summary().to = result->heads_after;
  out.summary().result = result->steps.empty() ? "nothing to do"
                                               : std::to_string(result->steps.size()) +
                                                     (a.up ? " applied" : " reverted");
  if (out.json()) {
    out.doc()["heads_before"] = result->heads_before;
    out.doc()["heads_after"] = result->heads_after;
    out.doc()["steps"] = StepsJson(result->steps);
    return 0;
  }
  if (out.options().verbosity() >= 1) {
    if (result->steps.empty()) {
      out.out() << "Nothing to " << (a.up ? "upgrade" : "downgrade")
                << ": the database is already at " << HeadsText(result->heads_after)
                << "." << std::endl;
    } else {
      out.out() << "Done: " << result->steps.size() << " migration(s) "
                << (a.up ? "applied" : "reverted") << "; now at "
                << HeadsText(result->heads_after) << "." << std::endl;
    }
  }
  return 0;
}

// --sql: the script goes to stdout and nothing else does.
int PrintSql(Migrator& m, Output& out, const RunArgs& a) {
  out.progress().LogToStderr();
  SqlScriptOptions options;
  options.range = a.target;
  options.dialect = a.dialect;
  auto script = a.up ? m.UpgradeSql(options) : m.DowngradeSql(options);
  if (!script.ok()) return out.Fail(script.status());
  out.summary().known = true;
  out.summary().from = script->heads_before;
  out.summary().to = script->heads_after;
  out.summary().result = std::to_string(script->steps.size()) + " in the script";
  if (out.json()) {
    out.doc()["sql"] = script->sql;
    Json steps = Json::array();
    for (const auto& s : script->steps) steps.push_back(ToJson(s, {}));
    out.doc()["steps"] = steps;
    out.doc()["heads_before"] = script->heads_before;
    out.doc()["heads_after"] = script->heads_after;
    return 0;
  }
  out.out() << script->sql << std::flush;
  return 0;
}

void AddCommand(CLI::App& app, Session& s, bool up) {
  auto a = std::make_shared<RunArgs>();
  a->up = up;
  auto* cmd = up ? app.add_subcommand(
                       "upgrade", "apply revisions up to TARGET (head, heads, id, +N)")
                 : app.add_subcommand("downgrade",
                                      "revert revisions down to TARGET (base, id, -N)");
  cmd->add_option("target", a->target,
                  up ? "revision to reach (with --sql: [A:]B)"
                     : "revision to reach (with --sql: B:A)")
      ->required();
  auto* sql = cmd->add_flag("--sql", a->sql,
                            "print the SQL script for the range A:B instead of running "
                            "it; connects to no database");
  cmd->add_option("--dialect", a->dialect,
                  "with --sql and no database URL: sqlite (default) or postgresql")
      ->needs(sql);
  cmd->add_option("--sql-dir", a->sql_dir,
                  "with --sql and --targets: write one DIR/NAME.sql per target")
      ->needs(sql);
  cmd->callback([&s, a] {
    s.command = [&s, a] {
      return RunOnProject(
          s, {a->up ? "upgrade" : "downgrade", true, false, FleetJobFor(*a)},
          [a](Migrator& m, Output& out) {
            return a->sql ? PrintSql(m, out, *a) : RunMigration(m, out, *a);
          });
    };
  });
}

}  // namespace

void AddRunCommands(CLI::App& app, Session& s) {
  AddCommand(app, s, true);
  AddCommand(app, s, false);
}

}  // namespace luamig::cli
