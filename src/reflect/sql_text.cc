// SPDX-License-Identifier: MIT
#include "reflect/sql_text.h"

#include <cctype>

#include "util/strings.h"

namespace luamig::reflect {
namespace {

size_t QuotedEnd(std::string_view s, size_t i) {
  char close = s[i] == '[' ? ']' : s[i];
  for (++i; i < s.size(); ++i) {
    if (s[i] != close) continue;
    if (close != ']' && i + 1 < s.size() && s[i + 1] == close) {
      ++i;
      continue;
    }
    return i + 1;
  }
  return s.size();
}

bool Quote(char c) { return c == '\'' || c == '"' || c == '`' || c == '['; }

size_t GroupEnd(std::string_view s, size_t i) {
  int depth = 0;
  while (i < s.size()) {
    char c = s[i];
    if (Quote(c)) {
      i = QuotedEnd(s, i);
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return i + 1;
    ++i;
  }
  return s.size();
}

bool WordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::vector<SqlToken> TokenizeSql(std::string_view s) {
  std::vector<SqlToken> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (s.compare(i, 2, "--") == 0) {
      size_t nl = s.find('\n', i);
      i = nl == std::string_view::npos ? s.size() : nl;
      continue;
    }
    if (s.compare(i, 2, "/*") == 0) {
      size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
      continue;
    }
    size_t start = i;
    SqlToken t;
    if (Quote(c)) {
      i = QuotedEnd(s, i);
    } else if (c == '(') {
      i = GroupEnd(s, i);
      t.group = true;
    } else if (WordChar(c)) {
      while (i < s.size() && WordChar(s[i])) ++i;
      t.word = true;
    } else {
      ++i;
    }
    t.text = std::string(s.substr(start, i - start));
    t.begin = start;
    t.end = i;
    out.push_back(std::move(t));
  }
  return out;
}

bool IsKeyword(const SqlToken& t, std::string_view keyword) {
  return t.word && util::ToLower(t.text) == util::ToLower(keyword);
}

std::string UnquoteIdent(std::string_view t) {
  if (t.size() < 2) return std::string(t);
  char open = t[0];
  if (open != '"' && open != '`' && open != '[' && open != '\'') return std::string(t);
  std::string_view inner = t.substr(1, t.size() - 2);
  if (open == '[') return std::string(inner);
  std::string out;
  for (size_t i = 0; i < inner.size(); ++i) {
    out += inner[i];
    if (inner[i] == open && i + 1 < inner.size() && inner[i + 1] == open) ++i;
  }
  return out;
}

std::string GroupInner(const SqlToken& group) {
  if (!group.group || group.text.size() < 2) return "";
  return std::string(
      util::Trim(std::string_view(group.text).substr(1, group.text.size() - 2)));
}

std::vector<std::string> SplitGroup(const SqlToken& group) {
  std::string inner = GroupInner(group);
  std::vector<std::string> parts;
  std::string_view s = inner;
  size_t start = 0, i = 0;
  int depth = 0;
  while (i <= s.size()) {
    if (i == s.size() || (s[i] == ',' && depth == 0)) {
      std::string_view part = util::Trim(s.substr(start, i - start));
      if (!part.empty()) parts.emplace_back(part);
      start = i + 1;
      ++i;
      continue;
    }
    char c = s[i];
    if (Quote(c)) {
      i = QuotedEnd(s, i);
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    ++i;
  }
  return parts;
}

}  // namespace luamig::reflect
