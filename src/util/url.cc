// SPDX-License-Identifier: MIT
#include "util/url.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "util/conninfo.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace luamig::util {
namespace {

using Span = std::pair<size_t, size_t>;
constexpr std::string_view kPgPrefix = "postgresql://";

bool IsWordChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || u >= 0x80;
}

bool IsBlank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

bool IsQuote(char c) { return c == '"' || c == '\'' || c == '`'; }

// A postgres:// or postgresql:// URL (any case) in libpq's spelling, and how
// far its offsets are from those of `text`.
std::optional<std::pair<std::string, long>> AsLibpqUri(std::string_view text) {
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  std::string scheme = ToLower(text.substr(0, sep));
  if (scheme != "postgresql" && scheme != "postgres") return std::nullopt;
  long shift = static_cast<long>(sep + 3) - static_cast<long>(kPgPrefix.size());
  return std::make_pair(std::string(kPgPrefix) + std::string(text.substr(sep + 3)),
                        shift);
}

bool AllDigitsOrCommas(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ',' || std::isdigit(static_cast<unsigned char>(c));
  });
}

// Why libpq's reading of a URI is probably not what its author meant: a part
// of the password that libpq would put into the host, port or database name
// (and so into its own and the server's messages).
std::optional<std::string> Ambiguity(const Conninfo& info) {
  if (!info.uri) return std::nullopt;
  const ConnOption* host = info.Find("host");
  if (host && host->value.find('@') != std::string::npos)
    return std::string(
        "its host holds an '@'; an '@' in the password must be percent-encoded as %40");
  const ConnOption* port = info.Find("port");
  if (port && !AllDigitsOrCommas(port->value))
    return std::string(
        "its port is not a number; a '/' in the password must be percent-encoded "
        "as %2F");
  const ConnOption* db = info.Find("dbname");
  if (db && db->value.find('@') != std::string::npos && !info.Find("user") &&
      !info.Find("password"))
    return std::string(
        "its database name holds an '@' but it names no user; a '/' in the "
        "password must be percent-encoded as %2F, an '@' in a database name as %40");
  return std::nullopt;
}

// libpq's reading of `text` (a URI or the keyword form), when it is one that
// libpq reads unambiguously; offsets are those of `text`.
std::optional<Conninfo> ExactConninfo(std::string_view text) {
  std::optional<Result<Conninfo>> parsed;
  long shift = 0;
  if (auto uri = AsLibpqUri(text)) {
    parsed = ParseConninfo(uri->first);
    shift = uri->second;
  } else if (text.find("://") == std::string_view::npos &&
             text.find('=') != std::string_view::npos) {
    parsed = ParseConninfo(text);
  } else {
    return std::nullopt;
  }
  if (!parsed->ok() || Ambiguity(parsed->value())) return std::nullopt;
  Conninfo info = std::move(*parsed).value();
  for (auto& o : info.options) {
    o.begin = static_cast<size_t>(static_cast<long>(o.begin) + shift);
    o.end = static_cast<size_t>(static_cast<long>(o.end) + shift);
  }
  return info;
}

std::vector<Span> Merge(std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end());
  std::vector<Span> out;
  for (const auto& s : spans) {
    if (s.first >= s.second) continue;
    if (!out.empty() && s.first <= out.back().second) {
      out.back().second = std::max(out.back().second, s.second);
    } else {
      out.push_back(s);
    }
  }
  return out;
}

// user:PASSWORD@ for the '@' at `at`: the word it is in starts after the last
// blank or quote; the credentials after its last "://" (or ":/", as in the
// mistyped postgresql:/user:pw@host), else at the word's start; the password
// after their first ':'.
std::optional<Span> UserinfoSpan(std::string_view text, size_t at) {
  size_t word = at;
  while (word > 0 && !IsBlank(text[word - 1]) && !IsQuote(text[word - 1])) --word;
  std::string_view head = text.substr(word, at - word);
  size_t creds = word;
  if (size_t s = head.rfind("://"); s != std::string_view::npos) {
    creds = word + s + 3;
  } else if (size_t s1 = head.rfind(":/"); s1 != std::string_view::npos) {
    creds = word + s1 + 2;
    while (creds < at && text[creds] == '/') ++creds;
  }
  size_t colon = text.find(':', creds);
  if (colon == std::string_view::npos || colon >= at) return std::nullopt;
  return Span{colon + 1, at};
}

// The value after `password` / `sslpassword` at `key` (length `len`).
std::optional<Span> KeywordValueSpan(std::string_view text, size_t key, size_t len) {
  bool query = key > 0 && (text[key - 1] == '?' || text[key - 1] == '&');
  if (key > 0 && !query && IsWordChar(text[key - 1])) return std::nullopt;
  size_t p = key + len;
  while (p < text.size() && IsBlank(text[p])) ++p;
  if (p >= text.size() || text[p] != '=') return std::nullopt;
  ++p;
  if (query) {
    size_t end = p;
    while (end < text.size() && text[end] != '&' && !IsBlank(text[end]) &&
           !IsQuote(text[end]))
      ++end;
    return Span{p, end};
  }
  while (p < text.size() && IsBlank(text[p])) ++p;
  if (p < text.size() && IsQuote(text[p])) {
    char quote = text[p];
    size_t end = ++p;
    while (end < text.size() && text[end] != quote) end += text[end] == '\\' ? 2 : 1;
    return Span{p, std::min(end, text.size())};
  }
  size_t end = p;
  while (end < text.size() && !IsBlank(text[end]) && !IsQuote(text[end]))
    end += text[end] == '\\' ? 2 : 1;
  return Span{p, std::min(end, text.size())};
}

