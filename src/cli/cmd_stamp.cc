// SPDX-License-Identifier: MIT
// stamp: set the version table without running scripts.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace luamig::cli {
namespace {

struct StampArgs {
  std::vector<std::string> targets;
  bool purge = false;
};

std::string HeadsText(const std::vector<std::string>& heads) {
  if (heads.empty()) return "<base>";
  std::string out;
  for (const auto& h : heads) out += (out.empty() ? "" : ", ") + h;
  return out;
}

int RunStamp(const GlobalOptions& g, const StampArgs& a) {
  ProgressPrinter progress(g.output);
  auto m = OpenMigrator(g, &progress);
  if (!m.ok()) return Report(m.status(), g);
  if (g.output.verbosity >= 1)
    std::cout << "Database: " << (*m)->DatabaseDescription() << std::endl;
  auto r = (*m)->Stamp(a.targets, a.purge);
  if (!r.ok()) return Report(r.status(), g);
  if (g.output.verbosity >= 1)
    std::cout << "Stamped: the version table now holds " << HeadsText(r->heads_after)
              << " (no script ran)." << std::endl;
  return 0;
}

}  // namespace

void AddStampCommand(CLI::App& app, GlobalOptions& g, std::function<int()>& command) {
  static StampArgs a;
  auto* stamp = app.add_subcommand(
      "stamp", "set the version table to TARGET... without running any script");
  stamp
      ->add_option("targets", a.targets,
                   "revisions to record (head, heads, base, REV, …)")
      ->required();
  stamp->add_flag("--purge", a.purge,
                  "empty the version table first (also rows no script knows)");
  stamp->callback([&] { command = [&] { return RunStamp(g, a); }; });
}

}  // namespace luamig::cli
