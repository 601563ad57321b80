// SPDX-License-Identifier: MIT
// RAII transaction over a Connection or a SqlSink: rolls back in the
// destructor unless Commit succeeded.
#ifndef LUAMIG_DB_TRANSACTION_H_
#define LUAMIG_DB_TRANSACTION_H_

#include "db/session.h"

namespace luamig::db {

class Transaction {
 public:
  /// Does not begin: call Begin() and check its Status.
  explicit Transaction(Session& conn) : conn_(conn) {}
  ~Transaction() {
    if (active_) (void)conn_.Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin() {
    Status s = conn_.Begin();
    active_ = s.ok();
    return s;
  }
  Status Commit() {
    active_ = false;
    return conn_.Commit();
  }
  Status Rollback() {
    active_ = false;
    return conn_.Rollback();
  }
  bool active() const { return active_; }

 private:
  Session& conn_;
  bool active_ = false;
};

}  // namespace luamig::db

#endif  // LUAMIG_DB_TRANSACTION_H_
