// SPDX-License-Identifier: MIT
// Database URLs in SQLAlchemy's shape, and password masking.
//
// A postgresql:// URL is read with libpq's own grammar (util/conninfo.h), so
// the password luamig masks is the one libpq will send. A URL that libpq
// would split somewhere else than its author meant (an unencoded '@' or '/'
// in the password ends up in the host, port or database name, where libpq's
// and the server's messages would echo it) is refused before anything
// connects. Text that is not a URL luamig can read is masked loosely: every
// span that could be a password is hidden.
#ifndef LUAMIG_UTIL_URL_H_
#define LUAMIG_UTIL_URL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
/// Errors (kUsage): unknown scheme (with suggestions), malformed URL, a
/// PostgreSQL URL libpq cannot read or would read ambiguously; the message
/// shows the URL masked.
Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url,
                                     std::string_view base_dir = "");

/// `url` with every password replaced by "***": the values libpq takes as
/// password or sslpassword when it reads the URL unambiguously, otherwise
/// every span that could be one (see SecretSpans).
std::string MaskPassword(std::string_view url);

/// The [begin, end) spans of `text` that hold, or may hold, a password:
/// user:PASSWORD@ in anything URL-like (to the last '@' of the word, however
/// the colons and slashes around it are written), and the values of
/// password= / sslpassword= in the keyword and query forms. Over-approximates
/// on purpose; sorted and merged.
std::vector<std::pair<size_t, size_t>> SecretSpans(std::string_view text);

/// Every password `text` holds or may hold, as written and percent-decoded:
/// libpq's reading when `text` is one URL libpq reads unambiguously, the
/// SecretSpans otherwise.
std::vector<std::string> SecretsIn(std::string_view text);

/// Replaces every occurrence of `secret` (if non-empty) in `text` by "***",
/// except where it is only part of a longer word (letters, digits, '_'), so
/// that a password such as "postgres" does not also blank "postgresql".
std::string Redact(std::string text, std::string_view secret);

/// The password libpq reads from a postgresql:// URL, or "" when it has none.
std::string UrlPassword(std::string_view url);

}  // namespace luamig::util

#endif  // LUAMIG_UTIL_URL_H_
