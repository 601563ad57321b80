// SPDX-License-Identifier: MIT
// SIGINT and SIGTERM while a fleet runs: the first asks the FleetRunner to
// stop (running targets finish the step they are in, nothing new starts);
// a second one ends the process at once, as the default action does.
#ifndef LUAMIG_CLI_INTERRUPT_H_
#define LUAMIG_CLI_INTERRUPT_H_

#include "luamig/fleet.h"

namespace luamig::cli {

/// While it exists, SIGINT/SIGTERM call runner.Stop(). Only one at a time
/// (a signal handler can reach only process-wide state: one atomic pointer
/// and the signal number, both lock-free). Restores the previous handlers.
class InterruptScope {
 public:
  explicit InterruptScope(FleetRunner& runner);
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  /// The signal that asked to stop (SIGINT, SIGTERM), or 0.
  int signal() const;
};

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_INTERRUPT_H_
