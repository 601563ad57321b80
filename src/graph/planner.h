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

/// Stateless planner over one RevisionMap. Target grammar (DESIGN.md): head,
/// heads, base, full ids, unique prefixes, +N, -N, REV+N, REV-N, LABEL@head,
/// LABEL@REV, LABEL@+N, LABEL@base. Plans follow Alembic's order.
/// `current` is the set of version-table rows (may be empty = base).
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
  /// `history` prints them. An empty range means all revisions.
  Result<std::vector<const Revision*>> History(
      std::string_view range, const std::vector<std::string>& current) const;

 private:
  const RevisionMap& map_;
};

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_PLANNER_H_
