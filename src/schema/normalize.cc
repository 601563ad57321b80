// SPDX-License-Identifier: MIT
#include "schema/normalize.h"

#include <algorithm>
#include <cctype>
#include <tuple>
#include <utility>
#include <vector>

#include "util/strings.h"

namespace luamig::schema {
namespace {

bool WordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Lower case, one space between words, none inside ( ) [ ] or after ",".
std::string Spaced(std::string_view text) {
  std::string collapsed;
  for (char c : util::Trim(text)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!collapsed.empty() && collapsed.back() != ' ') collapsed += ' ';
      continue;
    }
    collapsed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto tight = [](char c) {
    return c == '(' || c == ')' || c == ',' || c == '[' || c == ']';
  };
  std::string out;
  for (size_t i = 0; i < collapsed.size(); ++i) {
    char c = collapsed[i];
    if (c == ' ') {
      bool before_tight = i + 1 < collapsed.size() && tight(collapsed[i + 1]);
      bool after_open =
          !out.empty() && (out.back() == '(' || out.back() == ',' || out.back() == '[');
      if (before_tight || after_open) continue;
    }
    out += c;
  }
  return out;
}

struct Synonym {
  const char* from;
  const char* to;
};
// Names without arguments.
constexpr Synonym kNames[] = {
    {"int", "integer"},
    {"int4", "integer"},
    {"integer", "integer"},
    {"int8", "bigint"},
    {"int2", "smallint"},
    {"serial4", "serial"},
    {"serial8", "bigserial"},
    {"serial2", "smallserial"},
    {"bool", "boolean"},
    {"float4", "real"},
    {"float8", "double precision"},
    {"double", "double precision"},
    {"float", "double precision"},
    {"decimal", "numeric"},
    {"timestamp without time zone", "timestamp"},
    {"timestamp with time zone", "timestamptz"},
    {"time without time zone", "time"},
    {"time with time zone", "timetz"},
    {"character varying", "varchar"},
    {"character", "char"},
    {"bpchar", "char"},
};
// Names before "(args)".
constexpr Synonym kCalls[] = {
    {"character varying", "varchar"},
    {"character", "char"},
    {"bpchar", "char"},
    {"decimal", "numeric"},
    {"timestamp without time zone", "timestamp"},
    {"timestamp with time zone", "timestamptz"},
};

// ---- Expressions ------------------------------------------------------------

enum class Kind { kWord, kString, kIdent, kOpen, kClose, kComma, kCast, kSymbol };

struct Tok {
  Kind kind;
  std::string text;
};

size_t QuotedEnd(std::string_view s, size_t i) {
  char q = s[i];
  for (++i; i < s.size(); ++i) {
    if (s[i] != q) continue;
    if (i + 1 < s.size() && s[i + 1] == q) {
      ++i;
      continue;
    }
    return i + 1;
  }
  return s.size();
}

bool SymbolChar(char c) {
  return !WordChar(c) && !std::isspace(static_cast<unsigned char>(c)) && c != '(' &&
         c != ')' && c != ',' && c != '\'' && c != '"';
}

std::vector<Tok> Lex(std::string_view s) {
  std::vector<Tok> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '\'' || c == '"') {
      size_t end = QuotedEnd(s, i);
      out.push_back(
          {c == '\'' ? Kind::kString : Kind::kIdent, std::string(s.substr(i, end - i))});
      i = end;
    } else if (WordChar(c) || c == '.') {
      size_t end = i;
      while (end < s.size() && (WordChar(s[end]) || s[end] == '.')) ++end;
      out.push_back({Kind::kWord, util::ToLower(s.substr(i, end - i))});
      i = end;
    } else if (c == '(' || c == ')' || c == ',') {
      out.push_back({c == '('   ? Kind::kOpen
                     : c == ')' ? Kind::kClose
                                : Kind::kComma,
                     std::string(1, c)});
      ++i;
    } else if (s.compare(i, 2, "::") == 0) {
      out.push_back({Kind::kCast, "::"});
      i += 2;
    } else {
      size_t end = i;
      while (end < s.size() && SymbolChar(s[end]) && s.compare(end, 2, "::") != 0) ++end;
      out.push_back({Kind::kSymbol, std::string(s.substr(i, end - i))});
      i = end;
    }
  }
  return out;
}

bool IsTypeWord(const std::string& w) {
  static const char* const kWords[] = {"varying", "precision", "with",
                                       "without", "time",      "zone"};
  for (const char* k : kWords) {
    if (w == k) return true;
  }
  return false;
}

// A decimal number: [+-]digits[.digits][e[+-]digits] (also ".5", "5.").
bool Numeric(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t whole = digits();
  size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (whole + fraction == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

// Drops `::type` casts; a quoted number that was cast loses its quotes.
std::vector<Tok> DropCasts(const std::vector<Tok>& in) {
  std::vector<Tok> out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i].kind != Kind::kCast) {
      out.push_back(in[i]);
      continue;
    }
    size_t j = i + 1;
    if (j < in.size() && (in[j].kind == Kind::kWord || in[j].kind == Kind::kIdent)) ++j;
    while (j < in.size() && in[j].kind == Kind::kWord && IsTypeWord(in[j].text)) ++j;
    if (j < in.size() && in[j].kind == Kind::kOpen) {  // varchar(20)
      int depth = 0;
      for (; j < in.size(); ++j) {
        if (in[j].kind == Kind::kOpen) ++depth;
        if (in[j].kind == Kind::kClose && --depth == 0) {
          ++j;
          break;
        }
      }
    }
    while (j < in.size() && in[j].kind == Kind::kSymbol && in[j].text == "[]") ++j;
    if (!out.empty() && out.back().kind == Kind::kString) {
      std::string inner = out.back().text.substr(1, out.back().text.size() - 2);
      if (Numeric(inner)) out.back() = {Kind::kWord, inner};
    }
    i = j - 1;
  }
  return out;
}

