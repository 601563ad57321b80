// SPDX-License-Identifier: MIT
// revision --autogenerate, the drift `check` reports, and ReflectDatabase:
// the schema file and the database compared through the schema model.
#include <algorithm>
#include <filesystem>

#include "api/migrator_impl.h"
#include "api/schema_snapshot.h"
#include "autogen/desired_schema.h"
#include "autogen/revision_body.h"
#include "autogen/rules.h"
#include "luamig/migrator.h"
#include "reflect/reflector.h"
#include "runtime/history_table.h"
#include "schema/normalize.h"
#include "util/strings.h"

namespace luamig {
namespace {

namespace fs = std::filesystem;

std::vector<SchemaChange> Changes(const schema::Diff& d) {
  std::vector<SchemaChange> out;
  for (const auto& c : d.changes) {
    SchemaChange x;
    x.description = c.Describe();
    if (!c.generated) x.description += " (not generated: no op expresses it)";
    x.destructive = c.destructive;
    x.hint = c.hint;
    x.generated = c.generated;
    out.push_back(std::move(x));
  }
  return out;
}

bool AnythingToWrite(const schema::Diff& d) {
  return std::any_of(d.upgrade.begin(), d.upgrade.end(),
                     [](const schema::Step& s) { return s.op.has_value(); });
}

// Tables the config leaves out disappear from the desired side too.
void Exclude(schema::Model* m, const std::vector<std::string>& patterns) {
  auto& t = m->tables;
  t.erase(std::remove_if(t.begin(), t.end(),
                         [&](const schema::Table& table) {
                           for (const auto& p : patterns) {
                             if (reflect::GlobMatch(p, table.name)) return true;
                           }
                           return false;
                         }),
          t.end());
}

// Every non-default schema the desired model names.
std::vector<std::string> SchemasOf(const schema::Model& m) {
  std::vector<std::string> out = m.schemas;
  for (const auto& t : m.tables)
    if (!t.schema.empty()) out.push_back(t.schema);
  for (const auto& e : m.enums)
    if (!e.schema.empty()) out.push_back(e.schema);
  return out;
}

bool HasObjects(const schema::Model& m) {
  return !m.tables.empty() || !m.enums.empty() || !m.schemas.empty();
}

}  // namespace

std::string Migrator::Impl::SchemaFilePath() const {
  const Config& c = options.config;
  fs::path p(c.schema_file.empty() ? "schema.lua" : c.schema_file);
  return p.is_absolute() ? p.string() : (fs::path(c.project_dir) / p).string();
}

ReflectOptions Migrator::Impl::ReflectOptionsFor(
    const std::vector<std::string>& extra_schemas) const {
  const Config& c = options.config;
  ReflectOptions o;
  o.exclude_tables = {c.version_table, runtime::HistoryTableName(c.version_table)};
  for (const auto& t : c.autogenerate.exclude_tables) o.exclude_tables.push_back(t);
  o.schemas = c.autogenerate.schemas;
  for (const auto& s : extra_schemas) o.schemas.push_back(s);
  return o;
}

Status Migrator::Impl::CheckAtHead(const std::vector<std::string>& rows) const {
  std::vector<std::string> have = rows, want = graph.Heads();
  std::sort(have.begin(), have.end());
  std::sort(want.begin(), want.end());
  if (have == want) return Status::Ok();
  std::string at = have.empty() ? "base" : util::Join(have, ", ");
  return Status::Database("Target database is not up to date.")
      .WithRevisions(want)
      .WithHint("the database is at " + at + ", the scripts' heads are " +
                util::Join(want, ", ") +
                "; run `luamig upgrade heads` first, then generate the revision again");
}

Result<SchemaSnapshot> Migrator::ReflectDatabase() {
  LUAMIG_RETURN_IF_ERROR(impl_->Connect());
  return Snapshot(*impl_->conn, impl_->dialect->name(), impl_->ReflectOptionsFor({}));
}

Result<AutogenerateResult> Migrator::Autogenerate(const RevisionOptions& options) {
  Impl& m = *impl_;
  LUAMIG_RETURN_IF_ERROR(m.CheckNoRunOpen());
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> rows, m.ReadRows(false));
  const dialect::Dialect& d = *m.dialect;
  schema::DiffOptions diff_options = autogen::DiffOptionsFor(d);
  diff_options.compare_defaults = m.options.config.autogenerate.compare_server_defaults;
  AutogenerateResult result;
  schema::Model from, to;
  if (m.graph.revisions().empty()) {
    if (!rows.empty())
      return Status::Project("the version table holds " + util::Join(rows, ", ") +
                             " but no script defines a revision");
    LUAMIG_ASSIGN_OR_RETURN(
        schema::Model existing,
        reflect::Reflect(*m.conn, d.name(), ToReflectOptions(m.ReflectOptionsFor({}))));
    result.baseline = HasObjects(existing);
    if (result.baseline) to = std::move(existing);
  } else {
    LUAMIG_RETURN_IF_ERROR(m.CheckAtHead(rows));
  }
  if (!result.baseline) {
    result.schema_file = m.SchemaFilePath();
    lua::LuaState lua;
    LUAMIG_ASSIGN_OR_RETURN(to, autogen::LoadDesiredSchema(lua, result.schema_file, d));
    schema::LocalizeSchemas(&to, m.conn->DefaultSchema());
    Exclude(&to, m.options.config.autogenerate.exclude_tables);
    LUAMIG_ASSIGN_OR_RETURN(
        from, reflect::Reflect(*m.conn, d.name(),
                               ToReflectOptions(m.ReflectOptionsFor(SchemasOf(to)))));
  }
  schema::Diff diff = schema::Compare(from, to, diff_options);
  result.changes = Changes(diff);
  result.ignored = diff.ignored;
  if (result.baseline) {
    // What the database holds beyond the model is not in the baseline:
    // listed, and named at the top of its upgrade.
    for (const auto& o : to.others)
      result.ignored.push_back(o.kind + " " + schema::QualifiedName(o.schema, o.name));
    if (!result.ignored.empty()) {
      schema::Step note;
      note.comments = {
          "not included (luamig does not model them; add them with "
          "op.execute if a fresh database needs them):"};
      for (const auto& i : result.ignored) note.comments.push_back("  " + i);
      diff.upgrade.insert(diff.upgrade.begin(), std::move(note));
    }
  }
  if (!AnythingToWrite(diff)) return result;
  if (result.baseline) autogen::IfNotExists(&diff.upgrade);
  LUAMIG_ASSIGN_OR_RETURN(WrittenRevision written,
                          m.WriteRevision(options, autogen::RevisionBody(diff.upgrade),
                                          autogen::RevisionBody(diff.downgrade)));
  LUAMIG_ASSIGN_OR_RETURN(result.revision, Reloaded(std::move(written)));
  result.written = true;
  return result;
}

