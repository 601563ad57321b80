// SPDX-License-Identifier: MIT
// What a database session offers besides statements: transactions, the
// single-runner lock, statement limits and who is connected. Connections
// implement it; a SqlSink does too (a LiveSink by forwarding to its
// connection, a script sink with the defaults below: a script has no
// session). A db::Transaction brackets any Session.
#ifndef LUAMIG_DB_SESSION_H_
#define LUAMIG_DB_SESSION_H_

#include <chrono>
#include <string>

#include "db/lock_wait.h"
#include "luamig/status.h"

namespace luamig::db {

/// Server-side limits for the statements of one migration.
struct StatementLimits {
  /// How long one statement may wait for a table or row lock (PostgreSQL
  /// lock_timeout). Negative: the server's own setting.
  std::chrono::milliseconds lock_timeout{-1};
  /// How long one statement may run (PostgreSQL statement_timeout).
  /// Negative: the server's own setting.
  std::chrono::milliseconds statement_timeout{-1};

  bool empty() const { return lock_timeout.count() < 0 && statement_timeout.count() < 0; }
};

class Session {
 public:
  virtual ~Session() = default;

  /// Starts a transaction that holds the database's write lock as early as
  /// the backend allows (SQLite: BEGIN IMMEDIATE, waiting up to the busy
  /// timeout — or, under the run lock, as long as the run's LockWaiter says).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  virtual bool InTransaction() const = 0;

  /// Takes the single-runner lock for `key` (PostgreSQL: session advisory
  /// lock, held until ReleaseRunLock or the session ends), trying again each
  /// time `waiter.Wait()` returns Ok and giving up with its Status
  /// (kLockTimeout, the message naming `key`). SQLite has no session lock:
  /// BEGIN IMMEDIATE serialises each step, so there the call only makes
  /// every Begin() until ReleaseRunLock wait for the write lock through
  /// `waiter` instead of the busy timeout. REQUIRES: `waiter` outlives
  /// ReleaseRunLock. Default (a script): no lock, Ok.
  virtual Status AcquireRunLock(const std::string& key, LockWaiter& waiter) {
    (void)key, (void)waiter;
    return Status::Ok();
  }
  virtual Status ReleaseRunLock(const std::string& key) {
    (void)key;
    return Status::Ok();
  }
  /// Limits for what this session runs from now on, until replaced. Inside a
  /// transaction they apply to it (PostgreSQL: SET LOCAL) and every later
  /// Begin() applies them again, so a transaction that is committed and
  /// re-begun mid-migration keeps them; outside a transaction they apply to
  /// the session. Backends without such settings (SQLite, a script) ignore
  /// them.
  virtual Status SetLimits(const StatementLimits& limits) {
    (void)limits;
    return Status::Ok();
  }
  /// Whether `s`, an error from this session, means a lock could not be
  /// taken within the lock timeout (PostgreSQL SQLSTATE 55P03), so that the
  /// transaction may be retried from its start.
  virtual bool IsLockNotAvailable(const Status& s) const {
    (void)s;
    return false;
  }
  /// Who runs the migrations, for the history table: the database user
  /// (PostgreSQL current_user), the operating-system user where the database
  /// has none (SQLite), "" for a script (it does not know who will run it).
  virtual std::string CurrentUser() { return ""; }
};

}  // namespace luamig::db

#endif  // LUAMIG_DB_SESSION_H_
