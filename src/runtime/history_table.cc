// SPDX-License-Identifier: MIT
#include "runtime/history_table.h"

#include <cstdlib>

namespace luamig::runtime {
namespace {

using dialect::HistoryColumn;

std::string Text(const ops::Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  return "";
}

int64_t Number(const ops::Value& v) {
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) return std::atoll(s->c_str());
  return 0;
}

// A row selected by BookkeepingSql::SelectHistory: id, the columns in
// HistoryColumn order without source, then source when `with_source`.
HistoryRow FromCells(const std::vector<ops::Value>& c, bool with_source) {
  HistoryRow r;
  r.id = Number(c.at(0));
  r.revision = Text(c.at(1));
  r.direction = Text(c.at(2));
  r.checksum = Text(c.at(3));
  r.started_at = Text(c.at(4));
  r.duration_ms = Number(c.at(5));
  r.db_user = Text(c.at(6));
  r.host_name = Text(c.at(7));
  r.luamig_version = Text(c.at(8));
  r.message = Text(c.at(9));
  r.from_revisions = Text(c.at(10));
  r.to_revisions = Text(c.at(11));
  if (with_source) r.source = Text(c.at(12));
  return r;
}

}  // namespace

std::string HistoryTableName(const std::string& version_table) {
  const std::string suffix = "_version";
  if (version_table.size() > suffix.size() &&
      version_table.compare(version_table.size() - suffix.size(), suffix.size(),
                            suffix) == 0) {
    return version_table.substr(0, version_table.size() - suffix.size()) + "_history";
  }
  return version_table + "_history";
}

Result<std::vector<std::string>> HistoryTable::ColumnNames() {
  dialect::CatalogQuery q = sql_.HistoryColumns();
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, sink_.Query(q.sql, q.params));
  std::vector<std::string> names;
  for (const auto& row : rows.rows) names.push_back(Text(row.at(0)));
  return names;
}

Status HistoryTable::Ensure() {
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> present, ColumnNames());
  if (present.empty()) return Create();
  for (const auto& alter : sql_.AddMissingHistoryColumns(present))
    LUAMIG_RETURN_IF_ERROR(sink_.Execute(alter, {}));
  return Status::Ok();
}

Status HistoryTable::Create() { return sink_.Execute(sql_.CreateHistoryTable(), {}); }

Status HistoryTable::Append(const HistoryRow& r) {
  // In HistoryColumn order; no secret is ever stored.
  return sink_.Execute(sql_.InsertHistory(),
                       {r.revision, r.direction, r.checksum, r.started_at, r.duration_ms,
                        r.db_user, r.host_name, r.luamig_version, Clean(r.source),
                        Clean(r.message), r.from_revisions, r.to_revisions});
}

Result<std::vector<HistoryRow>> HistoryTable::Rows() {
  std::vector<HistoryRow> out;
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> columns, ColumnNames());
  if (columns.empty()) return out;
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows,
                          sink_.Query(sql_.SelectHistory(columns, false, false), {}));
  for (const auto& row : rows.rows) out.push_back(FromCells(row, false));
  return out;
}

Result<std::optional<HistoryRow>> HistoryTable::LatestUpgrade(
    const std::string& revision) {
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> columns, ColumnNames());
  if (columns.empty()) return std::optional<HistoryRow>();
  LUAMIG_ASSIGN_OR_RETURN(
      ops::Rows rows, sink_.Query(sql_.SelectHistory(columns, true, true), {revision}));
  if (rows.rows.empty()) return std::optional<HistoryRow>();
  return std::optional<HistoryRow>(FromCells(rows.rows[0], true));
}

}  // namespace luamig::runtime
