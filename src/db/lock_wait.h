// SPDX-License-Identifier: MIT
// How a connection waits for another runner: the PostgreSQL run lock (an
// advisory lock) and, during a run, SQLite's write lock. The connection only
// tries; the LockWaiter decides how long to sleep between tries and when to
// give up, on an injected clock.
#ifndef LUAMIG_DB_LOCK_WAIT_H_
#define LUAMIG_DB_LOCK_WAIT_H_

#include <chrono>
#include <functional>
#include <optional>

#include "luamig/status.h"
#include "util/clock.h"

namespace luamig::db {

class LockWaiter {
 public:
  virtual ~LockWaiter() = default;
  /// The lock was found taken. Sleeps (or not) and returns Ok to try again,
  /// or the Status to give up with.
  virtual Status Wait() = 0;
  /// The lock was taken: the next Wait() starts a new wait.
  virtual void Acquired() = 0;
};

/// Polls every `poll` until `timeout` has passed since the first Wait() of a
/// wait (negative: forever), then gives up with kLockTimeout "gave up after
/// <timeout> ms". Calls `on_wait` (may be empty) once per wait, when it
/// starts. A deadline, while set, bounds one call's sleeping: a Wait() that
/// would sleep past it returns kLockTimeout at once and sets
/// stopped_at_deadline() — the wait itself goes on (its start is kept), so
/// the timeout counts across the calls of a caller that comes back later.
/// Not thread-safe.
class TimedLockWaiter final : public LockWaiter {
 public:
  TimedLockWaiter(util::Clock& clock, std::chrono::milliseconds timeout,
                  std::function<void()> on_wait,
                  std::chrono::milliseconds poll = std::chrono::milliseconds(100))
      : clock_(clock), timeout_(timeout), on_wait_(std::move(on_wait)), poll_(poll) {}

  Status Wait() override;
  void Acquired() override { since_.reset(); }

  void SetDeadline(std::optional<util::Clock::Instant> deadline) {
    deadline_ = deadline;
    stopped_at_deadline_ = false;
  }
  bool stopped_at_deadline() const { return stopped_at_deadline_; }
  /// Whether a wait has started and not ended.
  bool waiting() const { return since_.has_value(); }

 private:
  util::Clock& clock_;
  std::chrono::milliseconds timeout_;
  std::function<void()> on_wait_;
  std::chrono::milliseconds poll_;
  std::optional<util::Clock::Instant> since_;
  std::optional<util::Clock::Instant> deadline_;
  bool stopped_at_deadline_ = false;
};

}  // namespace luamig::db

#endif  // LUAMIG_DB_LOCK_WAIT_H_
