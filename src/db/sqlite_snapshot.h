// SPDX-License-Identifier: MIT
// A byte-for-byte copy of a SQLite database file, taken and written back
// through SQLite's own file handle, so that a failed multi-step run can put a
// save file back exactly as it was (docs/embedding.md, "Save-safe runs").
#ifndef LUAMIG_DB_SQLITE_SNAPSHOT_H_
#define LUAMIG_DB_SQLITE_SNAPSHOT_H_

#include <memory>
#include <string>

#include "db/sqlite_connection.h"
#include "luamig/status.h"

namespace luamig::db {

/// Why not sqlite3_backup: a backup-API copy differs from its source in the
/// header (file change counter at offset 24, version-valid-for at 92), and
/// restoring with it also bumps the schema cookie (offset 40). This class
/// copies the file's bytes instead, reading and writing them through the
/// connection's own sqlite3_file (never a second file descriptor, whose
/// close() would drop the process's POSIX locks on the database).
///
/// Not thread-safe; uses `conn` only from the calling thread.
class SqliteSnapshot final : public Snapshot {
 public:
  /// Copies the main database file of `conn` to "<file>.luamig-backup" (made
  /// durable with fsync) while holding the write lock, so no other writer
  /// commits during the copy.
  /// REQUIRES: no transaction is open on `conn`; `conn` outlives the result.
  /// Errors: kUsage for an in-memory or temporary database, WAL journal mode
  /// or locking_mode=EXCLUSIVE (their pages are not all in the main file, or
  /// the cache could not see the restore); kDatabase/kProject for I/O.
  static Result<std::unique_ptr<SqliteSnapshot>> Take(SqliteConnection& conn);
  ~SqliteSnapshot() override = default;
  SqliteSnapshot(const SqliteSnapshot&) = delete;
  SqliteSnapshot& operator=(const SqliteSnapshot&) = delete;

  /// Writes the copy back over the database file, truncating it to the
  /// copy's size, under an EXCLUSIVE lock (no reader or writer sees a torn
  /// file), then syncs. Connections notice the change by the file change
  /// counter and drop their page and schema caches.
  /// REQUIRES: no transaction is open on the connection.
  Status Restore() override;
  /// Deletes the backup file. Idempotent.
  Status Remove() override;

  const std::string& path() const override { return path_; }

 private:
  SqliteSnapshot(SqliteConnection& conn, std::string path)
      : conn_(conn), path_(std::move(path)) {}

  SqliteConnection& conn_;
  std::string path_;
};

}  // namespace luamig::db

#endif  // LUAMIG_DB_SQLITE_SNAPSHOT_H_
