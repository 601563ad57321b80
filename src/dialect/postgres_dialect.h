// SPDX-License-Identifier: MIT
// PostgreSQL rendering.
#ifndef LUAMIG_DIALECT_POSTGRES_DIALECT_H_
#define LUAMIG_DIALECT_POSTGRES_DIALECT_H_

#include "dialect/dialect.h"

namespace luamig::dialect {

class PostgresDialect final : public Dialect {
 public:
  std::string name() const override { return "postgresql"; }
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

 protected:
  Statements EnumSql(const ops::Op& op) const override;
};

}  // namespace luamig::dialect

#endif  // LUAMIG_DIALECT_POSTGRES_DIALECT_H_
