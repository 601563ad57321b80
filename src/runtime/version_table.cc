// SPDX-License-Identifier: MIT
#include "runtime/version_table.h"

#include <algorithm>

namespace luamig::runtime {

VersionTable::VersionTable(db::Connection& conn, const dialect::Dialect& dialect,
                           std::string schema, std::string name)
    : BookkeepingTable(conn, dialect, std::move(schema), std::move(name)) {}

VersionTable::VersionTable(db::SqlSink& sink, const dialect::Dialect& dialect,
                           std::string schema, std::string name)
    : BookkeepingTable(sink, dialect, std::move(schema), std::move(name)) {}

Status VersionTable::Ensure() {
  LUAMIG_ASSIGN_OR_RETURN(bool exists, Exists());
  if (!exists) {
    LUAMIG_RETURN_IF_ERROR(Create());
  } else {
    LUAMIG_RETURN_IF_ERROR(EnsureOrderColumn());
  }
  known_to_exist_ = true;
  ordered_ = true;
  return Status::Ok();
}

// A table created without the order column (by Alembic, or by luamig before
// it kept one) gets it; the rows already there are numbered in the order the
// database returns them.
Status VersionTable::EnsureOrderColumn() {
  dialect::RowOrder order = dialect().VersionRowOrder();
  if (order.column.empty()) return Status::Ok();
  LUAMIG_ASSIGN_OR_RETURN(bool has, HasOrderColumn());
  if (has) return Status::Ok();
  return sink().Execute("ALTER TABLE " + QualifiedName() + " ADD COLUMN " +
                            dialect().QuoteIdent(order.column) + " " +
                            order.column_definition,
                        {});
}

Result<bool> VersionTable::HasOrderColumn() {
  dialect::CatalogQuery q =
      dialect().ColumnExistsQuery(schema(), name(), dialect().VersionRowOrder().column);
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, sink().Query(q.sql, q.params));
  return !rows.rows.empty();
}

Status VersionTable::Create() {
  dialect::RowOrder order = dialect().VersionRowOrder();
  std::string order_column;
  if (!order.column.empty()) {
    order_column =
        ",\n  " + dialect().QuoteIdent(order.column) + " " + order.column_definition;
  }
  return sink().Execute("CREATE TABLE IF NOT EXISTS " + QualifiedName() +
                            " (\n  version_num VARCHAR(32) NOT NULL" + order_column +
                            ",\n  CONSTRAINT " + dialect().QuoteIdent(name() + "_pkc") +
                            " PRIMARY KEY (version_num)\n)",
                        {});
}

Result<std::vector<std::string>> VersionTable::Heads() {
  std::vector<std::string> out;
  if (!known_to_exist_) {  // after Ensure() a run reads the rows straight away
    LUAMIG_ASSIGN_OR_RETURN(bool exists, Exists());
    if (!exists) return out;
  }
  dialect::RowOrder order = dialect().VersionRowOrder();
  if (!ordered_) {
    // Without its order column (a table only Alembic has written so far) the
    // rows come in the database's own order, as Alembic reads them.
    if (order.column.empty()) {
      ordered_ = true;
    } else {
      LUAMIG_ASSIGN_OR_RETURN(ordered_, HasOrderColumn());
    }
  }
  std::string sql = "SELECT version_num FROM " + QualifiedName();
  if (ordered_) sql += " ORDER BY " + order.order_by;
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, sink().Query(sql, {}));
  for (const auto& row : rows.rows) {
    if (const auto* s = std::get_if<std::string>(&row[0])) out.push_back(*s);
  }
  return out;
}

Status VersionTable::ExpectOneRow(const std::string& sql,
                                  const std::vector<ops::Value>& params) {
  return sink().ExecuteOneRow(
      sql, params, "version table " + QualifiedName() + " changed underneath this run");
}

Status VersionTable::Apply(const graph::HeadsDelta& delta) {
  const std::string table = QualifiedName();
  // One UPDATE of the last removed id to the last added one (the row keeps its
  // position), then DELETEs and INSERTs of the others (graph::ApplyToRows).
  size_t both = std::min(delta.removed.size(), delta.added.size()) > 0 ? 1 : 0;
  if (both) {
    LUAMIG_RETURN_IF_ERROR(ExpectOneRow(
        "UPDATE " + table + " SET version_num = $1 WHERE " + "version_num = $2",
        {delta.added.back(), delta.removed.back()}));
  }
  for (size_t i = 0; i + both < delta.removed.size(); ++i) {
    LUAMIG_RETURN_IF_ERROR(ExpectOneRow(
        "DELETE FROM " + table + " WHERE version_num = $1", {delta.removed[i]}));
  }
  for (size_t i = 0; i + both < delta.added.size(); ++i) {
    LUAMIG_RETURN_IF_ERROR(ExpectOneRow(
        "INSERT INTO " + table + " (version_num) VALUES ($1)", {delta.added[i]}));
  }
  return Status::Ok();
}

Status VersionTable::Purge() {
  return sink().Execute("DELETE FROM " + QualifiedName(), {});
}

}  // namespace luamig::runtime
