// SPDX-License-Identifier: MIT
// SQLite: pragma table-valued functions for columns, keys and indexes, and
// the CREATE statements SQLite keeps for what no pragma reports (constraint
// names, CHECK conditions, index expressions and predicates).
#include <algorithm>
#include <map>

#include "dialect/batch_recreate.h"
#include "dialect/row_values.h"
#include "reflect/reflector.h"
#include "reflect/sql_text.h"
#include "util/strings.h"

namespace luamig::reflect {
namespace {

using dialect::CellBool;
using dialect::CellInt;
using dialect::CellString;
using dialect::CellText;
using K = ops::ConstraintKind;

// A constraint as written in CREATE TABLE.
struct WrittenKey {
  std::string name;
  std::string kind;  // "primary", "unique", "check", "foreign", "" (other)
  std::vector<std::string> columns;
  std::string condition;
  std::optional<bool> deferrable;
  std::string initially;
};

std::vector<std::string> NamesIn(const SqlToken& group) {
  std::vector<std::string> out;
  for (const auto& part : SplitGroup(group)) {
    std::vector<SqlToken> t = TokenizeSql(part);
    if (!t.empty()) out.push_back(UnquoteIdent(t[0].text));
  }
  return out;
}

// Reads a constraint starting at token `i` ([CONSTRAINT name] KIND …); for a
// column clause `column` is the column it belongs to.
WrittenKey ReadKey(const std::vector<SqlToken>& t, const std::string& column) {
  WrittenKey k;
  size_t i = 0;
  if (i + 1 < t.size() && IsKeyword(t[i], "CONSTRAINT")) {
    k.name = UnquoteIdent(t[i + 1].text);
    i += 2;
  }
  if (i >= t.size()) return k;
  auto group_after = [&](size_t j) -> const SqlToken* {
    for (; j < t.size(); ++j) {
      if (t[j].group) return &t[j];
    }
    return nullptr;
  };
  if (IsKeyword(t[i], "PRIMARY")) {
    k.kind = "primary";
  } else if (IsKeyword(t[i], "UNIQUE")) {
    k.kind = "unique";
  } else if (IsKeyword(t[i], "CHECK")) {
    k.kind = "check";
    if (const SqlToken* g = group_after(i + 1)) k.condition = GroupInner(*g);
    return k;
  } else if (IsKeyword(t[i], "FOREIGN") || IsKeyword(t[i], "REFERENCES")) {
    k.kind = "foreign";
  } else {
    return k;
  }
  if (column.empty()) {
    if (const SqlToken* g = group_after(i + 1)) k.columns = NamesIn(*g);
  } else {
    k.columns = {column};
  }
  for (size_t j = i; j < t.size(); ++j) {
    if (IsKeyword(t[j], "DEFERRABLE"))
      k.deferrable = !(j > 0 && IsKeyword(t[j - 1], "NOT"));
    if (IsKeyword(t[j], "INITIALLY") && j + 1 < t.size())
      k.initially = util::ToLower(t[j + 1].text);
  }
  return k;
}

std::vector<WrittenKey> WrittenKeys(const std::string& create_sql) {
  dialect::ParsedTable parsed = dialect::ParseCreateTable(create_sql);
  std::vector<WrittenKey> out;
  for (const auto& c : parsed.constraints)
    out.push_back(ReadKey(TokenizeSql(c.text), ""));
  for (const auto& col : parsed.columns) {
    for (const auto& clause : col.clauses) {
      out.push_back(ReadKey(TokenizeSql(clause), col.name));
    }
  }
  // A column's own PRIMARY KEY clause is kept apart by the parser; its name
  // (CONSTRAINT pk PRIMARY KEY) matters little and is read from the text.
  return out;
}

const WrittenKey* Written(const std::vector<WrittenKey>& keys, const std::string& kind,
                          const std::vector<std::string>& columns) {
  for (const auto& k : keys) {
    if (k.kind != kind || k.columns.size() != columns.size()) continue;
    bool same = true;
    for (size_t i = 0; i < columns.size(); ++i)
      same = same && util::ToLower(k.columns[i]) == util::ToLower(columns[i]);
    if (same) return &k;
  }
  return nullptr;
}

// "CREATE [UNIQUE] INDEX n ON t (a, lower(b)) WHERE …": the column texts and
// the predicate.
void ReadIndexSql(const std::string& sql, std::vector<std::string>* columns,
                  std::string* where) {
  std::vector<SqlToken> t = TokenizeSql(sql);
  for (size_t i = 0; i < t.size(); ++i) {
    if (!t[i].group) continue;
    *columns = SplitGroup(t[i]);
    for (size_t j = i + 1; j < t.size(); ++j) {
      if (IsKeyword(t[j], "WHERE")) {
        *where = std::string(util::Trim(std::string_view(sql).substr(t[j].end)));
        break;
      }
    }
    return;
  }
}

// An index column as written: a name (quotes removed) unless it is an
// expression; trailing COLLATE / ASC / DESC are dropped.
ops::IndexColumn IndexColumnOf(const std::string& written,
                               const std::optional<std::string>& name) {
  if (name) return {*name, false};
  std::vector<SqlToken> t = TokenizeSql(written);
  std::string text = written;
  while (!t.empty() && (IsKeyword(t.back(), "ASC") || IsKeyword(t.back(), "DESC"))) {
    text = std::string(
        util::Trim(std::string_view(text).substr(0, text.rfind(t.back().text))));
    t.pop_back();
  }
  if (text.size() >= 2 && text.front() == '(' && text.back() == ')')
    text = std::string(util::Trim(std::string_view(text).substr(1, text.size() - 2)));
  return {text, true};
}

bool Excluded(const Options& o, const std::string& table) {
  for (const auto& p : o.exclude_tables) {
    if (GlobMatch(p, table)) return true;
  }
  return false;
}

class SqliteReader {
 public:
  SqliteReader(db::Connection& conn, const Options& o) : conn_(conn), o_(o) {}

