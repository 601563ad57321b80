// SPDX-License-Identifier: MIT
// Renders a fleet's events. In a pipe: one line per finished target. On a
// terminal: a block redrawn in place — a bar with the counts, then the
// targets running now (from -> to, the step, elapsed) — with failed targets
// printed above it as they fail, so thousands of targets stay readable.
#ifndef LUAMIG_CLI_FLEET_VIEW_H_
#define LUAMIG_CLI_FLEET_VIEW_H_

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "cli/terminal.h"
#include "luamig/fleet.h"

namespace luamig::cli {

/// What the live block shows at most: the running targets beyond this are
/// counted, not listed.
constexpr size_t kMaxActiveLines = 12;

class FleetView final : public FleetEventSink {
 public:
  /// `out`: stdout for text, stderr for JSON (then only on a terminal).
  /// `verbosity` as GlobalOptions; `live` needs a terminal.
  FleetView(std::ostream& out, Terminal terminal, bool live, int verbosity, size_t total);
  ~FleetView() override;
  FleetView(const FleetView&) = delete;
  FleetView& operator=(const FleetView&) = delete;

  void OnWave(size_t wave, size_t count) override;
  void OnPause(std::chrono::milliseconds pause) override;
  void OnTargetStarted(const TargetResult& target) override;
  void OnTargetFinished(const TargetResult& target) override;
  void OnStepStarted(const std::string& target, const StepInfo& step, size_t index,
                     size_t total) override;
  void OnStepFinished(const std::string& target, const StepInfo& step,
                      std::chrono::microseconds duration) override;
  void OnLog(const std::string& target, const std::string& revision,
             const std::string& message) override;
  void OnWarning(const std::string& target, const std::string& message) override;
  void OnStopping(const std::string& reason) override;

  /// Print a line as each wave starts (with a canary or waves).
  void ShowWaves() { show_waves_ = true; }

  /// Clears the live block before the summary. Idempotent.
  void End();

  /// The block as it would be drawn now (tests and the ticker).
  std::string Block();

 private:
  struct Active {
    std::string from;
    std::string step;
    std::chrono::steady_clock::time_point start;
  };
  void Line(const std::string& text);  // a permanent line above the block
  void Redraw();                       // REQUIRES: mu_ held
  void Clear();                        // REQUIRES: mu_ held
  std::string BlockLocked();           // REQUIRES: mu_ held

  std::ostream& out_;
  Terminal terminal_;
  bool live_;
  int verbosity_;
  size_t total_;
  bool show_waves_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();

  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread ticker_;
  size_t drawn_lines_ = 0;
  std::map<std::string, Active> active_;
  size_t ok_ = 0, failed_ = 0, interrupted_ = 0;
  std::string stopping_;
};

/// "3 ok, 1 failed, 2 not started" (only the non-zero counts).
std::string CountsText(const FleetReport& report);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_FLEET_VIEW_H_
