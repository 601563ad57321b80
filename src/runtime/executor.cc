#include "runtime/executor.h"

namespace luamig::runtime {

Status LiveExecutor::Apply(const ops::Op& op) {
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> statements, dialect_.Render(op));
  const auto* exec = std::get_if<ops::ExecuteSql>(&op);
  for (const auto& sql : statements) {
    Status s = conn_.Execute(sql, exec ? exec->params : std::vector<ops::Value>{});
    if (!s.ok()) return std::move(s.WithRevision(revision_));
  }
  return Status::Ok();
}

Result<ops::Rows> LiveExecutor::Query(const std::string& sql,
                                      const std::vector<ops::Value>& params) {
  auto rows = conn_.Query(sql, params);
  if (!rows.ok()) return std::move(rows.status().WithRevision(revision_));
  return rows;
}

void LiveExecutor::Log(const std::string& message) {
  if (events_) events_->OnLog(revision_, message);
}

}  // namespace luamig::runtime
