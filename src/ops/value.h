// SPDX-License-Identifier: MIT
// A SQL value: statement parameters and result cells.
#ifndef LUAMIG_OPS_VALUE_H_
#define LUAMIG_OPS_VALUE_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace luamig::ops {

struct Null {
  bool operator==(const Null&) const { return true; }
};
/// Bytes that are not text (a BLOB / bytea).
struct Blob {
  std::string bytes;
  bool operator==(const Blob& o) const { return bytes == o.bytes; }
};

using Value = std::variant<Null, bool, int64_t, double, std::string, Blob>;

/// Short rendering for logs and DebugString ("NULL", "42", "'text'", "x'00ff'").
std::string ValueDebugString(const Value& v);

/// A query result: column names and rows of values.
struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
};

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_VALUE_H_
