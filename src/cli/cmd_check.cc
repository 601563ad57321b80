// SPDX-License-Identifier: MIT
// check: applied scripts that changed since they ran, applied revisions no
// script defines, and drift from the schema file. Exits 1 when it finds any.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/exit_code.h"

namespace luamig::cli {
namespace {

void PrintReport(std::ostream& o, const CheckReport& r) {
  for (const auto& c : r.changed) {
    o << "changed: " << c.revision << " (" << c.file
      << ") differs from the script applied at " << c.applied_at << "\n  applied sha256 "
      << c.applied_checksum << "\n  now     sha256 " << c.current_checksum << "\n";
  }
  for (const auto& u : r.unknown) {
    o << "unknown: " << u.revision << " is applied in the database but no script "
      << "defines it";
    if (!u.message.empty()) o << " (" << u.message << ")";
    o << "\n";
    if (u.source_stored) {
      o << "  its source is kept in the history table: `luamig downgrade` can "
           "revert it\n";
    } else {
      o << "  to forget it, `luamig stamp --purge REV` sets the version table "
           "without it\n";
    }
  }
}

// The summary table's result column with several environments.
std::string Verdict(const CheckReport& r) {
  if (r.ok()) return "ok";
  std::string v;
  auto add = [&v](const std::string& part) { v += (v.empty() ? "" : ", ") + part; };
  if (!r.changed.empty()) add(std::to_string(r.changed.size()) + " changed");
  if (!r.unknown.empty()) add(std::to_string(r.unknown.size()) + " unknown");
  if (!r.drift.up_to_date) add("not at head");
  if (!r.drift.differences.empty())
    add(std::to_string(r.drift.differences.size()) + " schema difference(s)");
  return v;
}

int RunCheck(Migrator& m, Output& out) {
  out.Note("Database: " + m.DatabaseDescription());
  auto report = m.Check();
  if (!report.ok()) return out.Fail(report.status());
  out.summary().result = Verdict(*report);
  int code = report->ok() ? kExitOk : kExitFailure;
  if (out.json()) {
    Json& d = out.doc();
    d["database"] = m.DatabaseDescription();
    d["verified"] = report->verified;
    d["unverified"] = report->unverified;
    d["changed"] = ToJsonList(report->changed);
    d["unknown"] = ToJsonList(report->unknown);
    PrintDrift(report->drift, out);
    return code;
  }
  PrintReport(out.out(), *report);
  PrintDrift(report->drift, out);
  if (out.options().verbosity() >= 1) {
    out.out() << (report->ok() ? "OK: " : "FAILED: ") << report->verified
              << " applied revision(s) match their scripts, " << report->changed.size()
              << " changed, " << report->unknown.size() << " unknown";
    if (report->unverified > 0)
      out.out() << ", " << report->unverified << " applied without a history row";
    if (!report->drift.schema_file.empty())
      out.out() << ", " << report->drift.differences.size() << " schema difference(s)";
    out.out() << ".\n";
  }
  out.out().flush();
  return code;
}

}  // namespace

void AddCheckCommand(CLI::App& app, Session& s) {
  auto* check = app.add_subcommand(
      "check",
      "list applied revisions whose script changed or that no script defines, and how "
      "the database differs from schema.lua");
  check->callback([&s] {
    s.command = [&s] {
      auto job = std::make_shared<FleetJob>();
      job->command = FleetCommand::kCheck;
      return RunOnProject(s, {"check", true, true, job}, RunCheck);
    };
  });
}

}  // namespace luamig::cli
