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

  /// Takes the single-runner lock for `key` (PostgreSQL: session advisory lock;
  /// SQLite: no-op, BEGIN IMMEDIATE serialises each step). Calls `on_wait` once
  /// if it has to wait; gives up after `timeout` (negative: wait forever) with
  /// StatusCode::kLockTimeout.
  virtual Status AcquireRunLock(const std::string& key, std::chrono::milliseconds timeout,
                                const std::function<void()>& on_wait) = 0;
  virtual Status ReleaseRunLock(const std::string& key) = 0;

  /// The schema new objects go to by default ("" where there are no schemas).
  virtual std::string DefaultSchema() = 0;
  /// A description safe to print (URL with the password masked).
  virtual std::string Describe() const = 0;
};

}  // namespace luamig::db

#endif  // LUAMIG_DB_CONNECTION_H_
