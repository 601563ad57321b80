// The interface through which the Lua `op` table reaches the runtime.
#ifndef LUAMIG_OPS_EXECUTOR_H_
#define LUAMIG_OPS_EXECUTOR_H_

#include <string>
#include <vector>

#include "luamig/status.h"
#include "ops/op.h"
#include "ops/value.h"

namespace luamig::ops {

/// Implemented by the runtime for one migration step. Not thread-safe.
class OpExecutor {
 public:
  virtual ~OpExecutor() = default;
  /// Renders and runs `op`. Errors carry the failing SQL and database message.
  virtual Status Apply(const Op& op) = 0;
  /// Runs a read query and returns its rows. Offline runs return an error.
  virtual Result<Rows> Query(const std::string& sql,
                             const std::vector<Value>& params) = 0;
  /// The dialect name ("sqlite", "postgresql") shown to scripts as op.dialect.
  virtual std::string DialectName() const = 0;
  /// `op.log(message)`: a line for the run's log and event sink.
  virtual void Log(const std::string& message) = 0;
  /// True when statements are printed, not run (`--sql`).
  virtual bool Offline() const = 0;
};

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_EXECUTOR_H_
