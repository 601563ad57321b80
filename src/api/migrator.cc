#include "luamig/migrator.h"

#include <filesystem>

#include "db/open.h"
#include "dialect/registry.h"
#include "graph/planner.h"
#include "graph/revision_map.h"
#include "lua/lua_state.h"
#include "runtime/error_location.h"
#include "runtime/runner.h"
#include "script/script_loader.h"
#include "util/url.h"

namespace luamig {

struct Migrator::Impl {
  MigratorOptions options;
  std::shared_ptr<ScriptSource> scripts;
  lua::LuaState lua;
  script::LoadedScripts loaded;
  graph::RevisionMap graph;
  std::string url;  // resolved, unmasked
  util::DatabaseUrl parsed_url;
  std::unique_ptr<db::Connection> conn;  // opened on first use
  std::shared_ptr<const dialect::Dialect> dialect;
  std::unique_ptr<runtime::VersionTable> version_table;

  Status Connect();
  RevisionInfo Info(const graph::Revision& rev) const;
  Result<RunResult> Run(graph::Direction direction, std::string_view target);
};

namespace {

std::vector<std::string> LocationsUnder(const Config& config) {
  std::vector<std::string> dirs;
  for (const auto& loc : config.version_locations) {
    std::filesystem::path p(loc);
    dirs.push_back(
        p.is_absolute() ? loc : (std::filesystem::path(config.project_dir) / p).string());
  }
  return dirs;
}

}  // namespace

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
  version_table = std::make_unique<runtime::VersionTable>(*conn, *dialect, schema,
                                                          options.config.version_table);
  return Status::Ok();
}

Result<RunResult> Migrator::Impl::Run(graph::Direction direction,
                                      std::string_view target) {
  LUAMIG_RETURN_IF_ERROR(Connect());
  runtime::MigrationContext ctx{*conn,
                                *dialect,
                                lua,
                                loaded,
                                graph,
                                *version_table,
                                options.events,
                                options.x,
                                options.config.transaction_per_migration,
                                options.lock_timeout};
  runtime::Runner runner(ctx);
  return runner.Run(direction, target);
}

RevisionInfo Migrator::Impl::Info(const graph::Revision& rev) const {
  RevisionInfo info;
  info.id = rev.id;
  info.down_revisions = rev.down_revisions;
  info.branch_labels = rev.branch_labels;
  info.depends_on = rev.depends_on;
  info.message = rev.message;
  info.file = rev.source;
  info.is_head = graph.Children(rev.id).empty();
  info.is_branch_point = graph.Children(rev.id).size() > 1;
  info.is_merge = rev.down_revisions.size() > 1;
  return info;
}

Result<RunResult> Migrator::Upgrade(std::string_view target) {
  return impl_->Run(graph::Direction::kUpgrade, target);
}

Result<RunResult> Migrator::Downgrade(std::string_view target) {
  return impl_->Run(graph::Direction::kDowngrade, target);
}

Result<std::vector<RevisionInfo>> Migrator::Current() {
  LUAMIG_RETURN_IF_ERROR(impl_->Connect());
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> heads, impl_->version_table->Heads());
  std::vector<RevisionInfo> out;
  for (const auto& id : heads) {
    const graph::Revision* rev = impl_->graph.Find(id);
    RevisionInfo info;
    if (rev) {
      info = impl_->Info(*rev);
    } else {
      info.id = id;
      info.message = "(no script defines this revision)";
    }
    info.is_current = true;
    out.push_back(std::move(info));
  }
  return out;
}

Result<std::vector<RevisionInfo>> Migrator::Heads() {
  std::vector<RevisionInfo> out;
  for (const auto& id : impl_->graph.Heads())
    out.push_back(impl_->Info(*impl_->graph.Find(id)));
  return out;
}

Result<std::vector<RevisionInfo>> Migrator::History(std::string_view range) {
  graph::Planner planner(impl_->graph);
  LUAMIG_ASSIGN_OR_RETURN(auto revs, planner.History(range, {}));
  std::vector<RevisionInfo> out;
  for (const graph::Revision* rev : revs) out.push_back(impl_->Info(*rev));
  return out;
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
