// SPDX-License-Identifier: MIT
#include "util/conninfo.h"

#include <algorithm>

namespace luamig::util {
namespace {

const std::vector<std::string_view> kKeywords = {
    "service",
    "user",
    "password",
    "passfile",
    "channel_binding",
    "connect_timeout",
    "dbname",
    "host",
    "hostaddr",
    "port",
    "client_encoding",
    "options",
    "application_name",
    "fallback_application_name",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "sslmode",
    "sslcompression",
    "sslcert",
    "sslkey",
    "sslpassword",
    "sslrootcert",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "requirepeer",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "gssencmode",
    "krbsrvname",
    "gsslib",
    "replication",
    "target_session_attrs",
};

// C isspace() in the "C" locale, which is what libpq's parser uses.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Known(std::string_view keyword) {
  return std::find(kKeywords.begin(), kKeywords.end(), keyword) != kKeywords.end();
}

Status Bad(std::string what) { return Status::Usage(std::move(what)); }

// Percent-decoding of a URI component, refusing what libpq refuses.
Result<std::string> UriDecode(std::string_view text, const char* part) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int hi = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
    int lo = hi >= 0 && i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (lo < 0) return Bad(std::string("invalid percent-encoded token in the ") + part);
    if (hi == 0 && lo == 0) return Bad(std::string("forbidden value %00 in the ") + part);
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// libpq's conninfo_storeval: the requiressl alias, unknown keywords refused.
// `text` is the value as written, at [begin, begin + text.size()).
class Store {
 public:
  explicit Store(Conninfo* out) : out_(out) {}

  Status Value(std::string keyword, std::string value, size_t begin, size_t end) {
    if (keyword == "requiressl") {
      keyword = "sslmode";
      value = !value.empty() && value[0] == '1' ? "require" : "prefer";
    }
    if (!Known(keyword)) return Bad("invalid connection option \"" + keyword + "\"");
    out_->options.push_back({std::move(keyword), std::move(value), begin, end});
    return Status::Ok();
  }

  // A URI component: percent-decoded first.
  Status Uri(const std::string& keyword, std::string_view raw, size_t begin,
             const char* part) {
    Result<std::string> decoded = UriDecode(raw, part);
    if (!decoded.ok()) return decoded.status();
    return Value(keyword, std::move(decoded).value(), begin, begin + raw.size());
  }

 private:
  Conninfo* out_;
};

// ?key=value&key=value of a URI; `base` is the offset of `params` in the text.
Status ParseUriParams(std::string_view params, size_t base, Store& store) {
  size_t pos = 0;
  while (pos < params.size()) {
    size_t stop = params.find('&', pos);
    if (stop == std::string_view::npos) stop = params.size();
    std::string_view pair = params.substr(pos, stop - pos);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos)
      return Bad("missing key/value separator \"=\" in URI query parameter");
    if (pair.find('=', eq + 1) != std::string_view::npos)
      return Bad("extra key/value separator \"=\" in URI query parameter");
    Result<std::string> keyword = UriDecode(pair.substr(0, eq), "query parameter");
    if (!keyword.ok()) return keyword.status();
    std::string_view raw_value = pair.substr(eq + 1);
    Result<std::string> value = UriDecode(raw_value, "query parameter");
    if (!value.ok()) return value.status();
    size_t begin = base + pos + eq + 1;
    std::string key = std::move(keyword).value();
    std::string val = std::move(value).value();
    if (key == "ssl" && val == "true") {
      key = "sslmode";
      val = "require";
    }
    Status s = store.Value(key, std::move(val), begin, begin + raw_value.size());
    if (!s.ok()) {
      if (!Known(key) && key != "requiressl")
        return Bad("invalid URI query parameter \"" + key + "\"");
      return s;
    }
    pos = stop + (stop < params.size() ? 1 : 0);
  }
  return Status::Ok();
}

// Reads user[:password]@ at `p`; advances `p` past the '@' when there is one.
// The credentials end at the first '@' before any '/', as libpq reads them.
Status ParseUserinfo(std::string_view text, size_t* p, Store& store) {
  size_t look = *p;
  while (look < text.size() && text[look] != '@' && text[look] != '/') ++look;
  if (look >= text.size() || text[look] != '@') return Status::Ok();
  size_t user_end = *p;
  while (text[user_end] != ':' && text[user_end] != '@') ++user_end;
  if (user_end > *p)
    LUAMIG_RETURN_IF_ERROR(
        store.Uri("user", text.substr(*p, user_end - *p), *p, "user name"));
  if (text[user_end] == ':') {
    size_t pw = user_end + 1;
    if (look > pw)
      LUAMIG_RETURN_IF_ERROR(
          store.Uri("password", text.substr(pw, look - pw), pw, "password"));
  }
  *p = look + 1;
  return Status::Ok();
}

bool IsHostEnd(char c) { return c == ':' || c == '/' || c == '?' || c == ','; }

