// SPDX-License-Identifier: MIT
// Upgrade, downgrade and stamp plans from (graph, current heads, target).
#ifndef LUAMIG_GRAPH_PLANNER_H_
#define LUAMIG_GRAPH_PLANNER_H_

#include <string>
#include <string_view>
#include <vector>

#include "graph/plan.h"
#include "graph/revision_map.h"
#include "luamig/status.h"

namespace luamig::graph {

/// Stateless planner over one RevisionMap. Target grammar (DESIGN.md, see
/// target.h): head, heads, base, full ids, unique prefixes, +N, -N, REV+N,
/// REV-N, LABEL@head, LABEL@REV, LABEL@+N, LABEL@-N, LABEL@base.
/// `current` is the set of version-table rows (may be empty = base).
///
/// Plans follow Alembic 1.8: the same revisions, in the same order, leaving the
/// same rows, for the same graph (in load order), rows and target. Ties are
/// broken by load order (walk.h documents the exact rule). Errors are
/// StatusCode::kUsage for targets (malformed, unknown, ambiguous, multiple
/// heads, not reachable, walking too far) and kProject for version-table rows
/// the graph does not know; revisions() names the revisions involved.
///
/// Known, deliberate differences from Alembic (all where Alembic crashes or
/// is nondeterministic):
///  - prefixes of any length match revision ids (Alembic: keys longer than
///    three characters, branch labels included);
///  - a revision's normalized dependencies, and the parents a merge or an
///    unmerge writes while other rows exist, keep their written order (Alembic
///    iterates sets there, so its order follows string hashing);
///  - a merge step removes only the parent rows that exist (Alembic also tries
///    to delete dependency parents that are not rows and fails);
///  - an upgrade to REV-N that walks down exactly to base is a usage error
///    saying so (Alembic: an assertion), and a stamp destination whose rows
///    an earlier destination already moved is skipped (Alembic: KeyError);
///  - History's relative lower bound counts from `current` like a downgrade
///    target (Alembic counts "-N" from the heads).
class Planner {
 public:
  explicit Planner(const RevisionMap& map) : map_(map) {}

  Result<Plan> Upgrade(const std::vector<std::string>& current,
                       std::string_view target) const;
  Result<Plan> Downgrade(const std::vector<std::string>& current,
                         std::string_view target) const;
  /// Steps with stamp_only = true. With `purge`, `current` is ignored and the
  /// table is emptied first (heads_before stays as given).
  Result<Plan> Stamp(const std::vector<std::string>& current,
                     const std::vector<std::string>& targets, bool purge) const;

  /// Revisions of an `A:B` range (either side optional, "base"/"heads"/
  /// "current" handled by the caller substituting ids), newest first, as
  /// `history` prints them; both ends are included. An empty range means all
  /// revisions. Error when A is not below B. `current` only anchors relative
  /// ends ("-1:" counts down from it, ":+2" up from it when A is empty).
  Result<std::vector<const Revision*>> History(
      std::string_view range, const std::vector<std::string>& current) const;

 private:
  const RevisionMap& map_;
};

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_PLANNER_H_
