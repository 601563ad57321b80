// SPDX-License-Identifier: MIT
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
#include "luamig/migration_run.h"
#include "luamig/results.h"
#include "luamig/script_source.h"
#include "luamig/secrets.h"
#include "luamig/status.h"

struct sqlite3;  // the host's SQLite handle; sqlite3.h is not needed here
namespace spdlog {
class logger;
}  // namespace spdlog

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
  /// An open SQLite handle to migrate instead of opening `url` (e.g. the
  /// game's own save file). Default nullptr. The host keeps ownership: luamig
  /// never closes it, and it stays open and usable after the Migrator is
  /// destroyed. luamig sets its busy timeout to config.busy_timeout_ms.
  /// REQUIRES: no transaction is open on it during a luamig call, and the
  /// host does not use it from another thread while a call runs.
  sqlite3* sqlite_handle = nullptr;
  /// Where the library logs (run start, plan, steps, every SQL statement at
  /// debug level; op.log at info; warnings at warn). Default nullptr: luamig
  /// logs nothing and never touches spdlog's default logger. Link spdlog
  /// (spdlog::spdlog) to create one.
  std::shared_ptr<spdlog::logger> logger;
  /// SQLite files only: before a run that has steps, copy the database file
  /// byte for byte to "<file>.luamig-backup"; if the run fails or is aborted,
  /// write it back so the file is exactly as before the run (even after
  /// per-migration commits), then remove it. Default false. Open fails with
  /// kUsage for PostgreSQL and in-memory databases; a run fails with kUsage
  /// before touching anything for WAL mode or locking_mode=EXCLUSIVE.
  /// Assumes this run is the only writer of the file while it lasts: a
  /// restore also undoes other connections' commits made during the run.
  bool backup_before_migrate = false;
  /// For read-only callers (`luamig current`, `check`, `show current`,
  /// `history -i`): a SQLite database file that does not exist is an error
  /// (kDatabase naming the file) for every method that reads the database,
  /// instead of reading as an empty database. Either way, Current(), Check(),
  /// History(), Show(), Pending() and GetStatus() never create the file.
  /// Default false.
  bool require_existing_database = false;
  /// With backup_before_migrate: keep the backup file after a successful run
  /// (it is replaced by the next run's). Default false: removed.
  bool keep_backup = false;
  /// Secrets to keep out of everything the Migrator reports (events, log
  /// lines, errors of Open and of runs) and stores (luamig_history rows).
  /// Default nullptr: Open makes a set of its own. Either way Open adds the
  /// database URL's password, the config's database_url and the secrets of
  /// the environment (SecretSet::AddFromEnvironment). A host may share one
  /// set between Migrators and its own output.
  std::shared_ptr<SecretSet> secrets;
  /// Step-wise runs (BeginUpgrade/BeginDowngrade): how long one
  /// MigrationRun::Step() may wait — for another runner's lock (SQLite's
  /// write lock), or before retrying a migration that failed on a lock
  /// (lock_retries). Default negative: as long as it takes. A Step() whose
  /// wait would end later returns true at once with nothing done and
  /// progress().waiting set; the wait goes on counting towards lock_timeout,
  /// and the next Step() continues it. What a migration does once it has
  /// started is not bounded (statement_timeout bounds its statements on
  /// PostgreSQL), nor is BeginUpgrade's wait for PostgreSQL's run lock
  /// (bounded by lock_timeout). Upgrade(), Downgrade() and Finish() ignore it.
  std::chrono::milliseconds step_budget{-1};
};

/// Which revisions `history` lists, and whether it reads the database.
struct HistoryOptions {
  /// "A:B", "A:" or ":B" ("" = everything). A side is anything the target
  /// grammar accepts, or "current" (the version-table rows). Default "".
  std::string range;
  /// Mark version-table rows as is_current. Default false. A range naming
  /// "current", or a side relative to the rows ("-1:"), reads the database
  /// whatever this says.
  bool indicate_current = false;
  /// With indicate_current: a database that cannot be read (or a SQLite file
  /// that does not exist, which is not created) leaves rows unmarked instead
  /// of failing. Default false.
  bool best_effort = false;
};