  Result<schema::Model> Read() {
    LUAMIG_ASSIGN_OR_RETURN(
        ops::Rows tables,
        conn_.Query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT "
            "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"));
    for (const auto& r : tables.rows) {
      std::string name = CellString(r[0]);
      if (Excluded(o_, name)) continue;
      LUAMIG_RETURN_IF_ERROR(Table(name, CellString(r[1])));
    }
    LUAMIG_RETURN_IF_ERROR(Others());
    ResolveReferences();
    return std::move(model_);
  }

 private:
  Status Table(const std::string& name, const std::string& create_sql) {
    schema::Table t;
    t.name = name;
    std::vector<ops::Value> p{name};
    LUAMIG_ASSIGN_OR_RETURN(
        ops::Rows cols, conn_.Query("SELECT name, type, \"notnull\", dflt_value, pk FROM "
                                    "pragma_table_info($1) ORDER BY cid",
                                    p));
    std::map<int64_t, std::string> pk;
    for (const auto& r : cols.rows) {
      schema::Column c;
      c.name = CellString(r[0]);
      c.type = CellString(r[1]);
      c.nullable = !CellBool(r[2]);
      c.default_sql = CellText(r[3]);
      if (CellInt(r[4]) > 0) pk[CellInt(r[4])] = c.name;
      t.columns.push_back(std::move(c));
    }
    std::vector<WrittenKey> written = WrittenKeys(create_sql);
    for (const auto& [pos, col] : pk) t.primary_key.columns.push_back(col);
    if (const WrittenKey* k = Written(written, "primary", t.primary_key.columns))
      t.primary_key.name = k->name;
    for (const auto& k : written) {
      if (k.kind != "check") continue;
      ops::ConstraintSpec c = schema::KeyOf(K::kCheck);
      c.name = k.name;
      c.condition = k.condition;
      t.constraints.push_back(std::move(c));
    }
    LUAMIG_RETURN_IF_ERROR(ForeignKeys(t, written));
    LUAMIG_RETURN_IF_ERROR(Indexes(t, written));
    model_.tables.push_back(std::move(t));
    return Status::Ok();
  }

