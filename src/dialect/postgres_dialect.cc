#include "dialect/postgres_dialect.h"

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
    static const char* kHex = "0123456789abcdef";
    std::string out = "'\\x";
    for (unsigned char c : b->bytes) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    return out + "'::bytea";
  }
  return Dialect::QuoteLiteral(v);
}

std::string PostgresDialect::TypeName(const ops::SqlType& t) const {
  using K = ops::TypeKind;
  switch (t.kind) {
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
      return t.length > 0 ? "varchar(" + std::to_string(t.length) + ")" : "varchar";
    case K::kBoolean:
      return "boolean";
    case K::kReal:
      return "real";
    case K::kDouble:
      return "double precision";
    case K::kNumeric:
      if (t.precision == 0) return "numeric";
      return "numeric(" + std::to_string(t.precision) + ", " + std::to_string(t.scale) +
             ")";
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
      return t.raw;
  }
  return t.raw;
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

}  // namespace luamig::dialect
