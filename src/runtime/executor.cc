#include "runtime/executor.h"

namespace luamig::runtime {

Status LiveExecutor::RunAll(const std::vector<std::string>& statements,
                            const std::vector<ops::Value>& params) {
  for (const auto& sql : statements) {
    Status s = conn_.Execute(sql, params);
    if (!s.ok()) return std::move(s.WithRevision(revision_));
  }
  return Status::Ok();
}

Status LiveExecutor::Apply(const ops::Op& op) {
  const auto* batch = std::get_if<ops::BatchAlterTable>(&op);
  if (batch != nullptr && dialect_.BatchNeedsCatalog()) {
    LUAMIG_ASSIGN_OR_RETURN(ops::TableInfo info, Inspect(batch->schema, batch->table));
    LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> plan,
                            dialect_.RenderBatch(*batch, info));
    return RunAll(plan, {});
  }
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> statements, dialect_.Render(op));
  const auto* exec = std::get_if<ops::ExecuteSql>(&op);
  return RunAll(statements, exec ? exec->params : std::vector<ops::Value>{});
}

Result<ops::Rows> LiveExecutor::Query(const std::string& sql,
                                      const std::vector<ops::Value>& params) {
  auto rows = conn_.Query(sql, params);
  if (!rows.ok()) return std::move(rows.status().WithRevision(revision_));
  return rows;
}

Result<ops::TableInfo> LiveExecutor::Inspect(const std::string& schema,
                                             const std::string& table) {
  dialect::InspectQueries q = dialect_.InspectSql(schema, table);
  dialect::InspectRows rows;
  const std::pair<const dialect::CatalogQuery*, ops::Rows*> steps[] = {
      {&q.table, &rows.table},
      {&q.columns, &rows.columns},
      {&q.indexes, &rows.indexes},
      {&q.triggers, &rows.triggers}};
  for (const auto& [query, out] : steps) {
    if (query->sql.empty()) continue;
    LUAMIG_ASSIGN_OR_RETURN(*out, Query(query->sql, query->params));
    if (out == &rows.table && out->rows.empty()) break;  // no such table
  }
  return dialect_.ParseInspect(schema, table, rows);
}

Status LiveExecutor::Autocommit(const std::function<Status()>& body) {
  if (!conn_.InTransaction()) return body();
  Status s = conn_.Commit();
  if (!s.ok()) return std::move(s.WithRevision(revision_));
  Status result = body();
  Status begin = conn_.Begin();
  if (!begin.ok()) return std::move(begin.WithRevision(revision_));
  return result;
}

void LiveExecutor::Log(const std::string& message) {
  if (events_) events_->OnLog(revision_, message);
}

}  // namespace luamig::runtime
