// SPDX-License-Identifier: MIT
// current, heads, branches, history, show. Output follows Alembic's shapes:
// "<base> -> a1 (head) (current), message" lines and "Rev: …" blocks.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace luamig::cli {
namespace {

std::string Comma(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string Parents(const RevisionInfo& r) {
  return r.down_revisions.empty() ? "<base>" : Comma(r.down_revisions);
}

struct LineParts {
  bool parents = false;
  bool labels = true;
  bool tree = true;  ///< (branchpoint), (mergepoint)
  bool doc = true;
};

// Alembic's Script._head_only.
std::string Line(const RevisionInfo& r, LineParts p) {
  std::string text = r.id;
  if (p.parents) {
    std::string deps = r.depends_on.empty() ? "" : " (" + Comma(r.depends_on) + ")";
    text = Parents(r) + deps + " -> " + text;
  }
  if (p.labels && !r.branch_labels.empty()) text += " (" + Comma(r.branch_labels) + ")";
  if (r.is_effective_head) {
    text += " (effective head)";  // a head that something depends on
  } else if (r.is_head) {
    text += " (head)";
  }
  if (r.is_current) text += " (current)";
  if (p.tree && r.is_branch_point) text += " (branchpoint)";
  if (p.tree && r.is_merge) text += " (mergepoint)";
  if (p.doc && !r.message.empty()) text += ", " + r.message;
  return text;
}

// Alembic's Script.log_entry.
std::string Block(const RevisionInfo& r) {
  std::string out = "Rev: " + r.id + (r.is_head ? " (head)" : "") +
                    (r.is_branch_point ? " (branchpoint)" : "") +
                    (r.is_merge ? " (mergepoint)" : "") +
                    (r.is_current ? " (current)" : "") + "\n";
  out += std::string(r.is_merge ? "Merges: " : "Parent: ") + Parents(r) + "\n";
  if (!r.depends_on.empty()) out += "Also depends on: " + Comma(r.depends_on) + "\n";
  if (r.is_branch_point) out += "Branches into: " + Comma(r.children) + "\n";
  if (!r.branch_labels.empty()) out += "Branch names: " + Comma(r.branch_labels) + "\n";
  out += "Path: " + r.file + "\n\n";
  std::vector<std::string> doc = r.doc;
  if (doc.empty() && !r.message.empty()) doc.push_back(r.message);
  for (const auto& line : doc) out += line.empty() ? "\n" : "    " + line + "\n";
  return out;
}

int Print(const GlobalOptions& g, const Result<std::vector<RevisionInfo>>& revs,
          bool verbose, LineParts parts, const char* empty_text = nullptr) {
  if (!revs.ok()) return Report(revs.status(), g);
  if (revs->empty() && empty_text && g.output.verbosity >= 1)
    std::cout << empty_text << "\n";
  for (const auto& r : *revs)
    std::cout << (verbose ? Block(r) + "\n" : Line(r, parts) + "\n");
  std::cout.flush();
  return 0;
}

int PrintBranches(const GlobalOptions& g, const Result<std::vector<BranchPoint>>& bps,
                  bool verbose) {
  if (!bps.ok()) return Report(bps.status(), g);
  for (const auto& bp : *bps) {
    LineParts head{false, true, true, false};
    std::cout << (verbose ? Block(bp.revision) : Line(bp.revision, head) + "\n");
    std::string indent(bp.revision.id.size(), ' ');
    for (const auto& c : bp.children)
      std::cout << indent << " -> " << Line(c, {false, true, true, verbose}) << "\n";
    std::cout << "\n";
  }
  std::cout.flush();
  return 0;
}

// Runs `body` on an opened Migrator, reporting an Open failure.
template <typename Body>
int WithMigrator(const GlobalOptions& g, Body body) {
  auto m = OpenMigrator(g, nullptr);
  if (!m.ok()) return Report(m.status(), g);
  return body(**m);
}

struct InspectArgs {
  bool current_v = false, heads_v = false, branches_v = false, history_v = false;
  bool history_i = false;
  std::string range, show_rev;
};

}  // namespace

void AddInspectCommands(CLI::App& app, GlobalOptions& g, std::function<int()>& command) {
  static InspectArgs a;
  auto* current = app.add_subcommand("current", "show the revisions the database is at");
  current->add_flag("-v,--verbose", a.current_v, "show details");
  current->callback([&] {
    command = [&] {
      return WithMigrator(g, [&](Migrator& m) {
        if (g.output.verbosity >= 1)
          std::cout << "Database: " << m.DatabaseDescription() << "\n";
        return Print(g, m.Current(), a.current_v, {false, false, true, true},
                     "<base> (no revision applied)");
      });
    };
  });
  auto* heads = app.add_subcommand("heads", "show the heads of the revision graph");
  heads->add_flag("-v,--verbose", a.heads_v, "show details");
  heads->callback([&] {
    command = [&] {
      return WithMigrator(g, [&](Migrator& m) {
        return Print(g, m.Heads(), a.heads_v, {false, true, false, false});
      });
    };
  });
  auto* branches = app.add_subcommand(
      "branches", "show branch points and the revisions built on them");
  branches->add_flag("-v,--verbose", a.branches_v, "show details");
  branches->callback([&] {
    command = [&] {
      return WithMigrator(
          g, [&](Migrator& m) { return PrintBranches(g, m.Branches(), a.branches_v); });
    };
  });
  auto* history = app.add_subcommand(
      "history", "list revisions, newest first; rows of the database marked (current)");
  history->add_option("-r,--rev-range", a.range,
                      "range A:B, A: or :B (ids, labels, base, heads, current, +N/-N)");
  history->add_flag("-v,--verbose", a.history_v, "show details");
  history->add_flag("-i,--indicate-current", a.history_i,
                    "fail if the database cannot be read (default: mark (current) "
                    "when it can)");
  history->callback([&] {
    command = [&] {
      return WithMigrator(g, [&](Migrator& m) {
        HistoryOptions o;
        o.range = a.range;
        o.indicate_current = true;
        o.best_effort = !a.history_i;
        return Print(g, m.History(o), a.history_v, {true, true, true, true});
      });
    };
  });
  auto* show = app.add_subcommand(
      "show", "show one revision in full (id, prefix, label, head, heads, current)");
  show->add_option("rev", a.show_rev, "revision")->required();
  show->callback([&] {
    command = [&] {
      return WithMigrator(
          g, [&](Migrator& m) { return Print(g, m.Show(a.show_rev), true, {}); });
    };
  });
}

}  // namespace luamig::cli
