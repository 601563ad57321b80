// SPDX-License-Identifier: MIT
#include "dialect/postgres_dialect.h"

#include "dialect/row_values.h"
#include "util/overloaded.h"
#include "util/strings.h"

namespace luamig::dialect {

const Capabilities& PostgresDialect::capabilities() const {
  static const Capabilities kCaps = [] {
    Capabilities c;
    c.transactional_ddl = true;
    c.schemas = true;
    c.advisory_locks = true;
    c.alter_column = true;
    c.concurrent_index = true;
    return c;
  }();
  return kCaps;
}

std::string PostgresDialect::QuoteLiteral(const ops::Value& v) const {
  if (const auto* b = std::get_if<ops::Blob>(&v)) {
    return "'\\x" + util::HexEncode(b->bytes) + "'::bytea";
  }
  return Dialect::QuoteLiteral(v);
}

std::string PostgresDialect::BaseTypeName(ops::TypeKind kind) const {
  using K = ops::TypeKind;
  switch (kind) {
    case K::kInteger:
      return "integer";
    case K::kBigInt:
      return "bigint";
    case K::kSerial:
      return "serial";
    case K::kBigSerial:
      return "bigserial";
    case K::kText:
      return "text";
    case K::kString:
      return "varchar";
    case K::kBoolean:
      return "boolean";
    case K::kReal:
      return "real";
    case K::kDouble:
      return "double precision";
    case K::kNumeric:
      return "numeric";
    case K::kDate:
      return "date";
    case K::kTimestamp:
      return "timestamp";
    case K::kTimestampTz:
      return "timestamptz";
    case K::kJson:
      return "jsonb";
    case K::kUuid:
      return "uuid";
    case K::kBlob:
      return "bytea";
    case K::kPassthrough:
      break;
  }
  return "";
}

std::pair<std::string, std::vector<ops::Value>> PostgresDialect::TableExistsQuery(
    std::string_view schema, std::string_view name) const {
  if (schema.empty()) {
    return {
        "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
        "AND tablename = $1",
        {std::string(name)}};
  }
  return {"SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2",
          {std::string(schema), std::string(name)}};
}

namespace {

// Every catalog query names the table by (schema, name) parameters; an empty
// schema means current_schema().
const char kTableWhere[] =
    "c.relname = $2 AND n.nspname = COALESCE(NULLIF($1, ''), current_schema())";

// A dollar-quote tag that does not occur in `body`.
std::string DollarTag(const std::string& body) {
  std::string tag = "$luamig$";
  for (int i = 1; body.find(tag) != std::string::npos; ++i)
    tag = "$luamig" + std::to_string(i) + "$";
  return tag;
}

}  // namespace

InspectQueries PostgresDialect::InspectSql(std::string_view schema,
                                           std::string_view table) const {
  std::vector<ops::Value> p{std::string(schema), std::string(table)};
  const std::string from =
      " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
      "c.relnamespace";
  InspectQueries q;
  q.table = {
      "SELECT n.nspname" + from + " WHERE c.relkind IN ('r', 'p') AND " + kTableWhere, p};
  q.columns = {
      "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
      "NOT a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), "
      "COALESCE(array_position(k.conkey, a.attnum), 0)" +
          from +
          " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid"
          " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = "
          "a.attnum"
          " LEFT JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid AND k.contype = "
          "'p' WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') "
          "AND " +
          kTableWhere + " ORDER BY a.attnum",
      p};
  q.indexes = {
      "SELECT i.relname, x.indisunique, x.indisprimary, EXISTS (SELECT 1 FROM "
      "pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = "
      "c.oid), x.indpred IS NOT NULL, pg_catalog.pg_get_indexdef(x.indexrelid), "
      "CASE WHEN x.indkey[s.n - 1] <> 0 THEN (SELECT a.attname FROM "
      "pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = "
      "x.indkey[s.n - 1]) ELSE pg_catalog.pg_get_indexdef(x.indexrelid, s.n, true) END" +
          from +
          " JOIN pg_catalog.pg_index x ON x.indrelid = c.oid"
          " JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid"
          " CROSS JOIN LATERAL generate_series(1, x.indnkeyatts) AS s(n) WHERE " +
          kTableWhere + " ORDER BY i.relname, s.n",
      p};
  return q;
}

ops::TableInfo PostgresDialect::ParseInspect(std::string_view schema,
                                             std::string_view table,
                                             const InspectRows& rows) const {
  ops::TableInfo t;
  t.name = std::string(table);
  t.schema = std::string(schema);
  t.exists = !rows.table.rows.empty();
  if (!t.exists) return t;
  t.schema = CellString(rows.table.rows[0][0]);
  for (const auto& r : rows.columns.rows) {
    ops::ColumnInfo c;
    c.name = CellString(r[0]);
    c.type = CellString(r[1]);
    c.nullable = CellBool(r[2]);
    c.default_sql = CellText(r[3]);
    c.pk_position = static_cast<int>(CellInt(r[4]));
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
    t.indexes.back().columns.push_back(CellString(r[6]));
  }
  return t;
}

Dialect::Statements PostgresDialect::EnumSql(const ops::Op& op) const {
  using Out = Statements;
  using V = std::vector<std::string>;
  return std::visit(
      util::Overloaded{
          [&](const ops::CreateEnum& o) -> Out {
            std::vector<std::string> labels;
            for (const auto& v : o.values) labels.push_back(QuoteLiteral(v));
            std::string create = "CREATE TYPE " + Table(o.schema, o.name) + " AS ENUM (" +
                                 util::Join(labels, ", ") + ")";
            if (!o.if_not_exists) return V{create};
            std::string check =
                "SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON "
                "n.oid = t.typnamespace WHERE t.typname = " +
                QuoteLiteral(o.name) + " AND n.nspname = " +
                (o.schema.empty() ? std::string("current_schema()")
                                  : QuoteLiteral(o.schema));
            std::string body =
                "BEGIN IF NOT EXISTS (" + check + ") THEN " + create + "; END IF; END";
            std::string tag = DollarTag(body);
            return V{"DO " + tag + " " + body + " " + tag};
          },
          [&](const ops::DropEnum& o) -> Out {
            return V{std::string("DROP TYPE ") + (o.if_exists ? "IF EXISTS " : "") +
                     Table(o.schema, o.name)};
          },
          [&](const ops::AddEnumValue& o) -> Out {
            std::string sql = "ALTER TYPE " + Table(o.schema, o.name) + " ADD VALUE " +
                              (o.if_not_exists ? "IF NOT EXISTS " : "") +
                              QuoteLiteral(o.value);
            if (!o.before.empty()) sql += " BEFORE " + QuoteLiteral(o.before);
            if (!o.after.empty()) sql += " AFTER " + QuoteLiteral(o.after);
            return V{sql};
          },
          [&](const auto&) -> Out { return Status::Internal("not an enum op"); },
      },
      op);
}

}  // namespace luamig::dialect
