// SPDX-License-Identifier: MIT
// A db::Connection around a real one that fails on purpose (LevelDB's
// fault-injecting env, for a database session): the Nth statement, the Nth
// commit, the first write to a given table, or the whole session dropped.
// Everything else passes through, counted.
//
//   FaultyConnection conn(db.Connect());
//   conn.faults.fail_statement = 7;          // the 7th Execute/Query fails
//   conn.faults.after = true;                // … after the database ran it
#ifndef LUAMIG_TESTS_SUPPORT_FAULTY_CONNECTION_H_
#define LUAMIG_TESTS_SUPPORT_FAULTY_CONNECTION_H_

#include <memory>
#include <string>
#include <vector>

#include "db/connection.h"

namespace luamig::testing {

class FaultyConnection final : public db::Connection {
 public:
  /// What to break. Indexes are 1-based; 0 = never.
  struct Faults {
    /// The Nth statement (Execute or Query call) fails.
    int fail_statement = 0;
    /// The Nth Commit() fails.
    int fail_commit = 0;
    /// The first `write_faults` INSERT, UPDATE or DELETE statements whose
    /// SQL names this text (e.g. "\"luamig_version\"") fail.
    std::string fail_write_to;
    int write_faults = 1;
    /// The SQLSTATE of the injected errors; kLockNotAvailable makes them
    /// lock failures the runner may retry.
    std::string sqlstate;
    /// Faults strike after the real connection ran the statement or the
    /// commit (the outcome is lost on the way back); otherwise before it is
    /// sent.
    bool after = false;
    /// At the Nth statement the session is closed for real (the server rolls
    /// back what it held and drops its locks, as when a process dies), and
    /// that statement and everything after fail.
    int drop_at_statement = 0;
  };

  /// PostgreSQL's "lock not available", as Faults::sqlstate.
  static constexpr const char* kLockNotAvailable = "55P03";

  explicit FaultyConnection(std::unique_ptr<db::Connection> inner)
      : inner_(std::move(inner)) {}

  Faults faults;
  int statements() const { return statements_; }
  int commits() const { return commits_; }
  /// Whether a fault struck.
  bool struck() const { return struck_; }
  /// Every statement sent, in order (the ones that failed included).
  const std::vector<std::string>& log() const { return log_; }

  Status Execute(const std::string& sql, const std::vector<ops::Value>& params) override {
    if (Status s = Before(sql); !s.ok()) return s;
    Status s = inner_->Execute(sql, params);
    return s.ok() ? After(sql) : s;
  }
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override {
    if (Status s = Before(sql); !s.ok()) return s;
    auto rows = inner_->Query(sql, params);
    if (!rows.ok()) return rows;
    if (Status s = After(sql); !s.ok()) return s;
    return rows;
  }
  Status Begin() override { return Live() ? inner_->Begin() : Lost("BEGIN"); }
  Status Commit() override {
    if (!Live()) return Lost("COMMIT");
    bool strike = ++commits_ == faults.fail_commit;
    if (strike && !faults.after) return Strike("COMMIT", "commit " + Nth(commits_));
    Status s = inner_->Commit();
    if (strike && s.ok()) return Strike("COMMIT", "commit " + Nth(commits_));
    return s;
  }
  Status Rollback() override { return Live() ? inner_->Rollback() : Lost("ROLLBACK"); }
  bool InTransaction() const override { return inner_ && inner_->InTransaction(); }
  Status AcquireRunLock(const std::string& key, db::LockWaiter& waiter) override {
    return Live() ? inner_->AcquireRunLock(key, waiter) : Lost("run lock");
  }
  Status ReleaseRunLock(const std::string& key) override {
    return Live() ? inner_->ReleaseRunLock(key) : Lost("run lock");
  }
  Status SetLimits(const db::StatementLimits& limits) override {
    return Live() ? inner_->SetLimits(limits) : Lost("SET");
  }
  bool IsLockNotAvailable(const Status& s) const override {
    if (s.message().rfind("injected fault", 0) == 0)
      return s.sqlstate() == kLockNotAvailable;
    return inner_ && inner_->IsLockNotAvailable(s);
  }
  std::string CurrentUser() override { return inner_ ? inner_->CurrentUser() : ""; }
  std::string DefaultSchema() override { return inner_ ? inner_->DefaultSchema() : ""; }
  std::string Describe() const override {
    return inner_ ? inner_->Describe() : "(dropped connection)";
  }

 private:
  static std::string Nth(int n) { return "#" + std::to_string(n); }
  bool Live() const { return inner_ != nullptr; }
  Status Lost(const std::string& sql) const {
    return Status::Database("injected fault: the connection was dropped").WithSql(sql);
  }
  Status Strike(const std::string& sql, const std::string& what) {
    struck_ = true;
    return Status::Database("injected fault: " + what)
        .WithSql(sql)
        .WithSqlState(faults.sqlstate);
  }
  bool IsWriteTo(const std::string& sql) const {
    if (faults.fail_write_to.empty() ||
        sql.find(faults.fail_write_to) == std::string::npos)
      return false;
    for (const char* verb : {"INSERT", "UPDATE", "DELETE"})
      if (sql.rfind(verb, 0) == 0) return true;
    return false;
  }
  // Counts the statement; the fault that strikes before it is sent, if any.
  Status Before(const std::string& sql) {
    if (!Live()) return Lost(sql);
    ++statements_;
    log_.push_back(sql);
    const bool write = write_faults_ < faults.write_faults && IsWriteTo(sql);
    strike_now_ = statements_ == faults.fail_statement || write;
    if (write) ++write_faults_;
    if (statements_ == faults.drop_at_statement) {
      inner_.reset();
      struck_ = true;
      return Lost(sql);
    }
    if (strike_now_ && !faults.after) return Strike(sql, "statement " + Nth(statements_));
    return Status::Ok();
  }
  Status After(const std::string& sql) {
    if (strike_now_ && faults.after)
      return Strike(sql, "statement " + Nth(statements_) + " (after it ran)");
    return Status::Ok();
  }

  std::unique_ptr<db::Connection> inner_;
  int statements_ = 0;
  int commits_ = 0;
  bool struck_ = false;
  bool strike_now_ = false;
  int write_faults_ = 0;
  std::vector<std::string> log_;
};

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_FAULTY_CONNECTION_H_
