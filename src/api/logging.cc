// SPDX-License-Identifier: MIT
#include "api/logging.h"

#include <spdlog/logger.h>

namespace luamig {
namespace {

const char* Verb(const StepInfo& step) {
  bool up = step.direction == Direction::kUpgrade;
  if (step.stamp_only) return up ? "stamp" : "unstamp";
  return up ? "upgrade" : "downgrade";
}

}  // namespace

void LoggingEvents::OnPlan(const std::vector<StepInfo>& steps) {
  std::string list;
  for (const auto& s : steps) list += (list.empty() ? "" : ", ") + s.revision;
  logger_->debug("luamig: plan of {} step(s): {}", steps.size(),
                 list.empty() ? "nothing to do" : list);
  if (next_) next_->OnPlan(steps);
}

void LoggingEvents::OnStepStarted(const StepInfo& step, size_t index, size_t total) {
  logger_->debug("luamig: [{}/{}] {} {} ({}) {}", index + 1, total, Verb(step),
                 step.revision, step.file, step.message);
  if (next_) next_->OnStepStarted(step, index, total);
}

void LoggingEvents::OnStepFinished(const StepInfo& step,
                                   std::chrono::microseconds duration) {
  logger_->debug("luamig: {} {} done in {} ms", Verb(step), step.revision,
                 duration.count() / 1000.0);
  if (next_) next_->OnStepFinished(step, duration);
}

void LoggingEvents::OnWaitingForLock(const std::string& what) {
  logger_->info("luamig: waiting for another runner's lock on {}", what);
  if (next_) next_->OnWaitingForLock(what);
}

void LoggingEvents::OnLog(const std::string& revision, const std::string& message) {
  logger_->info("luamig: {}: {}", revision, message);
  if (next_) next_->OnLog(revision, message);
}

void LoggingEvents::OnWarning(const std::string& message) {
  logger_->warn("luamig: {}", message);
  if (next_) next_->OnWarning(message);
}

void LoggingConnection::LogSql(const std::string& sql, size_t params) const {
  std::string clean = secrets_->Scrub(sql);
  if (params == 0) {
    logger_->debug("luamig: SQL: {}", clean);
  } else {
    logger_->debug("luamig: SQL: {} -- {} parameter(s)", clean, params);
  }
}

Status LoggingConnection::Execute(const std::string& sql,
                                  const std::vector<ops::Value>& params) {
  LogSql(sql, params.size());
  return inner_->Execute(sql, params);
}

Result<ops::Rows> LoggingConnection::Query(const std::string& sql,
                                           const std::vector<ops::Value>& params) {
  LogSql(sql, params.size());
  return inner_->Query(sql, params);
}

Status LoggingConnection::Begin() {
  logger_->debug("luamig: SQL: BEGIN");
  return inner_->Begin();
}

Status LoggingConnection::Commit() {
  logger_->debug("luamig: SQL: COMMIT");
  return inner_->Commit();
}

Status LoggingConnection::Rollback() {
  logger_->debug("luamig: SQL: ROLLBACK");
  return inner_->Rollback();
}

}  // namespace luamig
