// SPDX-License-Identifier: MIT
#include "dialect/dialect.h"

#include <cstdio>

#include "util/overloaded.h"
#include "util/strings.h"

namespace luamig::dialect {

using util::Overloaded;
using V = std::vector<std::string>;

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

Status Unsupported(const Dialect& dialect, const std::string& what,
                   const std::string& advice) {
  return Status::Migration(dialect.name() + " cannot " + what + "; " + advice);
}

namespace {

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

}  // namespace

std::string Dialect::QuoteLiteral(const ops::Value& v) const {
  return std::visit(
      Overloaded{
          [](const ops::Null&) { return std::string("NULL"); },
          [](bool b) { return std::string(b ? "TRUE" : "FALSE"); },
          [](int64_t i) { return std::to_string(i); },
          [](double d) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.17g", d);
            return std::string(buf);
          },
          [](const std::string& s) { return QuoteString(s); },
          [](const ops::Blob& b) { return "X'" + util::HexEncode(b.bytes) + "'"; },
      },
      v);
}

std::string Dialect::ColumnList(const std::vector<std::string>& names) const {
  std::vector<std::string> q;
  for (const auto& n : names) q.push_back(QuoteIdent(n));
  return "(" + util::Join(q, ", ") + ")";
}

std::string Dialect::TypeName(const ops::SqlType& t) const {
  using K = ops::TypeKind;
  if (t.kind == K::kPassthrough) return t.raw;
  std::string name = BaseTypeName(t.kind);
  if (t.kind == K::kString && t.length > 0)
    return name + "(" + std::to_string(t.length) + ")";
  if (t.kind == K::kNumeric && t.precision > 0) {
    return name + "(" + std::to_string(t.precision) + ", " + std::to_string(t.scale) +
           ")";
  }
  return name;
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

std::string Dialect::ConstraintDefinition(const ops::ConstraintSpec& c) const {
  std::string out = c.name.empty() ? "" : "CONSTRAINT " + QuoteIdent(c.name) + " ";
  switch (c.kind) {
    case ops::ConstraintKind::kPrimaryKey:
      out += "PRIMARY KEY " + ColumnList(c.columns);
      break;
    case ops::ConstraintKind::kUnique:
      out += "UNIQUE " + ColumnList(c.columns);
      break;
    case ops::ConstraintKind::kCheck:
      out += "CHECK (" + c.condition + ")";
      break;
    case ops::ConstraintKind::kForeignKey:
      out += "FOREIGN KEY " + ColumnList(c.columns) + " REFERENCES " +
             QualifiedName(c.referent_schema, c.referent);
      if (!c.remote_columns.empty()) out += " " + ColumnList(c.remote_columns);
      if (!c.on_delete.empty()) out += " ON DELETE " + Upper(c.on_delete);
      if (!c.on_update.empty()) out += " ON UPDATE " + Upper(c.on_update);
      break;
  }
  if (c.deferrable) out += *c.deferrable ? " DEFERRABLE" : " NOT DEFERRABLE";
  if (!c.initially.empty()) out += " INITIALLY " + Upper(c.initially);
  return out;
}

std::vector<std::string> Dialect::CommentSql(
    const std::string& schema, const std::string& table, const std::string& column,
    const std::optional<std::string>& text) const {
  return {"COMMENT ON COLUMN " + Table(schema, table) + "." + QuoteIdent(column) +
          " IS " + (text ? QuoteLiteral(*text) : std::string("NULL"))};
}

Dialect::Statements Dialect::CreateTableSql(const ops::CreateTable& op) const {
  std::vector<std::string> parts;
  std::vector<std::string> pk;
  for (const auto& c : op.columns) {
    if (c.primary_key) pk.push_back(c.name);
  }
  for (const auto& c : op.columns) {
    std::string def = ColumnDefinition(c);
    if (c.primary_key && pk.size() == 1) def += " PRIMARY KEY";
    parts.push_back(std::move(def));
  }
  if (pk.size() > 1) parts.push_back("PRIMARY KEY " + ColumnList(pk));
  for (const auto& k : op.constraints) parts.push_back(ConstraintDefinition(k));
  V out{std::string("CREATE TABLE ") + (op.if_not_exists ? "IF NOT EXISTS " : "") +
        Table(op.schema, op.table) + " (\n  " + util::Join(parts, ",\n  ") + "\n)"};
  for (const auto& c : op.columns) {
    if (!c.comment) continue;
    for (auto& s : CommentSql(op.schema, op.table, c.name, c.comment))
      out.push_back(std::move(s));
  }
  return out;
}

Dialect::Statements Dialect::AlterColumnSql(const ops::AlterColumn& op) const {
  const std::string alter = "ALTER TABLE " + Table(op.schema, op.table) +
                            " ALTER COLUMN " + QuoteIdent(op.column);
  V out;
  if (op.type) {
    out.push_back(alter + " TYPE " + TypeName(*op.type) +
                  (op.using_expr.empty() ? "" : " USING " + op.using_expr));
  }
  if (op.nullable)
    out.push_back(alter + (*op.nullable ? " DROP NOT NULL" : " SET NOT NULL"));
  if (op.server_default.kind == ops::DefaultChange::kSet) {
    out.push_back(alter + " SET DEFAULT " + op.server_default.expression);
  } else if (op.server_default.kind == ops::DefaultChange::kDrop) {
    out.push_back(alter + " DROP DEFAULT");
  }
  if (op.comment) {
    for (auto& s : CommentSql(op.schema, op.table, op.column, *op.comment))
      out.push_back(std::move(s));
  }
  if (!op.new_name.empty()) {
    out.push_back("ALTER TABLE " + Table(op.schema, op.table) + " RENAME COLUMN " +
                  QuoteIdent(op.column) + " TO " + QuoteIdent(op.new_name));
  }
  return out;
}

Dialect::Statements Dialect::DropColumnSql(const ops::DropColumn& op) const {
  return V{"ALTER TABLE " + Table(op.schema, op.table) + " DROP COLUMN " +
           QuoteIdent(op.column)};
}

std::string Dialect::IndexColumnsSql(const std::vector<ops::IndexColumn>& cols) const {
  std::vector<std::string> out;
  for (const auto& c : cols)
    out.push_back(c.expression ? "(" + c.text + ")" : QuoteIdent(c.text));
  return "(" + util::Join(out, ", ") + ")";
}

Dialect::Statements Dialect::CreateIndexSql(const ops::CreateIndex& op) const {
  bool concurrently = op.concurrently && capabilities().concurrent_index;
  return V{std::string("CREATE ") + (op.unique ? "UNIQUE " : "") + "INDEX " +
           (concurrently ? "CONCURRENTLY " : "") +
           (op.if_not_exists ? "IF NOT EXISTS " : "") + QuoteIdent(op.name) + " ON " +
           Table(op.schema, op.table) + " " + IndexColumnsSql(op.columns) +
           (op.where.empty() ? "" : " WHERE " + op.where)};
}

Dialect::Statements Dialect::DropIndexSql(const ops::DropIndex& op) const {
  bool concurrently = op.concurrently && capabilities().concurrent_index;
  return V{std::string("DROP INDEX ") + (concurrently ? "CONCURRENTLY " : "") +
           (op.if_exists ? "IF EXISTS " : "") + Table(op.schema, op.name)};
}

Dialect::Statements Dialect::AddConstraintSql(const ops::AddConstraint& op) const {
  return V{"ALTER TABLE " + Table(op.schema, op.table) + " ADD " +
           ConstraintDefinition(op.constraint)};
}

Dialect::Statements Dialect::DropConstraintSql(const ops::DropConstraint& op) const {
  return V{"ALTER TABLE " + Table(op.schema, op.table) + " DROP CONSTRAINT " +
           (op.if_exists ? "IF EXISTS " : "") + QuoteIdent(op.name)};
}

Dialect::Statements Dialect::SchemaSql(const ops::Op& op) const {
  if (const auto* c = std::get_if<ops::CreateSchema>(&op)) {
    return V{std::string("CREATE SCHEMA ") + (c->if_not_exists ? "IF NOT EXISTS " : "") +
             QuoteIdent(c->name)};
  }
  const auto& d = std::get<ops::DropSchema>(op);
  return V{std::string("DROP SCHEMA ") + (d.if_exists ? "IF EXISTS " : "") +
           QuoteIdent(d.name) + (d.cascade ? " CASCADE" : "")};
}

Dialect::Statements Dialect::EnumSql(const ops::Op& op) const {
  return Unsupported(*this, std::string("run ") + ops::OpName(op),
                     "it has no enum types (use a CHECK constraint)");
}

Result<std::vector<std::string>> Dialect::RenderBatch(const ops::BatchAlterTable& op,
                                                      const ops::TableInfo&) const {
  V out;
  for (const auto& b : op.ops) {
    ops::Op one = ops::ToOp(b);
    LUAMIG_ASSIGN_OR_RETURN(V part, Render(one));
    for (auto& s : part) out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<std::string>> Dialect::Render(const ops::Op& op) const {
  using Out = Result<std::vector<std::string>>;
  return std::visit(
      Overloaded{
          [&](const ops::CreateTable& o) -> Out { return CreateTableSql(o); },
          [&](const ops::DropTable& o) -> Out {
            return V{std::string("DROP TABLE ") + (o.if_exists ? "IF EXISTS " : "") +
                     Table(o.schema, o.table)};
          },
          [&](const ops::RenameTable& o) -> Out {
            return V{"ALTER TABLE " + Table(o.schema, o.table) + " RENAME TO " +
                     QuoteIdent(o.new_name)};
          },
          [&](const ops::AddColumn& o) -> Out {
            V out{"ALTER TABLE " + Table(o.schema, o.table) + " ADD COLUMN " +
                  ColumnDefinition(o.column)};
            if (o.column.comment) {
              for (auto& s :
                   CommentSql(o.schema, o.table, o.column.name, o.column.comment))
                out.push_back(std::move(s));
            }
            return out;
          },
          [&](const ops::DropColumn& o) -> Out { return DropColumnSql(o); },
          [&](const ops::AlterColumn& o) -> Out { return AlterColumnSql(o); },
          [&](const ops::CreateIndex& o) -> Out { return CreateIndexSql(o); },
          [&](const ops::DropIndex& o) -> Out { return DropIndexSql(o); },
          [&](const ops::AddConstraint& o) -> Out { return AddConstraintSql(o); },
          [&](const ops::DropConstraint& o) -> Out { return DropConstraintSql(o); },
          [&](const ops::CreateSchema&) -> Out { return SchemaSql(op); },
          [&](const ops::DropSchema&) -> Out { return SchemaSql(op); },
          [&](const ops::CreateEnum&) -> Out { return EnumSql(op); },
          [&](const ops::DropEnum&) -> Out { return EnumSql(op); },
          [&](const ops::AddEnumValue&) -> Out { return EnumSql(op); },
          [&](const ops::BatchAlterTable& o) -> Out {
            if (BatchNeedsCatalog()) {
              return Status::Migration(
                  "batch_alter_table(\"" + o.table + "\") on " + name() +
                  " recreates the table from its live definition, which needs a database "
                  "connection (the executor reads it and calls RenderBatch)");
            }
            return RenderBatch(o, ops::TableInfo{});
          },
          [&](const ops::ExecuteSql& o) -> Out { return V{o.sql}; },
      },
      op);
}

}  // namespace luamig::dialect
