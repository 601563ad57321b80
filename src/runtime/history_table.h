// SPDX-License-Identifier: MIT
// The append-only history table (luamig_history): one row per step a run
// executed, written in the step's own transaction.
#ifndef LUAMIG_RUNTIME_HISTORY_TABLE_H_
#define LUAMIG_RUNTIME_HISTORY_TABLE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "luamig/secrets.h"
#include "runtime/bookkeeping_table.h"

namespace luamig::runtime {

/// One row of the history table.
struct HistoryRow {
  int64_t id = 0;  ///< increasing in the order rows were written
  std::string revision;
  std::string direction;   ///< "upgrade", "downgrade", "stamp-upgrade", "stamp-downgrade"
  std::string checksum;    ///< SHA-256 of the script text that ran
  std::string started_at;  ///< UTC, "YYYY-MM-DD HH:MM:SS.mmm+00"
  int64_t duration_ms = 0;
  std::string db_user;
  std::string host_name;
  std::string luamig_version;
  std::string source;   ///< the script text (read only by LatestApplied)
  std::string message;  ///< the revision's doc line
};

/// The history table's name for a version table: "luamig_version" →
/// "luamig_history"; any other name gets "_history" appended.
std::string HistoryTableName(const std::string& version_table);

class HistoryTable final : public BookkeepingTable {
 public:
  /// `schema` as for VersionTable (the same schema as the version table).
  HistoryTable(db::Connection& conn, const dialect::Dialect& dialect, std::string schema,
               std::string name);
  /// Writes (and reads) through `sink`, which must outlive the table; with a
  /// script sink (offline --sql) only Create and Append succeed.
  HistoryTable(db::SqlSink& sink, const dialect::Dialect& dialect, std::string schema,
               std::string name);

  /// Creates the table if it does not exist.
  Status Ensure();
  /// CREATE TABLE IF NOT EXISTS, without asking first (offline scripts).
  Status Create();
  /// Appends `row` (its id is assigned by the database), with every secret
  /// of ScrubWith's set taken out of its text.
  Status Append(const HistoryRow& row);
  /// Secrets that must never be stored (MigratorOptions::secrets).
  void ScrubWith(std::shared_ptr<const SecretSet> secrets) {
    secrets_ = std::move(secrets);
  }
  /// Every row in the order written, without `source`. Empty when the table
  /// does not exist.
  Result<std::vector<HistoryRow>> Rows();
  /// The newest upgrade row of `revision`, with its source; nullopt when
  /// there is none or the table does not exist.
  Result<std::optional<HistoryRow>> LatestUpgrade(const std::string& revision);

 private:
  std::string Clean(const std::string& text) const {
    return secrets_ ? secrets_->Scrub(text) : text;
  }

  std::shared_ptr<const SecretSet> secrets_;
};

/// The current UTC time in HistoryRow::started_at's format.
std::string UtcTimestamp();

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_HISTORY_TABLE_H_
