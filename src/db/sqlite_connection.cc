// SPDX-License-Identifier: MIT
#include "db/sqlite_connection.h"

#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "db/one_statement.h"
#include "db/sqlite_snapshot.h"
#include "util/overloaded.h"

namespace luamig::db {
namespace {

struct StmtDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

int Bind(sqlite3_stmt* stmt, int i, const ops::Value& v) {
  return std::visit(util::Overloaded{
                        [&](const ops::Null&) { return sqlite3_bind_null(stmt, i); },
                        [&](bool b) { return sqlite3_bind_int64(stmt, i, b ? 1 : 0); },
                        [&](int64_t n) { return sqlite3_bind_int64(stmt, i, n); },
                        [&](double d) { return sqlite3_bind_double(stmt, i, d); },
                        [&](const std::string& s) {
                          return sqlite3_bind_text64(stmt, i, s.data(), s.size(),
                                                     SQLITE_TRANSIENT, SQLITE_UTF8);
                        },
                        [&](const ops::Blob& b) {
                          return sqlite3_bind_blob64(stmt, i, b.bytes.data(),
                                                     b.bytes.size(), SQLITE_TRANSIENT);
                        },
                    },
                    v);
}

ops::Value Column(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return int64_t{sqlite3_column_int64(stmt, i)};
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      const char* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
    }
    case SQLITE_BLOB: {
      const char* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      return ops::Blob{
          std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i)))};
    }
    default:
      return ops::Null{};
  }
}

// The result code's C name ("SQLITE_BUSY", "SQLITE_CONSTRAINT_UNIQUE"): what
// Status::sqlstate() holds for SQLite. sqlite3_errstr() is English prose
// ("database is locked"), which belongs in the message, not the code.
std::string ResultCodeName(int rc) {
#define LUAMIG_SQLITE_CODE(name) \
  case name:                     \
    return #name;
  switch (rc) {
    LUAMIG_SQLITE_CODE(SQLITE_CONSTRAINT_CHECK)
    LUAMIG_SQLITE_CODE(SQLITE_CONSTRAINT_FOREIGNKEY)
    LUAMIG_SQLITE_CODE(SQLITE_CONSTRAINT_NOTNULL)
    LUAMIG_SQLITE_CODE(SQLITE_CONSTRAINT_PRIMARYKEY)
    LUAMIG_SQLITE_CODE(SQLITE_CONSTRAINT_TRIGGER)
    LUAMIG_SQLITE_CODE(SQLITE_CONSTRAINT_UNIQUE)
    LUAMIG_SQLITE_CODE(SQLITE_CONSTRAINT_ROWID)
    LUAMIG_SQLITE_CODE(SQLITE_BUSY_RECOVERY)
    LUAMIG_SQLITE_CODE(SQLITE_BUSY_SNAPSHOT)
    LUAMIG_SQLITE_CODE(SQLITE_LOCKED_SHAREDCACHE)
    LUAMIG_SQLITE_CODE(SQLITE_READONLY_RECOVERY)
    LUAMIG_SQLITE_CODE(SQLITE_READONLY_CANTLOCK)
    LUAMIG_SQLITE_CODE(SQLITE_READONLY_ROLLBACK)
    LUAMIG_SQLITE_CODE(SQLITE_READONLY_DBMOVED)
    LUAMIG_SQLITE_CODE(SQLITE_CANTOPEN_ISDIR)
    LUAMIG_SQLITE_CODE(SQLITE_CANTOPEN_FULLPATH)
    LUAMIG_SQLITE_CODE(SQLITE_ABORT_ROLLBACK)
    default:
      break;
  }
  switch (rc & 0xff) {
    LUAMIG_SQLITE_CODE(SQLITE_OK)
    LUAMIG_SQLITE_CODE(SQLITE_ERROR)
    LUAMIG_SQLITE_CODE(SQLITE_INTERNAL)
    LUAMIG_SQLITE_CODE(SQLITE_PERM)
    LUAMIG_SQLITE_CODE(SQLITE_ABORT)
    LUAMIG_SQLITE_CODE(SQLITE_BUSY)
    LUAMIG_SQLITE_CODE(SQLITE_LOCKED)
    LUAMIG_SQLITE_CODE(SQLITE_NOMEM)
    LUAMIG_SQLITE_CODE(SQLITE_READONLY)
    LUAMIG_SQLITE_CODE(SQLITE_INTERRUPT)
    LUAMIG_SQLITE_CODE(SQLITE_IOERR)
    LUAMIG_SQLITE_CODE(SQLITE_CORRUPT)
    LUAMIG_SQLITE_CODE(SQLITE_NOTFOUND)
    LUAMIG_SQLITE_CODE(SQLITE_FULL)
    LUAMIG_SQLITE_CODE(SQLITE_CANTOPEN)
    LUAMIG_SQLITE_CODE(SQLITE_PROTOCOL)
    LUAMIG_SQLITE_CODE(SQLITE_EMPTY)
    LUAMIG_SQLITE_CODE(SQLITE_SCHEMA)
    LUAMIG_SQLITE_CODE(SQLITE_TOOBIG)
    LUAMIG_SQLITE_CODE(SQLITE_CONSTRAINT)
    LUAMIG_SQLITE_CODE(SQLITE_MISMATCH)
    LUAMIG_SQLITE_CODE(SQLITE_MISUSE)
    LUAMIG_SQLITE_CODE(SQLITE_NOLFS)
    LUAMIG_SQLITE_CODE(SQLITE_AUTH)
    LUAMIG_SQLITE_CODE(SQLITE_FORMAT)
    LUAMIG_SQLITE_CODE(SQLITE_RANGE)
    LUAMIG_SQLITE_CODE(SQLITE_NOTADB)
    LUAMIG_SQLITE_CODE(SQLITE_NOTICE)
    LUAMIG_SQLITE_CODE(SQLITE_WARNING)
    LUAMIG_SQLITE_CODE(SQLITE_ROW)
    LUAMIG_SQLITE_CODE(SQLITE_DONE)
    default:
      return "SQLITE_" + std::to_string(rc);
  }
#undef LUAMIG_SQLITE_CODE
}

