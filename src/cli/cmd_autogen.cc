// SPDX-License-Identifier: MIT
// revision --autogenerate, the drift part of check, and test: the commands
// that compare schemas.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_code.h"

namespace luamig::cli {
namespace {

struct TestArgs {
  std::string range;
  TestOptions options;
};

// Destructive changes and possible renames go to stderr too, so that they
// are seen even when stdout is not read.
void PrintChanges(const std::vector<SchemaChange>& changes, const GlobalOptions& g) {
  for (const auto& c : changes) {
    if (g.output.verbosity >= 1) std::cout << "  " << c.description << std::endl;
    if (c.destructive)
      std::cerr << "warning: " << c.description
                << ": the upgrade loses data; review it\n";
    if (!c.hint.empty()) std::cerr << "warning: " << c.hint << "\n";
  }
}

void PrintIgnored(const std::vector<std::string>& ignored, const GlobalOptions& g) {
  if (g.output.verbosity < 1 || ignored.empty()) return;
  std::cout << "Ignored (luamig does not manage them, and never drops them):\n";
  for (const auto& i : ignored) std::cout << "  " << i << "\n";
}

void PrintDifferences(const char* label, const std::vector<SchemaDifference>& diffs) {
  if (diffs.empty()) return;
  std::cout << "    " << label << "\n";
  for (const auto& d : diffs) std::cout << "      " << d.Describe() << "\n";
}

int RunTest(const GlobalOptions& g, TestArgs& a) {
  auto m = OpenMigrator(g, nullptr);
  if (!m.ok()) return Report(m.status(), g);
  a.options.range = a.range;
  auto report = (*m)->Test(a.options);
  if (!report.ok()) return Report(report.status(), g);
  if (g.output.verbosity >= 1)
    std::cout << "Scratch database: " << report->scratch << "\n";
  size_t reversible = 0, missing = 0, failed = 0, empty = 0;
  for (const auto& r : report->revisions) {
    std::string name = r.revision.id;
    if (!r.revision.message.empty()) name += " " + r.revision.message;
    if (r.defines_downgrade && !r.has_downgrade) ++empty;
    if (r.reversible()) {
      ++reversible;
      if (g.output.verbosity >= 1) {
        std::cout << "  reversible     " << name;
        if (!r.has_downgrade)
          std::cout << " (empty downgrade: the upgrade changes no schema)";
        std::cout << "\n";
      }
      continue;
    }
    if (!r.defines_downgrade) {
      ++missing;
      std::cout << "  NO DOWNGRADE   " << name
                << ": it defines no downgrade(); it cannot be undone\n";
      continue;
    }
    ++failed;
    if (!r.error.ok()) {
      std::cout << "  FAILED         " << name << ": its " << r.failed_step
                << " failed\n";
    } else {
      std::cout << "  NOT REVERSIBLE " << name << "\n";
    }
    if (!r.has_downgrade) std::cout << "    its downgrade() is empty\n";
    PrintDifferences("after its downgrade, compared with before its upgrade:",
                     r.left_behind);
    PrintDifferences("after upgrading again, compared with its first upgrade:",
                     r.second_upgrade);
    if (!r.error.ok()) {
      std::cout.flush();
      PrintError(r.error, g.output.verbosity >= 2);
    }
  }
  if (g.output.verbosity >= 1 || !report->ok()) {
    std::cout << (report->ok() ? "OK: " : "FAILED: ") << reversible << " of "
              << report->revisions.size() << " revision(s) reversible";
    if (failed) std::cout << ", " << failed << " not";
    if (missing) std::cout << ", " << missing << " without a downgrade";
    if (empty) std::cout << ", " << empty << " with an empty downgrade";
    std::cout << ".\n";
  }
  std::cout.flush();
  return report->ok() ? kExitOk : kExitFailure;
}

}  // namespace

int RunAutogenerate(const GlobalOptions& g, const RevisionOptions& options) {
  auto m = OpenMigrator(g, nullptr);
  if (!m.ok()) return Report(m.status(), g);
  if (g.output.verbosity >= 1)
    std::cout << "Database: " << (*m)->DatabaseDescription() << "\n";
  auto r = (*m)->Autogenerate(options);
  if (!r.ok()) return Report(r.status(), g);
  if (g.output.verbosity >= 1) {
    if (r->baseline) {
      std::cout << "No revisions yet and the database has tables: writing a baseline of "
                   "what it holds\n";
    } else {
      std::cout << "Comparing " << r->schema_file << " with the database\n";
    }
  }
  PrintChanges(r->changes, g);
  PrintIgnored(r->ignored, g);
  if (!r->written) {
    if (g.output.verbosity >= 1)
      std::cout << "No changes in schema detected; no revision written." << std::endl;
    return kExitOk;
  }
  if (g.output.verbosity >= 1) {
    std::cout << "Generating " << r->revision.revision.file << " ... done\n";
    std::cout << (r->baseline
                      ? "Next: review it, then `luamig stamp " + r->revision.revision.id +
                            "` marks this database as already at it"
                      : std::string("Next: review it, run `luamig test`, then `luamig "
                                    "upgrade head`"))
              << std::endl;
  }
  return kExitOk;
}

void PrintDrift(const DriftReport& d, const GlobalOptions& g) {
  if (d.schema_file.empty()) return;
  if (!d.up_to_date) {
    std::cout << "drift: not compared with " << d.schema_file
              << ": Target database is not up to date (run `luamig upgrade heads`)\n";
    return;
  }
  for (const auto& c : d.differences) std::cout << "drift: " << c.description << "\n";
  if (g.output.verbosity >= 1 && d.differences.empty())
    std::cout << "No drift: the database matches " << d.schema_file << "\n";
  if (!d.differences.empty())
    std::cout << "  `luamig revision --autogenerate -m MESSAGE` writes a revision for "
              << (d.differences.size() == 1 ? "it" : "them") << "\n";
}

void AddTestCommand(CLI::App& app, GlobalOptions& g, std::function<int()>& command) {
  static TestArgs a;
  auto* test = app.add_subcommand(
      "test",
      "upgrade, downgrade and upgrade each revision on a scratch database, comparing "
      "the schema after each");
  test->add_option("range", a.range,
                   "revisions to test, A:B (default: all, from base to heads)");
  test->add_option("--scratch-url", a.options.scratch_url,
                   "scratch database: sqlite:///new.db, or a postgresql:// server where "
                   "a temporary database is created (default: a temporary SQLite file)");
  test->add_flag("--keep-scratch", a.options.keep_scratch,
                 "leave the scratch database in place afterwards");
  test->callback([&] { command = [&] { return RunTest(g, a); }; });
}

}  // namespace luamig::cli
