// SPDX-License-Identifier: MIT
// Migrator::UpgradeSql / DowngradeSql: offline `--sql` scripts, no connection.
#include <cstdlib>

#include "api/migrator_impl.h"
#include "dialect/registry.h"
#include "luamig/migrator.h"
#include "runtime/offline_runner.h"

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

StepInfo Describe(const graph::RevisionMap& graph, const graph::Step& step) {
  StepInfo info;
  info.revision = step.revision;
  info.direction = step.direction == graph::Direction::kUpgrade ? Direction::kUpgrade
                                                                : Direction::kDowngrade;
  if (const graph::Revision* rev = graph.Find(step.revision)) {
    info.message = rev->message;
    info.file = rev->source;
  }
  return info;
}

Result<SqlScript> OfflineRun(Migrator::Impl& impl, graph::Direction direction,
                             const SqlScriptOptions& options) {
  LUAMIG_ASSIGN_OR_RETURN(std::shared_ptr<const dialect::Dialect> dialect,
                          OfflineDialect(impl, options.dialect));
  runtime::OfflineContext ctx{*dialect,
                              impl.lua,
                              impl.loaded,
                              impl.graph,
                              impl.options.config.version_table_schema,
                              impl.options.config.version_table,
                              impl.options.events,
                              impl.options.x,
                              impl.options.config.transaction_per_migration,
                              /*history=*/true};
  runtime::OfflineRunner runner(std::move(ctx));
  LUAMIG_ASSIGN_OR_RETURN(runtime::OfflineResult result,
                          runner.Run(direction, options.range));
  SqlScript out;
  out.sql = std::move(result.sql);
  for (const auto& step : result.plan.steps)
    out.steps.push_back(Describe(impl.graph, step));
  out.heads_before = result.plan.heads_before;
  out.heads_after = result.plan.heads_after;
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
