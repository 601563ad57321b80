// SPDX-License-Identifier: MIT
// Reads a live database's catalog into a schema::Model, through the
// db::Connection interface (the SQL is plain catalog queries; no Lua, no
// database library of its own). One reflector per backend, picked by the
// dialect name.
#ifndef LUAMIG_REFLECT_REFLECTOR_H_
#define LUAMIG_REFLECT_REFLECTOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "db/connection.h"
#include "luamig/status.h"
#include "schema/model.h"

namespace luamig::reflect {

struct Options {
  /// PostgreSQL: schemas to read besides the connection's default one
  /// (current_schema()). Default none. SQLite reads its main database.
  std::vector<std::string> schemas;
  /// PostgreSQL: read every schema but the system's (pg_*, information_schema).
  /// Default false.
  bool all_schemas = false;
  /// Tables left out, and their indexes and constraints: names, or patterns
  /// where `*` matches any run of characters ("tmp_*"). Default none.
  std::vector<std::string> exclude_tables;
};

/// The schema of the database `conn` is connected to. `dialect` is "sqlite"
/// or "postgresql". Tables in the default schema get schema "" in the
/// model. The result is canonicalised (schema::Canonicalize).
/// Errors: kDatabase from the catalog queries; kUsage for another dialect.
/// REQUIRES: no transaction is needed; the queries only read.
Result<schema::Model> Reflect(db::Connection& conn, std::string_view dialect,
                              const Options& options = {});

/// Whether `name` matches `pattern` (`*` = any run of characters).
bool GlobMatch(std::string_view pattern, std::string_view name);

// The per-backend readers behind Reflect.
Result<schema::Model> ReflectSqlite(db::Connection& conn, const Options& options);
Result<schema::Model> ReflectPostgres(db::Connection& conn, const Options& options);

}  // namespace luamig::reflect

#endif  // LUAMIG_REFLECT_REFLECTOR_H_
