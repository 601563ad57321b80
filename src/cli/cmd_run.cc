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

}  // namespace

void AddRunCommands(CLI::App& app, GlobalOptions& g, std::function<int()>& command) {
  static std::string up_target, down_target;
  auto* up =
      app.add_subcommand("upgrade", "apply revisions up to TARGET (head, heads, id, +N)");
  up->add_option("target", up_target, "revision to reach")->required();
  up->callback([&] { command = [&] { return RunMigration(g, true, up_target); }; });
  auto* down =
      app.add_subcommand("downgrade", "revert revisions down to TARGET (base, id, -N)");
  down->add_option("target", down_target, "revision to reach")->required();
  down->callback([&] { command = [&] { return RunMigration(g, false, down_target); }; });
}

}  // namespace luamig::cli
