// SPDX-License-Identifier: MIT
// The SQL of luamig's own tables for one dialect: the version table (one row
// per current head, Alembic's alembic_version) and the append-only history
// table beside it. The runtime sends these statements through a sink; it
// writes no SQL of its own.
#ifndef LUAMIG_DIALECT_BOOKKEEPING_SQL_H_
#define LUAMIG_DIALECT_BOOKKEEPING_SQL_H_

#include <string>
#include <vector>

#include "dialect/dialect.h"

namespace luamig::dialect {

/// The history table's columns in the order InsertHistory binds them ($1 …)
/// and SelectHistory returns them (SelectHistory leaves out `source`
/// unless asked, and puts `id` first).
enum class HistoryColumn {
  kRevision,
  kDirection,
  kChecksum,
  kStartedAt,
  kDurationMs,
  kDbUser,
  kHostName,
  kLuamigVersion,
  kSource,
  kMessage,
  kFromRevisions,
  kToRevisions,
};

/// Statements for the version table `version_table` and the history table
/// `history_table`, both in `schema` ("" = the session's default schema).
/// Immutable; the dialect must outlive it.
class BookkeepingSql {
 public:
  BookkeepingSql(const Dialect& dialect, std::string schema, std::string version_table,
                 std::string history_table);

  const Dialect& dialect() const { return dialect_; }
  /// "schema"."name" (or "name"): for SQL, messages and the run-lock key.
  std::string VersionTable() const;
  std::string HistoryTable() const;

  /// One row when the version table exists.
  CatalogQuery VersionTableExists() const;
  /// CREATE TABLE IF NOT EXISTS (version_num VARCHAR(32) primary key, and
  /// the column that keeps the rows' write order where the dialect needs one:
  /// Dialect::VersionRowOrder).
  std::string CreateVersionTable() const;
  /// One row when the version table has its order column, or nothing to ask
  /// (empty sql) where the dialect keeps the order by itself.
  CatalogQuery VersionOrderColumnExists() const;
  /// ALTER TABLE … ADD COLUMN of the order column, for a table created
  /// without it (by Alembic, or by an older luamig); "" where none is needed.
  std::string AddVersionOrderColumn() const;
  /// version_num of every row: in write order when `ordered` (an updated row
  /// keeps its place, inserted rows come last), else in the database's own
  /// order (a table without its order column, as Alembic reads it).
  std::string SelectVersions(bool ordered) const;
  std::string InsertVersion() const;  ///< $1 = the new row
  std::string UpdateVersion() const;  ///< $1 = the new value, $2 = the old one
  std::string DeleteVersion() const;  ///< $1 = the row
  std::string DeleteAllVersions() const;

  /// One row per column of the history table, its name first; no rows when
  /// the table does not exist.
  CatalogQuery HistoryColumns() const;
  std::string CreateHistoryTable() const;
  /// ALTER TABLE … ADD COLUMN for each column a history table made by an
  /// older luamig lacks, given the names it has.
  std::vector<std::string> AddMissingHistoryColumns(
      const std::vector<std::string>& present) const;
  /// INSERT of one row, parameters in HistoryColumn order ($1 … $12).
  std::string InsertHistory() const;
  /// One row when the history table exists.
  CatalogQuery HistoryTableExists() const;
  /// id, then every column but source (with `with_source`: source last), in
  /// HistoryColumn order, ordered by id; NULL for a column not in `present`
  /// (a table made by an older luamig, read without changing it). With
  /// `latest_upgrade_of`: only the newest upgrade row of revision $1.
  std::string SelectHistory(const std::vector<std::string>& present, bool with_source,
                            bool latest_upgrade_of) const;

 private:
  const Dialect& dialect_;
  std::string schema_;
  std::string version_;
  std::string history_;
};

}  // namespace luamig::dialect

#endif  // LUAMIG_DIALECT_BOOKKEEPING_SQL_H_
