// OpExecutor for live runs: render via the dialect, run on the connection.
#ifndef LUAMIG_RUNTIME_EXECUTOR_H_
#define LUAMIG_RUNTIME_EXECUTOR_H_

#include <string>

#include "db/connection.h"
#include "dialect/dialect.h"
#include "luamig/events.h"
#include "ops/executor.h"

namespace luamig::runtime {

class LiveExecutor final : public ops::OpExecutor {
 public:
  LiveExecutor(db::Connection& conn, const dialect::Dialect& dialect, EventSink* events,
               std::string revision)
      : conn_(conn), dialect_(dialect), events_(events), revision_(std::move(revision)) {}

  Status Apply(const ops::Op& op) override;
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override;
  std::string DialectName() const override { return dialect_.name(); }
  void Log(const std::string& message) override;
  bool Offline() const override { return false; }

 private:
  db::Connection& conn_;
  const dialect::Dialect& dialect_;
  EventSink* events_;
  std::string revision_;
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_EXECUTOR_H_
