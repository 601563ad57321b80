#include "luamig/migrator.h"

#include <filesystem>
#include <optional>

#include "api/migrator_impl.h"
#include "db/open.h"
#include "dialect/registry.h"
#include "graph/planner.h"
#include "graph/revision_map.h"
#include "lua/lua_state.h"
#include "runtime/check.h"
#include "runtime/error_location.h"
#include "runtime/runner.h"
#include "runtime/stored_scripts.h"
#include "script/script_loader.h"
#include "util/url.h"

namespace luamig {

std::vector<std::string> LocationsUnder(const Config& config) {
  std::vector<std::string> dirs;
  for (const auto& loc : config.version_locations) {
    std::filesystem::path p(loc);
    dirs.push_back(
        p.is_absolute() ? loc : (std::filesystem::path(config.project_dir) / p).string());
  }
  return dirs;
}

Migrator::Migrator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Migrator::~Migrator() = default;

Result<std::unique_ptr<Migrator>> Migrator::Open(MigratorOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->scripts = options.scripts ? options.scripts
                                  : std::shared_ptr<ScriptSource>(NewDirectorySource(
                                        LocationsUnder(options.config)));
  impl->url = ResolveDatabaseUrl(options.config, options.url);
  LUAMIG_ASSIGN_OR_RETURN(impl->parsed_url,
                          util::ParseDatabaseUrl(impl->url, options.config.project_dir));
  LUAMIG_ASSIGN_OR_RETURN(impl->dialect, dialect::DialectByName(impl->parsed_url.scheme));
  LUAMIG_ASSIGN_OR_RETURN(std::vector<ScriptFile> files, impl->scripts->List());
  auto loaded = script::LoadScripts(impl->lua, files);
  if (!loaded.ok()) return runtime::WithFullScriptName(loaded.status(), files);
  impl->loaded = std::move(loaded).value();
  LUAMIG_ASSIGN_OR_RETURN(impl->graph, graph::RevisionMap::Build(impl->loaded.revisions));
  impl->options = std::move(options);
  return std::unique_ptr<Migrator>(new Migrator(std::move(impl)));
}

Status Migrator::Impl::Connect() {
  if (conn) return Status::Ok();
  std::chrono::milliseconds busy(options.config.busy_timeout_ms);
  LUAMIG_ASSIGN_OR_RETURN(conn, db::OpenConnection(parsed_url, busy));
  std::string schema = options.config.version_table_schema;
  // The connection's first schema, named explicitly so that the run-lock key
  // (the qualified table name) is the same whatever a runner's search_path.
  if (schema.empty() && dialect->capabilities().schemas) schema = conn->DefaultSchema();
  version_table = std::make_unique<runtime::VersionTable>(*conn, *dialect, schema,
                                                          options.config.version_table);
  history = std::make_unique<runtime::HistoryTable>(
      *conn, *dialect, schema, runtime::HistoryTableName(options.config.version_table));
  return Status::Ok();
}

Result<RunResult> Migrator::Impl::Run(graph::Direction direction,
                                      std::string_view target) {
  LUAMIG_RETURN_IF_ERROR(Connect());
  // A database ahead of the scripts: downgrade with what history kept.
  std::optional<runtime::StoredScripts> stored;
  if (direction == graph::Direction::kDowngrade) {
    LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> rows, version_table->Heads());
    bool ahead = false;
    for (const auto& r : rows) ahead = ahead || graph.Find(r) == nullptr;
    if (ahead) {
      LUAMIG_ASSIGN_OR_RETURN(stored, runtime::RecoverFromHistory(lua, *history, loaded,
                                                                  rows, options.events));
    }
  }
  runtime::MigrationContext ctx{
      *conn,
      *dialect,
      lua,
      stored ? stored->scripts : loaded,
      stored ? stored->graph : graph,
      *version_table,
      options.events,
      options.x,
      options.config.transaction_per_migration,
      options.lock_timeout,
      history.get(),
      {options.config.lock_timeout, options.config.statement_timeout},
      options.config.lock_retries};
  runtime::Runner runner(ctx);
  return runner.Run(direction, target);
}

Result<RunResult> Migrator::Upgrade(std::string_view target) {
  return impl_->Run(graph::Direction::kUpgrade, target);
}

Result<RunResult> Migrator::Downgrade(std::string_view target) {
  return impl_->Run(graph::Direction::kDowngrade, target);
}

RevisionInfo Migrator::Impl::UnknownRevisionInfo(const std::string& id) {
  RevisionInfo info;
  info.id = id;
  info.message = "(no script defines this revision)";
  auto row = history ? history->LatestUpgrade(id) : std::optional<runtime::HistoryRow>();
  if (!row.ok() || !row->has_value()) return info;
  const runtime::HistoryRow& h = **row;
  info.message = h.message + " (no script defines this revision; applied " +
                 h.started_at + ", source kept in " + history->QualifiedName() + ")";
  info.file = runtime::StoredScriptName(history->QualifiedName(), id);
  return info;
}

Result<CheckReport> Migrator::Check() {
  LUAMIG_RETURN_IF_ERROR(impl_->Connect());
  return runtime::CheckApplied(*impl_->version_table, *impl_->history, impl_->graph,
                               impl_->loaded);
}

std::string Migrator::DatabaseDescription() const {
  const util::DatabaseUrl& u = impl_->parsed_url;
  if (u.scheme == "sqlite" && !u.memory) {
    // The file actually opened, so a relative URL cannot hide which one it is.
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(u.target, ec);
    if (!ec) return "sqlite:///" + abs.lexically_normal().string();
  }
  return util::MaskPassword(impl_->url);
}

}  // namespace luamig
