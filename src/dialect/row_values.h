// SPDX-License-Identifier: MIT
// Reading catalog cells whatever type the backend returned them as.
#ifndef LUAMIG_DIALECT_ROW_VALUES_H_
#define LUAMIG_DIALECT_ROW_VALUES_H_

#include <optional>
#include <string>

#include "ops/value.h"

namespace luamig::dialect {

inline std::optional<std::string> CellText(const ops::Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* b = std::get_if<bool>(&v)) return std::string(*b ? "1" : "0");
  return std::nullopt;
}

inline std::string CellString(const ops::Value& v) { return CellText(v).value_or(""); }

inline int64_t CellInt(const ops::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (*s == "t" || *s == "true") return 1;
    try {
      return std::stoll(*s);
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

inline bool CellBool(const ops::Value& v) { return CellInt(v) != 0; }

}  // namespace luamig::dialect

#endif  // LUAMIG_DIALECT_ROW_VALUES_H_
