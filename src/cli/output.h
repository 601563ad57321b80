// SPDX-License-Identifier: MIT
// Renders result values as text for people (and, later, JSON for tools).
#ifndef LUAMIG_CLI_OUTPUT_H_
#define LUAMIG_CLI_OUTPUT_H_

#include <cstdio>
#include <string>
#include <vector>

#include "luamig/luamig.h"

namespace luamig::cli {

/// Verbosity: -q = 0, default = 1, -v = 2.
struct OutputOptions {
  int verbosity = 1;
};

/// Prints each step as it starts and finishes (to stdout).
class ProgressPrinter final : public EventSink {
 public:
  explicit ProgressPrinter(OutputOptions o) : o_(o) {}
  void OnStepStarted(const StepInfo& step, size_t index, size_t total) override;
  void OnStepFinished(const StepInfo& step, std::chrono::microseconds duration) override;
  void OnWaitingForLock(const std::string& what) override;
  void OnLog(const std::string& revision, const std::string& message) override;
  void OnWarning(const std::string& message) override;
  size_t finished() const { return finished_; }

 private:
  OutputOptions o_;
  size_t finished_ = 0;
};

/// "abc123 (head), add players" — one line per revision.
std::string RevisionLine(const RevisionInfo& rev, bool verbose);
/// Multi-line block for `-v` listings.
std::string RevisionBlock(const RevisionInfo& rev);
/// The error report on stderr: message, revision, file:line, SQL, hint. A
/// Lua stack traceback is shown only when `verbose`.
void PrintError(const Status& s, bool verbose);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_OUTPUT_H_
