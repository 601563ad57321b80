// SPDX-License-Identifier: MIT
// A live database session. Adapters (SQLite, PostgreSQL) implement it; the
// runtime never knows which one it talks to.
#ifndef LUAMIG_DB_CONNECTION_H_
#define LUAMIG_DB_CONNECTION_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "db/session.h"
#include "luamig/status.h"
#include "ops/value.h"

namespace luamig::db {

/// A copy of a database taken before a run, to put back after a failure.
class Snapshot {
 public:
  virtual ~Snapshot() = default;
  /// Writes the copy back. REQUIRES: no transaction is open.
  virtual Status Restore() = 0;
  /// Deletes the copy. Idempotent.
  virtual Status Remove() = 0;
  /// Where the copy is kept, for messages.
  virtual const std::string& path() const = 0;
};

/// One database session. Not thread-safe: use one per thread.
/// Parameters are written $1, $2, … in SQL text on every backend and are
/// always bound, never spliced into the text.
class Connection : public Session {
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

  // Begin, Commit, Rollback, InTransaction, AcquireRunLock, ReleaseRunLock,
  // SetLimits, IsLockNotAvailable and CurrentUser: see Session.

  /// A byte-for-byte copy of the database file that Restore() can write back
  /// (SqliteSnapshot). Error kUsage where the backend has no such file
  /// (PostgreSQL) or cannot restore it (see SqliteSnapshot::Take).
  /// REQUIRES: no transaction is open; the connection outlives the result.
  virtual Result<std::unique_ptr<Snapshot>> TakeSnapshot() {
    return Status::Usage("a file backup needs a SQLite database file");
  }

  /// The schema new objects go to by default ("" where there are no schemas).
  virtual std::string DefaultSchema() = 0;
  /// A description safe to print (URL with the password masked).
  virtual std::string Describe() const = 0;
};

}  // namespace luamig::db

#endif  // LUAMIG_DB_CONNECTION_H_
