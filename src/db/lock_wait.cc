// SPDX-License-Identifier: MIT
#include "db/lock_wait.h"

#include <algorithm>

namespace luamig::db {

Status TimedLockWaiter::Wait() {
  using std::chrono::milliseconds;
  const util::Clock::Instant now = clock_.Now();
  if (!since_) {
    since_ = now;
    if (on_wait_) on_wait_();
  }
  milliseconds sleep = poll_;
  if (timeout_.count() >= 0) {
    auto waited = std::chrono::duration_cast<milliseconds>(now - *since_);
    if (waited >= timeout_)
      return Status(StatusCode::kLockTimeout,
                    "gave up after " + std::to_string(timeout_.count()) + " ms");
    sleep = std::min(sleep, timeout_ - waited);
  }
  if (deadline_ && now + sleep > *deadline_) {
    stopped_at_deadline_ = true;
    return Status(StatusCode::kLockTimeout, "still waiting when the step budget ran out");
  }
  clock_.SleepFor(sleep);
  return Status::Ok();
}

}  // namespace luamig::db
