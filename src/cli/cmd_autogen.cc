// SPDX-License-Identifier: MIT
// revision --autogenerate, the drift part of check, and test: the commands
// that compare schemas.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/text.h"

namespace luamig::cli {
namespace {

struct TestArgs {
  std::string range;
  TestOptions options;
};

Json ToJson(const SchemaChange& c) {
  Json j;
  j["description"] = c.description;
  j["destructive"] = c.destructive;
  j["hint"] = c.hint;
  j["generated"] = c.generated;
  return j;
}

Json Describe(const std::vector<SchemaDifference>& diffs) {
  Json a = Json::array();
  for (const auto& d : diffs) a.push_back(d.Describe());
  return a;
}

// Destructive changes and possible renames go to stderr too, so that they
// are seen even when stdout is not read (or holds the JSON document).
void WarnAboutChanges(const std::vector<SchemaChange>& changes, Output& out) {
  for (const auto& c : changes) {
    if (c.destructive)
      out.err() << "warning: " << c.description
                << ": the upgrade loses data; review it\n";
    if (!c.hint.empty()) out.err() << "warning: " << c.hint << "\n";
  }
}

void PrintIgnored(const std::vector<std::string>& ignored, Output& out) {
  if (out.options().verbosity() < 1 || ignored.empty()) return;
  out.out() << "Ignored (luamig does not manage them, and never drops them):\n";
  for (const auto& i : ignored) out.out() << "  " << i << "\n";
}

void PrintDifferences(std::ostream& o, const char* label,
                      const std::vector<SchemaDifference>& diffs) {
  if (diffs.empty()) return;
  o << "    " << label << "\n";
  for (const auto& d : diffs) o << "      " << d.Describe() << "\n";
}

std::string Name(const RoundTrip& r) {
  std::string name = r.revision.id;
  if (!r.revision.message.empty()) name += " " + r.revision.message;
  return name;
}

Json ToJson(const RoundTrip& r, int exit_code_of_error) {
  Json j;
  j["revision"] = cli::ToJson(r.revision);
  j["reversible"] = r.reversible();
  j["defines_downgrade"] = r.defines_downgrade;
  j["has_downgrade"] = r.has_downgrade;
  j["left_behind"] = Describe(r.left_behind);
  j["second_upgrade"] = Describe(r.second_upgrade);
  j["failed_step"] = r.failed_step;
  if (!r.error.ok()) j["error"] = ErrorJson(r.error, exit_code_of_error);
  return j;
}

int RunTest(Migrator& m, Output& out, const TestArgs& a) {
  TestOptions options = a.options;
  options.range = a.range;
  auto report = m.Test(options);
  if (!report.ok()) return out.Fail(report.status());
  size_t reversible = 0, missing = 0, failed = 0, empty = 0;
  for (const auto& r : report->revisions) {
    if (r.defines_downgrade && !r.has_downgrade) ++empty;
    if (r.reversible()) {
      ++reversible;
    } else if (!r.defines_downgrade) {
      ++missing;
    } else {
      ++failed;
    }
  }
  int code = report->ok() ? kExitOk : kExitFailure;
  out.summary().result = std::to_string(reversible) + " of " +
                         std::to_string(report->revisions.size()) + " reversible";
  if (out.json()) {
    Json& d = out.doc();
    d["scratch"] = report->scratch;
    d["reversible"] = reversible;
    d["not_reversible"] = failed;
    d["without_downgrade"] = missing;
    d["empty_downgrade"] = empty;
    Json revisions = Json::array();
    for (const auto& r : report->revisions)
      revisions.push_back(ToJson(r, r.error.ok() ? kExitOk : ExitCode(r.error)));
    d["revisions"] = std::move(revisions);
    return code;
  }
  const int verbosity = out.options().verbosity();
  std::ostream& o = out.out();
  if (verbosity >= 1) o << "Scratch database: " << report->scratch << "\n";
  for (const auto& r : report->revisions) {
    if (r.reversible()) {
      if (verbosity >= 1) {
        o << "  reversible     " << Name(r);
        if (!r.has_downgrade) o << " (empty downgrade: the upgrade changes no schema)";
        o << "\n";
      }
      continue;
    }
    if (!r.defines_downgrade) {
      o << "  NO DOWNGRADE   " << Name(r)
        << ": it defines no downgrade(); it cannot be undone\n";
      continue;
    }
    if (!r.error.ok()) {
      o << "  FAILED         " << Name(r) << ": its " << r.failed_step << " failed\n";
    } else {
      o << "  NOT REVERSIBLE " << Name(r) << "\n";
    }
    if (!r.has_downgrade) o << "    its downgrade() is empty\n";
    PrintDifferences(o, "after its downgrade, compared with before its upgrade:",
                     r.left_behind);
    PrintDifferences(o, "after upgrading again, compared with its first upgrade:",
                     r.second_upgrade);
    if (!r.error.ok()) {
      o.flush();
      PrintError(out.err(), out.terminal(), r.error, verbosity >= 2);
    }
  }
  if (verbosity >= 1 || !report->ok()) {
    o << (report->ok() ? "OK: " : "FAILED: ") << reversible << " of "
      << report->revisions.size() << " revision(s) reversible";
    if (failed) o << ", " << failed << " not";
    if (missing) o << ", " << missing << " without a downgrade";
    if (empty) o << ", " << empty << " with an empty downgrade";
    o << ".\n";
  }
  o.flush();
  return code;
}

}  // namespace

int RunAutogenerate(Migrator& m, Output& out, const RevisionOptions& options) {
  out.Note("Database: " + m.DatabaseDescription());
  auto r = m.Autogenerate(options);
  if (!r.ok()) return out.Fail(r.status());
  out.summary().result = r->written ? "written" : "no changes";
  if (out.json()) {
    WarnAboutChanges(r->changes, out);
    Json& d = out.doc();
    d["database"] = m.DatabaseDescription();
    d["schema_file"] = r->schema_file;
    d["baseline"] = r->baseline;
    d["written"] = r->written;
    Json changes = Json::array();
    for (const auto& c : r->changes) changes.push_back(ToJson(c));
    d["changes"] = std::move(changes);
    d["ignored"] = r->ignored;
    if (r->written) d["revision"] = cli::ToJson(r->revision.revision);
    return kExitOk;
  }
  const bool talk = out.options().verbosity() >= 1;
  std::ostream& o = out.out();
  if (talk) {
    if (r->baseline) {
      o << "No revisions yet and the database has tables: writing a baseline of what "
           "it holds\n";
    } else {
      o << "Comparing " << r->schema_file << " with the database\n";
    }
    for (const auto& c : r->changes) o << "  " << c.description << "\n";
  }
  o.flush();
  WarnAboutChanges(r->changes, out);
  PrintIgnored(r->ignored, out);
  if (!r->written) {
    if (talk) o << "No changes in schema detected; no revision written." << std::endl;
    return kExitOk;
  }
  if (talk) {
    o << "Generating " << r->revision.revision.file << " ... done\n";
    o << (r->baseline ? "Next: review it, then `luamig stamp " + r->revision.revision.id +
                            "` marks this database as already at it"
                      : std::string("Next: review it, run `luamig test`, then `luamig "
                                    "upgrade head`"))
      << std::endl;
  }
  return kExitOk;
}

void PrintDrift(const DriftReport& d, Output& out) {
  if (out.json()) {
    Json j;
    j["schema_file"] = d.schema_file;
    j["up_to_date"] = d.up_to_date;
    Json differences = Json::array();
    for (const auto& c : d.differences) differences.push_back(ToJson(c));
    j["differences"] = std::move(differences);
    j["ignored"] = d.ignored;
    out.doc()["drift"] = std::move(j);
    return;
  }
  if (d.schema_file.empty()) return;
  std::ostream& o = out.out();
  if (!d.up_to_date) {
    o << "drift: not compared with " << d.schema_file
      << ": Target database is not up to date (run `luamig upgrade heads`)\n";
    return;
  }
  for (const auto& c : d.differences) o << "drift: " << c.description << "\n";
  if (out.options().verbosity() >= 1 && d.differences.empty())
    o << "No drift: the database matches " << d.schema_file << "\n";
  if (!d.differences.empty())
    o << "  `luamig revision --autogenerate -m MESSAGE` writes a revision for "
      << (d.differences.size() == 1 ? "it" : "them") << "\n";
}

void AddTestCommand(CLI::App& app, Session& s) {
  auto a = std::make_shared<TestArgs>();
  auto* test = app.add_subcommand(
      "test",
      "upgrade, downgrade and upgrade each revision on a scratch database, comparing "
      "the schema after each");
  test->add_option("range", a->range,
                   "revisions to test, A:B (default: all, from base to heads)");
  test->add_option("--scratch-url", a->options.scratch_url,
                   "scratch database: sqlite:///new.db, or a postgresql:// server where "
                   "a temporary database is created (default: a temporary SQLite file)");
  test->add_flag("--keep-scratch", a->options.keep_scratch,
                 "leave the scratch database in place afterwards");
  test->callback([&s, a] {
    s.command = [&s, a] {
      return RunOnProject(s, {"test", true}, [a](Migrator& m, Output& out) {
        return RunTest(m, out, *a);
      });
    };
  });
}

}  // namespace luamig::cli
