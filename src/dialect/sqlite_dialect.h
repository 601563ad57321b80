// SPDX-License-Identifier: MIT
// SQLite rendering. ALTER forms SQLite lacks (column type/nullability/default
// changes, adding or dropping constraints) are refused outside
// batch_alter_table, whose recreate plan lives in batch_recreate.h.
#ifndef LUAMIG_DIALECT_SQLITE_DIALECT_H_
#define LUAMIG_DIALECT_SQLITE_DIALECT_H_

#include "dialect/dialect.h"

namespace luamig::dialect {

class SqliteDialect final : public Dialect {
 public:
  std::string name() const override { return "sqlite"; }
  const Capabilities& capabilities() const override;
  std::string QuoteLiteral(const ops::Value& v) const override;
  std::string BaseTypeName(ops::TypeKind kind) const override;
  std::pair<std::string, std::vector<ops::Value>> TableExistsQuery(
      std::string_view schema, std::string_view name) const override;
  CatalogQuery ColumnExistsQuery(std::string_view schema, std::string_view table,
                                 std::string_view column) const override;
  RowOrder VersionRowOrder() const override;
  InspectQueries InspectSql(std::string_view schema,
                            std::string_view table) const override;
  ops::TableInfo ParseInspect(std::string_view schema, std::string_view table,
                              const InspectRows& rows) const override;
  bool BatchNeedsCatalog() const override { return true; }
  ForeignKeyIsolation BatchForeignKeyIsolation() const override;
  Result<std::vector<std::string>> RenderBatch(
      const ops::BatchAlterTable& op, const ops::TableInfo& table) const override;

 protected:
  Statements AlterColumnSql(const ops::AlterColumn& op) const override;
  Statements CreateIndexSql(const ops::CreateIndex& op) const override;
  Statements AddConstraintSql(const ops::AddConstraint& op) const override;
  Statements DropConstraintSql(const ops::DropConstraint& op) const override;
  Statements SchemaSql(const ops::Op& op) const override;
  std::vector<std::string> CommentSql(
      const std::string& schema, const std::string& table, const std::string& column,
      const std::optional<std::string>& text) const override;
};

/// The advice SQLite's refusals give: "use op.batch_alter_table(…)".
std::string BatchAdvice(const std::string& table, const std::string& call);

}  // namespace luamig::dialect

#endif  // LUAMIG_DIALECT_SQLITE_DIALECT_H_
