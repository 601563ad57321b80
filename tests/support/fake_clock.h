// SPDX-License-Identifier: MIT
// A util::Clock whose time moves only when the code under test sleeps (or the
// test advances it): waits, retries and timeouts are tested without sleeping.
#ifndef LUAMIG_TESTS_SUPPORT_FAKE_CLOCK_H_
#define LUAMIG_TESTS_SUPPORT_FAKE_CLOCK_H_

#include <chrono>
#include <functional>
#include <vector>

#include "util/clock.h"

namespace luamig::testing {

class FakeClock final : public util::Clock {
 public:
  Instant Now() const override { return now_; }
  WallTime WallNow() const override {
    return WallTime(std::chrono::hours(24 * 365 * 55)) +
           std::chrono::duration_cast<WallTime::duration>(now_ - Instant());
  }
  /// Advances the time by `d` and records the sleep; then calls on_sleep.
  void SleepFor(std::chrono::milliseconds d) override {
    now_ += d;
    sleeps.push_back(d);
    if (on_sleep) on_sleep(d);
  }
  void Advance(std::chrono::milliseconds d) { now_ += d; }

  /// Total time slept.
  std::chrono::milliseconds slept() const {
    std::chrono::milliseconds total{0};
    for (auto d : sleeps) total += d;
    return total;
  }

  std::vector<std::chrono::milliseconds> sleeps;
  std::function<void(std::chrono::milliseconds)> on_sleep;

 private:
  Instant now_{};
};

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_FAKE_CLOCK_H_
