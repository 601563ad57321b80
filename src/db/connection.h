// SPDX-License-Identifier: MIT
// A live database session. Adapters (SQLite, PostgreSQL) implement it; the
// runtime never knows which one it talks to.
#ifndef LUAMIG_DB_CONNECTION_H_
#define LUAMIG_DB_CONNECTION_H_

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "luamig/status.h"
#include "ops/value.h"

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

/// One database session. Not thread-safe: use one per thread.
/// Parameters are written $1, $2, … in SQL text on every backend and are
/// always bound, never spliced into the text.
class Connection {
 public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one statement (or, without params, a ;-separated script).
  /// Errors (kDatabase) carry the SQL and the database's code/message.
  virtual Status Execute(const std::string& sql,
                         const std::vector<ops::Value>& params = {}) = 0;
  /// Runs a query and returns every row.
  virtual Result<ops::Rows> Query(const std::string& sql,
                                  const std::vector<ops::Value>& params = {}) = 0;

  /// Starts a transaction that holds the database's write lock as early as the
  /// backend allows (SQLite: BEGIN IMMEDIATE, waiting up to the busy timeout).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  virtual bool InTransaction() const = 0;

  /// Takes the single-runner lock for `key` (PostgreSQL: session advisory lock,
  /// held until ReleaseRunLock or the session ends). Calls `on_wait` once if it
  /// has to wait; gives up after `timeout` (negative: wait forever) with
  /// StatusCode::kLockTimeout. SQLite has no session lock: BEGIN IMMEDIATE
  /// serialises each step, so there the call only makes every Begin() until
  /// ReleaseRunLock keep waiting for the write lock beyond the busy timeout, up
  /// to `timeout`, calling `on_wait` when it starts to wait.
  virtual Status AcquireRunLock(const std::string& key, std::chrono::milliseconds timeout,
                                const std::function<void()>& on_wait) = 0;
  virtual Status ReleaseRunLock(const std::string& key) = 0;

  /// Limits for what this session runs from now on, until replaced. Inside a
  /// transaction they apply to it (PostgreSQL: SET LOCAL) and every later
  /// Begin() applies them again, so a transaction that is committed and
  /// re-begun mid-migration keeps them; outside a transaction they apply to
  /// the session. Backends without such settings (SQLite) ignore them.
  virtual Status SetLimits(const StatementLimits& limits) {
    (void)limits;
    return Status::Ok();
  }
  /// Whether `s`, an error from this connection, means a lock could not be
  /// taken within the lock timeout (PostgreSQL SQLSTATE 55P03), so that the
  /// transaction may be retried from its start.
  virtual bool IsLockNotAvailable(const Status& s) const {
    (void)s;
    return false;
  }
  /// Who runs the migrations, for the history table: the database user
  /// (PostgreSQL current_user), or the operating-system user where the
  /// database has none (SQLite).
  virtual std::string CurrentUser() { return ""; }

  /// The schema new objects go to by default ("" where there are no schemas).
  virtual std::string DefaultSchema() = 0;
  /// A description safe to print (URL with the password masked).
  virtual std::string Describe() const = 0;
};

}  // namespace luamig::db

#endif  // LUAMIG_DB_CONNECTION_H_