bool SimpleIdent(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  }
  return true;
}

}  // namespace

std::string CanonicalType(std::string_view type) {
  std::string t = Spaced(type);
  for (const Synonym& s : kNames) {
    if (t == s.from) return s.to;
  }
  size_t open = t.find('(');
  if (open != std::string::npos) {
    std::string name = std::string(util::Trim(t.substr(0, open)));
    std::string rest = t.substr(open);
    for (const Synonym& s : kCalls) {
      if (name == s.from) return s.to + rest;
    }
    // "timestamp(3) with time zone": the precision sits inside the name.
    size_t close = t.find(')', open);
    if (name == "timestamp" && close != std::string::npos) {
      std::string tail = std::string(util::Trim(t.substr(close + 1)));
      std::string args = t.substr(open, close - open + 1);
      if (tail == "with time zone") return "timestamptz" + args;
      if (tail == "without time zone" || tail.empty()) return "timestamp" + args;
    }
    return name + rest;
  }
  return t;
}

std::string SplitIdentity(std::string* type) {
  std::string t = Spaced(*type);
  for (const char* kind : {"always", "by default"}) {
    std::string suffix = std::string(" generated ") + kind + " as identity";
    if (util::EndsWith(t, suffix)) {
      *type = std::string(util::Trim(t.substr(0, t.size() - suffix.size())));
      return kind;
    }
  }
  return "";
}

std::string CanonicalExpression(std::string_view sql) {
  std::vector<Tok> toks = DropCasts(Lex(sql));
  for (auto& t : toks) {
    if (t.kind == Kind::kIdent) {
      std::string inner = t.text.substr(1, t.text.size() >= 2 ? t.text.size() - 2 : 0);
      if (SimpleIdent(inner)) t = {Kind::kWord, inner};
    }
  }
  // Grouping parentheses (not a function call's) carry no meaning for the
  // comparison; a call's are kept.
  std::vector<bool> keep(toks.size(), true);
  std::vector<size_t> open_stack;
  std::vector<bool> call_stack;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].kind == Kind::kOpen) {
      bool call = i > 0 &&
                  (toks[i - 1].kind == Kind::kWord || toks[i - 1].kind == Kind::kIdent) &&
                  toks[i - 1].text != "and" && toks[i - 1].text != "or" &&
                  toks[i - 1].text != "not" && toks[i - 1].text != "in" &&
                  toks[i - 1].text != "check";
      open_stack.push_back(i);
      call_stack.push_back(call);
    } else if (toks[i].kind == Kind::kClose && !open_stack.empty()) {
      if (!call_stack.back()) keep[open_stack.back()] = keep[i] = false;
      open_stack.pop_back();
      call_stack.pop_back();
    }
  }
  std::string out;
  bool prev_word = false;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (!keep[i]) continue;
    bool word = toks[i].kind == Kind::kWord || toks[i].kind == Kind::kString ||
                toks[i].kind == Kind::kIdent;
    if (word && prev_word) out += ' ';
    out += toks[i].text;
    prev_word = word;
  }
  return out;
}

void LocalizeSchemas(Model* model, const std::string& default_schema) {
  if (default_schema.empty()) return;
  auto local = [&](std::string& s) {
    if (s == default_schema) s.clear();
  };
  for (auto& t : model->tables) {
    local(t.schema);
    for (auto& k : t.constraints) local(k.referent_schema);
  }
  for (auto& e : model->enums) local(e.schema);
  auto& ss = model->schemas;
  ss.erase(std::remove(ss.begin(), ss.end(), default_schema), ss.end());
  Canonicalize(model);
}

void Canonicalize(Model* model) {
  for (Table& t : model->tables) {
    for (Column& c : t.columns) {
      c.type = CanonicalType(c.type);
      if (std::find(t.primary_key.columns.begin(), t.primary_key.columns.end(), c.name) !=
          t.primary_key.columns.end())
        c.nullable = false;
    }
    for (auto& k : t.constraints) {
      if (k.on_delete == "no action") k.on_delete.clear();
      if (k.on_update == "no action") k.on_update.clear();
      if (k.deferrable && !*k.deferrable) k.deferrable.reset();
      if (k.initially == "immediate") k.initially.clear();
    }
    std::stable_sort(t.constraints.begin(), t.constraints.end(),
                     [](const ops::ConstraintSpec& a, const ops::ConstraintSpec& b) {
                       return std::tie(a.kind, a.name, a.columns, a.condition) <
                              std::tie(b.kind, b.name, b.columns, b.condition);
                     });
    std::stable_sort(t.indexes.begin(), t.indexes.end(),
                     [](const Index& a, const Index& b) { return a.name < b.name; });
  }
  std::stable_sort(model->tables.begin(), model->tables.end(),
                   [](const Table& a, const Table& b) {
                     return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
                   });
  std::sort(model->schemas.begin(), model->schemas.end());
  std::stable_sort(model->enums.begin(), model->enums.end(),
                   [](const Enum& a, const Enum& b) {
                     return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
                   });
  std::stable_sort(model->others.begin(), model->others.end(),
                   [](const OtherObject& a, const OtherObject& b) {
                     return std::tie(a.kind, a.schema, a.name) <
                            std::tie(b.kind, b.schema, b.name);
                   });
}

}  // namespace luamig::schema
