// SPDX-License-Identifier: MIT
// SQL text per backend. A dialect never sees Lua or a connection: it renders
// ops to statements and states, as data, the catalog queries the runtime
// runs for introspection and SQLite batch mode.
#ifndef LUAMIG_DIALECT_DIALECT_H_
#define LUAMIG_DIALECT_DIALECT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dialect/capabilities.h"
#include "luamig/status.h"
#include "ops/op.h"
#include "ops/table_info.h"

namespace luamig::dialect {

/// One catalog query and its bound parameters; empty `sql` = nothing to run.
struct CatalogQuery {
  std::string sql;
  std::vector<ops::Value> params;
};

/// The queries that read one table's catalog. The runtime runs each
/// (skipping empty ones) and hands the rows back to ParseInspect.
struct InspectQueries {
  CatalogQuery table;          ///< one row when the table exists (SQLite: its CREATE sql)
  CatalogQuery columns;        ///< name, type, nullable, default, pk position
  CatalogQuery indexes;        ///< one row per index column, in order
  CatalogQuery triggers;       ///< CREATE TRIGGER statements (SQLite)
  CatalogQuery referenced_by;  ///< names of other tables referencing it (SQLite)
};

/// How to run a table recreate with foreign-key enforcement off (SQLite).
/// Empty fields: the dialect needs no such care.
struct ForeignKeyIsolation {
  std::string enforcement_query;  ///< one row, one cell: 1 when enforcement is on
  std::string disable_sql;        ///< valid only outside a transaction
  std::string enable_sql;
  std::string check_query;  ///< rows = violations
};

/// How a version table keeps its rows in write order: an UPDATE keeps a
/// row's place, an INSERT goes last. That is the order Alembic's unordered
/// SELECT returns on SQLite, and "downgrade -N" with several rows starts from
/// the first row in it.
struct RowOrder {
  std::string order_by;  ///< ORDER BY expression that reads the rows in write order
  /// A column the table needs for that (empty: the backend keeps the order by
  /// itself). Its default numbers new rows, so Alembic's INSERT (version_num
  /// only) and UPDATE keep the order too when the two tools share a table.
  std::string column;
  std::string column_definition;  ///< the column's type and default, after its name
};

struct InspectRows {
  ops::Rows table, columns, indexes, triggers, referenced_by;
};

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
  std::string TypeName(const ops::SqlType& type) const;
  /// The dialect's name for a portable type kind without arguments
  /// ("varchar", "numeric"); TypeName adds "(n)" / "(p, s)". Never called
  /// for kPassthrough.
  virtual std::string BaseTypeName(ops::TypeKind kind) const = 0;
  /// The bind placeholder for 1-based parameter `index` ("$1").
  std::string Placeholder(int index) const { return "$" + std::to_string(index); }

  /// A query returning one row when table `name` exists in `schema` ("" =
  /// the default schema), and its parameters.
  virtual std::pair<std::string, std::vector<ops::Value>> TableExistsQuery(
      std::string_view schema, std::string_view name) const = 0;

  /// A query returning one row when table `table` in `schema` has a column
  /// named `column`.
  virtual CatalogQuery ColumnExistsQuery(std::string_view schema, std::string_view table,
                                         std::string_view column) const = 0;
  /// How the version table keeps its rows in write order (see RowOrder).
  virtual RowOrder VersionRowOrder() const = 0;

  /// Catalog queries for one table (introspection, SQLite batch mode).
  virtual InspectQueries InspectSql(std::string_view schema,
                                    std::string_view table) const = 0;
  /// The TableInfo the rows of InspectSql's queries describe.
  virtual ops::TableInfo ParseInspect(std::string_view schema, std::string_view table,
                                      const InspectRows& rows) const = 0;

  /// The statements that perform `op`, in order. Errors (kMigration) when the
  /// backend cannot do `op` (the message says what to use instead), and for a
  /// BatchAlterTable when BatchNeedsCatalog() (use RenderBatch).
  Result<std::vector<std::string>> Render(const ops::Op& op) const;

  /// Statements for running a recreate with foreign keys unenforced.
  virtual ForeignKeyIsolation BatchForeignKeyIsolation() const { return {}; }

  /// Whether batch_alter_table needs the table's catalog (SQLite recreate).
  virtual bool BatchNeedsCatalog() const { return false; }
  /// The statements of a batch given the table as the catalog has it
  /// (ignored where BatchNeedsCatalog() is false: plain ALTERs in order).
  virtual Result<std::vector<std::string>> RenderBatch(const ops::BatchAlterTable& op,
                                                       const ops::TableInfo& table) const;

  /// `NAME TYPE [NOT NULL] [UNIQUE] [DEFAULT …] [REFERENCES …]`.
  virtual std::string ColumnDefinition(const ops::ColumnSpec& column) const;
  /// `[CONSTRAINT n] UNIQUE (…)` etc., as written inside CREATE TABLE.
  std::string ConstraintDefinition(const ops::ConstraintSpec& c) const;

 protected:
  using Statements = Result<std::vector<std::string>>;
  std::string Table(const std::string& schema, const std::string& table) const {
    return QualifiedName(schema, table);
  }
  std::string ColumnList(const std::vector<std::string>& names) const;

  virtual Statements CreateTableSql(const ops::CreateTable& op) const;
  virtual Statements AlterColumnSql(const ops::AlterColumn& op) const;
  virtual Statements DropColumnSql(const ops::DropColumn& op) const;
  virtual Statements CreateIndexSql(const ops::CreateIndex& op) const;
  virtual Statements DropIndexSql(const ops::DropIndex& op) const;
  virtual Statements AddConstraintSql(const ops::AddConstraint& op) const;
  virtual Statements DropConstraintSql(const ops::DropConstraint& op) const;
  virtual Statements SchemaSql(const ops::Op& op) const;  ///< create/drop schema
  virtual Statements EnumSql(const ops::Op& op) const;    ///< create/drop/add value
  /// COMMENT ON COLUMN (empty where the backend has no comments).
  virtual std::vector<std::string> CommentSql(
      const std::string& schema, const std::string& table, const std::string& column,
      const std::optional<std::string>& text) const;
  /// The expression of a partial index / check, given the user's raw SQL.
  std::string IndexColumnsSql(const std::vector<ops::IndexColumn>& cols) const;
};

/// The error for an op `dialect` cannot run (code kMigration).
Status Unsupported(const Dialect& dialect, const std::string& what,
                   const std::string& advice);

}  // namespace luamig::dialect

#endif  // LUAMIG_DIALECT_DIALECT_H_
