// SPDX-License-Identifier: MIT
// What a command will do: an ordered list of steps, each with its effect on
// the set of heads recorded in the version table. Pure values.
#ifndef LUAMIG_GRAPH_PLAN_H_
#define LUAMIG_GRAPH_PLAN_H_

#include <algorithm>
#include <string>
#include <vector>

namespace luamig::graph {

enum class Direction { kUpgrade, kDowngrade };

/// How one step changes the version table (Alembic's HeadMaintainer cases):
///  - update:  removed = {a},      added = {b}
///  - insert (new branch / from base): removed = {}, added = {b}
///  - delete (to base / branch end):   removed = {a}, added = {}
///  - merge:   removed = {a, b, …}, added = {m}
///  - unmerge: removed = {m},       added = {a, b, …}
/// Where both lists are non-empty the runtime issues one UPDATE of
/// removed.back() → added.back(), and DELETEs the other removed ids and
/// INSERTs the other added ids, in order. Like Alembic, a merge therefore
/// keeps the row of its last parent (written order: down revisions, then
/// depends_on) and an unmerge turns the merge's row into its last parent and
/// adds the others as new rows.
struct HeadsDelta {
  std::vector<std::string> removed;
  std::vector<std::string> added;
};

/// The version-table rows in write order after `removed` → `added` (a
/// HeadsDelta's lists): the UPDATEd row keeps its position, deleted rows
/// leave, inserted rows go last in order. That is the order SQLite's rowid
/// gives Alembic's unordered SELECT, and the order "downgrade -N" with several
/// rows starts from (its first row).
template <typename T>
void ApplyToRows(std::vector<T>& rows, const std::vector<T>& removed,
                 const std::vector<T>& added) {
  bool updated = false;
  if (!removed.empty() && !added.empty()) {
    auto it = std::find(rows.begin(), rows.end(), removed.back());
    if (it != rows.end()) {
      *it = added.back();  // the one UPDATE keeps the row where it was
      updated = true;
    }
  }
  size_t keep = updated ? 1 : 0;
  for (size_t k = 0; k + keep < removed.size(); ++k) {
    auto it = std::find(rows.begin(), rows.end(), removed[k]);
    if (it != rows.end()) rows.erase(it);
  }
  for (size_t k = 0; k + keep < added.size(); ++k) rows.push_back(added[k]);
}

/// `rows` after `delta` (see ApplyToRows).
std::vector<std::string> ApplyDelta(std::vector<std::string> rows,
                                    const HeadsDelta& delta);

/// Whether `a` and `b` hold the same revisions, whatever their order (the
/// runner's "did another runner move the heads" test).
bool SameHeads(std::vector<std::string> a, std::vector<std::string> b);

struct Step {
  std::string revision;  ///< the revision whose script runs (or is stamped)
  Direction direction = Direction::kUpgrade;
  HeadsDelta delta;
  bool stamp_only = false;  ///< true for `stamp`: no script runs
  std::string reason;       ///< why the step is in the plan (for --explain)

  std::string DebugString() const;  ///< e.g. "up b: {a} -> {b}"
};

struct Plan {
  std::vector<Step> steps;
  std::vector<std::string> heads_before;  ///< version-table rows before the plan
  std::vector<std::string> heads_after;   ///< rows after the plan, in write order
  /// Only for `stamp --purge`: the runtime empties the version table before
  /// the first step; the steps' deltas apply to that empty table.
  bool purge = false;
  /// Things the user should know before the plan runs, e.g. that "-N" with
  /// several heads chose the first version-table row (reported as warnings).
  std::vector<std::string> warnings;

  bool empty() const { return steps.empty(); }
  std::string DebugString() const;  ///< one Step::DebugString per line
};

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_PLAN_H_
