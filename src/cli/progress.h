// SPDX-License-Identifier: MIT
// Renders a run's events. In a pipe: one plain line per finished step. On a
// terminal: each step shows as it starts, with a live elapsed time and, when
// progress is reported, a bar (done/total, rate, ETA); the line is rewritten
// in place and becomes the same plain line when the step finishes.
#ifndef LUAMIG_CLI_PROGRESS_H_
#define LUAMIG_CLI_PROGRESS_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "cli/terminal.h"
#include "luamig/events.h"
#include "luamig/results.h"

namespace luamig::cli {

/// How far a long step (a backfill) has got.
struct ProgressState {
  uint64_t done = 0;
  uint64_t total = 0;  ///< 0 = unknown
  double rate = 0;     ///< units per second; 0 = unknown
};

/// "  52%  1200/2300  450/s  ETA 3s" (without a total: "  1200  450/s").
std::string ProgressNumbers(const ProgressState& p);
/// "[#######-------]  52%  1200/2300  450/s  ETA 3s" in `width` columns
/// (parts that do not fit are dropped from the right).
std::string ProgressBar(const ProgressState& p, size_t width);
/// "0.4s", "12.0s", "2m05s".
std::string Elapsed(std::chrono::steady_clock::duration d);

class ProgressPrinter final : public EventSink {
 public:
  /// Step lines go to `out` (stdout for text, stderr for JSON output), and
  /// `terminal` is what `out` is (Terminal::OnStderr() for stderr); warnings
  /// go to `err`, stderr. `verbosity` as GlobalOptions. `live` redraws need a
  /// terminal.
  ProgressPrinter(std::ostream& out, std::ostream& err, Terminal terminal, bool live,
                  int verbosity);
  ~ProgressPrinter() override;
  ProgressPrinter(const ProgressPrinter&) = delete;
  ProgressPrinter& operator=(const ProgressPrinter&) = delete;

  void OnStepStarted(const StepInfo& step, size_t index, size_t total) override;
  void OnStepFinished(const StepInfo& step, std::chrono::microseconds duration) override;
  void OnWaitingForLock(const std::string& what) override;
  void OnLog(const std::string& revision, const std::string& message) override;
  void OnWarning(const std::string& message) override;
  /// A progress report for the running step (backfills). On a terminal the
  /// live line gets a bar; in a pipe a plain line is written at most every
  /// pipe interval (none for a step shorter than that). A rate of 0 is
  /// worked out from the step's elapsed time.
  void OnStepProgress(const ProgressState& state);
  /// How often a pipe gets a progress line (default 10 s).
  void SetPipeProgressInterval(std::chrono::steady_clock::duration every) {
    pipe_every_ = every;
  }

  /// Ends a live line before other output follows (an error report): a step
  /// still running is shown as failed. Idempotent.
  void EndRun();

  /// For --sql, whose script is stdout: no step lines, op.log on stderr.
  void LogToStderr() { logs_to_err_ = true; }

  size_t finished() const { return finished_; }
  /// The steps finished so far, with their durations.
  const std::vector<StepResult>& done_steps() const { return done_; }

 private:
  void StartTicker();
  void StopTicker();
  void Redraw();     // REQUIRES: mu_ held
  void ClearLine();  // REQUIRES: mu_ held

  std::ostream& out_;
  std::ostream& err_;
  Terminal terminal_;      // for out_
  Terminal err_terminal_;  // for err_
  bool live_;
  int verbosity_;
  size_t finished_ = 0;
  std::vector<StepResult> done_;
  bool logs_to_err_ = false;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread ticker_;
  bool step_running_ = false;
  std::string step_text_;
  std::string step_revision_;
  std::chrono::steady_clock::time_point step_start_;
  std::optional<ProgressState> progress_;
  std::chrono::steady_clock::duration pipe_every_ = std::chrono::seconds(10);
  std::chrono::steady_clock::time_point last_pipe_line_;
  bool line_drawn_ = false;
};

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_PROGRESS_H_
