// SPDX-License-Identifier: MIT
// current, heads, branches, history, show.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/commands.h"
#include "cli/text.h"

namespace luamig::cli {
namespace {

struct InspectArgs {
  bool verbose = false;
  bool indicate_current = false;
  std::string range;
  std::string rev;
};

// Prints revisions, or puts them under `key` in the JSON document.
int PrintRevisions(Output& out, const Result<std::vector<RevisionInfo>>& revs,
                   const char* key, bool verbose, const LineStyle& style,
                   const char* empty_text = nullptr) {
  if (!revs.ok()) return out.Fail(revs.status());
  if (out.json()) {
    out.doc()[key] = ToJson(*revs);
    return 0;
  }
  verbose = verbose || out.options().verbosity() >= 2;
  if (revs->empty() && empty_text && out.options().verbosity() >= 1)
    out.out() << empty_text << "\n";
  for (const auto& r : *revs)
    out.out() << (verbose ? RevisionBlock(r) : RevisionLine(r, style) + "\n");
  out.out().flush();
  return 0;
}

int PrintBranches(Output& out, const Result<std::vector<BranchPoint>>& bps,
                  bool verbose) {
  if (!bps.ok()) return out.Fail(bps.status());
  if (out.json()) {
    out.doc()["branches"] = ToJsonList(*bps);
    return 0;
  }
  verbose = verbose || out.options().verbosity() >= 2;
  LineStyle head = LineStyle::Heads();
  head.tree = true;
  LineStyle child = head;
  child.doc = verbose;
  for (const auto& bp : *bps) {
    out.out() << (verbose ? RevisionBlock(bp.revision)
                          : RevisionLine(bp.revision, head) + "\n");
    std::string indent(bp.revision.id.size(), ' ');
    for (const auto& c : bp.children)
      out.out() << indent << " -> " << RevisionLine(c, child) << "\n";
    out.out() << "\n";
  }
  out.out().flush();
  return 0;
}

void SetCurrentSummary(Output& out, const std::vector<RevisionInfo>& current) {
  out.summary().known = true;
  for (const auto& r : current) out.summary().from.push_back(r.id);
  out.summary().to = out.summary().from;
}

int Current(Migrator& m, Output& out, bool verbose) {
  out.Note("Database: " + m.DatabaseDescription());
  auto current = m.Current();
  if (current.ok()) SetCurrentSummary(out, *current);
  if (out.json()) out.doc()["database"] = m.DatabaseDescription();
  return PrintRevisions(out, current, "current", verbose, LineStyle::Current(),
                        "<base> (no revision applied)");
}

int History(Migrator& m, Output& out, const InspectArgs& a) {
  HistoryOptions o;
  o.range = a.range;
  o.indicate_current = true;
  o.best_effort = !a.indicate_current;
  return PrintRevisions(out, m.History(o), "revisions", a.verbose, LineStyle::History());
}

}  // namespace

void AddInspectCommands(CLI::App& app, Session& s) {
  auto current_args = std::make_shared<InspectArgs>();
  auto* current = app.add_subcommand("current", "show the revisions the database is at");
  current->add_flag("-v,--verbose", current_args->verbose, "show details");
  current->callback([&s, a = current_args] {
    s.command = [&s, a] {
      return RunOnProject(s, {"current", true, true}, [a](Migrator& m, Output& out) {
        return Current(m, out, a->verbose);
      });
    };
  });

  auto heads_args = std::make_shared<InspectArgs>();
  auto* heads = app.add_subcommand("heads", "show the heads of the revision graph");
  heads->add_flag("-v,--verbose", heads_args->verbose, "show details");
  heads->callback([&s, a = heads_args] {
    s.command = [&s, a] {
      return RunOnProject(s, {"heads"}, [a](Migrator& m, Output& out) {
        return PrintRevisions(out, m.Heads(), "heads", a->verbose, LineStyle::Heads());
      });
    };
  });

  auto branches_args = std::make_shared<InspectArgs>();
  auto* branches = app.add_subcommand(
      "branches", "show branch points and the revisions built on them");
  branches->add_flag("-v,--verbose", branches_args->verbose, "show details");
  branches->callback([&s, a = branches_args] {
    s.command = [&s, a] {
      return RunOnProject(s, {"branches"}, [a](Migrator& m, Output& out) {
        return PrintBranches(out, m.Branches(), a->verbose);
      });
    };
  });

  auto history_args = std::make_shared<InspectArgs>();
  auto* history = app.add_subcommand(
      "history", "list revisions, newest first; rows of the database marked (current)");
  history->add_option("-r,--rev-range", history_args->range,
                      "range A:B, A: or :B (ids, labels, base, heads, current, +N/-N)");
  history->add_flag("-v,--verbose", history_args->verbose, "show details");
  history->add_flag("-i,--indicate-current", history_args->indicate_current,
                    "fail if the database cannot be read (default: mark (current) "
                    "when it can)");
  history->callback([&s, a = history_args] {
    s.command = [&s, a] {
      return RunOnProject(s, {"history", true, true},
                          [a](Migrator& m, Output& out) { return History(m, out, *a); });
    };
  });

  auto show_args = std::make_shared<InspectArgs>();
  auto* show = app.add_subcommand(
      "show", "show one revision in full (id, prefix, label, head, heads, current)");
  show->add_option("rev", show_args->rev, "revision")->required();
  show->callback([&s, a = show_args] {
    s.command = [&s, a] {
      return RunOnProject(s, {"show", true, true}, [a](Migrator& m, Output& out) {
        return PrintRevisions(out, m.Show(a->rev), "revisions", true, LineStyle());
      });
    };
  });
}

}  // namespace luamig::cli
