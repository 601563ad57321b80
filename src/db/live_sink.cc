// SPDX-License-Identifier: MIT
#include "db/sql_sink.h"

namespace luamig::db {

Status LiveSink::Execute(const std::string& sql, const std::vector<ops::Value>& params) {
  return conn_.Execute(sql, params);
}

// RETURNING makes the changed rows countable on both backends (SQLite ≥ 3.35).
Status LiveSink::ExecuteOneRow(const std::string& sql,
                               const std::vector<ops::Value>& params,
                               const std::string& mismatch) {
  const std::string counted = sql + " RETURNING 1";
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, conn_.Query(counted, params));
  if (rows.rows.size() == 1) return Status::Ok();
  return Status::Database(mismatch + ": expected to change 1 row, changed " +
                          std::to_string(rows.rows.size()))
      .WithSql(counted);
}

Result<ops::Rows> LiveSink::Query(const std::string& sql,
                                  const std::vector<ops::Value>& params) {
  return conn_.Query(sql, params);
}

}  // namespace luamig::db
