// SPDX-License-Identifier: MIT
// One invocation: the parsed options, the project's config, and the driver
// that runs a command on one database or on several environments in turn.
#ifndef LUAMIG_CLI_SESSION_H_
#define LUAMIG_CLI_SESSION_H_

#include <functional>
#include <memory>
#include <string>

#include "cli/fleet.h"
#include "cli/options.h"
#include "cli/output.h"
#include "cli/terminal.h"
#include "luamig/luamig.h"

namespace luamig::cli {

/// The state of one RunCli call (no globals: RunCli may run many times in a
/// process). Subcommand callbacks set `command`; RunCli calls it.
struct Session {
  GlobalOptions g;
  std::string format;  ///< --format as given ("" = $LUAMIG_FORMAT, else text)
  Terminal terminal;
  std::function<int()> command;
};

/// A command that works on one opened Migrator; returns its exit code.
using MigratorBody = std::function<int(Migrator&, Output&)>;
/// A command that needs no database or project (init, completion).
using PlainBody = std::function<int(Output&)>;

struct CommandSpec {
  std::string name;  ///< "upgrade", "status", …: the JSON `command`
  /// Runs once per environment with --env a,b / all; otherwise one
  /// environment at most.
  bool fans_out = true;
  /// A read-only command: a SQLite file that does not exist is an error
  /// (MigratorOptions::require_existing_database), never created.
  bool must_exist = false;
  /// With --targets: what runs on each target. Null: the command works on
  /// one database and --targets is a usage error.
  std::shared_ptr<const FleetJob> fleet = nullptr;
};

/// Opens the project for each selected environment and runs `body` on it;
/// prints the JSON document, or with several environments a summary table
/// (text) / one record per environment (JSON). Returns the exit code.
int RunOnProject(Session& s, const CommandSpec& spec, const MigratorBody& body);
/// Runs `body` with no project and prints its JSON document.
int RunPlain(Session& s, const CommandSpec& spec, const PlainBody& body);

/// The environments a command runs on, in order: {""} when --env is not
/// given. Errors: kUsage (several for a command that works on one, an
/// unknown name).
Result<std::vector<std::string>> SelectEnvironments(const GlobalOptions& g,
                                                    const CommandSpec& spec);

/// What a Migrator for `env` is opened with (config, URL, -x, secrets, …),
/// after the project checks and notes Open prints; `config` is the one
/// loaded. Events go to out.progress().
Result<MigratorOptions> ProjectOptions(const GlobalOptions& g, const CommandSpec& spec,
                                       const std::string& env, Output& out);

/// Loads the config (-c, or ./luamig.lua if present) for `env` ("" = none).
Result<Config> LoadProjectConfig(const GlobalOptions& g, const std::string& env);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_SESSION_H_
