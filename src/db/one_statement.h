// SPDX-License-Identifier: MIT
// The one error both adapters give when a statement that must be single
// (one with bound parameters, or a query whose rows are returned) holds
// several: SQLite would run only the first, PostgreSQL refuses; luamig
// refuses on both, in the same words (issue 12, item 4).
#ifndef LUAMIG_DB_ONE_STATEMENT_H_
#define LUAMIG_DB_ONE_STATEMENT_H_

#include <string>

#include "luamig/status.h"

namespace luamig::db {

/// `with_params`: the statement had bound parameters; otherwise it was a
/// query (rows wanted).
inline Status SeveralStatements(const std::string& sql, bool with_params) {
  std::string what = with_params ? "parameters are bound to one SQL statement"
                                 : "a query returns the rows of one SQL statement";
  return Status::Database(what +
                          ", but this text holds more than one: run each statement "
                          "with its own call")
      .WithSql(sql);
}

}  // namespace luamig::db

#endif  // LUAMIG_DB_ONE_STATEMENT_H_
