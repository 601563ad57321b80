// SPDX-License-Identifier: MIT
// stamp: set the version table without running scripts.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/commands.h"
#include "cli/text.h"

namespace luamig::cli {
namespace {

struct StampArgs {
  std::vector<std::string> targets;
  bool purge = false;
};

int RunStamp(Migrator& m, Output& out, const StampArgs& a) {
  out.Note("Database: " + m.DatabaseDescription());
  auto r = m.Stamp(a.targets, a.purge);
  if (!r.ok()) return out.Fail(r.status());
  out.summary().known = true;
  out.summary().from = r->heads_before;
  out.summary().to = r->heads_after;
  out.summary().result = "stamped";
  if (out.json()) {
    Json& d = out.doc();
    d["database"] = m.DatabaseDescription();
    d["heads_before"] = r->heads_before;
    d["heads_after"] = r->heads_after;
    Json steps = Json::array();
    for (const auto& s : r->steps) steps.push_back(ToJson(s.step, s.duration));
    d["steps"] = steps;
    return 0;
  }
  if (out.options().verbosity() >= 1)
    out.out() << "Stamped: the version table now holds " << HeadsText(r->heads_after)
              << " (no script ran)." << std::endl;
  return 0;
}

}  // namespace

void AddStampCommand(CLI::App& app, Session& s) {
  auto a = std::make_shared<StampArgs>();
  auto* stamp = app.add_subcommand(
      "stamp", "set the version table to TARGET... without running any script");
  stamp
      ->add_option("targets", a->targets,
                   "revisions to record (head, heads, base, REV, …)")
      ->required();
  stamp->add_flag("--purge", a->purge,
                  "empty the version table first (also rows no script knows)");
  stamp->callback([&s, a] {
    s.command = [&s, a] {
      auto job = std::make_shared<FleetJob>();
      job->command = FleetCommand::kStamp;
      job->revisions = a->targets;
      job->purge = a->purge;
      return RunOnProject(s, {"stamp", true, false, job},
                          [a](Migrator& m, Output& out) { return RunStamp(m, out, *a); });
    };
  });
}

}  // namespace luamig::cli
