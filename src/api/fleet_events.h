// SPDX-License-Identifier: MIT
// Internal: how a fleet's events reach the host's FleetEventSink — one call
// at a time (SerialEvents), each Migrator's events tagged with its target
// (TargetEvents).
#ifndef LUAMIG_API_FLEET_EVENTS_H_
#define LUAMIG_API_FLEET_EVENTS_H_

#include <mutex>
#include <string>
#include <vector>

#include "luamig/fleet.h"

namespace luamig {

/// Forwards to a FleetEventSink (which may be null) under one mutex.
class SerialEvents {
 public:
  explicit SerialEvents(FleetEventSink* sink) : sink_(sink) {}
  void Wave(size_t wave, size_t count);
  void Pause(std::chrono::milliseconds pause);
  void Stopping(const std::string& reason);
  void TargetStarted(const TargetResult& t);
  void TargetFinished(const TargetResult& t);
  void StepStarted(const std::string& target, const StepInfo& step, size_t index,
                   size_t total);
  void StepFinished(const std::string& target, const StepInfo& step,
                    std::chrono::microseconds took);
  void Log(const std::string& target, const std::string& revision,
           const std::string& message);
  void Warning(const std::string& target, const std::string& message);

 private:
  FleetEventSink* sink_;
  std::mutex mu_;
};

/// One target's Migrator events: tagged with its name, passed on, and the
/// finished steps collected into `steps` (also when the run then fails).
class TargetEvents final : public EventSink {
 public:
  TargetEvents(SerialEvents& out, std::string target, std::vector<StepResult>* steps)
      : out_(out), target_(std::move(target)), steps_(steps) {}
  void OnStepStarted(const StepInfo& step, size_t index, size_t total) override;
  void OnStepFinished(const StepInfo& step, std::chrono::microseconds duration) override;
  void OnLog(const std::string& revision, const std::string& message) override;
  void OnWarning(const std::string& message) override;

 private:
  SerialEvents& out_;
  std::string target_;
  std::vector<StepResult>* steps_;
};

}  // namespace luamig

#endif  // LUAMIG_API_FLEET_EVENTS_H_
