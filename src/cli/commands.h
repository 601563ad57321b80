// SPDX-License-Identifier: MIT
// Subcommand registration, one file per group (cmd_run.cc, cmd_inspect.cc).
#ifndef LUAMIG_CLI_COMMANDS_H_
#define LUAMIG_CLI_COMMANDS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/output.h"
#include "luamig/luamig.h"

namespace CLI {
class App;
}

namespace luamig::cli {

struct GlobalOptions {
  std::string config_path;
  std::string url;
  std::string env;
  std::vector<std::string> x;
  double lock_timeout_s = -1;
  OutputOptions output;
  /// Every secret known to this run; all output is scrubbed with it, and the
  /// Migrator adds what it learns (the config's URL).
  std::shared_ptr<SecretSet> secrets = std::make_shared<SecretSet>();
};

/// Loads the config (-c, or ./luamig.lua) and opens a Migrator. When
/// `config_out` is given, it receives the config used.
Result<std::unique_ptr<Migrator>> OpenMigrator(const GlobalOptions& g, EventSink* events,
                                               Config* config_out = nullptr);
/// Prints `s` if it is an error and returns its exit code.
int Report(const Status& s, const GlobalOptions& g);

/// Each Add* registers subcommands whose callbacks set `command`.
void AddRunCommands(CLI::App& app, GlobalOptions& g, std::function<int()>& command);
void AddInspectCommands(CLI::App& app, GlobalOptions& g, std::function<int()>& command);
void AddCheckCommand(CLI::App& app, GlobalOptions& g, std::function<int()>& command);
void AddAuthorCommands(CLI::App& app, GlobalOptions& g, std::function<int()>& command);
void AddStampCommand(CLI::App& app, GlobalOptions& g, std::function<int()>& command);
void AddConvertCommands(CLI::App& app, GlobalOptions& g, std::function<int()>& command);
void AddTestCommand(CLI::App& app, GlobalOptions& g, std::function<int()>& command);

/// `revision --autogenerate` (cmd_autogen.cc).
int RunAutogenerate(const GlobalOptions& g, const RevisionOptions& options);
/// The drift part of `check`: differences between the schema file and the database.
void PrintDrift(const DriftReport& drift, const GlobalOptions& g);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_COMMANDS_H_
