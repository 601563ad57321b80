// SPDX-License-Identifier: MIT
// Migrator::UpgradeSql / DowngradeSql: offline `--sql` scripts, no connection.
#include <cstdlib>

#include "api/migrator_impl.h"
#include "dialect/registry.h"
#include "luamig/migrator.h"
#include "runtime/history_table.h"
#include "runtime/offline_script.h"

namespace luamig {
namespace {

// Whether a URL was given anywhere ResolveDatabaseUrl looks, rather than the
// built-in SQLite default.
bool UrlConfigured(const MigratorOptions& o) {
  if (!o.url.empty() || !o.config.database_url.empty()) return true;
  const char* env =
      o.config.url_env.empty() ? nullptr : std::getenv(o.config.url_env.c_str());
  return env != nullptr && *env != '\0';
}

Result<std::shared_ptr<const dialect::Dialect>> OfflineDialect(
    const Migrator::Impl& impl, const std::string& wanted) {
  if (wanted.empty()) return impl.dialect;
  LUAMIG_ASSIGN_OR_RETURN(std::shared_ptr<const dialect::Dialect> d,
                          dialect::DialectByName(wanted));
  if (UrlConfigured(impl.options) && d->name() != impl.dialect->name()) {
    return Status::Usage("--dialect " + wanted +
                         " contradicts the database URL, whose "
                         "dialect is " +
                         impl.dialect->name() +
                         " (the dialect option applies only when no URL is configured)");
  }
  return d;
}

Result<SqlScript> OfflineRun(Migrator::Impl& impl, graph::Direction direction,
                             const SqlScriptOptions& options) {
  LUAMIG_ASSIGN_OR_RETURN(std::shared_ptr<const dialect::Dialect> dialect,
                          OfflineDialect(impl, options.dialect));
  const Config& c = impl.options.config;
  dialect::BookkeepingSql tables(*dialect, c.version_table_schema, c.version_table,
                                 runtime::HistoryTableName(c.version_table));
  runtime::RunSettings settings;
  settings.x = impl.options.x;
  settings.transaction_per_migration = c.transaction_per_migration;
  runtime::RunContext ctx =
      impl.Context(tables, impl.loaded, impl.graph, std::move(settings));
  LUAMIG_ASSIGN_OR_RETURN(runtime::OfflineScript script,
                          runtime::WriteOfflineScript(ctx, direction, options.range));
  SqlScript out;
  out.sql = std::move(script.sql);
  for (const auto& step : script.run.steps) out.steps.push_back(step.step);
  out.heads_before = std::move(script.run.heads_before);
  out.heads_after = std::move(script.run.heads_after);
  return out;
}

}  // namespace

Result<SqlScript> Migrator::UpgradeSql(const SqlScriptOptions& options) {
  return OfflineRun(*impl_, graph::Direction::kUpgrade, options);
}

Result<SqlScript> Migrator::DowngradeSql(const SqlScriptOptions& options) {
  return OfflineRun(*impl_, graph::Direction::kDowngrade, options);
}

}  // namespace luamig
