// SPDX-License-Identifier: MIT
// OpExecutor for offline runs (`--sql`): render via the dialect, write to a
// script sink. Whatever needs to read the database fails with an error that
// names the call and says it needs a live database.
#ifndef LUAMIG_RUNTIME_OFFLINE_EXECUTOR_H_
#define LUAMIG_RUNTIME_OFFLINE_EXECUTOR_H_

#include <functional>
#include <string>
#include <vector>

#include "db/sql_sink.h"
#include "dialect/dialect.h"
#include "luamig/events.h"
#include "ops/executor.h"

namespace luamig::runtime {

class OfflineExecutor final : public ops::OpExecutor {
 public:
  /// `sink` receives the statements; `events` (may be null) receives op.log.
  OfflineExecutor(db::SqlSink& sink, const dialect::Dialect& dialect, EventSink* events,
                  std::string revision)
      : sink_(sink), dialect_(dialect), events_(events), revision_(std::move(revision)) {}

  /// Writes the op's statements; op.execute's parameters become literals.
  /// A batch_alter_table that recreates the table (SQLite) fails: the plan
  /// depends on the live table definition.
  Status Apply(const ops::Op& op) override;
  /// Fails: op.query needs a live database.
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override;
  /// Fails: op.has_table, op.has_column, op.columns and op.indexes need one.
  Result<ops::TableInfo> Inspect(const std::string& schema,
                                 const std::string& table) override;
  /// Writes COMMIT; before `body`'s statements and BEGIN; after them (when a
  /// transaction is open in the script).
  Status Autocommit(const std::function<Status()>& body) override;
  std::string DialectName() const override { return dialect_.name(); }
  void Log(const std::string& message) override;
  bool Offline() const override { return !sink_.Connected(); }

 private:
  Status NeedsDatabase(const std::string& call) const;

  db::SqlSink& sink_;
  const dialect::Dialect& dialect_;
  EventSink* events_;
  std::string revision_;
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_OFFLINE_EXECUTOR_H_
