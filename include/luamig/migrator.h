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

/// What `merge` writes.
struct MergeOptions {
  std::string message;
  /// Revisions to merge (ids, prefixes, labels, LABEL@head), or {"heads"}.
  /// At least two distinct revisions must result.
  std::vector<std::string> revisions;
  std::string rev_id;  ///< as in RevisionOptions
  std::vector<std::string> branch_labels;
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

  /// The database URL in use, password masked. A SQLite file is shown by its
  /// absolute path ("sqlite:////abs/path.db"), whatever form the URL had.
  std::string DatabaseDescription() const;

  struct Impl;

 private:
  explicit Migrator(std::unique_ptr<Impl> impl);
  Status Reload();  // re-reads every script after a write
  Result<WrittenRevision> Reloaded(WrittenRevision written);
  std::unique_ptr<Impl> impl_;
};

}  // namespace luamig

#endif  // LUAMIG_MIGRATOR_H_