Result<DriftReport> Migrator::Drift() {
  Impl& m = *impl_;
  DriftReport report;
  std::string path = m.SchemaFilePath();
  std::error_code ec;
  if (m.options.config.schema_file.empty() && !fs::exists(path, ec)) return report;
  report.schema_file = path;
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> rows, m.ReadRows(false));
  if (!m.CheckAtHead(rows).ok()) {
    report.up_to_date = false;
    return report;
  }
  const dialect::Dialect& d = *m.dialect;
  lua::LuaState lua;
  LUAMIG_ASSIGN_OR_RETURN(schema::Model to, autogen::LoadDesiredSchema(lua, path, d));
  schema::LocalizeSchemas(&to, m.conn->DefaultSchema());
  Exclude(&to, m.options.config.autogenerate.exclude_tables);
  LUAMIG_ASSIGN_OR_RETURN(
      schema::Model from,
      reflect::Reflect(*m.conn, d.name(),
                       ToReflectOptions(m.ReflectOptionsFor(SchemasOf(to)))));
  schema::DiffOptions o = autogen::DiffOptionsFor(d);
  o.compare_defaults = m.options.config.autogenerate.compare_server_defaults;
  schema::Diff diff = schema::Compare(from, to, o);
  report.differences = Changes(diff);
  report.ignored = diff.ignored;
  return report;
}

}  // namespace luamig
