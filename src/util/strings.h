// SPDX-License-Identifier: MIT
// String helpers shared by every module.
#ifndef LUAMIG_UTIL_STRINGS_H_
#define LUAMIG_UTIL_STRINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace luamig::util {

std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::vector<std::string> Split(std::string_view text, char sep);
std::string_view Trim(std::string_view text);
bool StartsWith(std::string_view text, std::string_view prefix);
bool EndsWith(std::string_view text, std::string_view suffix);
std::string ToLower(std::string_view text);
/// Lowercase words joined by '_' from arbitrary text ("Add players!" → "add_players").
std::string Slugify(std::string_view text, size_t max_length = 40);
/// Lowercase hex of `bytes` ("\x00\xff" → "00ff"), for blob literals and parameters.
std::string HexEncode(std::string_view bytes);
/// Hex SHA-256 of `data` (used for script checksums).
std::string Sha256Hex(std::string_view data);

}  // namespace luamig::util

#endif  // LUAMIG_UTIL_STRINGS_H_
