// SPDX-License-Identifier: MIT
// The append-only history table (luamig_history): one row per step a run
// executed or stamped, written in the step's own transaction. Holds no state
// of its own, like VersionTable.
#ifndef LUAMIG_RUNTIME_HISTORY_TABLE_H_
#define LUAMIG_RUNTIME_HISTORY_TABLE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/sql_sink.h"
#include "dialect/bookkeeping_sql.h"
#include "luamig/secrets.h"

namespace luamig::runtime {

/// One row of the history table.
struct HistoryRow {
  int64_t id = 0;  ///< increasing in the order rows were written
  std::string revision;
  std::string direction;   ///< "upgrade", "downgrade", "stamp-upgrade", "stamp-downgrade"
  std::string checksum;    ///< SHA-256 of the script text that ran ("" for a stamp)
  std::string started_at;  ///< UTC, "YYYY-MM-DD HH:MM:SS.mmm+00"
  int64_t duration_ms = 0;
  std::string db_user;
  std::string host_name;
  std::string luamig_version;
  std::string source;   ///< the script text (read only by LatestUpgrade)
  std::string message;  ///< the revision's doc line
  /// The version-table rows the step replaced and the rows it wrote, as
  /// "a, b" ("" = none: from or to base). Empty in rows written before
  /// luamig recorded them.
  std::string from_revisions;
  std::string to_revisions;
};

/// The history table's name for a version table: "luamig_version" →
/// "luamig_history"; any other name gets "_history" appended.
std::string HistoryTableName(const std::string& version_table);

class HistoryTable {
 public:
  /// Both must outlive the table. With a script sink only Create and Append
  /// succeed. `secrets` (may be null): text never to store
  /// (MigratorOptions::secrets).
  HistoryTable(db::SqlSink& sink, const dialect::BookkeepingSql& sql,
               std::shared_ptr<const SecretSet> secrets = nullptr)
      : sink_(sink), sql_(sql), secrets_(std::move(secrets)) {}

  std::string QualifiedName() const { return sql_.HistoryTable(); }
  /// Creates the table if it does not exist, and adds the columns a table
  /// made by an older luamig lacks.
  Status Ensure();
  /// CREATE TABLE IF NOT EXISTS, without asking first (offline scripts).
  Status Create();
  /// Appends `row` (its id is assigned by the database), with every secret
  /// taken out of its text.
  Status Append(const HistoryRow& row);
  /// Every row in the order written, without `source`. Empty when the table
  /// does not exist.
  Result<std::vector<HistoryRow>> Rows();
  /// The newest upgrade row of `revision`, with its source; nullopt when
  /// there is none or the table does not exist.
  Result<std::optional<HistoryRow>> LatestUpgrade(const std::string& revision);

 private:
  Result<std::vector<std::string>> ColumnNames();
  std::string Clean(const std::string& text) const {
    return secrets_ ? secrets_->Scrub(text) : text;
  }

  db::SqlSink& sink_;
  const dialect::BookkeepingSql& sql_;
  std::shared_ptr<const SecretSet> secrets_;
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_HISTORY_TABLE_H_
