// SPDX-License-Identifier: MIT
#include "dialect/batch_recreate.h"

#include <algorithm>
#include <optional>

#include "util/overloaded.h"
#include "util/strings.h"

namespace luamig::dialect {
namespace {

// ---- Tokenizer --------------------------------------------------------------

struct Token {
  std::string text;
  size_t begin = 0, end = 0;
  bool word = false;  // an unquoted word (keywords are words)
};

size_t SkipQuoted(std::string_view s, size_t i) {
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

size_t SkipParens(std::string_view s, size_t i) {
  int depth = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      i = SkipQuoted(s, i);
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return i + 1;
    ++i;
  }
  return s.size();
}

bool WordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    size_t start = i;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (s.compare(i, 2, "--") == 0) {
      i = s.find('\n', i);
      if (i == std::string_view::npos) i = s.size();
      continue;
    }
    if (s.compare(i, 2, "/*") == 0) {
      i = s.find("*/", i + 2);
      i = i == std::string_view::npos ? s.size() : i + 2;
      continue;
    }
    bool word = false;
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      i = SkipQuoted(s, i);
    } else if (c == '(') {
      i = SkipParens(s, i);
    } else if (WordChar(c)) {
      while (i < s.size() && WordChar(s[i])) ++i;
      word = true;
    } else {
      ++i;
    }
    out.push_back({std::string(s.substr(start, i - start)), start, i, word});
  }
  return out;
}

bool Is(const Token& t, const char* keyword) {
  return t.word && util::ToLower(t.text) == util::ToLower(keyword);
}

std::string Unquote(const std::string& t) {
  if (t.empty()) return t;
  char open = t[0];
  if (open != '"' && open != '`' && open != '[' && open != '\'') return t;
  std::string inner = t.substr(1, t.size() >= 2 ? t.size() - 2 : 0);
  if (open == '[') return inner;
  std::string out;
  for (size_t i = 0; i < inner.size(); ++i) {
    out += inner[i];
    if (inner[i] == open && i + 1 < inner.size() && inner[i + 1] == open) ++i;
  }
  return out;
}

// ---- CREATE TABLE parsing -----------------------------------------------------

const char* const kClauseKeywords[] = {"CONSTRAINT", "PRIMARY",   "NOT",     "NULL",
                                       "UNIQUE",     "CHECK",     "DEFAULT", "COLLATE",
                                       "REFERENCES", "GENERATED", "AS"};

bool IsClauseStart(const Token& t) {
  for (const char* k : kClauseKeywords) {
    if (Is(t, k)) return true;
  }
  return false;
}

std::string Span(std::string_view s, const std::vector<Token>& t, size_t a, size_t b) {
  return std::string(s.substr(t[a].begin, t[b - 1].end - t[a].begin));
}

// Index just past the column clause whose keyword is at `k`.
size_t ClauseEnd(const std::vector<Token>& t, size_t k) {
  if (Is(t[k], "DEFAULT")) {
    size_t j = k + 1;
    if (j < t.size() && (t[j].text == "+" || t[j].text == "-")) ++j;
    return std::min(t.size(), j + 1);
  }
  size_t j = Is(t[k], "NOT") ? k + 2 : k + 1;
  bool references = Is(t[k], "REFERENCES");
  for (; j < t.size(); ++j) {
    if (!IsClauseStart(t[j])) continue;
    if (references && (Is(t[j], "NULL") || Is(t[j], "DEFAULT")) && Is(t[j - 1], "SET"))
      continue;
    if (references && Is(t[j], "NOT") && j + 1 < t.size() && Is(t[j + 1], "DEFERRABLE"))
      continue;
    break;
  }
  return std::min(j, t.size());
}

ParsedColumn ParseColumn(std::string_view s, const std::vector<Token>& t) {
  ParsedColumn c;
  c.name = Unquote(t[0].text);
  size_t i = 1;
  while (i < t.size() && !IsClauseStart(t[i])) ++i;  // the type
  while (i < t.size()) {
    size_t k = Is(t[i], "CONSTRAINT") ? std::min(i + 2, t.size() - 1) : i;
    size_t end = std::max(ClauseEnd(t, k), k + 1);
    if (Is(t[k], "PRIMARY")) {
      c.inline_primary_key = true;
      for (size_t j = k; j < end; ++j) c.autoincrement |= Is(t[j], "AUTOINCREMENT");
    } else if (!Is(t[k], "NOT") && !Is(t[k], "NULL") && !Is(t[k], "DEFAULT")) {
      c.clauses.push_back(Span(s, t, i, end));
    }
    i = end;
  }
  return c;
}

}  // namespace

