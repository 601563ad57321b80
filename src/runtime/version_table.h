// SPDX-License-Identifier: MIT
// The version table (one row per current head, Alembic's semantics).
#ifndef LUAMIG_RUNTIME_VERSION_TABLE_H_
#define LUAMIG_RUNTIME_VERSION_TABLE_H_

#include <memory>
#include <string>
#include <vector>

#include "graph/plan.h"
#include "runtime/bookkeeping_table.h"

namespace luamig::runtime {

class VersionTable final : public BookkeepingTable {
 public:
  /// `schema` may be empty (the connection's default schema).
  VersionTable(db::Connection& conn, const dialect::Dialect& dialect, std::string schema,
               std::string name);
  /// Writes (and reads) through `sink`, which must outlive the table; with a
  /// script sink (offline --sql) only Create, Apply and Purge succeed.
  VersionTable(db::SqlSink& sink, const dialect::Dialect& dialect, std::string schema,
               std::string name);

  /// Creates the table if it does not exist, or adds the column that keeps
  /// the rows' write order where the dialect needs one and the table lacks it
  /// (dialect::RowOrder; a table Alembic created). Afterwards Heads() no
  /// longer asks whether the table exists (one query less per migration step).
  Status Ensure();
  /// CREATE TABLE IF NOT EXISTS, without asking first (offline scripts).
  Status Create();
  /// The rows in write order: an updated row keeps its place, inserted rows
  /// come last (dialect::RowOrder). Empty when the table does not exist.
  Result<std::vector<std::string>> Heads();
  /// Applies one step's change, checking that every statement touched exactly
  /// one row (a mismatch means another runner changed the table: kDatabase).
  Status Apply(const graph::HeadsDelta& delta);
  /// Deletes every row (stamp --purge).
  Status Purge();

 private:
  Status ExpectOneRow(const std::string& sql, const std::vector<ops::Value>& params);
  Status EnsureOrderColumn();
  Result<bool> HasOrderColumn();

  bool known_to_exist_ = false;
  bool ordered_ = false;  // the rows can be read in write order
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_VERSION_TABLE_H_
