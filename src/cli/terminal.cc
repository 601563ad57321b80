// SPDX-License-Identifier: MIT
#include "cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace luamig::cli {
namespace {

bool DumbTerminal() {
  const char* term = std::getenv("TERM");
  return term == nullptr || *term == '\0' || std::strcmp(term, "dumb") == 0;
}

}  // namespace

Terminal DetectTerminal(const std::string& color_option) {
  Terminal t;
  t.stdout_tty = isatty(STDOUT_FILENO) == 1;
  t.stderr_tty = isatty(STDERR_FILENO) == 1;
  const char* no_color = std::getenv("NO_COLOR");
  bool color_allowed = (no_color == nullptr || *no_color == '\0') && !DumbTerminal();
  if (color_option == "always" || color_option == "never") {
    t.color = t.err_color = color_option == "always";
  } else {
    t.color = t.stdout_tty && color_allowed;
    t.err_color = t.stderr_tty && color_allowed;
  }
  t.live = t.stdout_tty && !DumbTerminal();
  winsize ws{};
  if (t.stdout_tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
    t.width = ws.ws_col;
  return t;
}

std::string Paint(const Terminal& t, const char* sgr, const std::string& text) {
  if (!t.color) return text;
  return std::string("\x1b[") + sgr + "m" + text + "\x1b[0m";
}

}  // namespace luamig::cli