ParsedTable ParseCreateTable(std::string_view sql) {
  ParsedTable out;
  std::vector<Token> top = Tokenize(sql);
  size_t body = 0;
  while (body < top.size() && top[body].text[0] != '(') ++body;
  if (body == top.size()) return out;
  if (body + 1 < top.size()) out.options = Span(sql, top, body + 1, top.size());
  std::string_view inner = sql.substr(top[body].begin + 1, top[body].text.size() - 2);
  std::vector<Token> t = Tokenize(inner);
  size_t start = 0;
  for (size_t i = 0; i <= t.size(); ++i) {
    if (i < t.size() && t[i].text != ",") continue;
    if (i > start) {
      std::vector<Token> item(t.begin() + start, t.begin() + i);
      const Token& first = item[0];
      bool constraint = Is(first, "CONSTRAINT") || Is(first, "PRIMARY") ||
                        Is(first, "UNIQUE") || Is(first, "CHECK") || Is(first, "FOREIGN");
      if (constraint) {
        ParsedConstraint k;
        k.text = Span(inner, item, 0, item.size());
        size_t kind = 0;
        if (Is(first, "CONSTRAINT") && item.size() > 2) {
          k.name = Unquote(item[1].text);
          kind = 2;
        }
        k.primary_key = Is(item[kind], "PRIMARY");
        out.constraints.push_back(std::move(k));
      } else {
        out.columns.push_back(ParseColumn(inner, item));
      }
    }
    start = i + 1;
  }
  return out;
}

namespace {

// ---- The plan ---------------------------------------------------------------

struct PlanColumn {
  std::string build_name;  // its name in the recreated table
  std::string final_name;  // its name after the batch's renames
  std::string old_name;    // its name in the old table ("" = added by the batch)
  std::string type;
  bool nullable = true;
  std::optional<std::string> default_sql;
  bool inline_pk = false;
  bool autoincrement = false;
  std::vector<std::string> clauses;
  std::string copy_expr;  // "" = not copied
};

class Planner {
 public:
  Planner(const Dialect& d, const ops::BatchAlterTable& op, const ops::TableInfo& t)
      : d_(d), op_(op), t_(t) {}

  Result<std::vector<std::string>> Run();

 private:
  void Load();
  PlanColumn* Find(const std::string& final_name);
  std::string BuildName(const std::string& final_name);
  Status Apply(const ops::BatchOp& b);
  Status Alter(const ops::AlterColumn& a);
  Status Add(const ops::AddColumn& a);
  Status DropConstraint(const ops::DropConstraint& k);
  bool DropPrimaryKey();
  Status DropIndex(const ops::DropIndex& k);
  std::string ColumnSql(const PlanColumn& c) const;
  Status Missing(const std::string& what, const std::string& name) const {
    return Status::Migration("batch_alter_table(\"" + op_.table + "\"): no " + what +
                             " \"" + name + "\" in the table");
  }

