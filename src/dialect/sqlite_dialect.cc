#include "dialect/sqlite_dialect.h"

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

std::string SqliteDialect::TypeName(const ops::SqlType& t) const {
  using K = ops::TypeKind;
  switch (t.kind) {
    case K::kInteger:
    case K::kSerial:  // INTEGER PRIMARY KEY is SQLite's auto-increment rowid alias
    case K::kBigSerial:
      return "INTEGER";
    case K::kBigInt:
      return "BIGINT";
    case K::kText:
      return "TEXT";
    case K::kString:
      return t.length > 0 ? "VARCHAR(" + std::to_string(t.length) + ")" : "VARCHAR";
    case K::kBoolean:
      return "BOOLEAN";
    case K::kReal:
      return "REAL";
    case K::kDouble:
      return "DOUBLE PRECISION";
    case K::kNumeric:
      if (t.precision == 0) return "NUMERIC";
      return "NUMERIC(" + std::to_string(t.precision) + ", " + std::to_string(t.scale) +
             ")";
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
      return t.raw;
  }
  return t.raw;
}

std::pair<std::string, std::vector<ops::Value>> SqliteDialect::TableExistsQuery(
    std::string_view, std::string_view name) const {
  return {"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
          {std::string(name)}};
}

}  // namespace luamig::dialect
