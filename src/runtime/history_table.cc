// SPDX-License-Identifier: MIT
#include "runtime/history_table.h"

#include <chrono>
#include <ctime>

#include "ops/sql_type.h"

namespace luamig::runtime {
namespace {

constexpr const char kColumns[] =
    "id, revision, direction, checksum, started_at, duration_ms, db_user, host_name, "
    "luamig_version, message";

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

// A row selected with kColumns (and, when `with_source`, source last).
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
  if (with_source) r.source = Text(c.at(10));
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

std::string UtcTimestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch())
                .count() %
            1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  char out[64];
  std::snprintf(out, sizeof out, "%s.%03d+00", buf, static_cast<int>(ms));
  return out;
}

HistoryTable::HistoryTable(db::Connection& conn, const dialect::Dialect& dialect,
                           std::string schema, std::string name)
    : BookkeepingTable(conn, dialect, std::move(schema), std::move(name)) {}

HistoryTable::HistoryTable(db::SqlSink& sink, const dialect::Dialect& dialect,
                           std::string schema, std::string name)
    : BookkeepingTable(sink, dialect, std::move(schema), std::move(name)) {}

Status HistoryTable::Ensure() {
  LUAMIG_ASSIGN_OR_RETURN(bool exists, Exists());
  if (exists) return Status::Ok();
  return Create();
}

Status HistoryTable::Create() {
  auto type = [&](const char* portable) {
    return dialect().TypeName(ops::SqlType::Parse(portable));
  };
  return sink().Execute(
      "CREATE TABLE IF NOT EXISTS " + QualifiedName() + " (\n  id " + type("bigserial") +
          " NOT NULL,\n  revision VARCHAR(32) NOT NULL,\n  direction VARCHAR(16) NOT "
          "NULL,\n  checksum VARCHAR(64),\n  started_at " +
          type("timestamptz") + " NOT NULL,\n  duration_ms " + type("bigint") +
          ",\n  db_user " + type("text") + ",\n  host_name " + type("text") +
          ",\n  luamig_version " + type("text") + ",\n  source " + type("text") +
          ",\n  message " + type("text") + ",\n  CONSTRAINT " +
          dialect().QuoteIdent(name() + "_pkey") + " PRIMARY KEY (id)\n)",
      {});
}

Status HistoryTable::Append(const HistoryRow& r) {
  return sink().Execute(
      "INSERT INTO " + QualifiedName() +
          " (revision, direction, checksum, started_at, duration_ms, db_user, host_name, "
          "luamig_version, source, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
          "$10)",
      {r.revision, r.direction, r.checksum, r.started_at, r.duration_ms, r.db_user,
       r.host_name, r.luamig_version, Clean(r.source), Clean(r.message)});
}

Result<std::vector<HistoryRow>> HistoryTable::Rows() {
  std::vector<HistoryRow> out;
  LUAMIG_ASSIGN_OR_RETURN(bool exists, Exists());
  if (!exists) return out;
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows,
                          sink().Query(std::string("SELECT ") + kColumns + " FROM " +
                                           QualifiedName() + " ORDER BY id",
                                       {}));
  for (const auto& row : rows.rows) out.push_back(FromCells(row, false));
  return out;
}

Result<std::optional<HistoryRow>> HistoryTable::LatestUpgrade(
    const std::string& revision) {
  LUAMIG_ASSIGN_OR_RETURN(bool exists, Exists());
  if (!exists) return std::optional<HistoryRow>();
  LUAMIG_ASSIGN_OR_RETURN(
      ops::Rows rows,
      sink().Query(std::string("SELECT ") + kColumns + ", source FROM " +
                       QualifiedName() +
                       " WHERE revision = $1 AND direction = 'upgrade' ORDER BY id DESC "
                       "LIMIT 1",
                   {revision}));
  if (rows.rows.empty()) return std::optional<HistoryRow>();
  return std::optional<HistoryRow>(FromCells(rows.rows[0], true));
}

}  // namespace luamig::runtime
