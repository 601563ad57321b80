// The Migrator: everything luamig does, as a library.
#ifndef LUAMIG_MIGRATOR_H_
#define LUAMIG_MIGRATOR_H_

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "luamig/config.h"
#include "luamig/events.h"
#include "luamig/results.h"
#include "luamig/script_source.h"
#include "luamig/status.h"

namespace luamig {

struct MigratorOptions {
  /// Project settings. Default: Config{} (versions/ in the current directory).
  Config config;
  /// Database URL overriding the config and environment ("" = use
  /// ResolveDatabaseUrl's precedence).
  std::string url;
  /// Revision scripts. Default (nullptr): a directory source over
  /// config.version_locations, relative to config.project_dir.
  std::shared_ptr<ScriptSource> scripts;
  /// Receives progress events; may be nullptr. Must outlive the Migrator.
  EventSink* events = nullptr;
  /// `-x key=value` arguments, visible to scripts as op.x.
  std::map<std::string, std::string> x;
  /// How long to wait for another runner's lock; negative = wait forever.
  std::chrono::milliseconds lock_timeout{-1};
};

/// Runs migrations for one project against one database.
///
/// Thread-safety: a Migrator is used by one thread at a time; separate
/// Migrators (each with its own database) may run concurrently in one process.
class Migrator {
 public:
  /// Loads and validates every script and the revision graph. Nothing touches
  /// the database until a command needs it.
  /// Errors: kProject (a script that fails to load names its file and line; a
  /// graph error names the revisions), kUsage (malformed URL).
  static Result<std::unique_ptr<Migrator>> Open(MigratorOptions options);
  ~Migrator();
  Migrator(const Migrator&) = delete;
  Migrator& operator=(const Migrator&) = delete;

  /// Applies revisions up to `target` ("head", "heads", an id, "+1", …).
  /// Each migration commits with its version-row change (per
  /// config.transaction_per_migration); on failure the failing migration is
  /// rolled back and the Status (kMigration / kDatabase) names the revision,
  /// file, line and SQL; earlier migrations stay applied.
  Result<RunResult> Upgrade(std::string_view target);
  /// Reverts revisions down to `target` ("base", an id, "-1", …).
  Result<RunResult> Downgrade(std::string_view target);

  /// The version-table rows, as revisions (empty at base).
  Result<std::vector<RevisionInfo>> Current();
  /// Every head of the graph, in load order.
  Result<std::vector<RevisionInfo>> Heads();
  /// Revisions newest first (`range` "A:B", either side optional, "" = all).
  Result<std::vector<RevisionInfo>> History(std::string_view range);

  /// The database URL in use, password masked. A SQLite file is shown by its
  /// absolute path ("sqlite:////abs/path.db"), whatever form the URL had.
  std::string DatabaseDescription() const;

  struct Impl;

 private:
  explicit Migrator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace luamig

#endif  // LUAMIG_MIGRATOR_H_
