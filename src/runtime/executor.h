// SPDX-License-Identifier: MIT
// The OpExecutor of every run: renders each op through the dialect and sends
// the statements to the run's SqlSink. Online and offline runs differ only in
// the sink: where it cannot read back (an offline script), whatever needs to
// read the database fails with an error that names the call.
#ifndef LUAMIG_RUNTIME_EXECUTOR_H_
#define LUAMIG_RUNTIME_EXECUTOR_H_

#include <functional>
#include <string>
#include <vector>

#include "db/sql_sink.h"
#include "dialect/dialect.h"
#include "luamig/events.h"
#include "ops/executor.h"

namespace luamig::runtime {

class Executor final : public ops::OpExecutor {
 public:
  /// `events` (may be null) receives op.log lines. All must outlive the call.
  Executor(db::SqlSink& sink, const dialect::Dialect& dialect, EventSink* events,
           std::string revision)
      : sink_(sink), dialect_(dialect), events_(events), revision_(std::move(revision)) {}

  /// Writes the op's statements; op.execute's parameters go with them (a
  /// script sink splices them in as literals).
  ///
  /// A BatchAlterTable on a dialect that recreates tables (SQLite) first
  /// reads the table's catalog (so it fails where the sink cannot read back),
  /// then runs the dialect's plan in the migration's transaction — except
  /// when other tables reference the table and foreign keys are enforced:
  /// SQLite can switch enforcement off only outside a transaction, and with
  /// it on, dropping the old table would fire the children's ON DELETE
  /// actions. Then the work so far is committed and the plan runs in a
  /// transaction of its own with enforcement off, checked by PRAGMA
  /// foreign_key_check before it commits (logged when it happens). In a
  /// non-transactional migration the plan still runs in a transaction.
  Status Apply(const ops::Op& op) override;
  /// Runs the query (fails where the sink cannot read back: op.query).
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override;
  /// Runs the dialect's catalog queries for the table (fails where the sink
  /// cannot read back: op.has_table, op.has_column, op.columns, op.indexes).
  Result<ops::TableInfo> Inspect(const std::string& schema,
                                 const std::string& table) override;
  /// Commits the open transaction, runs `body` with none open, then begins a
  /// new one (also when `body` fails). With no transaction open (a
  /// non-transactional migration) it just runs `body`. On SQLite another
  /// runner may write in the window between the commit and the new BEGIN;
  /// the version row is still written in the migration's final transaction.
  /// In a script: COMMIT; before `body`'s statements and BEGIN; after them.
  Status Autocommit(const std::function<Status()>& body) override;
  std::string DialectName() const override { return dialect_.name(); }
  void Log(const std::string& message) override;
  bool Offline() const override { return !sink_.CanReadBack(); }

 private:
  Status NeedsDatabase(const std::string& call) const;
  Status RunAll(const std::vector<std::string>& statements,
                const std::vector<ops::Value>& params);
  Status ApplyBatch(const ops::BatchAlterTable& batch);
  Status RunAtomically(const std::vector<std::string>& plan);
  Result<bool> ForeignKeysEnforced(const std::string& query);
  Status RunUnenforced(const std::vector<std::string>& plan,
                       const dialect::ForeignKeyIsolation& iso);

  db::SqlSink& sink_;
  const dialect::Dialect& dialect_;
  EventSink* events_;
  std::string revision_;
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_EXECUTOR_H_
