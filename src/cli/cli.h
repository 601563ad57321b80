// SPDX-License-Identifier: MIT
// The command line: a thin shell over <luamig/luamig.h>.
#ifndef LUAMIG_CLI_CLI_H_
#define LUAMIG_CLI_CLI_H_

namespace luamig::cli {

/// Parses arguments, runs one command, prints its result; returns the exit
/// code (0 ok, 1 migration/database error, 2 usage/project error).
int RunCli(int argc, char** argv);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_CLI_H_
