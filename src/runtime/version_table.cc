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
  if (!exists) LUAMIG_RETURN_IF_ERROR(Create());
  known_to_exist_ = true;
  return Status::Ok();
}

Status VersionTable::Create() {
  return sink().Execute("CREATE TABLE IF NOT EXISTS " + QualifiedName() +
                            " (\n  version_num VARCHAR(32) NOT NULL,\n  CONSTRAINT " +
                            dialect().QuoteIdent(name() + "_pkc") +
                            " PRIMARY KEY (version_num)\n)",
                        {});
}

Result<std::vector<std::string>> VersionTable::Heads() {
  std::vector<std::string> out;
  if (!known_to_exist_) {  // after Ensure() a run reads the rows straight away
    LUAMIG_ASSIGN_OR_RETURN(bool exists, Exists());
    if (!exists) return out;
  }
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows,
                          sink().Query("SELECT version_num FROM " + QualifiedName(), {}));
  for (const auto& row : rows.rows) {
    if (const auto* s = std::get_if<std::string>(&row[0])) out.push_back(*s);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status VersionTable::ExpectOneRow(const std::string& sql,
                                  const std::vector<ops::Value>& params) {
  return sink().ExecuteOneRow(
      sql, params, "version table " + QualifiedName() + " changed underneath this run");
}

Status VersionTable::Apply(const graph::HeadsDelta& delta) {
  const std::string table = QualifiedName();
  size_t both = std::min(delta.removed.size(), delta.added.size()) > 0 ? 1 : 0;
  if (both) {
    LUAMIG_RETURN_IF_ERROR(ExpectOneRow(
        "UPDATE " + table + " SET version_num = $1 WHERE " + "version_num = $2",
        {delta.added[0], delta.removed[0]}));
  }
  for (size_t i = both; i < delta.removed.size(); ++i) {
    LUAMIG_RETURN_IF_ERROR(ExpectOneRow(
        "DELETE FROM " + table + " WHERE version_num = $1", {delta.removed[i]}));
  }
  for (size_t i = both; i < delta.added.size(); ++i) {
    LUAMIG_RETURN_IF_ERROR(ExpectOneRow(
        "INSERT INTO " + table + " (version_num) VALUES ($1)", {delta.added[i]}));
  }
  return Status::Ok();
}

Status VersionTable::Purge() {
  return sink().Execute("DELETE FROM " + QualifiedName(), {});
}

}  // namespace luamig::runtime