  const Dialect& d_;
  const ops::BatchAlterTable& op_;
  const ops::TableInfo& t_;
  ParsedTable parsed_;
  std::vector<PlanColumn> cols_;
  std::vector<std::string> dropped_;          // old names of dropped columns
  std::vector<std::string> dropped_indexes_;  // old index names
  std::vector<ops::CreateIndex> new_indexes_;
  std::vector<std::pair<std::string, std::string>> renames_;  // build → final
};

// A default as pragma_table_info reports it, made safe to write after
// DEFAULT again: literals and CURRENT_* as they are, expressions in parens.
std::optional<std::string> DefaultClause(const std::optional<std::string>& sql) {
  if (!sql) return sql;
  std::vector<Token> t = Tokenize(*sql);
  size_t first = !t.empty() && (t[0].text == "-" || t[0].text == "+") ? 1 : 0;
  bool simple = t.size() == first + 1 && t.back().text[0] != '(';
  return simple ? *sql : "(" + *sql + ")";
}

void Planner::Load() {
  parsed_ = ParseCreateTable(t_.create_sql);
  for (const auto& info : t_.columns) {
    PlanColumn c;
    c.build_name = c.final_name = c.old_name = info.name;
    c.type = info.type;
    c.nullable = info.nullable;
    c.default_sql = DefaultClause(info.default_sql);
    c.copy_expr = d_.QuoteIdent(info.name);
    for (const auto& p : parsed_.columns) {
      if (util::ToLower(p.name) != util::ToLower(info.name)) continue;
      c.inline_pk = p.inline_primary_key;
      c.autoincrement = p.autoincrement;
      c.clauses = p.clauses;
    }
    cols_.push_back(std::move(c));
  }
}

PlanColumn* Planner::Find(const std::string& final_name) {
  for (auto& c : cols_) {
    if (c.final_name == final_name) return &c;
  }
  return nullptr;
}

std::string Planner::BuildName(const std::string& final_name) {
  PlanColumn* c = Find(final_name);
  return c ? c->build_name : final_name;
}

Status Planner::Add(const ops::AddColumn& a) {
  PlanColumn c;
  c.build_name = c.final_name = a.column.name;
  c.type = d_.TypeName(a.column.type);
  c.nullable = a.column.nullable;
  if (a.column.server_default) {
    c.default_sql = "(" + *a.column.server_default + ")";
  } else if (a.column.default_value) {
    c.default_sql = d_.QuoteLiteral(*a.column.default_value);
  }
  c.inline_pk = a.column.primary_key;
  if (a.column.unique) c.clauses.push_back("UNIQUE");
  if (a.column.references) {
    auto parts = util::Split(*a.column.references, '.');
    std::string ref = "REFERENCES " + d_.QuoteIdent(parts[0]);
    if (parts.size() > 1) ref += " (" + d_.QuoteIdent(parts[1]) + ")";
    c.clauses.push_back(ref);
  }
  cols_.push_back(std::move(c));
  return Status::Ok();
}

Status Planner::Alter(const ops::AlterColumn& a) {
  PlanColumn* c = Find(a.column);
  if (c == nullptr) return Missing("column", a.column);
  if (a.type) {
    c->type = d_.TypeName(*a.type);
    if (!c->old_name.empty()) {
      c->copy_expr = a.using_expr.empty()
                         ? "CAST(" + d_.QuoteIdent(c->old_name) + " AS " + c->type + ")"
                         : a.using_expr;
    }
  }
  if (a.nullable) c->nullable = *a.nullable;
  if (a.server_default.kind == ops::DefaultChange::kSet) {
    c->default_sql = "(" + a.server_default.expression + ")";
  } else if (a.server_default.kind == ops::DefaultChange::kDrop) {
    c->default_sql.reset();
  }
  if (!a.new_name.empty()) {
    c->final_name = a.new_name;
    if (c->old_name.empty()) c->build_name = a.new_name;  // added here: no references yet
  }
  return Status::Ok();
}

// Removes the table's primary key, inline or table-level; false if none.
bool Planner::DropPrimaryKey() {
  bool found = false;
  for (auto& c : cols_) {
    found |= c.inline_pk;
    c.inline_pk = c.autoincrement = false;
  }
  auto& cs = parsed_.constraints;
  auto end = std::remove_if(cs.begin(), cs.end(),
                            [](const ParsedConstraint& p) { return p.primary_key; });
  found |= end != cs.end();
  cs.erase(end, cs.end());
  return found;
}

Status Planner::DropConstraint(const ops::DropConstraint& k) {
  // SQLite primary keys are usually unnamed: type_ = "primary" finds it.
  if (k.type == ops::ConstraintKind::kPrimaryKey && DropPrimaryKey()) return Status::Ok();
  auto& cs = parsed_.constraints;
  auto it = std::find_if(cs.begin(), cs.end(), [&](const ParsedConstraint& p) {
    return !p.name.empty() && p.name == k.name;
  });
  if (it != cs.end()) {
    cs.erase(it);
    return Status::Ok();
  }
  for (auto& c : cols_) {
    for (auto cl = c.clauses.begin(); cl != c.clauses.end(); ++cl) {
      std::vector<Token> t = Tokenize(*cl);
      if (t.size() > 1 && Is(t[0], "CONSTRAINT") && Unquote(t[1].text) == k.name) {
        c.clauses.erase(cl);
        return Status::Ok();
      }
    }
  }
  if (k.if_exists) return Status::Ok();
  return Status::Migration(
      "batch_alter_table(\"" + op_.table + "\"): no constraint named \"" + k.name +
      "\" in the table (SQLite keeps no names for unnamed constraints)");
}

Status Planner::DropIndex(const ops::DropIndex& k) {
  auto it = std::find_if(new_indexes_.begin(), new_indexes_.end(),
                         [&](const ops::CreateIndex& c) { return c.name == k.name; });
  if (it != new_indexes_.end()) {
    new_indexes_.erase(it);
    return Status::Ok();
  }
  for (const auto& i : t_.indexes) {
    if (i.name == k.name && !i.constraint) {
      dropped_indexes_.push_back(i.name);
      return Status::Ok();
    }
  }
  return k.if_exists ? Status::Ok() : Missing("index", k.name);
}

Status Planner::Apply(const ops::BatchOp& b) {
  return std::visit(
      util::Overloaded{
          [&](const ops::AddColumn& a) { return Add(a); },
          [&](const ops::DropColumn& a) {
            PlanColumn* c = Find(a.column);
            if (c == nullptr) return Missing("column", a.column);
            if (!c->old_name.empty()) dropped_.push_back(c->old_name);
            cols_.erase(cols_.begin() + (c - cols_.data()));
            return Status::Ok();
          },
          [&](const ops::AlterColumn& a) { return Alter(a); },
          [&](const ops::CreateIndex& a) {
            new_indexes_.push_back(a);
            return Status::Ok();
          },
          [&](const ops::DropIndex& a) { return DropIndex(a); },
          [&](const ops::AddConstraint& a) {
            ops::ConstraintSpec k = a.constraint;
            for (auto& col : k.columns) col = BuildName(col);
            if (k.kind == ops::ConstraintKind::kPrimaryKey) DropPrimaryKey();
            parsed_.constraints.push_back({k.name, d_.ConstraintDefinition(k),
                                           k.kind == ops::ConstraintKind::kPrimaryKey});
            return Status::Ok();
          },
          [&](const ops::DropConstraint& a) { return DropConstraint(a); },
      },
      b);
}

std::string Planner::ColumnSql(const PlanColumn& c) const {
  std::string out = d_.QuoteIdent(c.build_name);
  if (!c.type.empty()) out += " " + c.type;
  if (!c.nullable) out += " NOT NULL";
  if (c.default_sql) out += " DEFAULT " + *c.default_sql;
  if (c.inline_pk) out += c.autoincrement ? " PRIMARY KEY AUTOINCREMENT" : " PRIMARY KEY";
  for (const auto& cl : c.clauses) out += " " + cl;
  return out;
}

Result<std::vector<std::string>> Planner::Run() {
  Load();
  for (const auto& b : op_.ops) LUAMIG_RETURN_IF_ERROR(Apply(b));
  if (cols_.empty()) {
    return Status::Migration("batch_alter_table(\"" + op_.table +
                             "\"): a table needs at least one column");
  }
  const std::string table = d_.QualifiedName(op_.schema, op_.table);
  const std::string tmp_name = "_luamig_tmp_" + op_.table;
  const std::string tmp = d_.QualifiedName(op_.schema, tmp_name);
  std::vector<std::string> defs, into, from;
  for (const auto& c : cols_) {
    defs.push_back(ColumnSql(c));
    if (c.copy_expr.empty()) continue;
    into.push_back(d_.QuoteIdent(c.build_name));
    from.push_back(c.copy_expr);
  }
  for (const auto& k : parsed_.constraints) defs.push_back(k.text);
  std::vector<std::string> out = {"CREATE TABLE " + tmp + " (\n  " +
                                  util::Join(defs, ",\n  ") + "\n)" +
                                  (parsed_.options.empty() ? "" : " " + parsed_.options)};
  if (!into.empty()) {
    out.push_back("INSERT INTO " + tmp + " (" + util::Join(into, ", ") + ") SELECT " +
                  util::Join(from, ", ") + " FROM " + table);
  }
  out.push_back("DROP TABLE " + table);
  // Legacy mode: the rename must not re-check views that name the table
  // while it is briefly missing.
  out.push_back("PRAGMA legacy_alter_table = ON");
  out.push_back("ALTER TABLE " + tmp + " RENAME TO " + d_.QuoteIdent(op_.table));
  out.push_back("PRAGMA legacy_alter_table = OFF");
  for (const auto& i : t_.indexes) {
    if (i.constraint || i.sql.empty()) continue;
    if (std::find(dropped_indexes_.begin(), dropped_indexes_.end(), i.name) !=
        dropped_indexes_.end())
      continue;
    bool uses_dropped =
        std::any_of(i.columns.begin(), i.columns.end(), [&](const auto& c) {
          return std::find(dropped_.begin(), dropped_.end(), c) != dropped_.end();
        });
    if (!uses_dropped) out.push_back(i.sql);
  }
  for (const auto& trigger : t_.triggers) out.push_back(trigger);
  for (const auto& c : cols_) {
    if (c.build_name == c.final_name) continue;
    out.push_back("ALTER TABLE " + table + " RENAME COLUMN " +
                  d_.QuoteIdent(c.build_name) + " TO " + d_.QuoteIdent(c.final_name));
  }
  for (const auto& i : new_indexes_) {
    LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> sql, d_.Render(ops::Op{i}));
    for (auto& s : sql) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> SqliteRecreatePlan(const Dialect& dialect,
                                                    const ops::BatchAlterTable& op,
                                                    const ops::TableInfo& table) {
  if (!table.exists) {
    return Status::Migration("batch_alter_table: no table \"" + op.table + "\"");
  }
  return Planner(dialect, op, table).Run();
}

}  // namespace luamig::dialect
