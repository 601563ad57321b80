// SPDX-License-Identifier: MIT
// Internal: the version-table rows during a plan, and the HeadsDelta each step
// makes, decided exactly like Alembic 1.8's HeadMaintainer.update_to_step.
#ifndef LUAMIG_GRAPH_HEAD_SET_H_
#define LUAMIG_GRAPH_HEAD_SET_H_

#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/plan.h"
#include "graph/revision_map_impl.h"
#include "graph/walk.h"
#include "luamig/status.h"

namespace luamig::graph {

/// Row changes as node indices; converted to a HeadsDelta at the edge.
struct IntDelta {
  std::vector<int> removed;
  std::vector<int> added;
};

class HeadSet {
 public:
  HeadSet(const RevisionMap::Impl& g, std::vector<int> rows)
      : g_(g), rows_(std::move(rows)) {}

  /// Running `rev`'s upgrade: insert (no down revision is a row), merge (two
  /// or more are rows) or update (one is). Removed rows are in written order
  /// (down revisions, then depends_on), so a merge keeps its last parent's row.
  IntDelta Upgrade(int rev) const;
  /// Running `rev`'s downgrade: delete (a base, or every down revision is
  /// still below another row), unmerge (a merge point) or update. Added rows
  /// are in written order: the row becomes the last, the others are new rows.
  /// Error when `rev` is not a row.
  Result<IntDelta> Downgrade(int rev) const;
  /// Alembic StampStep: `from` rows replaced by `to` (kNone: delete `from`).
  IntDelta Stamp(const std::vector<int>& from, int to, bool upgrade,
                 bool branch_move) const;

  /// Applies `d` as the version table does (ApplyToRows in plan.h).
  void Apply(const IntDelta& d);
  bool Has(int rev) const;
  const std::vector<int>& rows() const { return rows_; }

 private:
  /// Members of `revs` that are not at or below a row other than `except`.
  std::vector<int> NotBelowOthers(const std::vector<int>& revs, int except) const;
  const NodeSet& Below(int row) const;

  const RevisionMap::Impl& g_;
  std::vector<int> rows_;
  mutable std::unordered_map<int, NodeSet> below_;  // memoized ancestor sets per row
};

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_HEAD_SET_H_
