// current, heads, history
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace luamig::cli {
namespace {

int PrintRevisions(const GlobalOptions& g, const Result<std::vector<RevisionInfo>>& revs,
                   bool verbose, const char* empty_text) {
  if (!revs.ok()) return Report(revs.status(), g);
  if (revs->empty() && empty_text) std::cout << empty_text << "\n";
  for (const auto& r : *revs) {
    std::cout << (verbose ? RevisionBlock(r) + "\n" : RevisionLine(r, false) + "\n");
  }
  std::cout.flush();
  return 0;
}

}  // namespace

void AddInspectCommands(CLI::App& app, GlobalOptions& g, std::function<int()>& command) {
  static bool current_v = false, heads_v = false, history_v = false;
  static std::string range;
  auto* current = app.add_subcommand("current", "show the revisions the database is at");
  current->add_flag("-v,--verbose", current_v, "show details");
  current->callback([&] {
    command = [&] {
      auto m = OpenMigrator(g, nullptr);
      if (!m.ok()) return Report(m.status(), g);
      if (g.output.verbosity >= 1)
        std::cout << "Database: " << (*m)->DatabaseDescription() << "\n";
      return PrintRevisions(g, (*m)->Current(), current_v,
                            "<base> (no revision applied)");
    };
  });
  auto* heads = app.add_subcommand("heads", "show the heads of the revision graph");
  heads->add_flag("-v,--verbose", heads_v, "show details");
  heads->callback([&] {
    command = [&] {
      auto m = OpenMigrator(g, nullptr);
      if (!m.ok()) return Report(m.status(), g);
      return PrintRevisions(g, (*m)->Heads(), heads_v, nullptr);
    };
  });
  auto* history = app.add_subcommand("history", "list revisions, newest first");
  history->add_option("-r,--rev-range", range, "range A:B (either side optional)");
  history->add_flag("-v,--verbose", history_v, "show details");
  history->callback([&] {
    command = [&] {
      auto m = OpenMigrator(g, nullptr);
      if (!m.ok()) return Report(m.status(), g);
      return PrintRevisions(g, (*m)->History(range), history_v, nullptr);
    };
  });
}

}  // namespace luamig::cli
