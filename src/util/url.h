// SPDX-License-Identifier: MIT
// Database URLs in SQLAlchemy's shape, and password masking.
#ifndef LUAMIG_UTIL_URL_H_
#define LUAMIG_UTIL_URL_H_

#include <string>
#include <string_view>

#include "luamig/status.h"

namespace luamig::util {

struct DatabaseUrl {
  std::string scheme;  ///< "sqlite" or "postgresql" ("postgres" is normalised)
  /// sqlite: the file path as written ("" or ":memory:" for memory).
  /// postgresql: the full libpq URI (password included: never print it).
  std::string target;
  bool memory = false;  ///< sqlite://:memory: (or sqlite://)
};

/// Parses `url`. Relative sqlite paths are resolved against `base_dir`
/// (the project directory) when it is non-empty.
/// Errors (kUsage): unknown scheme (with suggestions), malformed URL; the
/// message shows the URL masked.
Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url,
                                     std::string_view base_dir = "");

/// `url` with any password replaced by "***" (userinfo and ?password=…).
std::string MaskPassword(std::string_view url);

/// Removes every occurrence of `secret` (if non-empty) from `text`.
std::string Redact(std::string text, std::string_view secret);

/// The password of a postgresql:// URL, or "" when there is none.
std::string UrlPassword(std::string_view url);

}  // namespace luamig::util

#endif  // LUAMIG_UTIL_URL_H_
