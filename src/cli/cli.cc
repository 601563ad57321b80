// SPDX-License-Identifier: MIT
#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/exit_code.h"
#include "cli/fleet.h"
#include "cli/json.h"
#include "cli/scrubbed_output.h"
#include "cli/text.h"
#include "luamig/luamig.h"

namespace luamig::cli {
namespace {

// Global options go on the main app; `fallthrough` lets every subcommand
// hand the options it does not know to it, so they work after the command.
void AddGlobalOptions(CLI::App& app, Session& s) {
  GlobalOptions& g = s.g;
  app.add_option("-c,--config", g.config_path,
                 "config file (default: ./luamig.lua if present)");
  app.add_option("--url", g.url,
                 "database URL (overrides the environment's, $DATABASE_URL and the "
                 "config)");
  app.add_option("--env", g.env,
                 "environment(s) from the config's `environments`: NAME, a,b,c (in "
                 "that order) or all (environment_order)");
  app.add_flag("--keep-going", g.keep_going,
               "with several environments: go on after one fails");
  app.add_option("-x", g.x, "key=value made available to scripts as op.x");
  AddFleetOptions(app, g.fleet);
  app.add_option("--lock-timeout", g.lock_timeout_s,
                 "seconds to wait for another runner's lock (default: wait)");
  app.add_option("--format", s.format, "text (default) or json; also $LUAMIG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--color", g.color, "auto (default: on a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("-q,--quiet", g.quiet, "print only errors");
  app.add_flag("-v,--verbose", g.verbose, "print more detail (tracebacks, every step)");
}

// The format asked for, even when parsing failed half-way.
Format ChosenFormat(const std::string& option, int argc, char** argv) {
  std::string f = option;
  for (int i = 1; f.empty() && i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--format=json" ||
        (a == "--format" && i + 1 < argc && std::string(argv[i + 1]) == "json"))
      f = "json";
  }
  if (f.empty()) {
    const char* env = std::getenv("LUAMIG_FORMAT");
    if (env != nullptr) f = env;
  }
  return f == "json" ? Format::kJson : Format::kText;
}

int UsageError(const Session& s, const Status& status) {
  if (s.g.json()) {
    Json doc;
    doc["command"] = "";
    doc["ok"] = false;
    doc["exit_code"] = kExitUsage;
    doc["error"] = ErrorJson(status, kExitUsage);
    std::cout << doc.dump(2) << std::endl;
  } else {
    PrintError(std::cerr, s.terminal, status, false);
    std::cerr << "Run with --help for more information.\n";
  }
  return kExitUsage;
}

// CLI11 only says "A subcommand is required" when the word is not a command.
int ReportUnknownCommand(const Session& s, CLI::App& app, const std::string& word) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (!sub->get_group().empty()) names.push_back(sub->get_name());
  }
  std::vector<std::string> close = SuggestSimilar(word, names);
  Status status = Status::Usage("unknown command '" + word + "'");
  std::string hint = close.empty() ? "" : "did you mean '" + close[0] + "'? ";
  status.WithHint(hint + "commands: " + Comma(names));
  return UsageError(s, status);
}

}  // namespace

int RunCli(int argc, char** argv) {
  Session s;
  // Before anything can print: a password given in any argument (also to
  // the wrong option, or as a malformed URL) or held by the environment.
  for (int i = 1; i < argc; ++i) s.g.secrets->AddFrom(argv[i]);
  s.g.secrets->AddFromEnvironment();
  ScrubbedOutput scrubbed(*s.g.secrets);
  CLI::App app{"luamig — database migrations written in Lua", "luamig"};
  app.require_subcommand(1);
  app.fallthrough();
  app.set_version_flag("--version", std::string("luamig ") + LUAMIG_VERSION_STRING);
  AddGlobalOptions(app, s);
  AddRunCommands(app, s);
  AddStatusCommand(app, s);
  AddInspectCommands(app, s);
  AddStampCommand(app, s);
  AddAuthorCommands(app, s);
  AddCheckCommand(app, s);
  AddConvertCommands(app, s);
  AddTestCommand(app, s);
  AddCompletionCommands(app, s);  // last: it describes the commands above
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    s.g.format = ChosenFormat(s.format, argc, argv);
    s.terminal = DetectTerminal(s.g.color);
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    if (app.get_subcommands().empty() && !app.remaining().empty() &&
        app.remaining()[0][0] != '-') {
      return ReportUnknownCommand(s, app, app.remaining()[0]);
    }
    return UsageError(s, Status::Usage(e.what()));
  }
  s.g.format = ChosenFormat(s.format, argc, argv);
  s.terminal = DetectTerminal(s.g.color);
  return s.command ? s.command() : kExitUsage;
}

}  // namespace luamig::cli
