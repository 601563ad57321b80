// SPDX-License-Identifier: MIT
#include "runtime/bookkeeping_table.h"

#include "db/sql_sink.h"

namespace luamig::runtime {

BookkeepingTable::BookkeepingTable(db::Connection& conn, const dialect::Dialect& dialect,
                                   std::string schema, std::string name)
    : own_sink_(std::make_unique<db::LiveSink>(conn)),
      sink_(*own_sink_),
      dialect_(dialect),
      schema_(std::move(schema)),
      name_(std::move(name)) {}

BookkeepingTable::BookkeepingTable(db::SqlSink& sink, const dialect::Dialect& dialect,
                                   std::string schema, std::string name)
    : sink_(sink),
      dialect_(dialect),
      schema_(std::move(schema)),
      name_(std::move(name)) {}

Result<bool> BookkeepingTable::Exists() {
  auto [sql, params] = dialect_.TableExistsQuery(schema_, name_);
  LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, sink_.Query(sql, params));
  return !rows.rows.empty();
}

}  // namespace luamig::runtime
