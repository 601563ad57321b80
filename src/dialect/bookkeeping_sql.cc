// SPDX-License-Identifier: MIT
#include "dialect/bookkeeping_sql.h"

#include <algorithm>

#include "ops/sql_type.h"

namespace luamig::dialect {
namespace {

struct ColumnDef {
  HistoryColumn column;
  const char* name;
  const char* type;  // a portable type (ops::SqlType), or SQL as written when
                     // `literal`
  bool not_null;
  bool literal = false;
};

// In HistoryColumn order. from_revisions and to_revisions came later: a
// table made before them gets them by AddMissingHistoryColumns.
constexpr ColumnDef kHistory[] = {
    {HistoryColumn::kRevision, "revision", "VARCHAR(32)", true, true},
    {HistoryColumn::kDirection, "direction", "VARCHAR(16)", true, true},
    {HistoryColumn::kChecksum, "checksum", "VARCHAR(64)", false, true},
    {HistoryColumn::kStartedAt, "started_at", "timestamptz", true},
    {HistoryColumn::kDurationMs, "duration_ms", "bigint", false},
    {HistoryColumn::kDbUser, "db_user", "text", false},
    {HistoryColumn::kHostName, "host_name", "text", false},
    {HistoryColumn::kLuamigVersion, "luamig_version", "text", false},
    {HistoryColumn::kSource, "source", "text", false},
    {HistoryColumn::kMessage, "message", "text", false},
    {HistoryColumn::kFromRevisions, "from_revisions", "text", false},
    {HistoryColumn::kToRevisions, "to_revisions", "text", false},
};

bool Added(const ColumnDef& c) {
  return c.column == HistoryColumn::kFromRevisions ||
         c.column == HistoryColumn::kToRevisions;
}

std::string TypeOf(const Dialect& d, const ColumnDef& c) {
  return c.literal ? c.type : d.TypeName(ops::SqlType::Parse(c.type));
}

}  // namespace

BookkeepingSql::BookkeepingSql(const Dialect& dialect, std::string schema,
                               std::string version_table, std::string history_table)
    : dialect_(dialect),
      schema_(std::move(schema)),
      version_(std::move(version_table)),
      history_(std::move(history_table)) {}

std::string BookkeepingSql::VersionTable() const {
  return dialect_.QualifiedName(schema_, version_);
}

std::string BookkeepingSql::HistoryTable() const {
  return dialect_.QualifiedName(schema_, history_);
}

CatalogQuery BookkeepingSql::VersionTableExists() const {
  auto [sql, params] = dialect_.TableExistsQuery(schema_, version_);
  return {std::move(sql), std::move(params)};
}

std::string BookkeepingSql::CreateVersionTable() const {
  RowOrder order = dialect_.VersionRowOrder();
  std::string order_column;
  if (!order.column.empty())
    order_column =
        ",\n  " + dialect_.QuoteIdent(order.column) + " " + order.column_definition;
  return "CREATE TABLE IF NOT EXISTS " + VersionTable() +
         " (\n  version_num VARCHAR(32) NOT NULL" + order_column + ",\n  CONSTRAINT " +
         dialect_.QuoteIdent(version_ + "_pkc") + " PRIMARY KEY (version_num)\n)";
}

CatalogQuery BookkeepingSql::VersionOrderColumnExists() const {
  RowOrder order = dialect_.VersionRowOrder();
  if (order.column.empty()) return {};
  return dialect_.ColumnExistsQuery(schema_, version_, order.column);
}

std::string BookkeepingSql::AddVersionOrderColumn() const {
  RowOrder order = dialect_.VersionRowOrder();
  if (order.column.empty()) return "";
  return "ALTER TABLE " + VersionTable() + " ADD COLUMN " +
         dialect_.QuoteIdent(order.column) + " " + order.column_definition;
}

std::string BookkeepingSql::SelectVersions(bool ordered) const {
  std::string sql = "SELECT version_num FROM " + VersionTable();
  if (ordered) sql += " ORDER BY " + dialect_.VersionRowOrder().order_by;
  return sql;
}

std::string BookkeepingSql::InsertVersion() const {
  return "INSERT INTO " + VersionTable() + " (version_num) VALUES ($1)";
}

std::string BookkeepingSql::UpdateVersion() const {
  return "UPDATE " + VersionTable() + " SET version_num = $1 WHERE version_num = $2";
}

std::string BookkeepingSql::DeleteVersion() const {
  return "DELETE FROM " + VersionTable() + " WHERE version_num = $1";
}

std::string BookkeepingSql::DeleteAllVersions() const {
  return "DELETE FROM " + VersionTable();
}

CatalogQuery BookkeepingSql::HistoryColumns() const {
  return dialect_.InspectSql(schema_, history_).columns;
}

std::string BookkeepingSql::CreateHistoryTable() const {
  std::string sql = "CREATE TABLE IF NOT EXISTS " + HistoryTable() + " (\n  id " +
                    dialect_.TypeName(ops::SqlType::Parse("bigserial")) + " NOT NULL";
  for (const auto& c : kHistory) {
    sql += std::string(",\n  ") + c.name + " " + TypeOf(dialect_, c) +
           (c.not_null ? " NOT NULL" : "");
  }
  return sql + ",\n  CONSTRAINT " + dialect_.QuoteIdent(history_ + "_pkey") +
         " PRIMARY KEY (id)\n)";
}

std::vector<std::string> BookkeepingSql::AddMissingHistoryColumns(
    const std::vector<std::string>& present) const {
  std::vector<std::string> out;
  for (const auto& c : kHistory) {
    if (!Added(c) || std::find(present.begin(), present.end(), c.name) != present.end())
      continue;
    out.push_back("ALTER TABLE " + HistoryTable() + " ADD COLUMN " + c.name + " " +
                  TypeOf(dialect_, c));
  }
  return out;
}

std::string BookkeepingSql::InsertHistory() const {
  std::string names, params;
  int i = 0;
  for (const auto& c : kHistory) {
    names += std::string(i ? ", " : "") + c.name;
    params += (i ? ", " : "") + dialect_.Placeholder(i + 1);
    ++i;
  }
  return "INSERT INTO " + HistoryTable() + " (" + names + ") VALUES (" + params + ")";
}

CatalogQuery BookkeepingSql::HistoryTableExists() const {
  auto [sql, params] = dialect_.TableExistsQuery(schema_, history_);
  return {std::move(sql), std::move(params)};
}

std::string BookkeepingSql::SelectHistory(const std::vector<std::string>& present,
                                          bool with_source,
                                          bool latest_upgrade_of) const {
  auto column = [&](const char* name) {
    bool has = std::find(present.begin(), present.end(), name) != present.end();
    return std::string(", ") + (has ? name : "NULL");
  };
  std::string sql = "SELECT id";
  for (const auto& c : kHistory)
    if (c.column != HistoryColumn::kSource) sql += column(c.name);
  if (with_source) sql += column("source");
  sql += " FROM " + HistoryTable();
  if (latest_upgrade_of)
    return sql +
           " WHERE revision = $1 AND direction = 'upgrade' ORDER BY id DESC LIMIT 1";
  return sql + " ORDER BY id";
}

}  // namespace luamig::dialect
