// SPDX-License-Identifier: MIT
// The interface through which the Lua `op` table reaches the runtime.
#ifndef LUAMIG_OPS_EXECUTOR_H_
#define LUAMIG_OPS_EXECUTOR_H_

#include <functional>
#include <string>
#include <vector>

#include "luamig/status.h"
#include "ops/op.h"
#include "ops/table_info.h"
#include "ops/value.h"

namespace luamig::ops {

/// Implemented by the runtime for one migration step. Not thread-safe.
class OpExecutor {
 public:
  virtual ~OpExecutor() = default;
  /// Renders and runs `op`. Errors carry the failing SQL and database message.
  /// A BatchAlterTable may need the table's catalog (SQLite recreate): live
  /// executors read it first; offline ones fail where they cannot.
  virtual Status Apply(const Op& op) = 0;
  /// Runs a read query and returns its rows. Offline runs return an error.
  virtual Result<Rows> Query(const std::string& sql,
                             const std::vector<Value>& params) = 0;
  /// The table `table` in `schema` ("" = default) as the live catalog has it;
  /// `exists` is false for a missing table. Offline runs return an error
  /// (kUsage) saying introspection needs a database.
  virtual Result<TableInfo> Inspect(const std::string& schema, const std::string& table) {
    (void)schema;
    (void)table;
    return Status::Usage("introspection needs a live database connection");
  }
  /// `op.autocommit(fn)`: runs `body` outside the migration's transaction.
  /// Live executors commit the work so far, run `body` with no transaction
  /// open, then begin a new transaction (also when `body` fails) and return
  /// `body`'s Status. The default runs `body` in place.
  virtual Status Autocommit(const std::function<Status()>& body) { return body(); }
  /// The dialect name ("sqlite", "postgresql") shown to scripts as op.dialect.
  virtual std::string DialectName() const = 0;
  /// `op.log(message)`: a line for the run's log and event sink.
  virtual void Log(const std::string& message) = 0;
  /// True when statements are printed, not run (`--sql`).
  virtual bool Offline() const = 0;
};

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_EXECUTOR_H_