// The most precise code for a failure `rc` just returned on `db`: the
// extended code when the handle has one for the same primary code (a
// borrowed handle may not have extended result codes switched on).
int PreciseCode(sqlite3* db, int rc) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  return (ext & 0xff) == (rc & 0xff) ? ext : rc;
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string SqliteParamSyntax(const std::string& sql) {
  std::string out;
  out.reserve(sql.size());
  char close = 0;  // the character that ends the quoted run we are in, if any
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (close) {
      if (c == close) close = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      close = c;
    } else if (c == '[') {
      close = ']';
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string::npos) end = sql.size();
      out.append(sql, i, end - i);
      i = end - 1;
      continue;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      end = end == std::string::npos ? sql.size() : end + 2;
      out.append(sql, i, end - i);
      i = end - 1;
      continue;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '1' && sql[i + 1] <= '9' &&
               (i == 0 || !IsIdentChar(sql[i - 1]))) {
      c = '?';
    }
    out += c;
  }
  return out;
}

SqliteConnection::SqliteConnection(sqlite3* db, bool owned, std::string path,
                                   std::chrono::milliseconds busy_timeout)
    : db_(db), owned_(owned), path_(std::move(path)), busy_timeout_(busy_timeout) {}

SqliteConnection::~SqliteConnection() {
  guard_.reset();  // its destructor talks to the handle: before closing it
  // A borrowed handle's transaction belongs to the host unless we began it.
  if ((owned_ || began_) && InTransaction()) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  if (owned_) sqlite3_close_v2(db_);
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path, std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int code = PreciseCode(db, rc);
    sqlite3_close_v2(db);
    return Status::Database("cannot open SQLite database '" + path + "': " + msg)
        .WithSqlState(ResultCodeName(code));
  }
  sqlite3_extended_result_codes(db, 1);
  auto conn = std::unique_ptr<SqliteConnection>(
      new SqliteConnection(db, true, path, busy_timeout));
  conn->guard_ = std::make_unique<SqliteGuard>(db);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  LUAMIG_RETURN_IF_ERROR(conn->Execute("PRAGMA foreign_keys = ON", {}));
  return conn;
}

std::unique_ptr<SqliteConnection> SqliteConnection::Borrow(
    sqlite3* handle, std::chrono::milliseconds busy_timeout) {
  sqlite3_busy_timeout(handle, static_cast<int>(busy_timeout.count()));
  const char* file = sqlite3_db_filename(handle, "main");
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(
      handle, false, file && *file ? file : ":memory:", busy_timeout));
}

// Whether `tail` (what sqlite3_prepare_v2 left after the first statement)
// holds no further statement: blanks, comments and semicolons only.
bool SqliteConnection::OnlyCommentsIn(const char* tail) const {
  while (tail != nullptr && *tail != '\0') {
    sqlite3_stmt* next = nullptr;
    const char* rest = nullptr;
    int rc = sqlite3_prepare_v2(db_, tail, -1, &next, &rest);
    Stmt guard(next);
    // A statement that does not even compile is still a second statement.
    if (rc != SQLITE_OK || next != nullptr) return false;
    if (rest == tail) break;
    tail = rest;
  }
  return true;
}

void SqliteConnection::SetTrustedScripts(bool trusted) {
  if (guard_) guard_->SetTrusted(trusted);
}

Status SqliteConnection::Error(int rc, const std::string& sql) const {
  std::string refusal = guard_ ? guard_->TakeRefusal() : "";
  if (!refusal.empty())
    return Status::Database(refusal).WithSql(sql).WithSqlState(
        ResultCodeName(PreciseCode(db_, rc)));
  return Status::Database(sqlite3_errmsg(db_))
      .WithSql(sql)
      .WithSqlState(ResultCodeName(PreciseCode(db_, rc)));
}

