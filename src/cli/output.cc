// SPDX-License-Identifier: MIT
#include "cli/output.h"

#include <iostream>

#include "cli/exit_code.h"
#include "cli/text.h"

namespace luamig::cli {

Output::Output(const GlobalOptions& g, const Terminal& terminal)
    : g_(g), terminal_(terminal) {
  // With JSON, step lines would corrupt the document: they go to stderr, and
  // only for a person watching a terminal.
  bool json = g.json();
  progress_ = std::make_unique<ProgressPrinter>(
      json ? std::cerr : std::cout, std::cerr, json ? terminal.OnStderr() : terminal,
      !json && terminal.live,
      json ? (terminal.stderr_tty ? g.verbosity() : 0) : g.verbosity());
}

std::ostream& Output::out() { return std::cout; }
std::ostream& Output::err() { return std::cerr; }

void Output::Note(const std::string& line) {
  if (g_.verbosity() >= 1 && !json()) std::cerr << line << std::endl;
}

int Output::Fail(const Status& s) {
  progress_->EndRun();
  error_ = s;
  int code = ExitCode(s);
  if (json()) {
    doc_["error"] = ErrorJson(s, code);
  } else {
    PrintError(std::cerr, terminal_, s, g_.verbosity() >= 2);
  }
  return code;
}

}  // namespace luamig::cli
