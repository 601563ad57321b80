// SPDX-License-Identifier: MIT
// Internal: what is behind luamig::SchemaSnapshot, and the conversions the
// other files of src/api share.
#ifndef LUAMIG_API_SCHEMA_SNAPSHOT_H_
#define LUAMIG_API_SCHEMA_SNAPSHOT_H_

#include <string>
#include <vector>

#include "db/connection.h"
#include "luamig/schema.h"
#include "reflect/reflector.h"
#include "schema/diff.h"
#include "schema/model.h"

namespace luamig {

struct SchemaSnapshot::Impl {
  std::string dialect;
  schema::Model model;
};

reflect::Options ToReflectOptions(const ReflectOptions& options);
/// Reflects the database `conn` is connected to.
Result<SchemaSnapshot> Snapshot(db::Connection& conn, const std::string& dialect,
                                const ReflectOptions& options);
std::vector<SchemaDifference> ToDifferences(const std::vector<schema::Change>& changes);

}  // namespace luamig

#endif  // LUAMIG_API_SCHEMA_SNAPSHOT_H_
