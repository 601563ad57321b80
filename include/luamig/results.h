// SPDX-License-Identifier: MIT
// Results of luamig commands, as values: nothing in the library prints.
#ifndef LUAMIG_RESULTS_H_
#define LUAMIG_RESULTS_H_

#include <chrono>
#include <string>
#include <vector>

#include "luamig/events.h"
#include "luamig/schema.h"

namespace luamig {

/// A revision as `heads`, `current`, `history` and `show` report it.
struct RevisionInfo {
  std::string id;
  std::vector<std::string> down_revisions;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  /// Branch labels the revision carries because it is on a labelled branch:
  /// the labels of its ancestors, and of descendants up to the nearest
  /// branch point or merge (Alembic's rule), without its own; in label order.
  std::vector<std::string> inherited_labels;
  std::string message;
  std::string file;
  /// The "Create Date:" line of the script's leading comment, as written
  /// ("" when the script has none).
  std::string create_date;
  bool is_head = false;  ///< no revision builds on it (names it as down_revision)
  /// A head that another revision's depends_on names (Alembic prints
  /// "(effective head)" for it, "(head)" only for heads nothing depends on).
  bool is_effective_head = false;
  bool is_current = false;  ///< a row of the version table
  /// Current() only: applied but not a row, listed because it is a tip of the
  /// applied set (a dependency target a row needs, whose own children are not
  /// applied). Current() lists rows (is_current) and implied revisions.
  bool is_implied = false;
  bool is_branch_point = false;
  bool is_merge = false;
  /// Revisions whose down_revision names this one, in load order.
  std::vector<std::string> children;
  /// The script's leading comment block, one line per entry without the
  /// "-- " marker. Filled by Show() only.
  std::vector<std::string> doc;
};

/// A revision with more than one child, and those children (`branches`).
struct BranchPoint {
  RevisionInfo revision;
  std::vector<RevisionInfo> children;  ///< in load order
};

/// A script written by `revision` or `merge`.
struct WrittenRevision {
  RevisionInfo revision;  ///< as the graph now sees it; file = the stored name
  std::string source;     ///< the script text written
};

/// What Migrator::Autogenerate did.
struct AutogenerateResult {
  /// A revision was written (false: no difference, nothing written).
  bool written = false;
  /// The revision is a baseline: the history was empty and the database
  /// already had tables, so it creates what the database holds (with
  /// if_not_exists) and the database is then `stamp`ed at it.
  bool baseline = false;
  WrittenRevision revision;  ///< when written
  std::vector<SchemaChange> changes;
  /// Objects of the database luamig does not model and leaves alone
  /// ("view active_players", "trigger players.audit").
  std::vector<std::string> ignored;
  std::string schema_file;  ///< the file compared ("" for a baseline)
};

/// What `init` created.
struct InitResult {
  std::string dir;                   ///< the project directory
  std::vector<std::string> created;  ///< paths created, in creation order
  /// What to run next, one command line per entry, for people.
  std::vector<std::string> next_steps;
};

/// An applied revision whose script changed after it was applied.
struct ChangedScript {
  std::string revision;
  std::string file;              ///< the script as it is now
  std::string applied_checksum;  ///< SHA-256 of the text that ran (history)
  std::string current_checksum;  ///< SHA-256 of the text now
  std::string applied_at;        ///< when it ran (UTC), from the history table
};

/// A revision the version table holds that no script defines.
struct UnknownRevision {
  std::string revision;
  std::string message;         ///< its doc line from the history table ("" if none)
  std::string applied_at;      ///< when it was applied ("" if history has no row)
  bool source_stored = false;  ///< history keeps its source: downgrade can revert it
};

/// What `check` found. Applied revisions are the version-table rows and
/// their ancestors; each is compared with the newest upgrade recorded for
/// it in the history table (revisions applied without a history row, e.g.
/// by stamp or before the table existed, cannot be compared and are counted
/// in `unverified`).
struct CheckReport {
  std::vector<ChangedScript> changed;
  std::vector<UnknownRevision> unknown;
  size_t verified = 0;    ///< applied revisions whose script is unchanged
  size_t unverified = 0;  ///< applied revisions with no upgrade in history
  /// The schema file compared with the database (when the project has one).
  DriftReport drift;
  bool ok() const { return changed.empty() && unknown.empty() && drift.ok(); }
};

/// Where a database stands against the scripts (`luamig status`).
struct StatusReport {
  std::string database;  ///< the URL in use, password masked
  /// False when the database is a SQLite file that does not exist yet: it is
  /// not created, and every revision is pending.
  bool database_exists = true;
  /// The version-table rows; a row no script defines is described from the
  /// history table (as Current() does).
  std::vector<RevisionInfo> current;
  std::vector<RevisionInfo> heads;  ///< the graph's heads, in load order
  /// What `upgrade heads` would apply, in order. Empty when `unknown` is not:
  /// no plan can start from a revision no script defines.
  std::vector<RevisionInfo> pending;
  std::vector<UnknownRevision> unknown;  ///< rows no script defines
  std::vector<ChangedScript> changed;    ///< applied scripts changed since
  /// No pending revisions and no unknown rows (changed scripts are reported,
  /// not counted: `check` fails on them).
  bool up_to_date() const { return pending.empty() && unknown.empty(); }
};

/// One step of a finished run.
struct StepResult {
  StepInfo step;
  std::chrono::microseconds duration{0};
};

/// What `upgrade`, `downgrade` and `stamp` did.
struct RunResult {
  std::vector<StepResult> steps;          ///< in the order they ran
  std::vector<std::string> heads_before;  ///< version-table rows before
  std::vector<std::string> heads_after;   ///< version-table rows after
};

/// An offline script (`upgrade --sql`): what Migrator::UpgradeSql returns.
struct SqlScript {
  std::string sql;                        ///< the complete script text
  std::vector<StepInfo> steps;            ///< the migrations it contains, in order
  std::vector<std::string> heads_before;  ///< rows the script expects to find
  std::vector<std::string> heads_after;   ///< rows it leaves
};

/// What `luamig test` found for one revision.
struct RoundTrip {
  RevisionInfo revision;
  /// The script defines downgrade(). Without one the revision cannot be
  /// downgraded at all: it is reported, stays applied, and is not reversible.
  bool defines_downgrade = true;
  /// downgrade() is defined and not empty. An empty one is run and compared
  /// like any other: right for a data-only step, not reversible otherwise.
  bool has_downgrade = true;
  /// The catalog after upgrade then downgrade, compared with the catalog
  /// before the upgrade ("expected"): what the downgrade left behind or
  /// took too much. Empty = the downgrade undid the upgrade exactly.
  std::vector<SchemaDifference> left_behind;
  /// The catalog after upgrading again, compared with the first upgrade's.
  std::vector<SchemaDifference> second_upgrade;
  /// The step that failed ("upgrade", "downgrade", "second upgrade") and how.
  std::string failed_step;
  Status error;
  bool reversible() const {
    return defines_downgrade && error.ok() && left_behind.empty() &&
           second_upgrade.empty();
  }
};

/// What `luamig test` did: each revision in plan order.
struct TestReport {
  std::string scratch;  ///< the scratch database used (password masked)
  std::vector<RoundTrip> revisions;
  bool ok() const {
    for (const auto& r : revisions) {
      if (!r.reversible()) return false;
    }
    return true;
  }
};

}  // namespace luamig

#endif  // LUAMIG_RESULTS_H_
