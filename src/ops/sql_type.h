// SPDX-License-Identifier: MIT
// The portable type vocabulary of DESIGN.md; anything else passes through.
#ifndef LUAMIG_OPS_SQL_TYPE_H_
#define LUAMIG_OPS_SQL_TYPE_H_

#include <string>
#include <string_view>

namespace luamig::ops {

enum class TypeKind {
  kInteger,
  kBigInt,
  kSerial,
  kBigSerial,
  kText,
  kString,
  kBoolean,
  kReal,
  kDouble,
  kNumeric,
  kDate,
  kTimestamp,
  kTimestampTz,
  kJson,
  kUuid,
  kBlob,
  kPassthrough,  ///< an unknown type string, rendered exactly as written
};

struct SqlType {
  TypeKind kind = TypeKind::kText;
  int length = 0;     ///< string(n)
  int precision = 0;  ///< numeric(p,s)
  int scale = 0;
  std::string raw;  ///< the type as written by the user

  /// Parses "integer", "string(40)", "numeric(10,2)", …; an unknown or
  /// malformed name becomes kPassthrough with raw = the text as given.
  static SqlType Parse(std::string_view text);
  bool operator==(const SqlType& o) const { return raw == o.raw; }
};

}  // namespace luamig::ops

#endif  // LUAMIG_OPS_SQL_TYPE_H_
