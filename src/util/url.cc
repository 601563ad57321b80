// SPDX-License-Identifier: MIT
#include "util/url.h"

#include <vector>

#include "util/edit_distance.h"
#include "util/strings.h"

namespace luamig::util {
namespace {

// [scheme://][user[:password]@]host... → the span of the password, if any.
bool FindUserinfoPassword(std::string_view url, size_t* begin, size_t* end) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return false;
  size_t auth = scheme_end + 3;
  size_t auth_end = url.find_first_of("/?#", auth);
  if (auth_end == std::string_view::npos) auth_end = url.size();
  size_t at = url.rfind('@', auth_end);
  if (at == std::string_view::npos || at < auth) return false;
  size_t colon = url.find(':', auth);
  if (colon == std::string_view::npos || colon > at) return false;
  *begin = colon + 1;
  *end = at;
  return true;
}

// ?password=… or &password=… query parameter value span.
bool FindQueryPassword(std::string_view url, size_t* begin, size_t* end) {
  for (std::string_view key : {"?password=", "&password="}) {
    size_t pos = url.find(key);
    if (pos != std::string_view::npos) {
      *begin = pos + key.size();
      *end = url.find('&', *begin);
      if (*end == std::string_view::npos) *end = url.size();
      return true;
    }
  }
  return false;
}

}  // namespace

std::string MaskPassword(std::string_view url) {
  std::string out(url);
  size_t b, e;
  if (FindUserinfoPassword(out, &b, &e)) out.replace(b, e - b, "***");
  if (FindQueryPassword(out, &b, &e)) out.replace(b, e - b, "***");
  return out;
}

std::string UrlPassword(std::string_view url) {
  size_t b, e;
  if (FindUserinfoPassword(url, &b, &e)) return std::string(url.substr(b, e - b));
  if (FindQueryPassword(url, &b, &e)) return std::string(url.substr(b, e - b));
  return "";
}

std::string Redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  size_t pos = 0;
  while ((pos = text.find(secret, pos)) != std::string::npos) {
    text.replace(pos, secret.size(), "***");
    pos += 3;
  }
  return text;
}

Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url, std::string_view base_dir) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    return Status::Usage("malformed database URL '" + MaskPassword(url) +
                         "': expected scheme://…, e.g. sqlite:///app.db");
  }
  std::string scheme = ToLower(url.substr(0, sep));
  std::string_view rest = url.substr(sep + 3);
  DatabaseUrl out;
  if (scheme == "sqlite" || scheme == "sqlite3") {
    out.scheme = "sqlite";
    if (rest.empty() || rest == ":memory:" || rest == "/:memory:") {
      out.memory = true;
      out.target = ":memory:";
      return out;
    }
    if (rest[0] != '/') {
      return Status::Usage("malformed SQLite URL '" + std::string(url) +
                           "': use sqlite:///relative.db, sqlite:////abs/path.db "
                           "or sqlite://:memory:");
    }
    std::string_view path = rest.substr(1);  // "/abs" stays absolute, "rel" relative
    if (path.empty())
      return Status::Usage("SQLite URL '" + std::string(url) + "' has no file");
    if (path[0] == '/' || base_dir.empty()) {
      out.target = std::string(path);
    } else {
      out.target = std::string(base_dir) + "/" + std::string(path);
    }
    return out;
  }
  if (scheme == "postgresql" || scheme == "postgres") {
    out.scheme = "postgresql";
    out.target = "postgresql://" + std::string(rest);
    return out;
  }
  const std::vector<std::string> known = {"sqlite", "postgresql", "postgres"};
  return Status::Usage("unsupported database URL scheme '" + scheme + "' in '" +
                       MaskPassword(url) + "'" + DidYouMean(scheme, known) +
                       "; luamig speaks sqlite:// and postgresql://");
}

}  // namespace luamig::util
