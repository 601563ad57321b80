// SPDX-License-Identifier: MIT
// init, revision, merge: the commands that write files.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace luamig::cli {
namespace {

struct AuthorArgs {
  std::string init_dir = ".";
  RevisionOptions rev;
  bool autogenerate = false;
  MergeOptions merge;
};

int PrintWritten(const GlobalOptions& g, const Result<WrittenRevision>& w) {
  if (!w.ok()) return Report(w.status(), g);
  if (g.output.verbosity >= 1)
    std::cout << "Generating " << w->revision.file << " ... done" << std::endl;
  return 0;
}

int RunInit(const GlobalOptions& g, const std::string& dir) {
  auto r = Migrator::Init(dir);
  if (!r.ok()) return Report(r.status(), g);
  if (g.output.verbosity >= 1) {
    for (const auto& path : r->created) std::cout << "Created " << path << "\n";
    std::cout << "Next: luamig revision -m \"first revision\"" << std::endl;
  }
  return 0;
}

template <typename Body>
int WithMigrator(const GlobalOptions& g, Body body) {
  auto m = OpenMigrator(g, nullptr);
  if (!m.ok()) return Report(m.status(), g);
  return body(**m);
}

}  // namespace

void AddAuthorCommands(CLI::App& app, GlobalOptions& g, std::function<int()>& command) {
  static AuthorArgs a;
  auto* init = app.add_subcommand("init", "create luamig.lua and versions/ in DIR");
  init->add_option("dir", a.init_dir, "project directory (default: .)");
  init->callback([&] { command = [&] { return RunInit(g, a.init_dir); }; });

  auto* rev = app.add_subcommand("revision", "write a new revision script");
  rev->add_option("-m,--message", a.rev.message, "what the revision does");
  rev->add_option("--head", a.rev.head,
                  "what to build on: head (default), heads, base, REV, LABEL@head");
  rev->add_flag("--splice", a.rev.splice,
                "allow building on a revision that is not a head");
  rev->add_option("--branch-label", a.rev.branch_labels,
                  "label for a new branch (repeatable)");
  rev->add_option("--depends-on", a.rev.depends_on,
                  "revision or label this one depends on (repeatable)");
  rev->add_option("--rev-id", a.rev.rev_id, "the new id (default: 12 random hex digits)");
  rev->add_option("--version-path", a.rev.version_path,
                  "version location to write to (one of version_locations)");
  rev->add_flag("--autogenerate", a.autogenerate,
                "fill upgrade and downgrade from the difference between schema.lua and "
                "the database");
  rev->callback([&] {
    command = [&] {
      if (a.autogenerate) return RunAutogenerate(g, a.rev);
      return WithMigrator(
          g, [&](Migrator& m) { return PrintWritten(g, m.CreateRevision(a.rev)); });
    };
  });

  auto* merge = app.add_subcommand("merge", "write a revision that joins several heads");
  merge->add_option("revisions", a.merge.revisions, "heads to merge, or `heads`")
      ->required();
  merge->add_option("-m,--message", a.merge.message, "what the merge is for");
  merge->add_option("--rev-id", a.merge.rev_id,
                    "the new id (default: 12 random hex digits)");
  merge->add_option("--branch-label", a.merge.branch_labels,
                    "label for the merge (repeatable)");
  merge->callback([&] {
    command = [&] {
      return WithMigrator(g,
                          [&](Migrator& m) { return PrintWritten(g, m.Merge(a.merge)); });
    };
  });
}

}  // namespace luamig::cli
