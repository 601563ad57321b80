// SPDX-License-Identifier: MIT
#include "dialect/sqlite_dialect.h"

#include "dialect/batch_recreate.h"
#include "dialect/row_values.h"

namespace luamig::dialect {

const Capabilities& SqliteDialect::capabilities() const {
  static const Capabilities kCaps = [] {
    Capabilities c;
    c.transactional_ddl = true;
    c.drop_column = true;  // SQLite >= 3.35
    return c;
  }();
  return kCaps;
}

std::string SqliteDialect::QuoteLiteral(const ops::Value& v) const {
  // SQLite has no boolean literal before 3.23 and stores booleans as 0/1.
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "1" : "0";
  return Dialect::QuoteLiteral(v);
}

std::string SqliteDialect::BaseTypeName(ops::TypeKind kind) const {
  using K = ops::TypeKind;
  switch (kind) {
    case K::kInteger:
    case K::kSerial:  // INTEGER PRIMARY KEY is SQLite's auto-increment rowid alias
    case K::kBigSerial:
      return "INTEGER";
    case K::kBigInt:
      return "BIGINT";
    case K::kText:
      return "TEXT";
    case K::kString:
      return "VARCHAR";
    case K::kBoolean:
      return "BOOLEAN";
    case K::kReal:
      return "REAL";
    case K::kDouble:
      return "DOUBLE PRECISION";
    case K::kNumeric:
      return "NUMERIC";
    case K::kDate:
      return "DATE";
    case K::kTimestamp:
      return "TIMESTAMP";
    case K::kTimestampTz:
      return "TIMESTAMP";
    case K::kJson:
      return "JSON";
    case K::kUuid:
      return "CHAR(36)";  // text affinity: UUID alone would be NUMERIC
    case K::kBlob:
      return "BLOB";
    case K::kPassthrough:
      break;
  }
  return "";
}

std::pair<std::string, std::vector<ops::Value>> SqliteDialect::TableExistsQuery(
    std::string_view, std::string_view name) const {
  return {"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
          {std::string(name)}};
}

CatalogQuery SqliteDialect::ColumnExistsQuery(std::string_view, std::string_view table,
                                              std::string_view column) const {
  return {"SELECT 1 FROM pragma_table_info($1) WHERE name = $2",
          {std::string(table), std::string(column)}};
}

// A version table is an ordinary rowid table (its key is version_num, not an
// INTEGER PRIMARY KEY): an UPDATE keeps the rowid, an INSERT takes one above
// every other, and a plain table scan, Alembic's SELECT, returns rowid order.
RowOrder SqliteDialect::VersionRowOrder() const { return {"rowid", "", ""}; }

std::string BatchAdvice(const std::string& table, const std::string& call) {
  return "use op.batch_alter_table(\"" + table + "\", function(batch) batch." + call +
         " end), which recreates the table";
}

Dialect::Statements SqliteDialect::AlterColumnSql(const ops::AlterColumn& op) const {
  if (op.type || op.nullable || op.server_default.kind != ops::DefaultChange::kKeep) {
    return Unsupported(
        *this, "change a column's type, nullability or default in place",
        BatchAdvice(op.table, "alter_column(\"" + op.column + "\", {...})"));
  }
  // A rename SQLite does natively (3.25+); comments do not exist and are ignored.
  return Dialect::AlterColumnSql(op);
}

Dialect::Statements SqliteDialect::CreateIndexSql(const ops::CreateIndex& op) const {
  return std::vector<std::string>{
      std::string("CREATE ") + (op.unique ? "UNIQUE " : "") + "INDEX " +
      (op.if_not_exists ? "IF NOT EXISTS " : "") + QualifiedName(op.schema, op.name) +
      " ON " + QuoteIdent(op.table) + " " + IndexColumnsSql(op.columns) +
      (op.where.empty() ? "" : " WHERE " + op.where)};
}

Dialect::Statements SqliteDialect::AddConstraintSql(const ops::AddConstraint& op) const {
  std::string call =
      std::string(ops::OpName(ops::Op{op})) + "(\"" + op.constraint.name + "\", ...)";
  return Unsupported(*this, "add a constraint to an existing table",
                     BatchAdvice(op.table, call));
}

Dialect::Statements SqliteDialect::DropConstraintSql(
    const ops::DropConstraint& op) const {
  return Unsupported(*this, "drop a constraint of an existing table",
                     BatchAdvice(op.table, "drop_constraint(\"" + op.name + "\")"));
}

Dialect::Statements SqliteDialect::SchemaSql(const ops::Op& op) const {
  return Unsupported(*this, std::string("run ") + ops::OpName(op),
                     "it has no schemas (ATTACH a database file instead)");
}

std::vector<std::string> SqliteDialect::CommentSql(
    const std::string&, const std::string&, const std::string&,
    const std::optional<std::string>&) const {
  return {};
}

InspectQueries SqliteDialect::InspectSql(std::string_view schema,
                                         std::string_view table) const {
  const std::string master = QualifiedName(schema, "sqlite_master");
  const std::string s = schema.empty() ? "" : ", " + QuoteLiteral(std::string(schema));
  std::vector<ops::Value> p{std::string(table)};
  InspectQueries q;
  q.table = {"SELECT sql FROM " + master + " WHERE type = 'table' AND name = $1", p};
  q.columns = {
      "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1" + s +
          ") ORDER BY cid",
      p};
  q.indexes = {
      "SELECT il.name, il.\"unique\", il.origin = 'pk', il.origin <> 'c', "
      "il.partial, m.sql, ii.name, ii.cid FROM pragma_index_list($1" +
          s + ") il JOIN pragma_index_xinfo(il.name" + s + ") ii LEFT JOIN " + master +
          " m ON m.type = 'index' AND m.name = il.name WHERE ii.key = 1 "
          "ORDER BY il.name, ii.seqno",
      p};
  q.triggers = {"SELECT sql FROM " + master +
                    " WHERE type = 'trigger' AND tbl_name = $1 ORDER BY name",
                p};
  q.referenced_by = {
      "SELECT DISTINCT m.name FROM " + master + " m JOIN pragma_foreign_key_list(m.name" +
          s +
          ") f WHERE m.type = 'table' AND m.name <> $1 AND f.\"table\" = $1 "
          "COLLATE NOCASE ORDER BY m.name",
      p};
  return q;
}

ops::TableInfo SqliteDialect::ParseInspect(std::string_view schema,
                                           std::string_view table,
                                           const InspectRows& rows) const {
  ops::TableInfo t;
  t.schema = std::string(schema);
  t.name = std::string(table);
  t.exists = !rows.table.rows.empty();
  if (!t.exists) return t;
  t.create_sql = CellString(rows.table.rows[0][0]);
  for (const auto& r : rows.columns.rows) {
    ops::ColumnInfo c;
    c.name = CellString(r[0]);
    c.type = CellString(r[1]);
    c.pk_position = static_cast<int>(CellInt(r[4]));
    c.nullable = !CellBool(r[2]);  // as declared: SQLite lets some key columns hold NULL
    c.default_sql = CellText(r[3]);
    t.columns.push_back(std::move(c));
  }
  for (const auto& r : rows.indexes.rows) {
    std::string name = CellString(r[0]);
    if (t.indexes.empty() || t.indexes.back().name != name) {
      ops::IndexInfo i;
      i.name = name;
      i.unique = CellBool(r[1]);
      i.primary = CellBool(r[2]);
      i.constraint = CellBool(r[3]);
      i.partial = CellBool(r[4]);
      i.sql = CellString(r[5]);
      t.indexes.push_back(std::move(i));
    }
    // An expression column has no name (cid -2): report it as "(expression)".
    auto col = CellText(r[6]);
    t.indexes.back().columns.push_back(col ? *col : "(expression)");
  }
  for (const auto& r : rows.triggers.rows) t.triggers.push_back(CellString(r[0]));
  for (const auto& r : rows.referenced_by.rows)
    t.referenced_by.push_back(CellString(r[0]));
  return t;
}

ForeignKeyIsolation SqliteDialect::BatchForeignKeyIsolation() const {
  return {"PRAGMA foreign_keys", "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON",
          "PRAGMA foreign_key_check"};
}

Result<std::vector<std::string>> SqliteDialect::RenderBatch(
    const ops::BatchAlterTable& op, const ops::TableInfo& table) const {
  return SqliteRecreatePlan(*this, op, table);
}

}  // namespace luamig::dialect
