// SPDX-License-Identifier: MIT
// convert alembic / convert verify: an Alembic project → a luamig project,
// and the proof that both histories build the same databases.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/exit_code.h"

namespace luamig::cli {
namespace {

struct ConvertArgs {
  ConvertOptions convert;
  std::string verify_url;
  bool keep_scratch = false;
};

struct VerifyArgs {
  VerifyOptions verify;
};

const char* ShortKind(Translation t) {
  switch (t) {
    case Translation::kExact:
      return "exact";
    case Translation::kSql:
      return "sql";
    case Translation::kHuman:
      return "human";
  }
  return "";
}

void PrintFunction(const char* name, const ConvertedFunction& f) {
  if (f.translation == Translation::kExact) return;
  std::cout << "      " << name << ": " << TranslationName(f.translation) << ": "
            << f.reason << "\n";
}

void PrintReport(const ConvertReport& r, int verbosity) {
  std::string dialects;
  for (const auto& d : r.dialects) dialects += (dialects.empty() ? "" : ", ") + d;
  if (verbosity >= 1) {
    std::cout << "Wrote " << r.config_file << " and " << r.revisions.size()
              << " revisions (SQL for " << dialects << ")\n";
    for (const auto& rev : r.revisions) {
      if (verbosity < 2 && rev.translation() == Translation::kExact) continue;
      std::cout << "  " << rev.id << "  " << ShortKind(rev.translation()) << "  "
                << rev.message << "  (" << rev.file << ")\n";
      PrintFunction("upgrade", rev.upgrade);
      PrintFunction("downgrade", rev.downgrade);
    }
  }
  std::cout << "Revisions: " << r.Count(Translation::kExact) << " translated exactly, "
            << r.Count(Translation::kSql) << " rendered as SQL, "
            << r.Count(Translation::kHuman) << " need a human.\n";
  if (r.Count(Translation::kExact) != r.revisions.size()) {
    std::cout << "Review each TODO(convert) in " << r.output_dir
              << " (grep -rn 'TODO(convert)'); the revisions that need a human raise an "
                 "error until they are written.\n";
  }
  std::cout.flush();
}

AlembicHelperOptions HelperOptions(const GlobalOptions& g) {
  AlembicHelperOptions h;
  if (g.verbosity() >= 2) {
    h.on_output = [](const std::string& line) { std::cerr << line << "\n"; };
  }
  return h;
}

// convert prints a report for people; it has no JSON document (yet).
int RunText(Session& s, const PlainBody& body) {
  if (s.g.json()) {
    Output out(s.g, s.terminal);
    out.Fail(Status::Usage("convert has no --format json output; run it without"));
    std::cout << Json{{"command", "convert"},
                      {"ok", false},
                      {"exit_code", kExitUsage},
                      {"error", out.doc()["error"]}}
                     .dump(2)
              << std::endl;
    return kExitUsage;
  }
  return RunPlain(s, {"convert", false}, body);
}

const char* DirectionName(Direction d) {
  return d == Direction::kUpgrade ? "upgrade" : "downgrade";
}

int RunVerify(Output& out, VerifyOptions v) {
  const GlobalOptions& g = out.options();
  v.helper = HelperOptions(g);
  if (g.verbosity() >= 2) {
    v.on_step = [](const VerifyStep& s) {
      std::cout << "  step " << s.index << ": " << DirectionName(s.direction) << " "
                << s.revision << ": same\n";
    };
  }
  auto r = VerifyAlembic(v);
  if (!r.ok()) return out.Fail(r.status());
  if (g.verbosity() >= 1) std::cout << "Scratch databases: " << r->scratch << "\n";
  if (r->ok) {
    std::cout << "OK: " << r->steps
              << " steps; after every one the schemas, rows and version rows of the "
                 "Alembic-built and the luamig-built databases agree.\n";
    return kExitOk;
  }
  std::cout << "DIFFERENT at step " << r->steps;
  if (!r->revision.empty())
    std::cout << " (" << DirectionName(r->direction) << " " << r->revision << ")";
  std::cout << ": " << r->difference << "\n";
  return kExitFailure;
}

int RunConvert(Output& out, const ConvertArgs& a) {
  const GlobalOptions& g = out.options();
  ConvertOptions o = a.convert;
  o.helper = HelperOptions(g);
  auto r = ConvertAlembic(o);
  if (!r.ok()) return out.Fail(r.status());
  PrintReport(*r, g.verbosity());
  if (a.verify_url.empty()) return kExitOk;
  VerifyOptions v;
  v.alembic = o.alembic;
  v.ini_section = o.ini_section;
  v.project_dir = r->output_dir;
  v.url = a.verify_url;
  v.keep_scratch = a.keep_scratch;
  return RunVerify(out, v);
}

void AddAlembic(CLI::App& convert, Session& s) {
  auto a = std::make_shared<ConvertArgs>();
  auto* sub = convert.add_subcommand(
      "alembic", "write a luamig project from an Alembic project (ids and graph kept)");
  sub->add_option("alembic_dir", a->convert.alembic,
                  "the Alembic project: the directory of alembic.ini, or the .ini file")
      ->required();
  sub->add_option("-o,--output", a->convert.output_dir,
                  "directory to write the luamig project to")
      ->required();
  sub->add_option(
         "--dialect", a->convert.dialects,
         "sqlite or postgresql, repeatable: whose SQL the revisions must reproduce "
         "(default: the dialect of sqlalchemy.url, else both)")
      ->check(CLI::IsMember({"sqlite", "postgresql"}));
  sub->add_option("-n,--name", a->convert.ini_section,
                  "section of the .ini (default alembic)");
  sub->add_flag("--force", a->convert.force, "write into a directory that is not empty");
  sub->add_option(
      "--verify", a->verify_url,
      "then apply both histories step by step on scratch databases made from URL "
      "(sqlite:///path.db or a PostgreSQL database) and compare them");
  sub->add_flag("--keep-scratch", a->keep_scratch, "keep the --verify scratch databases");
  sub->callback([a, &s] {
    s.command = [a, &s] {
      return RunText(s, [a](Output& out) { return RunConvert(out, *a); });
    };
  });
}

void AddVerify(CLI::App& convert, Session& s) {
  auto a = std::make_shared<VerifyArgs>();
  auto* sub = convert.add_subcommand(
      "verify",
      "apply an Alembic history and its luamig conversion step by step, compare");
  sub->add_option("alembic_dir", a->verify.alembic, "the Alembic project")->required();
  sub->add_option("luamig_dir", a->verify.project_dir, "the converted luamig project")
      ->required();
  sub->add_option("scratch_url", a->verify.url,
                  "where to make the two scratch databases (sqlite:///path.db, or a "
                  "PostgreSQL database in which two schemas are made)")
      ->required();
  sub->add_option("-n,--name", a->verify.ini_section,
                  "section of the .ini (default alembic)");
  sub->add_flag("--keep-scratch", a->verify.keep_scratch, "keep the scratch databases");
  sub->callback([a, &s] {
    s.command = [a, &s] {
      return RunText(s, [a](Output& out) { return RunVerify(out, a->verify); });
    };
  });
}

}  // namespace

void AddConvertCommands(CLI::App& app, Session& s) {
  auto* convert =
      app.add_subcommand("convert", "convert another tool's project to luamig");
  convert->require_subcommand(1);
  AddAlembic(*convert, s);
  AddVerify(*convert, s);
}

}  // namespace luamig::cli