/// What UpgradeSql / DowngradeSql write (offline mode, `--sql`).
struct SqlScriptOptions {
  /// "A:B": A stands for the version-table rows the script will find
  /// ("base" or "" = an empty database; anything `stamp` accepts), B is the
  /// target. UpgradeSql also takes just "B" (from base, as Alembic does);
  /// DowngradeSql needs both sides. Default "".
  std::string range;
  /// "sqlite" or "postgresql": the dialect to write when no database URL is
  /// configured (no MigratorOptions::url, URL environment variable or
  /// config.database_url). "" (default) = the URL's scheme, sqlite when there
  /// is none. A dialect that contradicts a configured URL is kUsage.
  std::string dialect;
};

/// What `revision` writes.
struct RevisionOptions {
  /// The doc line ("" renders as "empty message", as Alembic does).
  std::string message;
  /// What the new revision builds on: "head" (default; an error listing the
  /// heads when there are several), "heads", "base" (a new root), an id,
  /// prefix or label, or LABEL@head.
  std::string head = "head";
  /// Allow building on a revision that is not a head (a new branch).
  bool splice = false;
  std::vector<std::string> branch_labels;
  /// Revision ids, prefixes or branch labels (labels are kept as written,
  /// prefixes become full ids).
  std::vector<std::string> depends_on;
  /// The new id ("" = 12 random hex digits). [A-Za-z0-9_], at most 32.
  std::string rev_id;
  /// Version location to write to; must be one of config.version_locations
  /// (relative paths are taken from config.project_dir). "" = the location
  /// of the head built on, else the only location (an error when there are
  /// several, e.g. for head = "base").
  std::string version_path;
};

/// What `init` creates.
struct InitOptions {
  std::string dir = ".";                  ///< the project directory
  std::string template_name = "generic";  ///< "generic" or "multidb"
};

/// What `merge` writes.
struct MergeOptions {
  std::string message;
  /// Revisions to merge (ids, prefixes, labels, LABEL@head), or {"heads"}.
  /// At least two distinct revisions must result.
  std::vector<std::string> revisions;
  std::string rev_id;  ///< as in RevisionOptions
  std::vector<std::string> branch_labels;
};

/// What `test` runs on and over.
struct TestOptions {
  /// "A:B": the revisions an upgrade from A to B applies (A itself is applied
  /// first, untested); ":B" and "" start from base, "A:" and "" end at the
  /// heads. Sides as the target grammar has them. Default "" (everything).
  std::string range;
  /// The scratch database: "" = a temporary SQLite file (refused when the
  /// project's own database is PostgreSQL); "sqlite:///file.db" = that file
  /// (it must not exist; removed afterwards); "postgresql://…" = a server on
  /// which luamig creates a temporary database and drops it afterwards.
  /// Never the project's database. Default "".
  std::string scratch_url;
  /// Leave the scratch database in place afterwards. Default false.
  bool keep_scratch = false;
};

/// Runs migrations for one project against one database.
///
/// Every method returns a Status or Result<T>: nothing throws, nothing prints
/// (logging goes only to MigratorOptions::logger, events only to
/// MigratorOptions::events).
///
/// Thread-safety: a Migrator is not thread-safe: use it from one thread at a
/// time (it may move between threads between calls). Separate Migrators,
/// each with its own database connection (or its own sqlite_handle), may run
/// concurrently in one process on different threads: they share no mutable
/// state (each has its own Lua state and connection). A ScriptSource shared
/// between Migrators must be safe for concurrent List() calls (the built-in
/// ones are). Events are delivered on the thread that made the call.
class Migrator {
 public:
  /// Loads and validates every script and the revision graph. Nothing touches
  /// the database until a command needs it.
  /// Errors: kProject (a script that fails to load names its file and line; a
  /// graph error names the revisions), kUsage (malformed URL;
  /// backup_before_migrate on anything but a SQLite file).
  static Result<std::unique_ptr<Migrator>> Open(MigratorOptions options);
  /// Open() with options.config read from `config_path` (a luamig.lua) with
  /// `environment` applied (LoadConfigFile). Relative version locations and
  /// sqlite:/// paths resolve against the config file's directory.
  /// Errors: as LoadConfigFile and Open.
  static Result<std::unique_ptr<Migrator>> OpenProject(
      const std::string& config_path, const std::string& environment = "",
      MigratorOptions options = {});
  ~Migrator();
  Migrator(const Migrator&) = delete;
  Migrator& operator=(const Migrator&) = delete;

