// SPDX-License-Identifier: MIT
// Internal: the state behind luamig::Migrator, shared by the files of src/api
// (migrator.cc runs, inspect.cc answers questions, authoring.cc writes files).
#ifndef LUAMIG_API_MIGRATOR_IMPL_H_
#define LUAMIG_API_MIGRATOR_IMPL_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/connection.h"
#include "db/sql_sink.h"
#include "dialect/bookkeeping_sql.h"
#include "dialect/dialect.h"
#include "graph/plan.h"
#include "graph/revision_map.h"
#include "lua/lua_state.h"
#include "luamig/migrator.h"
#include "runtime/history_table.h"
#include "runtime/run_context.h"
#include "runtime/version_table.h"
#include "script/revision_writer.h"
#include "script/script_loader.h"
#include "util/url.h"

namespace luamig {

/// config.version_locations made absolute against config.project_dir.
std::vector<std::string> LocationsUnder(const Config& config);

struct Migrator::Impl {
  MigratorOptions options;
  std::shared_ptr<ScriptSource> scripts;
  lua::LuaState lua;
  script::LoadedScripts loaded;
  graph::RevisionMap graph;
  std::string url;  // resolved, unmasked
  util::DatabaseUrl parsed_url;
  std::unique_ptr<db::Connection> conn;  // opened on first use
  std::unique_ptr<db::LiveSink> sink;    // over conn
  // With a logger: events are logged, then passed to options.events.
  std::unique_ptr<EventSink> logging_events;
  // Every event is scrubbed first (then logged, then passed on).
  std::unique_ptr<EventSink> scrubbing_events;
  bool run_open = false;  // a MigrationRun of this Migrator exists
  std::shared_ptr<const dialect::Dialect> dialect;
  std::unique_ptr<dialect::BookkeepingSql> tables;  // set by Connect()

  Status Connect();
  /// The run settings options and config say (the step budget aside).
  runtime::RunSettings RunSettings() const;
  /// A run's context: `tables`, the scripts and graph to run (the project's,
  /// or those recovered from history), this Migrator's events and secrets.
  runtime::RunContext Context(const dialect::BookkeepingSql& tables,
                              const script::LoadedScripts& scripts,
                              const graph::RevisionMap& graph,
                              runtime::RunSettings settings) {
    return runtime::RunContext{tables,
                               lua,
                               scripts,
                               graph,
                               Events(),
                               util::Clock::Real(),
                               std::move(settings),
                               options.secrets};
  }
  /// The version and history tables over the connection.
  /// REQUIRES: Connect() succeeded.
  runtime::VersionTable Versions() { return {*sink, *tables}; }
  runtime::HistoryTable History() { return {*sink, *tables, options.secrets}; }
  /// Where events go: through the scrubber to the logging adapter or
  /// options.events; null when neither is set.
  EventSink* Events() const { return scrubbing_events.get(); }
  /// `s` with every secret in options.secrets taken out.
  Status Scrubbed(Status s) const { return options.secrets->Scrub(std::move(s)); }
  template <typename T>
  Result<T> Scrubbed(Result<T> r) const {
    if (r.ok()) return r;
    return Scrubbed(r.status());
  }
  /// kUsage while a step-wise run of this Migrator is open.
  Status CheckNoRunOpen() const;
  RevisionInfo Info(const graph::Revision& rev) const;
  /// labels.cc: RevisionInfo::inherited_labels of `id` (computed once per
  /// graph; a Reload builds a new Impl).
  const std::vector<std::string>& InheritedLabels(const std::string& id) const;
  mutable std::unordered_map<std::string, std::vector<std::string>> inherited_labels;
  mutable bool inherited_labels_ready = false;
  /// The "Create Date:" of the script that defines `id` ("" if none).
  std::string CreateDate(const std::string& id) const;
  /// A version-table row `id` that no script defines, described from the
  /// history table (its message, when and from what source it was applied);
  /// "(no script defines this revision)" when history has no upgrade of it.
  /// REQUIRES: Connect() succeeded.
  RevisionInfo UnknownRevisionInfo(const std::string& id);
  /// True when the URL names a SQLite file that does not exist (never for a
  /// host handle or :memory:). Read-only commands must not create it.
  bool MissingSqliteFile() const;
  /// kDatabase naming the file when MissingSqliteFile() and the options say
  /// require_existing_database, else ok.
  Status RequireDatabaseFile() const;
  /// The version-table rows. `best_effort`: an unreadable database (or a
  /// SQLite file that does not exist, which is then not created) is no rows.
  /// A missing SQLite file is no rows either, unless
  /// require_existing_database (then RequireDatabaseFile's error).
  Result<std::vector<std::string>> ReadRows(bool best_effort);
  /// History of "lower:upper" with `rows` for sides relative to them.
  Result<std::vector<RevisionInfo>> HistoryOf(const std::string& lower,
                                              const std::string& upper,
                                              const std::vector<std::string>& rows) const;
  struct RangeSides {
    std::string lower, upper;
  };
  Result<std::vector<RevisionInfo>> HistoryOverRows(
      const RangeSides& sides, const std::vector<std::string>& rows) const;
  /// What `rev` names for `show` (not "current").
  Result<std::vector<const graph::Revision*>> Named(std::string_view rev) const;

  // authoring.cc
  /// What --head names ("base" = nothing; "head" with several heads fails).
  Result<std::vector<const graph::Revision*>> BuildOn(std::string_view head) const;
  Result<std::string> LocationFor(const std::string& version_path,
                                  const std::vector<const graph::Revision*>& on) const;
  Result<std::string> NewId(const std::string& wanted) const;
  Result<std::vector<std::string>> Dependencies(
      const std::vector<std::string>& deps) const;
  /// The rendered script, after checking that it loads, says what was asked
  /// and keeps the graph valid.
  Result<std::string> RenderChecked(const script::RevisionHeader& header,
                                    const std::string& file_name) const;
  /// Renders, checks and writes a new script through the ScriptSource.
  Result<WrittenRevision> Store(script::RevisionHeader header,
                                const std::string& location);
  /// What CreateRevision writes, with these upgrade and downgrade bodies
  /// ("" = the template's "-- pass"). Not reloaded.
  Result<WrittenRevision> WriteRevision(const RevisionOptions& options,
                                        std::string upgrades, std::string downgrades);
  // autogenerate.cc
  /// The schema file: config.schema_file or schema.lua, under project_dir.
  std::string SchemaFilePath() const;
  /// What reflection leaves out and adds: the version and history tables,
  /// config.autogenerate's exclusions and schemas, `extra_schemas`.
  ReflectOptions ReflectOptionsFor(const std::vector<std::string>& extra_schemas) const;
  /// kDatabase "Target database is not up to date." unless `rows` are the
  /// graph's heads.
  Status CheckAtHead(const std::vector<std::string>& rows) const;
  // round_trip.cc
  /// Runs `plan` (made by the caller) as one run: lock, version table, steps.
  Result<RunResult> RunPlan(graph::Plan plan);
  Result<RunResult> Run(graph::Direction direction, std::string_view target);
  /// migration_run.cc: what BeginUpgrade / BeginDowngrade do.
  Result<std::unique_ptr<MigrationRun>> BeginRun(graph::Direction direction,
                                                 std::string_view target);
};

}  // namespace luamig

#endif  // LUAMIG_API_MIGRATOR_IMPL_H_
