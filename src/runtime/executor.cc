// SPDX-License-Identifier: MIT
#include "runtime/executor.h"

namespace luamig::runtime {

Status Executor::RunAll(const std::vector<std::string>& statements,
                        const std::vector<ops::Value>& params) {
  for (const auto& sql : statements) {
    Status s = sink_.Execute(sql, params);
    if (!s.ok()) return std::move(s.WithRevision(revision_));
  }
  return Status::Ok();
}

// A recreate half done loses the table, so outside a transaction (a
// non-transactional migration) the plan gets one of its own.
Status Executor::RunAtomically(const std::vector<std::string>& plan) {
  if (sink_.InTransaction()) return RunAll(plan, {});
  LUAMIG_RETURN_IF_ERROR(sink_.Begin());
  Status s = RunAll(plan, {});
  if (!s.ok()) {
    (void)sink_.Rollback();
    return s;
  }
  return sink_.Commit();
}

Result<bool> Executor::ForeignKeysEnforced(const std::string& query) {
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, Query(query, {}));
  if (rows.rows.empty() || rows.rows[0].empty()) return false;
  const auto* i = std::get_if<int64_t>(&rows.rows[0][0]);
  return i != nullptr && *i != 0;
}

// Runs `plan` in its own transaction with foreign-key enforcement off:
// commit the migration's work so far, disable, BEGIN, plan, check, COMMIT,
// enable, and BEGIN again for the rest of the migration.
Status Executor::RunUnenforced(const std::vector<std::string>& plan,
                               const dialect::ForeignKeyIsolation& iso) {
  const bool in_tx = sink_.InTransaction();
  if (in_tx) LUAMIG_RETURN_IF_ERROR(sink_.Commit());
  LUAMIG_RETURN_IF_ERROR(sink_.Execute(iso.disable_sql, {}));
  Status s = sink_.Begin();
  if (s.ok()) s = RunAll(plan, {});
  if (s.ok()) {
    auto violations = Query(iso.check_query, {});
    if (!violations.ok()) {
      s = violations.status();
    } else if (!violations->rows.empty()) {
      s = Status::Migration("the recreated table breaks " +
                            std::to_string(violations->rows.size()) +
                            " foreign key reference(s) (PRAGMA foreign_key_check)")
              .WithRevision(revision_);
    }
  }
  Status end = s.ok() ? sink_.Commit() : sink_.Rollback();
  if (s.ok()) s = end;
  Status enable = sink_.Execute(iso.enable_sql, {});
  if (s.ok()) s = enable;
  if (in_tx) {
    Status begin = sink_.Begin();
    if (s.ok()) s = begin;
  }
  return s;
}

Status Executor::ApplyBatch(const ops::BatchAlterTable& batch) {
  LUAMIG_ASSIGN_OR_RETURN(ops::TableInfo info, Inspect(batch.schema, batch.table));
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> plan,
                          dialect_.RenderBatch(batch, info));
  dialect::ForeignKeyIsolation iso = dialect_.BatchForeignKeyIsolation();
  bool enforced = false;
  if (!iso.enforcement_query.empty() && !info.referenced_by.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(enforced, ForeignKeysEnforced(iso.enforcement_query));
  }
  if (!enforced) return RunAtomically(plan);
  Log("batch_alter_table(\"" + batch.table +
      "\"): other tables reference it and foreign keys are enforced; recreating it in "
      "a transaction of its own with enforcement off");
  return RunUnenforced(plan, iso);
}

Status Executor::NeedsDatabase(const std::string& call) const {
  return Status::Migration(call +
                           " needs a live database, and an offline (--sql) run has none; "
                           "branch on op.offline to do without it")
      .WithRevision(revision_);
}

Status Executor::Apply(const ops::Op& op) {
  const auto* batch = std::get_if<ops::BatchAlterTable>(&op);
  if (batch != nullptr && dialect_.BatchNeedsCatalog()) {
    if (!sink_.CanReadBack()) {
      return NeedsDatabase("batch_alter_table(\"" + batch->table + "\") on " +
                           dialect_.name() +
                           " (it recreates the table from its live definition)");
    }
    return ApplyBatch(*batch);
  }
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> statements, dialect_.Render(op));
  const auto* exec = std::get_if<ops::ExecuteSql>(&op);
  return RunAll(statements, exec ? exec->params : std::vector<ops::Value>{});
}

Result<ops::Rows> Executor::Query(const std::string& sql,
                                  const std::vector<ops::Value>& params) {
  if (!sink_.CanReadBack()) return NeedsDatabase("op.query").WithSql(sql);
  auto rows = sink_.Query(sql, params);
  if (!rows.ok()) return std::move(rows.status().WithRevision(revision_));
  return rows;
}

Result<ops::TableInfo> Executor::Inspect(const std::string& schema,
                                         const std::string& table) {
  if (!sink_.CanReadBack())
    return NeedsDatabase("reading the catalog of table \"" + table + "\"");
  dialect::InspectQueries q = dialect_.InspectSql(schema, table);
  dialect::InspectRows rows;
  const std::pair<const dialect::CatalogQuery*, ops::Rows*> steps[] = {
      {&q.table, &rows.table},
      {&q.columns, &rows.columns},
      {&q.indexes, &rows.indexes},
      {&q.triggers, &rows.triggers},
      {&q.referenced_by, &rows.referenced_by}};
  for (const auto& [query, out] : steps) {
    if (query->sql.empty()) continue;
    LUAMIG_ASSIGN_OR_RETURN(*out, Query(query->sql, query->params));
    if (out == &rows.table && out->rows.empty()) break;  // no such table
  }
  return dialect_.ParseInspect(schema, table, rows);
}

Status Executor::Autocommit(const std::function<Status()>& body) {
  if (!sink_.InTransaction()) return body();
  Status s = sink_.Commit();
  if (!s.ok()) return std::move(s.WithRevision(revision_));
  Status result = body();
  Status begin = sink_.Begin();
  if (!begin.ok()) return std::move(begin.WithRevision(revision_));
  return result;
}

void Executor::Log(const std::string& message) {
  if (events_) events_->OnLog(revision_, message);
}

}  // namespace luamig::runtime
