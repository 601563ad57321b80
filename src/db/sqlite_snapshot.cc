// SPDX-License-Identifier: MIT
#include "db/sqlite_snapshot.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <vector>

namespace luamig::db {
namespace {

constexpr sqlite3_int64 kChunk = 1 << 16;

sqlite3_file* MainFile(sqlite3* db) {
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK)
    return nullptr;
  return file && file->pMethods ? file : nullptr;
}

Status IoError(int rc, const std::string& what) {
  return Status::Database(what + ": " + sqlite3_errstr(rc));
}

Result<std::string> Pragma(Connection& conn, const std::string& name) {
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, conn.Query("PRAGMA main." + name, {}));
  if (rows.rows.empty() || rows.rows[0].empty()) return std::string();
  const auto* s = std::get_if<std::string>(&rows.rows[0][0]);
  return s ? *s : std::string();
}

Status CheckRestorable(SqliteConnection& conn, const std::string& file) {
  if (file.empty())
    return Status::Usage(
        "backup_before_migrate needs a SQLite database file, not an in-memory or "
        "temporary database");
  LUAMIG_ASSIGN_OR_RETURN(std::string journal, Pragma(conn, "journal_mode"));
  if (journal == "wal" || journal == "memory" || journal == "off")
    return Status::Usage("backup_before_migrate needs a rollback journal (journal_mode " +
                         journal + " is not supported): " + file);
  LUAMIG_ASSIGN_OR_RETURN(std::string locking, Pragma(conn, "locking_mode"));
  if (locking == "exclusive")
    return Status::Usage(
        "backup_before_migrate does not support locking_mode=EXCLUSIVE: " + file);
  return Status::Ok();
}

// Copies the main file of `db` into `out`. REQUIRES: a lock that keeps
// writers out is held.
Status CopyOut(sqlite3* db, std::FILE* out) {
  sqlite3_file* f = MainFile(db);
  if (f == nullptr) return Status::Database("no file handle for the main database");
  sqlite3_int64 size = 0;
  int rc = f->pMethods->xFileSize(f, &size);
  if (rc != SQLITE_OK) return IoError(rc, "cannot size the database file");
  std::vector<char> buf(kChunk);
  for (sqlite3_int64 off = 0; off < size; off += kChunk) {
    int n = static_cast<int>(std::min(kChunk, size - off));
    rc = f->pMethods->xRead(f, buf.data(), n, off);
    if (rc != SQLITE_OK) return IoError(rc, "cannot read the database file");
    if (std::fwrite(buf.data(), 1, n, out) != static_cast<size_t>(n))
      return Status::Project("cannot write the backup file");
  }
  if (std::fflush(out) != 0 || fsync(fileno(out)) != 0)
    return Status::Project("cannot sync the backup file");
  return Status::Ok();
}

// Writes `in` over the main file of `db`. REQUIRES: an EXCLUSIVE lock.
Status CopyIn(sqlite3* db, std::FILE* in) {
  sqlite3_file* f = MainFile(db);
  if (f == nullptr) return Status::Database("no file handle for the main database");
  std::vector<char> buf(kChunk);
  sqlite3_int64 off = 0;
  for (;;) {
    size_t n = std::fread(buf.data(), 1, buf.size(), in);
    if (n == 0) break;
    int rc = f->pMethods->xWrite(f, buf.data(), static_cast<int>(n), off);
    if (rc != SQLITE_OK) return IoError(rc, "cannot write the database file");
    off += static_cast<sqlite3_int64>(n);
  }
  if (std::ferror(in)) return Status::Project("cannot read the backup file");
  int rc = f->pMethods->xTruncate(f, off);
  if (rc == SQLITE_OK) rc = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
  return rc == SQLITE_OK ? Status::Ok() : IoError(rc, "cannot restore the database file");
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace

Result<std::unique_ptr<SqliteSnapshot>> SqliteSnapshot::Take(SqliteConnection& conn) {
  const char* name = sqlite3_db_filename(conn.handle(), "main");
  std::string file = name ? name : "";
  LUAMIG_RETURN_IF_ERROR(CheckRestorable(conn, file));
  std::unique_ptr<SqliteSnapshot> snap(new SqliteSnapshot(conn, file + ".luamig-backup"));
  File out(std::fopen(snap->path_.c_str(), "wb"));
  if (!out) return Status::Project("cannot create the backup file " + snap->path_);
  LUAMIG_RETURN_IF_ERROR(conn.Begin());  // BEGIN IMMEDIATE: writers wait
  Status copied = CopyOut(conn.handle(), out.get());
  Status ended = conn.Rollback();  // nothing was written
  if (!copied.ok() || !ended.ok()) {
    out.reset();
    (void)snap->Remove();
    return copied.ok() ? ended : copied;
  }
  return snap;
}

Status SqliteSnapshot::Restore() {
  File in(std::fopen(path_.c_str(), "rb"));
  if (!in) return Status::Project("cannot open the backup file " + path_);
  LUAMIG_RETURN_IF_ERROR(conn_.Execute("BEGIN EXCLUSIVE", {}));
  Status copied = CopyIn(conn_.handle(), in.get());
  // The transaction wrote no page: ROLLBACK only drops the lock.
  Status ended = conn_.Execute("ROLLBACK", {});
  if (!copied.ok()) return std::move(copied.WithHint("the backup is kept at " + path_));
  return ended;
}

Status SqliteSnapshot::Remove() {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
  if (ec) return Status::Project("cannot remove " + path_ + ": " + ec.message());
  return Status::Ok();
}

}  // namespace luamig::db
