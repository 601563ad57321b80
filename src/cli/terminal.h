// SPDX-License-Identifier: MIT
// What the output streams are connected to: a terminal gets colour and live
// redraws, a pipe or file gets plain lines.
#ifndef LUAMIG_CLI_TERMINAL_H_
#define LUAMIG_CLI_TERMINAL_H_

#include <string>

namespace luamig::cli {

struct Terminal {
  bool stdout_tty = false;
  bool stderr_tty = false;
  /// Escape codes for colour: on a terminal only, never with NO_COLOR set or
  /// TERM=dumb (or unset); --color always/never overrides.
  bool color = false;
  /// Live redraws (\r, an elapsed-time ticker): stdout is a terminal that is
  /// not TERM=dumb.
  bool live = false;
  int width = 80;
};

/// Inspects stdout/stderr and the environment. `color_option`: auto, always
/// or never.
Terminal DetectTerminal(const std::string& color_option);

/// `text` wrapped in the SGR code `sgr` ("1", "32", "31;1") when colour is on.
std::string Paint(const Terminal& t, const char* sgr, const std::string& text);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_TERMINAL_H_
