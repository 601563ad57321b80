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

int RunMigration(const GlobalOptions& g, bool up, const std::string& target) {
  ProgressPrinter progress(g.output);
  auto migrator = OpenMigrator(g, &progress);
  if (!migrator.ok()) return Report(migrator.status(), g);
  if (g.output.verbosity >= 1) {
    std::cout << "Database: " << (*migrator)->DatabaseDescription() << std::endl;
  }
  auto result = up ? (*migrator)->Upgrade(target) : (*migrator)->Downgrade(target);
  if (!result.ok()) {
    if (progress.finished() > 0) {
      std::cerr << progress.finished()
                << " migration(s) before the failure stay applied.\n";
    }
    return Report(result.status(), g);
  }
  if (g.output.verbosity >= 1) {
    const char* verb = up ? "upgrade" : "downgrade";
    if (result->steps.empty()) {
      std::cout << "Nothing to " << verb << ": the database is already at "
                << HeadsText(result->heads_after) << "." << std::endl;
    } else {
      std::cout << "Done: " << result->steps.size() << " migration(s) applied; now at "
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
