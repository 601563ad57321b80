// SPDX-License-Identifier: MIT
// libpq's two connection-string grammars, the URI form
// (postgresql://user:password@host:port/dbname?key=value) and the keyword
// form (host=h password='p w'), read exactly as PQconninfoParse reads them.
// luamig parses a PostgreSQL URL itself so that it can mask the password and
// refuse a URL libpq would split differently from what its author meant,
// without loading the PostgreSQL client library.
#ifndef LUAMIG_UTIL_CONNINFO_H_
#define LUAMIG_UTIL_CONNINFO_H_

#include <string>
#include <string_view>
#include <vector>

#include "luamig/status.h"

namespace luamig::util {

/// One setting libpq stores while it reads a connection string.
struct ConnOption {
  std::string keyword;  ///< after libpq's aliases (requiressl, ssl=true → sslmode)
  std::string value;    ///< as libpq stores it: unquoted, percent-decoded
  size_t begin = 0;     ///< [begin, end): where the value is written in the text
  size_t end = 0;
};

/// What PQconninfoParse makes of a connection string.
struct Conninfo {
  bool uri = false;  ///< written as postgresql:// or postgres://
  /// Every value stored, in the order libpq stores them (a later one of the
  /// same keyword replaces an earlier one). A URI's hosts and ports are one
  /// comma-separated value each, as libpq keeps them.
  std::vector<ConnOption> options;

  /// The value libpq ends up with for `keyword`, or nullptr when it has none.
  const ConnOption* Find(std::string_view keyword) const;
};

/// Parses `text` as PQconninfoParse does (libpq 15): a URI when it starts
/// with "postgresql://" or "postgres://" (case-sensitive, as libpq), the
/// keyword = value form otherwise. Errors (kUsage) follow libpq's reasons but
/// quote only keywords, never a value, so they are safe to print.
Result<Conninfo> ParseConninfo(std::string_view text);

/// The connection keywords libpq 15 knows (PQconndefaults), in its order.
const std::vector<std::string_view>& ConninfoKeywords();

/// Keywords whose values are secrets (libpq's dispchar "*"): password and
/// sslpassword.
bool IsSecretKeyword(std::string_view keyword);

/// `text` with %XX sequences decoded; a malformed sequence is kept as written.
std::string PercentDecodeLoosely(std::string_view text);

}  // namespace luamig::util

#endif  // LUAMIG_UTIL_CONNINFO_H_
