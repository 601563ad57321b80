// SPDX-License-Identifier: MIT
// What luamig's own tables (version and history) share: where they live,
// how they are named in SQL, and the sink their statements go through.
#ifndef LUAMIG_RUNTIME_BOOKKEEPING_TABLE_H_
#define LUAMIG_RUNTIME_BOOKKEEPING_TABLE_H_

#include <memory>
#include <string>

#include "db/connection.h"
#include "db/sql_sink.h"
#include "dialect/dialect.h"

namespace luamig::runtime {

class BookkeepingTable {
 public:
  /// "schema"."name" (or "name"), for SQL, messages and the run-lock key.
  std::string QualifiedName() const { return dialect_.QualifiedName(schema_, name_); }
  /// Whether the table exists (read-only commands never create it).
  Result<bool> Exists();

 protected:
  /// Live: statements run on `conn`. `schema` may be empty (the connection's
  /// default schema).
  BookkeepingTable(db::Connection& conn, const dialect::Dialect& dialect,
                   std::string schema, std::string name);
  /// Statements go to `sink`, which must outlive the table (offline --sql
  /// passes a script sink).
  BookkeepingTable(db::SqlSink& sink, const dialect::Dialect& dialect, std::string schema,
                   std::string name);
  BookkeepingTable(const BookkeepingTable&) = delete;
  BookkeepingTable& operator=(const BookkeepingTable&) = delete;
  ~BookkeepingTable() = default;

  db::SqlSink& sink() { return sink_; }
  const dialect::Dialect& dialect() const { return dialect_; }
  const std::string& schema() const { return schema_; }
  const std::string& name() const { return name_; }

 private:
  std::unique_ptr<db::SqlSink> own_sink_;  // set by the Connection constructor
  db::SqlSink& sink_;
  const dialect::Dialect& dialect_;
  std::string schema_;
  std::string name_;
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_BOOKKEEPING_TABLE_H_
