// SPDX-License-Identifier: MIT
// --targets: a command run over the project's fleet (FleetRunner), its
// options, and its report (docs/fleet.md).
#ifndef LUAMIG_CLI_FLEET_H_
#define LUAMIG_CLI_FLEET_H_

#include <string>
#include <vector>

#include "cli/options.h"
#include "luamig/fleet.h"

namespace CLI {
class App;
}

namespace luamig::cli {

struct Session;
struct CommandSpec;

/// What a command does on each target of a fleet.
struct FleetJob {
  FleetCommand command = FleetCommand::kUpgrade;
  std::vector<std::string> revisions;  ///< the command's TARGET argument(s)
  bool purge = false;                  ///< stamp --purge
  std::string dialect;                 ///< --sql --dialect
  std::string sql_dir;                 ///< --sql-dir: one NAME.sql per target
  bool exit_code = false;              ///< status --exit-code
};

/// --targets, --target-filter, -j, --per-server, --fail-fast, --max-failures,
/// --canary, --wave-size, --wave-pause.
void AddFleetOptions(CLI::App& app, GlobalOptions::Fleet& f);

/// kUsage naming a fleet option given without --targets, else ok.
Status CheckFleetOptionsUnused(const GlobalOptions& g);

/// Runs `job` over the selected targets; prints the report (text or JSON)
/// and returns the exit code: 0 only when every target reached its target
/// (status and check: and every finding is clean, as their own codes say);
/// 130/143 after SIGINT/SIGTERM.
int RunFleet(Session& s, const CommandSpec& spec, const FleetJob& job);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_FLEET_H_
