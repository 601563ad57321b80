// SPDX-License-Identifier: MIT
// A normalised dump of a database's user catalog, for asserting what an op
// did and that its downgrade restored everything exactly. One sorted line
// per fact; luamig's own tables are left out.
//
// SQLite: sqlite_master plus pragma table_info / index_list / index_xinfo /
// foreign_key_list, and the constraint clauses of each CREATE TABLE (the
// parser batch mode uses). PostgreSQL: pg_catalog for one schema (columns,
// defaults, comments, indexes, constraints, enum types).
#ifndef LUAMIG_TESTS_SUPPORT_CATALOG_H_
#define LUAMIG_TESTS_SUPPORT_CATALOG_H_

#include <algorithm>
#include <string>
#include <vector>

#include "db/connection.h"
#include "dialect/batch_recreate.h"

namespace luamig::testing {

using CatalogLines = std::vector<std::string>;

inline std::string CellText(const ops::Value& v) {
  if (std::holds_alternative<ops::Null>(v)) return "NULL";
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "t" : "f";
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return "?";
}

/// Rows of `sql` as text cells; a failed query is one row holding the error.
inline std::vector<std::vector<std::string>> TextRows(
    db::Connection& conn, const std::string& sql, const std::vector<ops::Value>& p = {}) {
  std::vector<std::vector<std::string>> out;
  auto rows = conn.Query(sql, p);
  if (!rows.ok()) return {{"ERROR " + rows.status().message()}};
  for (const auto& r : rows->rows) {
    std::vector<std::string> line;
    for (const auto& v : r) line.push_back(CellText(v));
    out.push_back(line);
  }
  return out;
}

inline bool IsBookkeeping(const std::string& table) {
  return table == "luamig_version" || table == "luamig_history";
}

inline void DumpSqliteTable(db::Connection& conn, const std::string& t,
                            const std::string& sql, CatalogLines* out) {
  out->push_back("table " + t);
  for (const auto& r : TextRows(
           conn,
           "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1)",
           {t})) {
    out->push_back("column " + t + "." + r[0] + " type=" + r[1] + " notnull=" + r[2] +
                   " default=" + r[3] + " pk=" + r[4]);
  }
  for (const auto& r :
       TextRows(conn,
                "SELECT il.name, il.\"unique\", il.origin, il.partial, "
                "group_concat(coalesce(ii.name, '<expr>'), ',') FROM "
                "pragma_index_list($1) il JOIN pragma_index_xinfo(il.name) ii "
                "WHERE ii.key = 1 GROUP BY il.name ORDER BY il.name",
                {t})) {
    out->push_back("index " + t + "." + r[0] + " unique=" + r[1] + " origin=" + r[2] +
                   " partial=" + r[3] + " cols=" + r[4]);
  }
  for (const auto& r :
       TextRows(conn,
                "SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM "
                "pragma_foreign_key_list($1) ORDER BY id, seq",
                {t})) {
    out->push_back("fk " + t + "." + r[1] + " -> " + r[0] + "." + r[2] +
                   " on_update=" + r[3] + " on_delete=" + r[4]);
  }
  dialect::ParsedTable parsed = dialect::ParseCreateTable(sql);
  for (const auto& k : parsed.constraints)
    out->push_back("constraint " + t + " " + k.text);
  for (const auto& c : parsed.columns) {
    for (const auto& cl : c.clauses)
      out->push_back("clause " + t + "." + c.name + " " + cl);
  }
  if (!parsed.options.empty()) out->push_back("options " + t + " " + parsed.options);
}

/// SQLite: every user table, index, trigger and view.
inline CatalogLines DumpSqliteCatalog(db::Connection& conn) {
  CatalogLines out;
  for (const auto& r :
       TextRows(conn,
                "SELECT type, name, tbl_name, coalesce(sql, '') FROM "
                "sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")) {
    if (IsBookkeeping(r[2])) continue;
    if (r[0] == "table") {
      DumpSqliteTable(conn, r[1], r[3], &out);
    } else if (r[0] == "trigger" || r[0] == "view") {
      out.push_back(r[0] + " " + r[1] + " " + r[3]);
    } else if (r[0] == "index") {
      out.push_back("index_sql " + r[1] + " " + r[3]);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// PostgreSQL: the user objects of `schema`.
inline CatalogLines DumpPgCatalog(db::Connection& conn, const std::string& schema) {
  CatalogLines out;
  const std::vector<ops::Value> p{schema};
  for (const auto& r : TextRows(
           conn,
           "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
           "a.attnotnull, "
           "coalesce(pg_get_expr(d.adbin, d.adrelid), 'NULL'), "
           "coalesce(col_description(c.oid, a.attnum), 'NULL') FROM pg_class c "
           "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON "
           "a.attrelid = c.oid LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = "
           "a.attnum WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT "
           "a.attisdropped",
           p)) {
    if (IsBookkeeping(r[0])) continue;
    out.push_back("column " + r[0] + "." + r[1] + " type=" + r[2] + " notnull=" + r[3] +
                  " default=" + r[4] + " comment=" + r[5]);
  }
  for (const auto& r : TextRows(conn,
                                "SELECT tablename, indexname, indexdef FROM pg_indexes "
                                "WHERE schemaname = $1",
                                p)) {
    if (IsBookkeeping(r[0])) continue;
    out.push_back("index " + r[0] + "." + r[1] + " " + r[2]);
  }
  for (const auto& r :
       TextRows(conn,
                "SELECT c.relname, k.conname, k.contype, "
                "pg_get_constraintdef(k.oid), k.condeferrable, "
                "k.condeferred FROM pg_constraint k JOIN pg_class c ON c.oid = "
                "k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = $1",
                p)) {
    if (IsBookkeeping(r[0])) continue;
    out.push_back("constraint " + r[0] + "." + r[1] + " " + r[2] + " " + r[3] +
                  " deferrable=" + r[4] + " deferred=" + r[5]);
  }
  for (const auto& r :
       TextRows(conn,
                "SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY "
                "e.enumsortorder) FROM pg_type t JOIN pg_namespace n ON n.oid "
                "= t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid WHERE "
                "n.nspname = $1 GROUP BY t.typname",
                p)) {
    out.push_back("enum " + r[0] + " " + r[1]);
  }
  for (const auto& r :
       TextRows(conn,
                "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid "
                "= c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'",
                p)) {
    if (!IsBookkeeping(r[0])) out.push_back("table " + r[0]);
  }
  for (const auto& r : TextRows(
           conn, "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 || '%'", p)) {
    if (r[0] != schema) out.push_back("schema " + r[0]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Whether some line of `lines` contains `needle`.
inline bool HasLine(const CatalogLines& lines, const std::string& needle) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
    return l.find(needle) != std::string::npos;
  });
}

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_CATALOG_H_
