#include "dialect/dialect.h"

#include <cstdio>

#include "util/overloaded.h"
#include "util/strings.h"

namespace luamig::dialect {

using util::Overloaded;

std::string Dialect::QuoteIdent(std::string_view ident) const {
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Dialect::QualifiedName(std::string_view schema, std::string_view name) const {
  if (schema.empty()) return QuoteIdent(name);
  return QuoteIdent(schema) + "." + QuoteIdent(name);
}

namespace {

std::string HexBytes(const std::string& bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string Dialect::QuoteLiteral(const ops::Value& v) const {
  return std::visit(Overloaded{
                        [](const ops::Null&) { return std::string("NULL"); },
                        [](bool b) { return std::string(b ? "TRUE" : "FALSE"); },
                        [](int64_t i) { return std::to_string(i); },
                        [](double d) {
                          char buf[64];
                          std::snprintf(buf, sizeof buf, "%.17g", d);
                          return std::string(buf);
                        },
                        [](const std::string& s) { return QuoteString(s); },
                        [](const ops::Blob& b) { return "X'" + HexBytes(b.bytes) + "'"; },
                    },
                    v);
}

std::string Dialect::ColumnDefinition(const ops::ColumnSpec& c) const {
  std::string out = QuoteIdent(c.name) + " " + TypeName(c.type);
  if (!c.nullable && !c.primary_key) out += " NOT NULL";
  if (c.unique) out += " UNIQUE";
  if (c.server_default) {
    out += " DEFAULT (" + *c.server_default + ")";
  } else if (c.default_value) {
    out += " DEFAULT " + QuoteLiteral(*c.default_value);
  }
  if (c.references) {
    auto parts = util::Split(*c.references, '.');
    out += " REFERENCES " + QuoteIdent(parts[0]);
    if (parts.size() > 1) out += " (" + QuoteIdent(parts[1]) + ")";
  }
  return out;
}

std::string Dialect::CreateTableSql(const ops::CreateTable& op) const {
  std::vector<std::string> parts;
  std::vector<std::string> pk;
  for (const auto& c : op.columns) {
    if (c.primary_key) pk.push_back(QuoteIdent(c.name));
  }
  for (const auto& c : op.columns) {
    std::string def = ColumnDefinition(c);
    if (c.primary_key && pk.size() == 1) def += " PRIMARY KEY";
    parts.push_back(std::move(def));
  }
  if (pk.size() > 1) parts.push_back("PRIMARY KEY (" + util::Join(pk, ", ") + ")");
  return std::string("CREATE TABLE ") + (op.if_not_exists ? "IF NOT EXISTS " : "") +
         QuoteIdent(op.table) + " (\n  " + util::Join(parts, ",\n  ") + "\n)";
}

Result<std::vector<std::string>> Dialect::DropColumnSql(const ops::DropColumn& op) const {
  return std::vector<std::string>{"ALTER TABLE " + QuoteIdent(op.table) +
                                  " DROP COLUMN " + QuoteIdent(op.column)};
}

std::string Dialect::DropIndexSql(const ops::DropIndex& op) const {
  return std::string("DROP INDEX ") + (op.if_exists ? "IF EXISTS " : "") +
         QuoteIdent(op.name);
}

Result<std::vector<std::string>> Dialect::Render(const ops::Op& op) const {
  using Out = Result<std::vector<std::string>>;
  using V = std::vector<std::string>;
  return std::visit(
      Overloaded{
          [&](const ops::CreateTable& o) -> Out { return V{CreateTableSql(o)}; },
          [&](const ops::DropTable& o) -> Out {
            return V{std::string("DROP TABLE ") + (o.if_exists ? "IF EXISTS " : "") +
                     QuoteIdent(o.table)};
          },
          [&](const ops::AddColumn& o) -> Out {
            return V{"ALTER TABLE " + QuoteIdent(o.table) + " ADD COLUMN " +
                     ColumnDefinition(o.column)};
          },
          [&](const ops::DropColumn& o) -> Out { return DropColumnSql(o); },
          [&](const ops::CreateIndex& o) -> Out {
            std::vector<std::string> cols;
            for (const auto& c : o.columns) cols.push_back(QuoteIdent(c));
            return V{std::string("CREATE ") + (o.unique ? "UNIQUE " : "") + "INDEX " +
                     (o.if_not_exists ? "IF NOT EXISTS " : "") + QuoteIdent(o.name) +
                     " ON " + QuoteIdent(o.table) + " (" + util::Join(cols, ", ") + ")"};
          },
          [&](const ops::DropIndex& o) -> Out { return V{DropIndexSql(o)}; },
          [&](const ops::ExecuteSql& o) -> Out { return V{o.sql}; },
      },
      op);
}

}  // namespace luamig::dialect