  /// Applies revisions up to `target` ("head", "heads", an id, "+1", …).
  /// Each migration commits with its version-row change (per
  /// config.transaction_per_migration); on failure the failing migration is
  /// rolled back and the Status (kMigration / kDatabase) names the revision,
  /// file, line and SQL; earlier migrations stay applied.
  /// Same as BeginUpgrade(target), then Finish() (which runs every step, as
  /// Step() would, without the step budget). Errors: kUsage (bad target, a step-wise run
  /// still open), kMigration, kDatabase, kLockTimeout.
  Result<RunResult> Upgrade(std::string_view target);
  /// Reverts revisions down to `target` ("base", an id, "-1", …).
  Result<RunResult> Downgrade(std::string_view target);

  /// Starts an upgrade to `target` to be driven one migration per Step()
  /// (see MigrationRun): takes the run lock, takes the backup when
  /// backup_before_migrate is set and the plan has steps, creates the version
  /// table if needed and plans. No migration runs yet.
  /// REQUIRES: the Migrator outlives the run. Errors as Upgrade.
  Result<std::unique_ptr<MigrationRun>> BeginUpgrade(std::string_view target);
  /// Starts a downgrade, as BeginUpgrade.
  Result<std::unique_ptr<MigrationRun>> BeginDowngrade(std::string_view target);

  /// The revisions Upgrade(target) would apply now, in the order it would
  /// apply them (the planner's plan; the runner may re-plan if another runner
  /// moves the heads first). Empty when the database is at `target`. Reads
  /// the version table; a SQLite file that does not exist yet is not created
  /// (everything is pending). Errors: kUsage (bad target, a version-table row
  /// no script defines), kDatabase.
  Result<std::vector<RevisionInfo>> Pending(std::string_view target = "heads");

  /// Offline mode: the SQL script that upgrading over `options.range` would
  /// run, without connecting to any database — version-table creation when
  /// starting from base (CREATE TABLE IF NOT EXISTS, and the history table),
  /// each migration's statements, the version-row changes and history rows
  /// as literal SQL, with BEGIN;/COMMIT; as the transaction settings say.
  /// op.offline is true in the scripts; op.query and introspection fail.
  /// op.execute parameters are spliced in as literals by the dialect's
  /// escaping (a script has no bind step).
  /// Errors: kUsage (range, target, dialect), kMigration (a script that
  /// fails or needs a live database) naming the revision and file.
  Result<SqlScript> UpgradeSql(const SqlScriptOptions& options);
  /// Offline downgrade over `options.range` ("B:A" — both sides required).
  Result<SqlScript> DowngradeSql(const SqlScriptOptions& options);

  /// What the database is at, as Alembic's `current` reports it: the tips of
  /// the applied set (the version-table rows and everything below them
  /// through down_revisions and depends_on). That is every row (is_current,
  /// in the table's write order), then each applied revision that is no row
  /// and has no applied child (is_implied, in load order) — e.g. a dependency
  /// target whose own branch was not upgraded, also after a `stamp` where it
  /// never ran. Empty at base. A row no script defines is described from the
  /// history table's stored copy.
  Result<std::vector<RevisionInfo>> Current();
  /// Every head of the graph, in load order.
  Result<std::vector<RevisionInfo>> Heads();
  /// Revisions newest first (`range` "A:B", either side optional, "" = all).
  Result<std::vector<RevisionInfo>> History(std::string_view range);
  /// History with database-aware options (see HistoryOptions). Revisions
  /// newest first; with several rows and a "current" side, the union of the
  /// per-row ranges in the same order.
  /// Errors: kUsage (malformed range, unknown revision with suggestions,
  /// A not below B), kDatabase when the database is needed and unreadable.
  Result<std::vector<RevisionInfo>> History(const HistoryOptions& options);
  /// Branch points (revisions with several children), newest first, each
  /// with its children.
  Result<std::vector<BranchPoint>> Branches();
  /// Full details (children and doc included) of what `rev` names: an id,
  /// prefix or label (one revision), "head", "heads", LABEL@head, or
  /// "current" (reads the database). Errors: kUsage naming the revision,
  /// with "did you mean" for unknown ids and candidates for ambiguous ones.
  Result<std::vector<RevisionInfo>> Show(std::string_view rev);

  /// Sets the version table to `targets` without running any script, in one
  /// transaction under the run lock (graph::Planner::Stamp semantics, as
  /// Alembic's stamp). With `purge` the table is emptied first, so rows the
  /// scripts do not know are no obstacle. steps lists each stamp_only step.
  Result<RunResult> Stamp(const std::vector<std::string>& targets, bool purge = false);

