// SPDX-License-Identifier: MIT
// upgrade, downgrade
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace luamig::cli {
namespace {

std::string HeadsText(const std::vector<std::string>& heads) {
  if (heads.empty()) return "<base>";
  std::string out;
  for (const auto& h : heads) out += (out.empty() ? "" : ", ") + h;
  return out;
}

// After a failed run: what stayed committed, and where the database is now.
void ReportAftermath(Migrator& m, const GlobalOptions& g, const Config& config,
                     size_t finished, bool up) {
  if (g.output.verbosity < 1) return;
  if (finished > 0 && config.transaction_per_migration) {
    std::cerr << finished << " migration(s) before the failure stay "
              << (up ? "applied" : "reverted") << ".\n";
  } else if (finished > 0) {
    std::cerr << "The run was one transaction (transaction_per_migration = false): "
                 "all of it was rolled back.\n";
  }
  auto current = m.Current();
  if (current.ok()) {
    std::vector<std::string> ids;
    for (const auto& r : *current) ids.push_back(r.id);
    std::cerr << "The database is at " << HeadsText(ids) << ".\n";
  }
}

int RunMigration(const GlobalOptions& g, bool up, const std::string& target) {
  ProgressPrinter progress(g.output);
  Config config;
  auto migrator = OpenMigrator(g, &progress, &config);
  if (!migrator.ok()) return Report(migrator.status(), g);
  if (g.output.verbosity >= 1) {
    std::cout << "Database: " << (*migrator)->DatabaseDescription() << std::endl;
  }
  auto result = up ? (*migrator)->Upgrade(target) : (*migrator)->Downgrade(target);
  if (!result.ok()) {
    int code = Report(result.status(), g);
    ReportAftermath(**migrator, g, config, progress.finished(), up);
    return code;
  }
  if (g.output.verbosity >= 1) {
    if (result->steps.empty()) {
      std::cout << "Nothing to " << (up ? "upgrade" : "downgrade")
                << ": the database is already at " << HeadsText(result->heads_after)
                << "." << std::endl;
    } else {
      std::cout << "Done: " << result->steps.size() << " migration(s) "
                << (up ? "applied" : "reverted") << "; now at "
                << HeadsText(result->heads_after) << "." << std::endl;
    }
  }
  return 0;
}

// --sql: the script goes to stdout and nothing else does.
class StderrLog final : public EventSink {
 public:
  explicit StderrLog(const OutputOptions& o) : o_(o) {}
  void OnLog(const std::string& revision, const std::string& message) override {
    if (o_.verbosity >= 1) std::cerr << "[" << revision << "] " << message << std::endl;
  }
  void OnWarning(const std::string& message) override {
    std::cerr << "warning: " << message << std::endl;
  }

 private:
  const OutputOptions& o_;
};

struct RunArgs {
  std::string target;
  bool sql = false;
  std::string dialect;
};

int PrintSql(const GlobalOptions& g, bool up, const RunArgs& args) {
  StderrLog log(g.output);
  auto migrator = OpenMigrator(g, &log);
  if (!migrator.ok()) return Report(migrator.status(), g);
  SqlScriptOptions options;
  options.range = args.target;
  options.dialect = args.dialect;
  auto script =
      up ? (*migrator)->UpgradeSql(options) : (*migrator)->DowngradeSql(options);
  if (!script.ok()) return Report(script.status(), g);
  std::cout << script->sql << std::flush;
  return 0;
}

int Run(const GlobalOptions& g, bool up, const RunArgs& args) {
  if (args.sql) return PrintSql(g, up, args);
  return RunMigration(g, up, args.target);
}

void AddSqlOptions(CLI::App* cmd, RunArgs& args) {
  auto* sql = cmd->add_flag("--sql", args.sql,
                            "print the SQL script for the range A:B instead of running "
                            "it; connects to no database");
  cmd->add_option("--dialect", args.dialect,
                  "with --sql and no database URL: sqlite (default) or postgresql")
      ->needs(sql);
}

}  // namespace

void AddRunCommands(CLI::App& app, GlobalOptions& g, std::function<int()>& command) {
  static RunArgs up_args, down_args;
  auto* up =
      app.add_subcommand("upgrade", "apply revisions up to TARGET (head, heads, id, +N)");
  up->add_option("target", up_args.target, "revision to reach (with --sql: [A:]B)")
      ->required();
  AddSqlOptions(up, up_args);
  up->callback([&] { command = [&] { return Run(g, true, up_args); }; });
  auto* down =
      app.add_subcommand("downgrade", "revert revisions down to TARGET (base, id, -N)");
  down->add_option("target", down_args.target, "revision to reach (with --sql: B:A)")
      ->required();
  AddSqlOptions(down, down_args);
  down->callback([&] { command = [&] { return Run(g, false, down_args); }; });
}

}  // namespace luamig::cli
