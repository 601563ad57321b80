// SQLite rendering.
#ifndef LUAMIG_DIALECT_SQLITE_DIALECT_H_
#define LUAMIG_DIALECT_SQLITE_DIALECT_H_

#include "dialect/dialect.h"

namespace luamig::dialect {

class SqliteDialect final : public Dialect {
 public:
  std::string name() const override { return "sqlite"; }
  const Capabilities& capabilities() const override;
  std::string QuoteLiteral(const ops::Value& v) const override;
  std::string TypeName(const ops::SqlType& type) const override;
  std::pair<std::string, std::vector<ops::Value>> TableExistsQuery(
      std::string_view schema, std::string_view name) const override;
};

}  // namespace luamig::dialect

#endif  // LUAMIG_DIALECT_SQLITE_DIALECT_H_
