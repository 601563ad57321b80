// SPDX-License-Identifier: MIT
// Internal: the host's spdlog logger, fed from events and from every SQL
// statement. Only built when MigratorOptions::logger is set, so a Migrator
// without one logs nothing (STYLE.md rule 12).
#ifndef LUAMIG_API_LOGGING_H_
#define LUAMIG_API_LOGGING_H_

#include <memory>
#include <string>
#include <vector>

#include "db/connection.h"
#include "luamig/events.h"
#include "luamig/secrets.h"

namespace spdlog {
class logger;
}  // namespace spdlog

namespace luamig {

/// Logs each event (plan and steps at debug, op.log at info, warnings at
/// warn) and passes it on to the host's sink (may be null).
class LoggingEvents final : public EventSink {
 public:
  LoggingEvents(std::shared_ptr<spdlog::logger> logger, EventSink* next)
      : logger_(std::move(logger)), next_(next) {}
  void OnPlan(const std::vector<StepInfo>& steps) override;
  void OnStepStarted(const StepInfo& step, size_t index, size_t total) override;
  void OnStepFinished(const StepInfo& step, std::chrono::microseconds duration) override;
  void OnWaitingForLock(const std::string& what) override;
  void OnLog(const std::string& revision, const std::string& message) override;
  void OnWarning(const std::string& message) override;

 private:
  std::shared_ptr<spdlog::logger> logger_;
  EventSink* next_;
};

/// A Connection that logs every statement at debug level, then forwards it.
class LoggingConnection final : public db::Connection {
 public:
  /// Statements are logged with `secrets` scrubbed from them.
  LoggingConnection(std::unique_ptr<db::Connection> inner,
                    std::shared_ptr<spdlog::logger> logger,
                    std::shared_ptr<const SecretSet> secrets)
      : inner_(std::move(inner)),
        logger_(std::move(logger)),
        secrets_(std::move(secrets)) {}

  Status Execute(const std::string& sql, const std::vector<ops::Value>& params) override;
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override { return inner_->InTransaction(); }
  Status AcquireRunLock(const std::string& key, db::LockWaiter& waiter) override {
    return inner_->AcquireRunLock(key, waiter);
  }
  Result<std::unique_ptr<db::Snapshot>> TakeSnapshot() override {
    return inner_->TakeSnapshot();
  }
  Status ReleaseRunLock(const std::string& key) override {
    return inner_->ReleaseRunLock(key);
  }
  Status SetLimits(const db::StatementLimits& limits) override {
    return inner_->SetLimits(limits);
  }
  bool IsLockNotAvailable(const Status& s) const override {
    return inner_->IsLockNotAvailable(s);
  }
  std::string CurrentUser() override { return inner_->CurrentUser(); }
  std::string DefaultSchema() override { return inner_->DefaultSchema(); }
  std::string Describe() const override { return inner_->Describe(); }

 private:
  void LogSql(const std::string& sql, size_t params) const;

  std::unique_ptr<db::Connection> inner_;
  std::shared_ptr<spdlog::logger> logger_;
  std::shared_ptr<const SecretSet> secrets_;
};

}  // namespace luamig

#endif  // LUAMIG_API_LOGGING_H_
