// SPDX-License-Identifier: MIT
// The version table (one row per current head, Alembic's semantics), read and
// written through a sink with the dialect's SQL. Holds no state of its own:
// build one wherever a sink and the table's SQL are at hand.
#ifndef LUAMIG_RUNTIME_VERSION_TABLE_H_
#define LUAMIG_RUNTIME_VERSION_TABLE_H_

#include <string>
#include <vector>

#include "db/sql_sink.h"
#include "dialect/bookkeeping_sql.h"
#include "graph/plan.h"

namespace luamig::runtime {

class VersionTable {
 public:
  /// Both must outlive the table.
  VersionTable(db::SqlSink& sink, const dialect::BookkeepingSql& sql)
      : sink_(sink), sql_(sql) {}

  /// "schema"."name" (or "name"), for messages and the run-lock key.
  std::string QualifiedName() const { return sql_.VersionTable(); }
  /// Whether the table exists (read-only commands never create it).
  Result<bool> Exists();
  /// Creates the table if it does not exist, or adds the column that keeps
  /// the rows' write order where the dialect needs one and the table lacks
  /// it (dialect::RowOrder; a table Alembic created).
  Status Ensure();
  /// CREATE TABLE IF NOT EXISTS, without asking first (offline scripts).
  Status Create();
  /// The rows in write order: an updated row keeps its place, inserted rows
  /// come last (in the database's own order for a table without its order
  /// column, as Alembic reads it). Empty when the table does not exist.
  /// Read-only: never changes the table.
  Result<std::vector<std::string>> Heads();
  /// The rows in write order without asking whether the table exists and
  /// has its order column (a run that ensured both reads them once per step).
  /// REQUIRES: Ensure() succeeded.
  Result<std::vector<std::string>> Rows();
  /// Applies one step's change, checking that every statement touched exactly
  /// one row (a mismatch means another runner changed the table: kDatabase).
  Status Apply(const graph::HeadsDelta& delta);
  /// Deletes every row (stamp --purge).
  Status Purge();

 private:
  Status ExpectOneRow(const std::string& sql, const std::vector<ops::Value>& params);
  Result<bool> HasOrderColumn();
  Result<std::vector<std::string>> Select(bool ordered);

  db::SqlSink& sink_;
  const dialect::BookkeepingSql& sql_;
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_VERSION_TABLE_H_
