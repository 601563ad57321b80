// SPDX-License-Identifier: MIT
#include "luamig/migrator.h"

#include <filesystem>
#include <optional>

#include "api/logging.h"
#include "api/migrator_impl.h"
#include "api/scrubbing_events.h"
#include "db/open.h"
#include "db/sqlite_connection.h"
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

namespace {

// The secrets Open knows of before it reads anything.
std::shared_ptr<SecretSet> CollectSecrets(const MigratorOptions& options) {
  std::shared_ptr<SecretSet> secrets =
      options.secrets ? options.secrets : std::make_shared<SecretSet>();
  secrets->AddFrom(options.url);
  secrets->AddFrom(options.config.database_url);
  secrets->AddFromEnvironment();
  return secrets;
}

}  // namespace

Result<std::unique_ptr<Migrator>> Migrator::Open(MigratorOptions options) {
  options.secrets = CollectSecrets(options);
  std::shared_ptr<const SecretSet> secrets = options.secrets;
  auto opened = OpenScrubbed(std::move(options));
  if (!opened.ok()) return secrets->Scrub(opened.status());
  return opened;
}

Result<std::unique_ptr<Migrator>> Migrator::OpenScrubbed(MigratorOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->scripts = options.scripts ? options.scripts
                                  : std::shared_ptr<ScriptSource>(NewDirectorySource(
                                        LocationsUnder(options.config)));
  if (options.sqlite_handle) {
    // The host's handle: no URL is opened. Not `memory`, but not a path we
    // may test for existence either (ReadRows); the handle is already open.
    impl->url = "sqlite://";
    impl->parsed_url.scheme = "sqlite";
  } else {
    impl->url = ResolveDatabaseUrl(options.config, options.url);
    LUAMIG_ASSIGN_OR_RETURN(
        impl->parsed_url, util::ParseDatabaseUrl(impl->url, options.config.project_dir));
    if (options.backup_before_migrate &&
        (impl->parsed_url.scheme != "sqlite" || impl->parsed_url.memory)) {
      return Status::Usage(
          "backup_before_migrate works on SQLite database files only, not on " +
          util::MaskPassword(impl->url));
    }
  }
  if (options.logger)
    impl->logging_events =
        std::make_unique<LoggingEvents>(options.logger, options.events);
  EventSink* next = impl->logging_events ? impl->logging_events.get() : options.events;
  if (next)
    impl->scrubbing_events = std::make_unique<ScrubbingEvents>(options.secrets, next);
  LUAMIG_ASSIGN_OR_RETURN(impl->dialect, dialect::DialectByName(impl->parsed_url.scheme));
  impl->lua.HideEnvironment({"DATABASE_URL", options.config.url_env}, options.secrets);
  LUAMIG_ASSIGN_OR_RETURN(std::vector<ScriptFile> files, impl->scripts->List());
  auto loaded = script::LoadScripts(impl->lua, files);
  if (!loaded.ok()) return runtime::WithFullScriptName(loaded.status(), files);
  impl->loaded = std::move(loaded).value();
  LUAMIG_ASSIGN_OR_RETURN(impl->graph, graph::RevisionMap::Build(impl->loaded.revisions));
  impl->options = std::move(options);
  return std::unique_ptr<Migrator>(new Migrator(std::move(impl)));
}

Result<std::unique_ptr<Migrator>> Migrator::OpenProject(const std::string& config_path,
                                                        const std::string& environment,
                                                        MigratorOptions options) {
  LUAMIG_ASSIGN_OR_RETURN(options.config, LoadConfigFile(config_path, environment));
  return Open(std::move(options));
}

Status Migrator::Impl::CheckNoRunOpen() const {
  if (!run_open) return Status::Ok();
  return Status::Usage(
      "a step-wise run of this Migrator is still open: Finish() or Abort() it first");
}

Status Migrator::Impl::Connect() {
  if (conn) return Status::Ok();
  std::chrono::milliseconds busy(options.config.busy_timeout_ms);
  if (options.sqlite_handle) {
    conn = db::SqliteConnection::Borrow(options.sqlite_handle, busy);
  } else {
    if (parsed_url.scheme == "sqlite") {
      LUAMIG_ASSIGN_OR_RETURN(std::unique_ptr<db::SqliteConnection> sqlite,
                              db::SqliteConnection::Open(parsed_url.target, busy));
      sqlite->SetTrustedScripts(options.config.sqlite_trusted_scripts);
      conn = std::move(sqlite);
    } else {
      LUAMIG_ASSIGN_OR_RETURN(conn, db::OpenConnection(parsed_url, busy));
    }
  }
  if (options.logger)
    conn = std::make_unique<LoggingConnection>(std::move(conn), options.logger,
                                               options.secrets);
  sink = std::make_unique<db::LiveSink>(*conn);
  std::string schema = options.config.version_table_schema;
  // The connection's first schema, named explicitly so that the run-lock key
  // (the qualified table name) is the same whatever a runner's search_path.
  if (schema.empty() && dialect->capabilities().schemas) schema = conn->DefaultSchema();
  tables = std::make_unique<dialect::BookkeepingSql>(
      *dialect, schema, options.config.version_table,
      runtime::HistoryTableName(options.config.version_table));
  return Status::Ok();
}

runtime::RunSettings Migrator::Impl::RunSettings() const {
  runtime::RunSettings settings;
  settings.x = options.x;
  settings.transaction_per_migration = options.config.transaction_per_migration;
  settings.lock_timeout = options.lock_timeout;
  settings.limits = {options.config.lock_timeout, options.config.statement_timeout};
  settings.lock_retries = options.config.lock_retries;
  return settings;
}

RevisionInfo Migrator::Impl::UnknownRevisionInfo(const std::string& id) {
  RevisionInfo info;
  info.id = id;
  info.message = "(no script defines this revision)";
  runtime::HistoryTable history = History();
  auto row = history.LatestUpgrade(id);
  if (!row.ok() || !row->has_value()) return info;
  const runtime::HistoryRow& h = **row;
  info.message = h.message + " (no script defines this revision; applied " +
                 h.started_at + ", source kept in " + history.QualifiedName() + ")";
  info.file = runtime::StoredScriptName(history.QualifiedName(), id);
  return info;
}

Result<CheckReport> Migrator::Check() {
  LUAMIG_RETURN_IF_ERROR(impl_->RequireDatabaseFile());
  if (impl_->MissingSqliteFile()) return CheckReport{};  // nothing applied; not created
  LUAMIG_RETURN_IF_ERROR(impl_->Scrubbed(impl_->Connect()));
  runtime::VersionTable versions = impl_->Versions();
  runtime::HistoryTable history = impl_->History();
  LUAMIG_ASSIGN_OR_RETURN(
      CheckReport report,
      runtime::CheckApplied(versions, history, impl_->graph, impl_->loaded));
  LUAMIG_ASSIGN_OR_RETURN(report.drift, Drift());
  return report;
}

std::string Migrator::DatabaseDescription() const {
  if (impl_->options.sqlite_handle) {
    if (impl_->conn) return impl_->conn->Describe();
    return "sqlite (host handle)";
  }
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
