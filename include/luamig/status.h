// SPDX-License-Identifier: MIT
// luamig — errors as values.
//
// Every fallible luamig function returns a Status (or a Result<T>, which holds
// either a T or a non-ok Status). No luamig API throws, so hosts built with
// -fno-exceptions can use the library.
#ifndef LUAMIG_STATUS_H_
#define LUAMIG_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace luamig {

/// What kind of failure a Status reports. The command line maps these to exit
/// codes in exactly one place: kUsage and kProject exit 2, everything else 1.
enum class StatusCode {
  kOk = 0,
  kUsage,        ///< bad command-line or API arguments (unknown target syntax, …)
  kProject,      ///< config, script or revision-graph problem; nothing ran
  kMigration,    ///< a revision script raised an error while running
  kDatabase,     ///< the database refused a statement or the connection failed
  kLockTimeout,  ///< another runner held the migration lock for too long
  kInternal,     ///< a luamig bug
};

/// Returns "usage", "project", "migration", … for `code`.
const char* StatusCodeName(StatusCode code);

/// A success or a failure with structured details. Cheap to move.
/// Fields other than `code` and `message` are filled where they are known.
class Status {
 public:
  /// Success.
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status Usage(std::string m) { return Status(StatusCode::kUsage, std::move(m)); }
  static Status Project(std::string m) {
    return Status(StatusCode::kProject, std::move(m));
  }
  static Status Migration(std::string m) {
    return Status(StatusCode::kMigration, std::move(m));
  }
  static Status Database(std::string m) {
    return Status(StatusCode::kDatabase, std::move(m));
  }
  static Status Internal(std::string m) {
    return Status(StatusCode::kInternal, std::move(m));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  /// One-line description, without the details below.
  const std::string& message() const { return message_; }

  /// The revision being run or named by the error, if any.
  const std::string& revision() const { return revision_; }
  /// The script file (or in-memory script name) involved, if any.
  const std::string& file() const { return file_; }
  /// 1-based line in `file()`, or 0 when unknown.
  int line() const { return line_; }
  /// The SQL statement the database refused, if any.
  const std::string& sql() const { return sql_; }
  /// The five-character SQLSTATE (PostgreSQL) or the SQLite result code name.
  const std::string& sqlstate() const { return sqlstate_; }
  /// Other revisions the error is about (cycle members, candidates, heads).
  const std::vector<std::string>& revisions() const { return revisions_; }
  /// Extra explanation for a person ("did you mean …", a Lua traceback).
  const std::string& hint() const { return hint_; }

  Status& WithRevision(std::string r) & {
    revision_ = std::move(r);
    return *this;
  }
  Status& WithFile(std::string f, int line = 0) & {
    file_ = std::move(f);
    line_ = line;
    return *this;
  }
  Status& WithSql(std::string s) & {
    sql_ = std::move(s);
    return *this;
  }
  Status& WithSqlState(std::string s) & {
    sqlstate_ = std::move(s);
    return *this;
  }
  Status& WithRevisions(std::vector<std::string> r) & {
    revisions_ = std::move(r);
    return *this;
  }
  Status& WithHint(std::string h) & {
    hint_ = std::move(h);
    return *this;
  }
  Status&& WithRevision(std::string r) && {
    return std::move(WithRevision(std::move(r)));
  }
  Status&& WithFile(std::string f, int line = 0) && {
    return std::move(WithFile(std::move(f), line));
  }
  Status&& WithSql(std::string s) && { return std::move(WithSql(std::move(s))); }
  Status&& WithSqlState(std::string s) && {
    return std::move(WithSqlState(std::move(s)));
  }
  Status&& WithRevisions(std::vector<std::string> r) && {
    return std::move(WithRevisions(std::move(r)));
  }
  Status&& WithHint(std::string h) && { return std::move(WithHint(std::move(h))); }

  /// Multi-line human-readable rendering with every known detail.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string revision_;
  std::string file_;
  int line_ = 0;
  std::string sql_;
  std::string sqlstate_;
  std::vector<std::string> revisions_;
  std::string hint_;
};

/// Either a value or a non-ok Status.
/// REQUIRES: constructed from a Status only when that Status is not ok.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  /// The error; an ok Status when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }
  /// REQUIRES: ok().
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace luamig

/// Returns early from the enclosing function when `expr` yields a non-ok Status.
#define LUAMIG_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::luamig::Status luamig_status_ = (expr);        \
    if (!luamig_status_.ok()) return luamig_status_; \
  } while (0)

#define LUAMIG_CONCAT_INNER_(a, b) a##b
#define LUAMIG_CONCAT_(a, b) LUAMIG_CONCAT_INNER_(a, b)
/// `LUAMIG_ASSIGN_OR_RETURN(auto x, F());` — binds F()'s value or returns its Status.
#define LUAMIG_ASSIGN_OR_RETURN(lhs, expr) \
  LUAMIG_ASSIGN_OR_RETURN_IMPL_(LUAMIG_CONCAT_(luamig_result_, __LINE__), lhs, expr)
#define LUAMIG_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#endif  // LUAMIG_STATUS_H_