std::string Unescaped(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
    out += raw[i];
  }
  return out;
}

std::string Replace(std::string_view text, const std::vector<Span>& spans) {
  std::string out;
  size_t pos = 0;
  for (const auto& [b, e] : spans) {
    out.append(text.substr(pos, b - pos));
    out += "***";
    pos = e;
  }
  out.append(text.substr(pos));
  return out;
}

void AddForms(std::vector<std::string>* out, std::string_view raw) {
  for (std::string form : {std::string(raw), PercentDecodeLoosely(raw), Unescaped(raw)}) {
    if (!form.empty() && std::find(out->begin(), out->end(), form) == out->end())
      out->push_back(std::move(form));
  }
}

}  // namespace

std::vector<Span> SecretSpans(std::string_view text) {
  std::vector<Span> spans;
  for (size_t at = text.find('@'); at != std::string_view::npos;
       at = text.find('@', at + 1)) {
    if (auto s = UserinfoSpan(text, at)) spans.push_back(*s);
  }
  for (size_t key = text.find("password"); key != std::string_view::npos;
       key = text.find("password", key + 1)) {
    bool ssl = key >= 3 && text.substr(key - 3, 3) == "ssl";
    size_t start = ssl ? key - 3 : key;
    if (auto s = KeywordValueSpan(text, start, key + 8 - start)) spans.push_back(*s);
  }
  return Merge(std::move(spans));
}

std::vector<std::string> SecretsIn(std::string_view text) {
  std::vector<std::string> out;
  if (std::optional<Conninfo> info = ExactConninfo(text)) {
    for (const auto& o : info->options) {
      if (!IsSecretKeyword(o.keyword)) continue;
      AddForms(&out, o.value);
      AddForms(&out, text.substr(o.begin, o.end - o.begin));
    }
    return out;
  }
  for (const auto& [b, e] : SecretSpans(text)) AddForms(&out, text.substr(b, e - b));
  return out;
}

std::string MaskPassword(std::string_view url) {
  if (std::optional<Conninfo> info = ExactConninfo(url)) {
    std::vector<Span> spans;
    for (const auto& o : info->options) {
      if (IsSecretKeyword(o.keyword)) spans.push_back({o.begin, o.end});
    }
    return Replace(url, Merge(std::move(spans)));
  }
  return Replace(url, SecretSpans(url));
}

std::string UrlPassword(std::string_view url) {
  std::optional<std::pair<std::string, long>> uri = AsLibpqUri(url);
  if (!uri) return "";
  Result<Conninfo> info = ParseConninfo(uri->first);
  if (!info.ok()) return "";
  const ConnOption* pw = info->Find("password");
  return pw ? pw->value : "";
}

std::string Redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  size_t pos = 0;
  while ((pos = text.find(secret, pos)) != std::string::npos) {
    size_t end = pos + secret.size();
    bool inside_word =
        (pos > 0 && IsWordChar(text[pos - 1]) && IsWordChar(secret[0])) ||
        (end < text.size() && IsWordChar(text[end]) && IsWordChar(secret.back()));
    if (inside_word) {
      ++pos;
      continue;
    }
    text.replace(pos, secret.size(), "***");
    pos += 3;
  }
  return text;
}

Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url, std::string_view base_dir) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    Status s = Status::Usage("malformed database URL '" + MaskPassword(url) +
                             "': expected scheme://…, e.g. sqlite:///app.db");
    if (url.find('=') != std::string_view::npos)
      s.WithHint(
          "a libpq keyword/value string is not a URL: write "
          "postgresql://user@host:port/dbname?sslmode=…");
    return s;
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
      return Status::Usage("malformed SQLite URL '" + MaskPassword(url) +
                           "': use sqlite:///relative.db, sqlite:////abs/path.db "
                           "or sqlite://:memory:");
    }
    std::string_view path = rest.substr(1);  // "/abs" stays absolute, "rel" relative
    if (path.empty())
      return Status::Usage("SQLite URL '" + MaskPassword(url) + "' has no file");
    if (path[0] == '/' || base_dir.empty()) {
      out.target = std::string(path);
    } else {
      out.target = std::string(base_dir) + "/" + std::string(path);
    }
    return out;
  }
  if (scheme == "postgresql" || scheme == "postgres") {
    out.scheme = "postgresql";
    out.target = std::string(kPgPrefix) + std::string(rest);
    Result<Conninfo> info = ParseConninfo(out.target);
    if (!info.ok()) {
      return Status::Usage("malformed PostgreSQL URL '" + MaskPassword(url) +
                           "': " + info.status().message());
    }
    if (std::optional<std::string> why = Ambiguity(*info)) {
      return Status::Usage("refusing the PostgreSQL URL '" + MaskPassword(url) +
                           "': " + *why);
    }
    return out;
  }
  const std::vector<std::string> known = {"sqlite", "postgresql", "postgres"};
  return Status::Usage("unsupported database URL scheme '" + MaskPassword(scheme) +
                       "' in '" + MaskPassword(url) + "'" + DidYouMean(scheme, known) +
                       "; luamig speaks sqlite:// and postgresql://");
}

}  // namespace luamig::util
