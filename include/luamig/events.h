// SPDX-License-Identifier: MIT
// Progress and log events a host can show in its own UI.
#ifndef LUAMIG_EVENTS_H_
#define LUAMIG_EVENTS_H_

#include <chrono>
#include <string>
#include <vector>

namespace luamig {

enum class Direction { kUpgrade, kDowngrade };

/// One planned or executed migration step.
struct StepInfo {
  std::string revision;
  Direction direction = Direction::kUpgrade;
  std::string message;  ///< the revision's doc line
  std::string file;     ///< script name
  bool stamp_only = false;
};

/// Receives events from a run, on the thread that runs it. Every method has
/// an empty default, so hosts override only what they show.
class EventSink {
 public:
  virtual ~EventSink() = default;
  /// The plan is known: `steps` will run in this order.
  virtual void OnPlan(const std::vector<StepInfo>& steps) { (void)steps; }
  virtual void OnStepStarted(const StepInfo& step, size_t index, size_t total) {
    (void)step, (void)index, (void)total;
  }
  virtual void OnStepFinished(const StepInfo& step, std::chrono::microseconds duration) {
    (void)step, (void)duration;
  }
  /// Another runner holds the migration lock; this run waits.
  virtual void OnWaitingForLock(const std::string& what) { (void)what; }
  /// `op.log(...)` from a script, or a warning from luamig.
  virtual void OnLog(const std::string& revision, const std::string& message) {
    (void)revision, (void)message;
  }
  virtual void OnWarning(const std::string& message) { (void)message; }
};

}  // namespace luamig

#endif  // LUAMIG_EVENTS_H_
