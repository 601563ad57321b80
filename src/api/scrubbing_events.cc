// SPDX-License-Identifier: MIT
#include "api/scrubbing_events.h"

namespace luamig {

StepInfo ScrubbingEvents::Clean(StepInfo step) const {
  step.message = secrets_->Scrub(step.message);
  step.file = secrets_->Scrub(step.file);
  return step;
}

void ScrubbingEvents::OnPlan(const std::vector<StepInfo>& steps) {
  std::vector<StepInfo> clean;
  clean.reserve(steps.size());
  for (const auto& s : steps) clean.push_back(Clean(s));
  next_->OnPlan(clean);
}

void ScrubbingEvents::OnStepStarted(const StepInfo& step, size_t index, size_t total) {
  next_->OnStepStarted(Clean(step), index, total);
}

void ScrubbingEvents::OnStepFinished(const StepInfo& step,
                                     std::chrono::microseconds duration) {
  next_->OnStepFinished(Clean(step), duration);
}

void ScrubbingEvents::OnWaitingForLock(const std::string& what) {
  next_->OnWaitingForLock(secrets_->Scrub(what));
}

void ScrubbingEvents::OnLog(const std::string& revision, const std::string& message) {
  next_->OnLog(revision, secrets_->Scrub(message));
}

void ScrubbingEvents::OnWarning(const std::string& message) {
  next_->OnWarning(secrets_->Scrub(message));
}

}  // namespace luamig
