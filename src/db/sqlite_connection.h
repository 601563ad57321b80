// SPDX-License-Identifier: MIT
// The sqlite3 C API adapter: the only code that reads sqlite3 result codes.
#ifndef LUAMIG_DB_SQLITE_CONNECTION_H_
#define LUAMIG_DB_SQLITE_CONNECTION_H_

#include <memory>
#include <string>

#include "db/connection.h"
#include "db/sqlite_guard.h"

struct sqlite3;

namespace luamig::db {

class SqliteConnection final : public Connection {
 public:
  /// Opens (creating if needed) `path`, or an in-memory database for ":memory:".
  static Result<std::unique_ptr<SqliteConnection>> Open(
      const std::string& path, std::chrono::milliseconds busy_timeout);
  /// Wraps a handle the host owns; it is not closed by the destructor.
  static std::unique_ptr<SqliteConnection> Borrow(sqlite3* handle,
                                                  std::chrono::milliseconds busy_timeout);
  ~SqliteConnection() override;

  Status Execute(const std::string& sql, const std::vector<ops::Value>& params) override;
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override;
  /// No session lock: until ReleaseRunLock, Begin() waits for the write lock
  /// through `waiter` (not the busy timeout).
  Status AcquireRunLock(const std::string& key, LockWaiter& waiter) override;
  Status ReleaseRunLock(const std::string& key) override;
  /// A SqliteSnapshot of the database file.
  Result<std::unique_ptr<Snapshot>> TakeSnapshot() override;
  std::string DefaultSchema() override { return ""; }
  std::string CurrentUser() override;
  std::string Describe() const override;

  sqlite3* handle() const { return db_; }

  /// Lets SQL attach and write other files and change guarded PRAGMAs
  /// (db/sqlite_guard.h). No effect on a borrowed handle, whose settings
  /// are the host's.
  void SetTrustedScripts(bool trusted);

 private:
  SqliteConnection(sqlite3* db, bool owned, std::string path,
                   std::chrono::milliseconds busy_timeout);
  Status Error(int rc, const std::string& sql) const;
  bool OnlyCommentsIn(const char* tail) const;
  Status ExecScript(const std::string& sql);
  Status BeginWaiting();
  Status Locked(const std::string& why, const std::string& sqlstate) const;

  sqlite3* db_;
  bool owned_;
  std::string path_;
  std::chrono::milliseconds busy_timeout_;
  bool began_ = false;  ///< the open transaction (if any) was started by Begin()
  /// Between AcquireRunLock and ReleaseRunLock: how Begin() waits.
  LockWaiter* run_lock_waiter_ = nullptr;
  std::unique_ptr<SqliteGuard> guard_;  ///< null for a borrowed handle
};

/// Rewrites $1, $2, … placeholders to SQLite's ?1, ?2, …. Left alone: text in
/// quotes ('…', "…", `…`, […]), in -- and /* */ comments, and a $ that is part of
/// an identifier (price$1).
std::string SqliteParamSyntax(const std::string& sql);

}  // namespace luamig::db

#endif  // LUAMIG_DB_SQLITE_CONNECTION_H_