  Status ForeignKeys(schema::Table& t, const std::vector<WrittenKey>& written) {
    LUAMIG_ASSIGN_OR_RETURN(
        ops::Rows rows,
        conn_.Query("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM "
                    "pragma_foreign_key_list($1) ORDER BY id, seq",
                    {t.name}));
    std::map<int64_t, ops::ConstraintSpec> by_id;
    std::map<int64_t, bool> implicit;  // REFERENCES t without columns
    for (const auto& r : rows.rows) {
      ops::ConstraintSpec& k = by_id[CellInt(r[0])];
      k.kind = K::kForeignKey;
      k.referent = CellString(r[1]);
      k.columns.push_back(CellString(r[2]));
      std::optional<std::string> to = CellText(r[3]);
      if (to) {
        k.remote_columns.push_back(*to);
      } else {
        implicit[CellInt(r[0])] = true;
      }
      k.on_update = util::ToLower(CellString(r[4]));
      k.on_delete = util::ToLower(CellString(r[5]));
    }
    for (auto& [id, k] : by_id) {
      if (implicit[id]) k.remote_columns.clear();
      if (const WrittenKey* w = Written(written, "foreign", k.columns)) {
        k.name = w->name;
        k.deferrable = w->deferrable;
        k.initially = w->initially;
      }
      t.constraints.push_back(std::move(k));
    }
    return Status::Ok();
  }

  Status Indexes(schema::Table& t, const std::vector<WrittenKey>& written) {
    LUAMIG_ASSIGN_OR_RETURN(
        ops::Rows rows,
        conn_.Query(
            "SELECT il.name, il.\"unique\", il.origin, ii.name, m.sql FROM "
            "pragma_index_list($1) il JOIN pragma_index_xinfo(il.name) ii LEFT JOIN "
            "sqlite_master m ON m.type = 'index' AND m.name = il.name WHERE "
            "ii.key = 1 ORDER BY il.name, ii.seqno",
            {t.name}));
    struct Raw {
      bool unique = false;
      std::string origin, sql;
      std::vector<std::optional<std::string>> names;
    };
    std::vector<std::pair<std::string, Raw>> raw;
    for (const auto& r : rows.rows) {
      std::string name = CellString(r[0]);
      if (raw.empty() || raw.back().first != name) {
        Raw x;
        x.unique = CellBool(r[1]);
        x.origin = CellString(r[2]);
        x.sql = CellString(r[4]);
        raw.emplace_back(name, std::move(x));
      }
      raw.back().second.names.push_back(CellText(r[3]));
    }
    for (const auto& [name, x] : raw) {
      if (x.origin == "pk") continue;
      if (x.origin == "u") {
        ops::ConstraintSpec k = schema::KeyOf(K::kUnique);
        for (const auto& n : x.names) k.columns.push_back(n.value_or(""));
        if (const WrittenKey* w = Written(written, "unique", k.columns)) k.name = w->name;
        t.constraints.push_back(std::move(k));
        continue;
      }
      schema::Index i;
      i.name = name;
      i.unique = x.unique;
      std::vector<std::string> texts;
      ReadIndexSql(x.sql, &texts, &i.where);
      for (size_t n = 0; n < x.names.size(); ++n)
        i.columns.push_back(IndexColumnOf(n < texts.size() ? texts[n] : "", x.names[n]));
      t.indexes.push_back(std::move(i));
    }
    return Status::Ok();
  }

  Status Others() {
    LUAMIG_ASSIGN_OR_RETURN(
        ops::Rows rows,
        conn_.Query("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN "
                    "('view', 'trigger') ORDER BY type, name"));
    for (const auto& r : rows.rows) {
      std::string kind = CellString(r[0]);
      std::string table = CellString(r[2]);
      if (kind == "trigger" && Excluded(o_, table)) continue;
      std::string name = CellString(r[1]);
      if (kind == "trigger") name = table + "." + name;
      model_.others.push_back({kind, "", name, CellString(r[3])});
    }
    return Status::Ok();
  }

  // REFERENCES t without columns means t's primary key.
  void ResolveReferences() {
    for (auto& t : model_.tables) {
      for (auto& k : t.constraints) {
        if (k.kind != K::kForeignKey || !k.remote_columns.empty()) continue;
        if (const schema::Table* ref = model_.FindTable("", k.referent))
          k.remote_columns = ref->primary_key.columns;
      }
    }
  }

  db::Connection& conn_;
  const Options& o_;
  schema::Model model_;
};

}  // namespace

Result<schema::Model> ReflectSqlite(db::Connection& conn, const Options& options) {
  return SqliteReader(conn, options).Read();
}

}  // namespace luamig::reflect
