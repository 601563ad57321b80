// SPDX-License-Identifier: MIT
// Where SQL statements go: the one choke point between the runtime and a
// database. A LiveSink runs them on a Connection; a ScriptSink writes them as
// an offline `--sql` script; tests record them. The runner, the version and
// history tables and the op executor write only through a sink, so an
// offline run is the same run over a different sink, not a flag tested
// everywhere. What the sinks differ in is one capability, CanReadBack().
#ifndef LUAMIG_DB_SQL_SINK_H_
#define LUAMIG_DB_SQL_SINK_H_

#include <functional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "luamig/status.h"
#include "ops/value.h"

namespace luamig::db {

/// Receives statements. Parameters are written $1, $2, … in the SQL text.
/// Not thread-safe.
class SqlSink : public Session {
 public:
  SqlSink() = default;
  virtual ~SqlSink() = default;
  SqlSink(const SqlSink&) = delete;
  SqlSink& operator=(const SqlSink&) = delete;

  /// Sends one statement (or, without params, a ;-separated script).
  virtual Status Execute(const std::string& sql,
                         const std::vector<ops::Value>& params) = 0;
  /// Sends a statement (INSERT/UPDATE/DELETE, written without RETURNING) that
  /// must change exactly one row. A live sink checks it and otherwise fails
  /// with kDatabase "<mismatch>: expected to change 1 row, changed N"; a
  /// script sink writes the statement unchecked (a script cannot check).
  virtual Status ExecuteOneRow(const std::string& sql,
                               const std::vector<ops::Value>& params,
                               const std::string& mismatch) = 0;
  /// Runs a read query. A script sink fails (kMigration): it has no database.
  virtual Result<ops::Rows> Query(const std::string& sql,
                                  const std::vector<ops::Value>& params) = 0;

  /// Whether what was sent can be read back: a live database yes, a script
  /// no. Where it cannot, the runner plans from the rows it was told the
  /// script will find, and revision scripts see op.offline = true.
  virtual bool CanReadBack() const = 0;
  /// A note for whoever reads the statements (a script writes "-- " lines;
  /// a live sink drops it).
  virtual void Comment(const std::string& text) { (void)text; }
};

/// Runs statements on a Connection (which must outlive the sink).
class LiveSink final : public SqlSink {
 public:
  explicit LiveSink(Connection& conn) : conn_(conn) {}

  Status Execute(const std::string& sql, const std::vector<ops::Value>& params) override;
  Status ExecuteOneRow(const std::string& sql, const std::vector<ops::Value>& params,
                       const std::string& mismatch) override;
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override;
  Status Begin() override { return conn_.Begin(); }
  Status Commit() override { return conn_.Commit(); }
  Status Rollback() override { return conn_.Rollback(); }
  bool InTransaction() const override { return conn_.InTransaction(); }
  bool CanReadBack() const override { return true; }
  Status AcquireRunLock(const std::string& key, LockWaiter& waiter) override {
    return conn_.AcquireRunLock(key, waiter);
  }
  Status ReleaseRunLock(const std::string& key) override {
    return conn_.ReleaseRunLock(key);
  }
  Status SetLimits(const StatementLimits& limits) override {
    return conn_.SetLimits(limits);
  }
  bool IsLockNotAvailable(const Status& s) const override {
    return conn_.IsLockNotAvailable(s);
  }
  std::string CurrentUser() override { return conn_.CurrentUser(); }

 private:
  Connection& conn_;
};

/// Renders one parameter as an SQL literal (a dialect's QuoteLiteral).
using LiteralFn = std::function<std::string(const ops::Value&)>;

/// Writes an offline SQL script: each statement followed by ";" and a blank
/// line, BEGIN;/COMMIT;/ROLLBACK; for the transaction calls. A script has no
/// bind step, so parameters are spliced into the text as literals rendered by
/// `literal` (the dialect's escaping) — the only place luamig splices values.
class ScriptSink final : public SqlSink {
 public:
  explicit ScriptSink(LiteralFn literal) : literal_(std::move(literal)) {}

  Status Execute(const std::string& sql, const std::vector<ops::Value>& params) override;
  Status ExecuteOneRow(const std::string& sql, const std::vector<ops::Value>& params,
                       const std::string& mismatch) override {
    (void)mismatch;
    return Execute(sql, params);
  }
  /// Always fails (kMigration): reading needs a live database.
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override { return in_transaction_; }
  bool CanReadBack() const override { return false; }

  /// Writes `text` as "-- " comment lines (one per line of `text`).
  void Comment(const std::string& text) override;
  /// The script written so far.
  const std::string& text() const { return text_; }

 private:
  void Write(const std::string& statement);

  LiteralFn literal_;
  std::string text_;
  bool in_transaction_ = false;
};

/// `sql` with every $N placeholder outside string literals, quoted
/// identifiers, comments and dollar-quoted strings replaced by
/// `literal(params[N-1])`. Error (kMigration) for a placeholder with no
/// parameter. `ends_in_line_comment` (may be null) receives whether the text
/// ends inside a `--` comment (a terminator must then go on a new line).
Result<std::string> SpliceParams(const std::string& sql,
                                 const std::vector<ops::Value>& params,
                                 const LiteralFn& literal, bool* ends_in_line_comment);

}  // namespace luamig::db

#endif  // LUAMIG_DB_SQL_SINK_H_