// host[:port][,host[:port]]… at `p`. Returns the character that ended the
// list ('\0' at the end of the text) and leaves `p` on it.
Result<char> ParseHosts(std::string_view text, size_t* p, Store& store) {
  std::string hosts, ports;
  size_t hosts_begin = *p, ports_begin = 0;
  auto at = [&](size_t i) { return i < text.size() ? text[i] : '\0'; };
  for (;;) {
    size_t host_begin, host_end;
    if (at(*p) == '[') {
      host_begin = ++*p;
      while (*p < text.size() && text[*p] != ']') ++*p;
      if (*p >= text.size())
        return Bad(
            "end of string reached when looking for matching \"]\" in IPv6 "
            "host address in URI");
      if (*p == host_begin) return Bad("IPv6 host address may not be empty in URI");
      host_end = (*p)++;
      char next = at(*p);
      if (next != '\0' && !IsHostEnd(next))
        return Bad(
            "unexpected character after an IPv6 host address in URI "
            "(expected \":\" or \"/\")");
    } else {
      host_begin = *p;
      while (*p < text.size() && !IsHostEnd(text[*p])) ++*p;
      host_end = *p;
    }
    hosts += text.substr(host_begin, host_end - host_begin);
    char stop = at(*p);
    if (stop == ':') {
      size_t port_begin = ++*p;
      while (*p < text.size() && text[*p] != '/' && text[*p] != '?' && text[*p] != ',')
        ++*p;
      if (ports.empty()) ports_begin = port_begin;
      ports += text.substr(port_begin, *p - port_begin);
      stop = at(*p);
    }
    if (stop != ',') {
      if (!hosts.empty())
        LUAMIG_RETURN_IF_ERROR(store.Uri("host", hosts, hosts_begin, "host"));
      if (!ports.empty())
        LUAMIG_RETURN_IF_ERROR(store.Uri("port", ports, ports_begin, "port"));
      return stop;
    }
    ++*p;
    hosts += ',';
    ports += ',';
  }
}

Result<Conninfo> ParseUri(std::string_view text, size_t prefix) {
  Conninfo out;
  out.uri = true;
  Store store(&out);
  size_t p = prefix;
  LUAMIG_RETURN_IF_ERROR(ParseUserinfo(text, &p, store));
  LUAMIG_ASSIGN_OR_RETURN(char stop, ParseHosts(text, &p, store));
  if (stop != '\0' && stop != '?') {
    size_t db = ++p;
    while (p < text.size() && text[p] != '?') ++p;
    if (p > db)
      LUAMIG_RETURN_IF_ERROR(
          store.Uri("dbname", text.substr(db, p - db), db, "database name"));
    stop = p < text.size() ? '?' : '\0';
  }
  if (stop != '\0') {
    ++p;
    LUAMIG_RETURN_IF_ERROR(ParseUriParams(text.substr(p), p, store));
  }
  return out;
}

// One value of the keyword form at `p` (quoted or not, backslash escapes).
Result<std::string> KeywordValue(std::string_view text, size_t* p, size_t* begin,
                                 size_t* end) {
  std::string value;
  if (*p < text.size() && text[*p] == '\'') {
    *begin = ++*p;
    for (;;) {
      if (*p >= text.size())
        return Bad("unterminated quoted string in connection info string");
      char c = text[*p];
      if (c == '\\') {
        if (++*p < text.size()) value += text[(*p)++];
        continue;
      }
      if (c == '\'') {
        *end = (*p)++;
        return value;
      }
      value += c;
      ++*p;
    }
  }
  *begin = *p;
  while (*p < text.size() && !IsSpace(text[*p])) {
    if (text[*p] == '\\') {
      if (++*p < text.size()) value += text[(*p)++];
    } else {
      value += text[(*p)++];
    }
  }
  *end = *p;
  if (*p < text.size()) ++*p;  // the blank that ended the value
  return value;
}

Result<Conninfo> ParseKeywords(std::string_view text) {
  Conninfo out;
  Store store(&out);
  size_t p = 0;
  while (p < text.size()) {
    if (IsSpace(text[p])) {
      ++p;
      continue;
    }
    size_t name_begin = p;
    while (p < text.size() && text[p] != '=' && !IsSpace(text[p])) ++p;
    std::string name(text.substr(name_begin, p - name_begin));
    while (p < text.size() && IsSpace(text[p])) ++p;
    if (p >= text.size() || text[p] != '=') {
      // libpq quotes the word here; it may be a password typed without a
      // keyword, so luamig does not.
      return Bad("missing \"=\" after a word in connection info string");
    }
    ++p;
    while (p < text.size() && IsSpace(text[p])) ++p;
    size_t begin = p, end = p;
    LUAMIG_ASSIGN_OR_RETURN(std::string value, KeywordValue(text, &p, &begin, &end));
    LUAMIG_RETURN_IF_ERROR(store.Value(std::move(name), std::move(value), begin, end));
  }
  return out;
}

}  // namespace

const ConnOption* Conninfo::Find(std::string_view keyword) const {
  for (auto it = options.rbegin(); it != options.rend(); ++it) {
    if (it->keyword == keyword) return &*it;
  }
  return nullptr;
}

Result<Conninfo> ParseConninfo(std::string_view text) {
  for (std::string_view prefix : {"postgresql://", "postgres://"}) {
    if (text.substr(0, prefix.size()) == prefix) return ParseUri(text, prefix.size());
  }
  return ParseKeywords(text);
}

const std::vector<std::string_view>& ConninfoKeywords() { return kKeywords; }

bool IsSecretKeyword(std::string_view keyword) {
  return keyword == "password" || keyword == "sslpassword";
}

std::string PercentDecodeLoosely(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    int hi = text[i] == '%' && i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    int lo = hi >= 0 ? HexValue(text[i + 2]) : -1;
    if (lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace luamig::util
