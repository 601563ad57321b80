// SPDX-License-Identifier: MIT
// The libpqxx adapter: the only code that catches pqxx exceptions, and the
// place where the password is scrubbed from every message.
#ifndef LUAMIG_PG_PG_CONNECTION_H_
#define LUAMIG_PG_PG_CONNECTION_H_

#include <memory>
#include <string>

#include "db/connection.h"

namespace luamig::pg {

class PgConnection final : public db::Connection {
 public:
  /// Connects with a libpq URI (postgresql://…). Errors never contain the password.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& uri);
  ~PgConnection() override;

  Status Execute(const std::string& sql, const std::vector<ops::Value>& params) override;
  Result<ops::Rows> Query(const std::string& sql,
                          const std::vector<ops::Value>& params) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override { return in_tx_; }
  Status AcquireRunLock(const std::string& key, db::LockWaiter& waiter) override;
  Status ReleaseRunLock(const std::string& key) override;
  Status SetLimits(const db::StatementLimits& limits) override;
  bool IsLockNotAvailable(const Status& s) const override;
  std::string CurrentUser() override;
  std::string DefaultSchema() override;
  std::string Describe() const override;

  struct Impl;

 private:
  explicit PgConnection(std::unique_ptr<Impl> impl);
  Result<ops::Rows> QueryChecked(const std::string& sql,
                                 const std::vector<ops::Value>& params);
  std::unique_ptr<Impl> impl_;
  bool in_tx_ = false;
};

}  // namespace luamig::pg

#endif  // LUAMIG_PG_PG_CONNECTION_H_