Status SqliteConnection::ExecScript(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  if (std::string refusal = guard_ ? guard_->TakeRefusal() : ""; !refusal.empty())
    msg = refusal;
  return Status::Database(msg).WithSql(sql).WithSqlState(
      ResultCodeName(PreciseCode(db_, rc)));
}

Status SqliteConnection::Execute(const std::string& sql,
                                 const std::vector<ops::Value>& params) {
  if (params.empty()) return ExecScript(sql);
  auto rows = Query(sql, params);
  return rows.ok() ? Status::Ok() : rows.status();
}

Result<ops::Rows> SqliteConnection::Query(const std::string& sql,
                                          const std::vector<ops::Value>& params) {
  sqlite3_stmt* raw = nullptr;
  std::string text = SqliteParamSyntax(sql);
  const char* tail = nullptr;
  int rc =
      sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size()), &raw, &tail);
  Stmt stmt(raw);
  if (rc != SQLITE_OK) return Error(rc, sql);
  if (!OnlyCommentsIn(tail)) return SeveralStatements(sql, !params.empty());
  int expected = sqlite3_bind_parameter_count(raw);
  if (expected != static_cast<int>(params.size())) {
    return Status::Database("statement has " + std::to_string(expected) +
                            " parameter(s) but " + std::to_string(params.size()) +
                            " value(s) were given")
        .WithSql(sql);
  }
  for (size_t i = 0; i < params.size(); ++i) {
    rc = Bind(raw, static_cast<int>(i + 1), params[i]);
    if (rc != SQLITE_OK) return Error(rc, sql);
  }
  ops::Rows out;
  int ncol = sqlite3_column_count(raw);
  for (int i = 0; i < ncol; ++i) out.columns.emplace_back(sqlite3_column_name(raw, i));
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    std::vector<ops::Value> row;
    row.reserve(static_cast<size_t>(ncol));
    for (int i = 0; i < ncol; ++i) row.push_back(Column(raw, i));
    out.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return Error(rc, sql);
  return out;
}

namespace {

bool IsBusy(const Status& s) {
  return !s.ok() && s.sqlstate().rfind("SQLITE_BUSY", 0) == 0;
}

}  // namespace

// Another connection holds the write lock for longer than we wait: the
// SQLite form of "another runner holds the migration lock".
Status SqliteConnection::Locked(const std::string& why,
                                const std::string& sqlstate) const {
  return Status(StatusCode::kLockTimeout,
                "database is locked: another connection holds the write lock on " +
                    path_ + "; " + why)
      .WithSql("BEGIN IMMEDIATE")
      .WithSqlState(sqlstate);
}

Status SqliteConnection::Begin() {
  Status s = run_lock_waiter_ ? BeginWaiting() : ExecScript("BEGIN IMMEDIATE");
  if (s.ok()) {
    began_ = true;
  } else if (IsBusy(s) && !run_lock_waiter_) {
    return Locked("gave up after " + std::to_string(busy_timeout_.count()) + " ms",
                  s.sqlstate());
  }
  return s;
}

// BEGIN IMMEDIATE without SQLite's busy wait, tried again for as long as the
// run's waiter says, so that the run's timeout (not the busy timeout) decides
// when to give up, on the run's clock.
Status SqliteConnection::BeginWaiting() {
  sqlite3_busy_timeout(db_, 0);
  Status s;
  for (;;) {
    s = ExecScript("BEGIN IMMEDIATE");
    if (!IsBusy(s)) break;
    Status wait = run_lock_waiter_->Wait();
    if (!wait.ok()) {
      s = Locked(wait.message(), s.sqlstate());
      break;
    }
  }
  if (s.ok()) run_lock_waiter_->Acquired();
  sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout_.count()));
  return s;
}

Status SqliteConnection::Commit() {
  Status s = ExecScript("COMMIT");
  if (!InTransaction()) began_ = false;
  return s;
}

Status SqliteConnection::Rollback() {
  began_ = false;
  if (!InTransaction()) return Status::Ok();  // SQLite may already have rolled back
  return ExecScript("ROLLBACK");
}

bool SqliteConnection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

Status SqliteConnection::AcquireRunLock(const std::string&, LockWaiter& waiter) {
  run_lock_waiter_ = &waiter;
  return Status::Ok();
}

Status SqliteConnection::ReleaseRunLock(const std::string&) {
  run_lock_waiter_ = nullptr;
  return Status::Ok();
}

Result<std::unique_ptr<Snapshot>> SqliteConnection::TakeSnapshot() {
  LUAMIG_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSnapshot> snapshot,
                          SqliteSnapshot::Take(*this));
  return std::unique_ptr<Snapshot>(std::move(snapshot));
}

std::string SqliteConnection::CurrentUser() {
  if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
  const char* user = std::getenv("USER");
  return user ? user : "";
}

std::string SqliteConnection::Describe() const {
  return path_ == ":memory:" ? "sqlite://:memory:" : "sqlite:///" + path_;
}

}  // namespace luamig::db
