// SQL text per backend. A dialect never sees Lua or a connection.
#ifndef LUAMIG_DIALECT_DIALECT_H_
#define LUAMIG_DIALECT_DIALECT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dialect/capabilities.h"
#include "luamig/status.h"
#include "ops/op.h"

namespace luamig::dialect {

/// Renders ops and luamig's own bookkeeping statements for one backend.
/// Immutable after construction; safe to share between threads.
class Dialect {
 public:
  virtual ~Dialect() = default;

  /// "sqlite" or "postgresql".
  virtual std::string name() const = 0;
  virtual const Capabilities& capabilities() const = 0;

  /// `ident` as a quoted identifier; embedded quotes are doubled.
  std::string QuoteIdent(std::string_view ident) const;
  /// `schema.name` quoted part by part (no schema when `schema` is empty).
  std::string QualifiedName(std::string_view schema, std::string_view name) const;
  /// `v` as an SQL literal; strings are escaped, blobs hex-encoded.
  virtual std::string QuoteLiteral(const ops::Value& v) const;
  /// The column type for a portable or passthrough type.
  virtual std::string TypeName(const ops::SqlType& type) const = 0;
  /// The bind placeholder for 1-based parameter `index` ("$1").
  std::string Placeholder(int index) const { return "$" + std::to_string(index); }

  /// A query returning one row when table `name` exists in `schema` ("" =
  /// the default schema), and its parameters.
  virtual std::pair<std::string, std::vector<ops::Value>> TableExistsQuery(
      std::string_view schema, std::string_view name) const = 0;

  /// The statements that perform `op`, in order. Errors (kMigration) when the
  /// backend cannot do `op` (the message says what to use instead).
  Result<std::vector<std::string>> Render(const ops::Op& op) const;

 protected:
  virtual std::string ColumnDefinition(const ops::ColumnSpec& column) const;
  virtual std::string CreateTableSql(const ops::CreateTable& op) const;
  virtual Result<std::vector<std::string>> DropColumnSql(const ops::DropColumn& op) const;
  virtual std::string DropIndexSql(const ops::DropIndex& op) const;
};

}  // namespace luamig::dialect

#endif  // LUAMIG_DIALECT_DIALECT_H_
