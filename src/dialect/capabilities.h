// SPDX-License-Identifier: MIT
// What a database can do, asked by the runtime instead of switching on names.
#ifndef LUAMIG_DIALECT_CAPABILITIES_H_
#define LUAMIG_DIALECT_CAPABILITIES_H_

namespace luamig::dialect {

struct Capabilities {
  bool transactional_ddl = true;  ///< DDL rolls back with the transaction
  bool schemas = false;           ///< CREATE SCHEMA / schema-qualified names
  bool advisory_locks = false;    ///< session advisory locks for the run lock
  bool alter_column = false;      ///< ALTER TABLE … ALTER COLUMN
  bool drop_column = true;        ///< ALTER TABLE … DROP COLUMN
  bool concurrent_index = false;  ///< CREATE INDEX CONCURRENTLY
  bool comments = false;          ///< COMMENT ON: the catalog keeps comments
};

}  // namespace luamig::dialect

#endif  // LUAMIG_DIALECT_CAPABILITIES_H_
