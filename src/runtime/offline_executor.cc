// SPDX-License-Identifier: MIT
#include "runtime/offline_executor.h"

namespace luamig::runtime {

Status OfflineExecutor::NeedsDatabase(const std::string& call) const {
  return Status::Migration(call +
                           " needs a live database, and an offline (--sql) run has none; "
                           "branch on op.offline to do without it")
      .WithRevision(revision_);
}

Status OfflineExecutor::Apply(const ops::Op& op) {
  if (const auto* batch = std::get_if<ops::BatchAlterTable>(&op);
      batch != nullptr && dialect_.BatchNeedsCatalog()) {
    return NeedsDatabase("batch_alter_table(\"" + batch->table + "\") on " +
                         dialect_.name() +
                         " (it recreates the table from its live "
                         "definition)");
  }
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> statements, dialect_.Render(op));
  const auto* exec = std::get_if<ops::ExecuteSql>(&op);
  for (const auto& sql : statements) {
    Status s = sink_.Execute(sql, exec ? exec->params : std::vector<ops::Value>{});
    if (!s.ok()) return std::move(s.WithRevision(revision_));
  }
  return Status::Ok();
}

Result<ops::Rows> OfflineExecutor::Query(const std::string& sql,
                                         const std::vector<ops::Value>& params) {
  (void)params;
  return NeedsDatabase("op.query").WithSql(sql);
}

Result<ops::TableInfo> OfflineExecutor::Inspect(const std::string& schema,
                                                const std::string& table) {
  (void)schema;
  return NeedsDatabase("reading the catalog of table \"" + table + "\"");
}

Status OfflineExecutor::Autocommit(const std::function<Status()>& body) {
  if (!sink_.InTransaction()) return body();
  LUAMIG_RETURN_IF_ERROR(sink_.Commit());
  Status result = body();
  LUAMIG_RETURN_IF_ERROR(sink_.Begin());
  return result;
}

void OfflineExecutor::Log(const std::string& message) {
  if (events_) events_->OnLog(revision_, message);
}

}  // namespace luamig::runtime
