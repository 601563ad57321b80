// SPDX-License-Identifier: MIT
// Subcommand registration, one file per group (cmd_run.cc, cmd_inspect.cc, …).
// Each Add* keeps its arguments in objects owned by the subcommand's
// callbacks, so nothing outlives the CLI::App of one RunCli call.
#ifndef LUAMIG_CLI_COMMANDS_H_
#define LUAMIG_CLI_COMMANDS_H_

#include "cli/session.h"

namespace CLI {
class App;
}

namespace luamig::cli {

void AddRunCommands(CLI::App& app, Session& s);
void AddInspectCommands(CLI::App& app, Session& s);
void AddStatusCommand(CLI::App& app, Session& s);
void AddCheckCommand(CLI::App& app, Session& s);
void AddAuthorCommands(CLI::App& app, Session& s);
void AddStampCommand(CLI::App& app, Session& s);
void AddConvertCommands(CLI::App& app, Session& s);
void AddTestCommand(CLI::App& app, Session& s);

/// `revision --autogenerate` (cmd_autogen.cc).
int RunAutogenerate(Migrator& m, Output& out, const RevisionOptions& options);
/// The drift part of `check`: differences between the schema file and the
/// database, as text, or as the document's `drift` object.
void PrintDrift(const DriftReport& drift, Output& out);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_COMMANDS_H_
