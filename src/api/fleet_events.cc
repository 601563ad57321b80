// SPDX-License-Identifier: MIT
#include "api/fleet_events.h"

namespace luamig {

void SerialEvents::Wave(size_t wave, size_t count) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sink_) sink_->OnWave(wave, count);
}

void SerialEvents::Pause(std::chrono::milliseconds pause) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sink_) sink_->OnPause(pause);
}

void SerialEvents::Stopping(const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sink_) sink_->OnStopping(reason);
}

void SerialEvents::TargetStarted(const TargetResult& t) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sink_) sink_->OnTargetStarted(t);
}

void SerialEvents::TargetFinished(const TargetResult& t) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sink_) sink_->OnTargetFinished(t);
}

void SerialEvents::StepStarted(const std::string& target, const StepInfo& step,
                               size_t index, size_t total) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sink_) sink_->OnStepStarted(target, step, index, total);
}

void SerialEvents::StepFinished(const std::string& target, const StepInfo& step,
                                std::chrono::microseconds took) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sink_) sink_->OnStepFinished(target, step, took);
}

void SerialEvents::Log(const std::string& target, const std::string& revision,
                       const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sink_) sink_->OnLog(target, revision, message);
}

void SerialEvents::Warning(const std::string& target, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sink_) sink_->OnWarning(target, message);
}

void TargetEvents::OnStepStarted(const StepInfo& step, size_t index, size_t total) {
  out_.StepStarted(target_, step, index, total);
}

void TargetEvents::OnStepFinished(const StepInfo& step, std::chrono::microseconds took) {
  steps_->push_back({step, took});
  out_.StepFinished(target_, step, took);
}

void TargetEvents::OnLog(const std::string& revision, const std::string& message) {
  out_.Log(target_, revision, message);
}

void TargetEvents::OnWarning(const std::string& message) {
  out_.Warning(target_, message);
}

}  // namespace luamig
