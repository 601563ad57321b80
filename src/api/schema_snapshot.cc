// SPDX-License-Identifier: MIT
// ReflectSchema, CompareSchemas and SchemaSnapshot: reflection and exact
// comparison as public values.
#include <filesystem>

#include "api/schema_snapshot.h"
#include "db/open.h"
#include "reflect/reflector.h"
#include "schema/diff.h"
#include "schema/model_text.h"
#include "util/url.h"

namespace luamig {

SchemaSnapshot::SchemaSnapshot() : impl_(std::make_shared<Impl>()) {}
SchemaSnapshot::~SchemaSnapshot() = default;
SchemaSnapshot::SchemaSnapshot(const SchemaSnapshot&) = default;
SchemaSnapshot& SchemaSnapshot::operator=(const SchemaSnapshot&) = default;
SchemaSnapshot::SchemaSnapshot(std::shared_ptr<const Impl> impl)
    : impl_(std::move(impl)) {}

const std::string& SchemaSnapshot::dialect() const { return impl_->dialect; }

std::string SchemaSnapshot::ToText() const { return schema::ToText(impl_->model); }

bool SchemaSnapshot::empty() const {
  const schema::Model& m = impl_->model;
  return m.tables.empty() && m.enums.empty() && m.schemas.empty() && m.others.empty();
}

std::string SchemaDifference::Describe() const {
  switch (kind) {
    case kAdded:
      return "extra " + object;
    case kRemoved:
      return "missing " + object;
    case kChanged:
      return object + " differs: " + detail;
  }
  return object;
}

reflect::Options ToReflectOptions(const ReflectOptions& o) {
  reflect::Options r;
  r.schemas = o.schemas;
  r.all_schemas = o.all_schemas;
  r.exclude_tables = o.exclude_tables;
  return r;
}

Result<SchemaSnapshot> Snapshot(db::Connection& conn, const std::string& dialect,
                                const ReflectOptions& options) {
  LUAMIG_ASSIGN_OR_RETURN(schema::Model model,
                          reflect::Reflect(conn, dialect, ToReflectOptions(options)));
  auto impl = std::make_shared<SchemaSnapshot::Impl>();
  impl->dialect = dialect;
  impl->model = std::move(model);
  return SchemaSnapshot(std::move(impl));
}

Result<SchemaSnapshot> ReflectSchema(const std::string& url,
                                     const ReflectOptions& options) {
  LUAMIG_ASSIGN_OR_RETURN(util::DatabaseUrl parsed, util::ParseDatabaseUrl(url));
  std::error_code ec;
  if (parsed.scheme == "sqlite" && !parsed.memory &&
      !std::filesystem::exists(parsed.target, ec))
    return Status::Usage("no SQLite database at " + parsed.target +
                         " (nothing to reflect)");
  LUAMIG_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> conn,
                          db::OpenConnection(parsed, std::chrono::milliseconds(5000)));
  return Snapshot(*conn, parsed.scheme, options);
}

std::vector<SchemaDifference> ToDifferences(const std::vector<schema::Change>& changes) {
  std::vector<SchemaDifference> out;
  for (const auto& c : changes) {
    SchemaDifference d;
    d.kind = c.kind == schema::Change::kAdded     ? SchemaDifference::kAdded
             : c.kind == schema::Change::kRemoved ? SchemaDifference::kRemoved
                                                  : SchemaDifference::kChanged;
    d.object = c.object;
    d.detail = c.detail;
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<SchemaDifference> CompareSchemas(const SchemaSnapshot& expected,
                                             const SchemaSnapshot& actual) {
  schema::DiffOptions o;
  o.exact = true;
  o.comments = expected.dialect() != "sqlite" && actual.dialect() != "sqlite";
  schema::Diff d = schema::Compare(expected.impl().model, actual.impl().model, o);
  return ToDifferences(d.changes);
}

}  // namespace luamig
