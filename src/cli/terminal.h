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
  /// Escape codes for colour on stdout: when it is a terminal, never with
  /// NO_COLOR set or TERM=dumb (or unset); --color always/never overrides.
  bool color = false;
  /// The same for stderr, by whether stderr is a terminal: an error on the
  /// screen is red while stdout goes to a file, and a log of stderr stays
  /// plain while stdout is on the screen.
  bool err_color = false;
  /// Live redraws (\r, an elapsed-time ticker): stdout is a terminal that is
  /// not TERM=dumb.
  bool live = false;
  int width = 80;

  /// This terminal as seen by text written to stderr: `color` is `err_color`.
  Terminal OnStderr() const {
    Terminal t = *this;
    t.color = err_color;
    return t;
  }
};

/// Inspects stdout/stderr and the environment. `color_option`: auto, always
/// or never.
Terminal DetectTerminal(const std::string& color_option);

/// `text` wrapped in the SGR code `sgr` ("1", "32", "31;1") when colour is on.
std::string Paint(const Terminal& t, const char* sgr, const std::string& text);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_TERMINAL_H_
