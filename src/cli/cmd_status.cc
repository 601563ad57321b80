// SPDX-License-Identifier: MIT
// status: where each database stands. With --exit-code, a deploy gate: 3 when
// revisions are pending, 4 when the database has revisions no script defines.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/text.h"

namespace luamig::cli {
namespace {

struct StatusArgs {
  bool exit_code = false;
  bool verbose = false;
};

std::vector<std::string> Ids(const std::vector<RevisionInfo>& revs) {
  std::vector<std::string> ids;
  for (const auto& r : revs) ids.push_back(r.id);
  return ids;
}

int CodeFor(const StatusReport& r, bool exit_code) {
  if (!exit_code) return kExitOk;
  if (!r.unknown.empty()) return kExitUnknownRevisions;
  return r.pending.empty() ? kExitOk : kExitPending;
}

std::string Verdict(const StatusReport& r) {
  if (!r.unknown.empty())
    return std::to_string(r.unknown.size()) + " revision(s) no script defines";
  if (r.pending.empty()) return "up to date";
  return std::to_string(r.pending.size()) + " pending";
}

void PrintText(Output& out, const StatusReport& r, bool verbose) {
  std::ostream& o = out.out();
  const Terminal& t = out.terminal();
  LineStyle style = LineStyle::Heads();
  style.doc = true;
  o << "Database: " << r.database;
  if (!r.database_exists) o << " (does not exist yet)";
  o << "\n";
  o << "Current: ";
  if (r.current.empty()) o << "<base>";
  for (size_t i = 0; i < r.current.size(); ++i)
    o << (i ? ", " : "") << RevisionLine(r.current[i], LineStyle::Heads());
  o << "\nHeads:   ";
  for (size_t i = 0; i < r.heads.size(); ++i)
    o << (i ? ", " : "") << RevisionLine(r.heads[i], LineStyle::Heads());
  if (r.heads.empty()) o << "(no revisions)";
  o << "\n";
  if (!r.pending.empty()) {
    o << Paint(t, "33", "Pending (" + std::to_string(r.pending.size()) + "), in order:")
      << "\n";
    for (const auto& p : r.pending) o << "  " << RevisionLine(p, style) << "\n";
  }
  for (const auto& u : r.unknown) {
    o << Paint(t, "31", "Unknown:") << " " << u.revision
      << " is applied but no script defines it";
    if (!u.message.empty()) o << " (" << u.message << ")";
    o << "\n";
  }
  for (const auto& c : r.changed) {
    o << Paint(t, "33", "Changed:") << " " << c.revision << " (" << c.file
      << ") differs from the script applied at " << c.applied_at << "\n";
    if (verbose)
      o << "  applied sha256 " << c.applied_checksum << "\n  now     sha256 "
        << c.current_checksum << "\n";
  }
  std::string verdict = Verdict(r);
  if (r.unknown.empty() && r.pending.empty()) {
    o << Paint(t, "32", "Up to date.") << "\n";
  } else if (r.unknown.empty()) {
    std::string env = out.config().environment;
    o << "Run `luamig " << (env.empty() ? "" : "--env " + env + " ")
      << "upgrade heads` to apply the " << r.pending.size() << " pending revision(s).\n";
  } else {
    o << "The database is ahead of these scripts: update the checkout, or see "
         "`luamig check` and `luamig stamp --purge`.\n";
  }
  o.flush();
}

void PutJson(Output& out, const StatusReport& r) {
  Json& d = out.doc();
  d["database"] = r.database;
  d["database_exists"] = r.database_exists;
  d["up_to_date"] = r.up_to_date();
  d["current"] = ToJson(r.current);
  d["heads"] = ToJson(r.heads);
  d["pending"] = ToJson(r.pending);
  d["unknown"] = ToJsonList(r.unknown);
  d["changed"] = ToJsonList(r.changed);
}

int RunStatus(Migrator& m, Output& out, const StatusArgs& a) {
  auto report = m.GetStatus();
  if (!report.ok()) return out.Fail(report.status());
  out.summary().known = true;
  out.summary().from = Ids(report->current);
  out.summary().to = Ids(report->heads);
  out.summary().result = Verdict(*report);
  if (out.json()) {
    PutJson(out, *report);
  } else if (out.options().verbosity() >= 1) {
    PrintText(out, *report, a.verbose || out.options().verbosity() >= 2);
  }
  return CodeFor(*report, a.exit_code);
}

}  // namespace

void AddStatusCommand(CLI::App& app, Session& s) {
  auto a = std::make_shared<StatusArgs>();
  auto* status = app.add_subcommand(
      "status",
      "show where the database stands: current rows, heads, pending revisions, "
      "revisions no script defines, changed scripts");
  status->add_flag("--exit-code", a->exit_code,
                   "exit 3 when revisions are pending, 4 when the database has "
                   "revisions no script defines (default: 0 whenever it can be read)");
  status->add_flag("-v,--verbose", a->verbose, "show checksums of changed scripts");
  status->callback([&s, a] {
    s.command = [&s, a] {
      auto job = std::make_shared<FleetJob>();
      job->command = FleetCommand::kStatus;
      job->exit_code = a->exit_code;
      return RunOnProject(s, {"status", true, false, job}, [a](Migrator& m, Output& out) {
        return RunStatus(m, out, *a);
      });
    };
  });
}

}  // namespace luamig::cli
