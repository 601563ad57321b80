// SPDX-License-Identifier: MIT
// What a command will do: an ordered list of steps, each with its effect on
// the set of heads recorded in the version table. Pure values.
#ifndef LUAMIG_GRAPH_PLAN_H_
#define LUAMIG_GRAPH_PLAN_H_

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
/// The runtime turns this into one UPDATE of removed[0] → added[0] where both
/// exist, plus DELETEs of the other removed ids and INSERTs of the other added.
struct HeadsDelta {
  std::vector<std::string> removed;
  std::vector<std::string> added;
};

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
  std::vector<std::string> heads_after;   ///< version-table rows after the plan
  /// Only for `stamp --purge`: the runtime empties the version table before
  /// the first step; the steps' deltas apply to that empty table.
  bool purge = false;

  bool empty() const { return steps.empty(); }
  std::string DebugString() const;  ///< one Step::DebugString per line
};

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_PLAN_H_
