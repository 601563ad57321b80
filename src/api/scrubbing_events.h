// SPDX-License-Identifier: MIT
// Internal: the first EventSink every event passes through, so that no
// secret reaches the logger or the host's sink (op.log and print lines are
// text a script chose).
#ifndef LUAMIG_API_SCRUBBING_EVENTS_H_
#define LUAMIG_API_SCRUBBING_EVENTS_H_

#include <memory>
#include <string>
#include <vector>

#include "luamig/events.h"
#include "luamig/secrets.h"

namespace luamig {

/// Scrubs every text field of every event, then hands it to `next`.
class ScrubbingEvents final : public EventSink {
 public:
  /// REQUIRES: `next` is not null and outlives this sink.
  ScrubbingEvents(std::shared_ptr<const SecretSet> secrets, EventSink* next)
      : secrets_(std::move(secrets)), next_(next) {}
  void OnPlan(const std::vector<StepInfo>& steps) override;
  void OnStepStarted(const StepInfo& step, size_t index, size_t total) override;
  void OnStepFinished(const StepInfo& step, std::chrono::microseconds duration) override;
  void OnWaitingForLock(const std::string& what) override;
  void OnLog(const std::string& revision, const std::string& message) override;
  void OnWarning(const std::string& message) override;

 private:
  StepInfo Clean(StepInfo step) const;

  std::shared_ptr<const SecretSet> secrets_;
  EventSink* next_;
};

}  // namespace luamig

#endif  // LUAMIG_API_SCRUBBING_EVENTS_H_
