// SPDX-License-Identifier: MIT
// Operations that carry SQL text or data.
#ifndef LUAMIG_OPS_DATA_OPS_H_
#define LUAMIG_OPS_DATA_OPS_H_

#include <string>
#include <vector>

#include "ops/value.h"

namespace luamig::ops {

/// `op.execute(sql, params?)`: the statement is sent as written, with
/// parameters bound by the database (never spliced into the text).
struct ExecuteSql {
  std::string sql;
  std::vector<Value> params;
};

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_DATA_OPS_H_
