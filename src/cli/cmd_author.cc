// SPDX-License-Identifier: MIT
// init, revision, merge: the commands that write files.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/commands.h"

namespace luamig::cli {
namespace {

struct AuthorArgs {
  std::string init_dir = ".";
  std::string init_template = "generic";
  RevisionOptions rev;
  bool autogenerate = false;
  MergeOptions merge;
};

int PrintWritten(Output& out, const Result<WrittenRevision>& w) {
  if (!w.ok()) return out.Fail(w.status());
  if (out.json()) {
    out.doc()["revision"] = ToJson(w->revision);
    return 0;
  }
  if (out.options().verbosity() >= 1)
    out.out() << "Generating " << w->revision.file << " ... done" << std::endl;
  return 0;
}

int RunInit(Output& out, const AuthorArgs& a) {
  InitOptions options;
  options.dir = a.init_dir;
  options.template_name = a.init_template;
  auto r = Migrator::Init(options);
  if (!r.ok()) return out.Fail(r.status());
  if (out.json()) {
    out.doc()["dir"] = r->dir;
    out.doc()["created"] = r->created;
    return 0;
  }
  if (out.options().verbosity() >= 1) {
    for (const auto& path : r->created) out.out() << "Created " << path << "\n";
    for (const auto& line : r->next_steps) out.out() << line << "\n";
    out.out().flush();
  }
  return 0;
}

}  // namespace

void AddAuthorCommands(CLI::App& app, Session& s) {
  auto a = std::make_shared<AuthorArgs>();
  auto* init = app.add_subcommand("init", "create luamig.lua and versions/ in DIR");
  init->add_option("dir", a->init_dir, "project directory (default: .)");
  init->add_option("-t,--template", a->init_template,
                   "generic (one database, default) or multidb (several databases "
                   "as environments, one version directory per domain)")
      ->check(CLI::IsMember({"generic", "multidb"}));
  init->callback([&s, a] {
    s.command = [&s, a] {
      return RunPlain(s, {"init", false}, [a](Output& out) { return RunInit(out, *a); });
    };
  });

  auto* rev = app.add_subcommand("revision", "write a new revision script");
  rev->add_option("-m,--message", a->rev.message, "what the revision does");
  rev->add_option("--head", a->rev.head,
                  "what to build on: head (default), heads, base, REV, LABEL@head");
  rev->add_flag("--splice", a->rev.splice,
                "allow building on a revision that is not a head");
  rev->add_option("--branch-label", a->rev.branch_labels,
                  "label for a new branch (repeatable)");
  rev->add_option("--depends-on", a->rev.depends_on,
                  "revision or label this one depends on (repeatable)");
  rev->add_option("--rev-id", a->rev.rev_id,
                  "the new id (default: 12 random hex digits)");
  rev->add_option("--version-path", a->rev.version_path,
                  "version location to write to (one of version_locations)");
  rev->add_flag("--autogenerate", a->autogenerate,
                "fill upgrade and downgrade from the difference between schema.lua and "
                "the database");
  rev->callback([&s, a] {
    s.command = [&s, a] {
      return RunOnProject(s, {"revision", false}, [a](Migrator& m, Output& out) {
        if (a->autogenerate) return RunAutogenerate(m, out, a->rev);
        return PrintWritten(out, m.CreateRevision(a->rev));
      });
    };
  });

  auto* merge = app.add_subcommand("merge", "write a revision that joins several heads");
  merge->add_option("revisions", a->merge.revisions, "heads to merge, or `heads`")
      ->required();
  merge->add_option("-m,--message", a->merge.message, "what the merge is for");
  merge->add_option("--rev-id", a->merge.rev_id,
                    "the new id (default: 12 random hex digits)");
  merge->add_option("--branch-label", a->merge.branch_labels,
                    "label for the merge (repeatable)");
  merge->callback([&s, a] {
    s.command = [&s, a] {
      return RunOnProject(s, {"merge", false}, [a](Migrator& m, Output& out) {
        return PrintWritten(out, m.Merge(a->merge));
      });
    };
  });
}

}  // namespace luamig::cli
