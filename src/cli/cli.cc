// SPDX-License-Identifier: MIT
#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/scrubbed_output.h"
#include "luamig/luamig.h"

namespace luamig::cli {
namespace {

Status ParseX(const std::vector<std::string>& pairs,
              std::map<std::string, std::string>* out) {
  for (const auto& p : pairs) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::Usage("-x expects key=value, got '" + p + "'");
    }
    (*out)[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return Status::Ok();
}

// -c given: that file must exist. Otherwise ./luamig.lua if present.
Result<Config> LoadConfig(const GlobalOptions& g) {
  std::string path = g.config_path;
  if (path.empty() && std::filesystem::exists("luamig.lua")) path = "luamig.lua";
  if (path.empty()) {
    if (!g.env.empty()) return Status::Usage("--env needs a config file (luamig.lua)");
    return Config{};
  }
  if (!std::filesystem::exists(path)) {
    return Status::Usage("config file '" + path + "' does not exist");
  }
  return LoadConfigFile(path, g.env);
}

// CLI11 only says "A subcommand is required" when the word is not a command.
int ReportUnknownCommand(CLI::App& app, const std::string& word) {
  std::string names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  std::cerr << "error: unknown command '" << word << "'\n  commands: " << names
            << "\nRun with --help for more information.\n";
  return kExitUsage;
}

}  // namespace

Result<std::unique_ptr<Migrator>> OpenMigrator(const GlobalOptions& g, EventSink* events,
                                               Config* config_out) {
  LUAMIG_ASSIGN_OR_RETURN(Config config, LoadConfig(g));
  if (config_out) *config_out = config;
  MigratorOptions options;
  options.config = std::move(config);
  options.url = g.url;
  options.events = events;
  options.secrets = g.secrets;
  LUAMIG_RETURN_IF_ERROR(ParseX(g.x, &options.x));
  if (g.lock_timeout_s >= 0) {
    options.lock_timeout =
        std::chrono::milliseconds(static_cast<long>(g.lock_timeout_s * 1000));
  }
  return Migrator::Open(std::move(options));
}

int Report(const Status& s, const GlobalOptions& g) {
  if (!s.ok()) PrintError(s, g.output.verbosity >= 2);
  return ExitCode(s);
}

int RunCli(int argc, char** argv) {
  GlobalOptions g;
  // Before anything can print: a password given in any argument (also to
  // the wrong option, or as a malformed URL) or held by the environment.
  for (int i = 1; i < argc; ++i) g.secrets->AddFrom(argv[i]);
  g.secrets->AddFromEnvironment();
  ScrubbedOutput scrubbed(*g.secrets);
  CLI::App app{"luamig — database migrations written in Lua", "luamig"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("luamig ") + LUAMIG_VERSION_STRING);
  app.add_option("-c,--config", g.config_path,
                 "config file (default: ./luamig.lua if present)");
  app.add_option("--url", g.url, "database URL (overrides $DATABASE_URL and the config)");
  app.add_option("--env", g.env, "environment from the config's `environments` table");
  app.add_option("-x", g.x, "key=value made available to scripts as op.x");
  app.add_option("--lock-timeout", g.lock_timeout_s,
                 "seconds to wait for another runner's lock (default: wait)");
  bool quiet = false, verbose = false;
  app.add_flag("-q,--quiet", quiet, "print only errors");
  app.add_flag("-v,--verbose", verbose, "print more detail");
  std::function<int()> command;
  AddRunCommands(app, g, command);
  AddInspectCommands(app, g, command);
  AddStampCommand(app, g, command);
  AddAuthorCommands(app, g, command);
  AddCheckCommand(app, g, command);
  AddConvertCommands(app, g, command);
  AddTestCommand(app, g, command);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (app.get_subcommands().empty() && !app.remaining().empty()) {
      return ReportUnknownCommand(app, app.remaining()[0]);
    }
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  g.output.verbosity = quiet ? 0 : (verbose ? 2 : 1);
  return command();
}

}  // namespace luamig::cli
