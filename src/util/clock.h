// SPDX-License-Identifier: MIT
// Time as the runtime sees it: durations, history timestamps and every wait
// (for another runner's lock, before a retry). Injected, so that tests of
// waiting and retrying neither sleep nor depend on the machine's speed.
#ifndef LUAMIG_UTIL_CLOCK_H_
#define LUAMIG_UTIL_CLOCK_H_

#include <chrono>
#include <string>

namespace luamig::util {

class Clock {
 public:
  using Instant = std::chrono::steady_clock::time_point;
  using WallTime = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;
  /// Monotonic time, for durations and deadlines.
  virtual Instant Now() const = 0;
  /// Calendar time, for timestamps stored in the history table.
  virtual WallTime WallNow() const = 0;
  /// Blocks the calling thread for `d` (a fake clock only advances).
  virtual void SleepFor(std::chrono::milliseconds d) = 0;

  /// The process's own clock. Stateless and thread-safe.
  static Clock& Real();
};

/// `t` in UTC as "YYYY-MM-DD HH:MM:SS.mmm+00" (the history table's format).
std::string UtcTimestamp(Clock::WallTime t);

}  // namespace luamig::util

#endif  // LUAMIG_UTIL_CLOCK_H_
