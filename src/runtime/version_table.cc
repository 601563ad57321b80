// SPDX-License-Identifier: MIT
#include "runtime/version_table.h"

#include <algorithm>

namespace luamig::runtime {

Result<bool> VersionTable::Exists() {
  dialect::CatalogQuery q = sql_.VersionTableExists();
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, sink_.Query(q.sql, q.params));
  return !rows.rows.empty();
}

Status VersionTable::Ensure() {
  LUAMIG_ASSIGN_OR_RETURN(bool exists, Exists());
  if (!exists) return Create();
  // The rows already there are numbered in the order the database returns them.
  LUAMIG_ASSIGN_OR_RETURN(bool ordered, HasOrderColumn());
  return ordered ? Status::Ok() : sink_.Execute(sql_.AddVersionOrderColumn(), {});
}

Status VersionTable::Create() { return sink_.Execute(sql_.CreateVersionTable(), {}); }

Result<bool> VersionTable::HasOrderColumn() {
  dialect::CatalogQuery q = sql_.VersionOrderColumnExists();
  if (q.sql.empty()) return true;  // the backend keeps the order by itself
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, sink_.Query(q.sql, q.params));
  return !rows.rows.empty();
}

Result<std::vector<std::string>> VersionTable::Heads() {
  LUAMIG_ASSIGN_OR_RETURN(bool exists, Exists());
  if (!exists) return std::vector<std::string>{};
  LUAMIG_ASSIGN_OR_RETURN(bool ordered, HasOrderColumn());
  return Select(ordered);
}

Result<std::vector<std::string>> VersionTable::Rows() { return Select(true); }

Result<std::vector<std::string>> VersionTable::Select(bool ordered) {
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, sink_.Query(sql_.SelectVersions(ordered), {}));
  std::vector<std::string> out;
  for (const auto& row : rows.rows) {
    if (const auto* s = std::get_if<std::string>(&row[0])) out.push_back(*s);
  }
  return out;
}

Status VersionTable::ExpectOneRow(const std::string& sql,
                                  const std::vector<ops::Value>& params) {
  return sink_.ExecuteOneRow(
      sql, params, "version table " + QualifiedName() + " changed underneath this run");
}

// One UPDATE of the last removed id to the last added one (the row keeps its
// position), then DELETEs and INSERTs of the others (graph::ApplyToRows).
Status VersionTable::Apply(const graph::HeadsDelta& delta) {
  size_t both = std::min(delta.removed.size(), delta.added.size()) > 0 ? 1 : 0;
  if (both) {
    LUAMIG_RETURN_IF_ERROR(
        ExpectOneRow(sql_.UpdateVersion(), {delta.added.back(), delta.removed.back()}));
  }
  for (size_t i = 0; i + both < delta.removed.size(); ++i)
    LUAMIG_RETURN_IF_ERROR(ExpectOneRow(sql_.DeleteVersion(), {delta.removed[i]}));
  for (size_t i = 0; i + both < delta.added.size(); ++i)
    LUAMIG_RETURN_IF_ERROR(ExpectOneRow(sql_.InsertVersion(), {delta.added[i]}));
  return Status::Ok();
}

Status VersionTable::Purge() { return sink_.Execute(sql_.DeleteAllVersions(), {}); }

}  // namespace luamig::runtime
