// SPDX-License-Identifier: MIT
// OpExecutor for live runs: render via the dialect, run on the connection.
#ifndef LUAMIG_RUNTIME_EXECUTOR_H_
#define LUAMIG_RUNTIME_EXECUTOR_H_

#include <functional>
#include <string>

#include "db/connection.h"
#include "db/sql_sink.h"
#include "dialect/dialect.h"
#include "luamig/events.h"
#include "ops/executor.h"

namespace luamig::runtime {

class LiveExecutor final : public ops::OpExecutor {
 public:
  LiveExecutor(db::Connection& conn, const dialect::Dialect& dialect, EventSink* events,
               std::string revision)
      : conn_(conn), dialect_(dialect), events_(events), revision_(std::move(revision)) {}

  /// A BatchAlterTable on a dialect that recreates tables (SQLite) first
  /// reads the table's catalog, then runs the dialect's plan in the
  /// migration's transaction — except when other tables reference the table
  /// and foreign keys are enforced: SQLite can switch enforcement off only
  /// outside a transaction, and with it on, dropping the old table would fire
  /// the children's ON DELETE actions. Then the work so far is committed and
  /// the plan runs in a transaction of its own with enforcement off, checked
  /// by PRAGMA foreign_key_check before it commits (logged when it happens).
  /// In a non-transactional migration the plan still runs in a transaction.
  Status Apply(const ops::Op& op) override;
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override;
  /// Runs the dialect's catalog queries for the table on the connection.
  Result<ops::TableInfo> Inspect(const std::string& schema,
                                 const std::string& table) override;
  /// Commits the open transaction, runs `body` with none open, then begins a
  /// new one (also when `body` fails). With no transaction open (a
  /// non-transactional migration) it just runs `body`. On SQLite another
  /// runner may write in the window between the commit and the new BEGIN;
  /// the version row is still written in the migration's final transaction.
  Status Autocommit(const std::function<Status()>& body) override;
  std::string DialectName() const override { return dialect_.name(); }
  void Log(const std::string& message) override;
  bool Offline() const override { return false; }

 private:
  Status RunAll(const std::vector<std::string>& statements,
                const std::vector<ops::Value>& params);
  Status ApplyBatch(const ops::BatchAlterTable& batch);
  Status RunAtomically(const std::vector<std::string>& plan);
  Result<bool> ForeignKeysEnforced(const std::string& query);
  Status RunUnenforced(const std::vector<std::string>& plan,
                       const dialect::ForeignKeyIsolation& iso);

  db::Connection& conn_;
  db::LiveSink sink_{conn_};  // the ops' statements go out through the sink
  const dialect::Dialect& dialect_;
  EventSink* events_;
  std::string revision_;
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_EXECUTOR_H_