  /// Creates a project in `dir`: luamig.lua (every key commented with its
  /// default) and versions/. Errors: kUsage when `dir` already holds a
  /// luamig.lua or a versions/ directory; kProject when it cannot write.
  static Result<InitResult> Init(const std::string& dir);
  /// Init with a template: "generic" (as above) or "multidb": four SQLite
  /// environments (ecs, ecs_e2e, main, e2e) run in the order e2e databases
  /// first, one version directory per domain (versions/ecs, versions/main),
  /// each started by a base revision carrying the domain's branch label.
  /// Errors as Init, plus kUsage for an unknown template.
  static Result<InitResult> Init(const InitOptions& options);
  /// Writes a new revision script through the ScriptSource, named by
  /// config.file_template and rendered from templates/revision.lua.tmpl in
  /// config.project_dir if present, else the built-in template. The script is
  /// checked (it loads, its header says what was asked, the graph stays
  /// valid) before it is written; afterwards this Migrator sees it.
  /// Errors: kUsage (several heads for "head", a non-head without splice, an
  /// unknown or taken id or label, a version_path not configured), kProject
  /// (a template that does not render or yields a broken script).
  Result<WrittenRevision> CreateRevision(const RevisionOptions& options);
  /// Writes a merge revision whose down_revision lists the given revisions
  /// (in the order given; "heads" in load order). Errors as CreateRevision,
  /// plus kUsage when one of them is not a head (as Alembic) or fewer than
  /// two distinct revisions remain (Alembic writes a one-parent "merge").
  Result<WrittenRevision> Merge(const MergeOptions& options);

  /// Compares what the database has applied with the scripts: applied
  /// revisions whose script changed since (by SHA-256 recorded in the
  /// history table) and version-table rows no script defines. Read-only;
  /// report.ok() is what `luamig check` exits 0 on.
  /// Errors: kDatabase when the database cannot be read.
  Result<CheckReport> Check();

  /// Where the database stands: its rows, the graph's heads, the pending
  /// revisions in order, rows no script defines and applied scripts changed
  /// since they ran. Read-only: creates neither a SQLite file nor a table.
  /// Errors: kDatabase when the database cannot be read.
  Result<StatusReport> GetStatus();
  /// `revision --autogenerate`: compares the schema file (config.schema_file)
  /// with the database, which must be at the head revisions, and writes a
  /// revision (as CreateRevision with `options`) whose upgrade makes the
  /// database match the file and whose downgrade undoes that, as op calls.
  /// With no difference nothing is written (written = false). With no
  /// revisions yet and a database that already has tables, writes the
  /// baseline: a revision creating what the database holds (if_not_exists),
  /// for `stamp`ing the database at it. Errors: kDatabase "Target database
  /// is not up to date." (hint: the command that fixes it); kUsage (no schema
  /// file; and as CreateRevision); kProject (the schema file fails to load,
  /// naming file and line).
  Result<AutogenerateResult> Autogenerate(const RevisionOptions& options);
  /// The differences `check` reports between the schema file and the
  /// database at head (nothing compared when the project has no schema file,
  /// or the database is not at head). Read-only.
  Result<DriftReport> Drift();
  /// This Migrator's database as a SchemaSnapshot, without the version and
  /// history tables and config.autogenerate.exclude_tables.
  Result<SchemaSnapshot> ReflectDatabase();
  /// `luamig test`: on a scratch database (see TestOptions; never this
  /// Migrator's database), for each revision in upgrade-plan order: reflect,
  /// upgrade that one step, reflect, downgrade that one step, reflect and
  /// compare with the first, upgrade again and compare with the second.
  /// Branches and merges are followed as `upgrade heads` orders them. A
  /// revision that defines no downgrade() is reported and stays applied; an
  /// empty downgrade() is tested like any other (and flagged). A failing
  /// upgrade is reported and ends the test.
  /// Errors: kUsage (range, scratch URL), kDatabase (the scratch database
  /// cannot be created).
  Result<TestReport> Test(const TestOptions& options = {});

  /// The database URL in use, password masked. A SQLite file is shown by its
  /// absolute path ("sqlite:////abs/path.db"), whatever form the URL had.
  std::string DatabaseDescription() const;

  struct Impl;

 private:
  explicit Migrator(std::unique_ptr<Impl> impl);
  static Result<std::unique_ptr<Migrator>> OpenScrubbed(MigratorOptions options);
  Status Reload();  // re-reads every script after a write
  Result<WrittenRevision> Reloaded(WrittenRevision written);
  std::unique_ptr<Impl> impl_;
};

}  // namespace luamig

#endif  // LUAMIG_MIGRATOR_H_
