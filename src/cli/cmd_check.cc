// SPDX-License-Identifier: MIT
// check: applied scripts that changed since they ran, and applied revisions
// no script defines. Exits 1 when it finds either.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_code.h"

namespace luamig::cli {
namespace {

void PrintReport(const CheckReport& r) {
  for (const auto& c : r.changed) {
    std::cout << "changed: " << c.revision << " (" << c.file
              << ") differs from the script applied at " << c.applied_at
              << "\n  applied sha256 " << c.applied_checksum << "\n  now     sha256 "
              << c.current_checksum << "\n";
  }
  for (const auto& u : r.unknown) {
    std::cout << "unknown: " << u.revision << " is applied in the database but no script "
              << "defines it";
    if (!u.message.empty()) std::cout << " (" << u.message << ")";
    std::cout << "\n";
    if (u.source_stored) {
      std::cout << "  its source is kept in the history table: `luamig downgrade` can "
                   "revert it\n";
    }
  }
}

int RunCheck(const GlobalOptions& g) {
  auto m = OpenMigrator(g, nullptr);
  if (!m.ok()) return Report(m.status(), g);
  if (g.output.verbosity >= 1)
    std::cout << "Database: " << (*m)->DatabaseDescription() << "\n";
  auto report = (*m)->Check();
  if (!report.ok()) return Report(report.status(), g);
  PrintReport(*report);
  PrintDrift(report->drift, g);
  if (g.output.verbosity >= 1) {
    std::cout << (report->ok() ? "OK: " : "FAILED: ") << report->verified
              << " applied revision(s) match their scripts, " << report->changed.size()
              << " changed, " << report->unknown.size() << " unknown";
    if (report->unverified > 0)
      std::cout << ", " << report->unverified << " applied without a history row";
    if (!report->drift.schema_file.empty())
      std::cout << ", " << report->drift.differences.size() << " schema difference(s)";
    std::cout << ".\n";
  }
  std::cout.flush();
  return report->ok() ? kExitOk : kExitFailure;
}

}  // namespace

void AddCheckCommand(CLI::App& app, GlobalOptions& g, std::function<int()>& command) {
  auto* check = app.add_subcommand(
      "check",
      "list applied revisions whose script changed or that no script defines, and how "
      "the database differs from schema.lua");
  check->callback([&] { command = [&] { return RunCheck(g); }; });
}

}  // namespace luamig::cli
