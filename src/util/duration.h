// SPDX-License-Identifier: MIT
// Durations as users write them in luamig.lua and revision headers ("5s",
// "250ms", "2min"), in PostgreSQL's units.
#ifndef LUAMIG_UTIL_DURATION_H_
#define LUAMIG_UTIL_DURATION_H_

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace luamig::util {

/// Parses "<number>[unit]" with unit one of ms, s, min, h, d (PostgreSQL's
/// names); no unit means milliseconds, as in PostgreSQL's lock_timeout. The
/// number may have a fraction ("1.5s"). Returns nullopt for anything else,
/// including negative values.
inline std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  size_t unit_at = 0;
  while (unit_at < text.size() &&
         ((text[unit_at] >= '0' && text[unit_at] <= '9') || text[unit_at] == '.')) {
    ++unit_at;
  }
  if (unit_at == 0) return std::nullopt;
  std::string number(text.substr(0, unit_at));
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !std::isfinite(value)) return std::nullopt;
  std::string_view unit = text.substr(unit_at);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  double scale = 0;
  if (unit.empty() || unit == "ms") {
    scale = 1;
  } else if (unit == "s") {
    scale = 1000;
  } else if (unit == "min") {
    scale = 60'000;
  } else if (unit == "h") {
    scale = 3'600'000;
  } else if (unit == "d") {
    scale = 86'400'000;
  } else {
    return std::nullopt;
  }
  double ms = std::round(value * scale);
  if (ms > 2147483647.0) return std::nullopt;  // PostgreSQL's limit for these settings
  return std::chrono::milliseconds(static_cast<long long>(ms));
}

}  // namespace luamig::util

#endif  // LUAMIG_UTIL_DURATION_H_
