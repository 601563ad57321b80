// SPDX-License-Identifier: MIT
// Internal: where an upgrade or downgrade target leads from the current
// version rows (Alembic's _parse_upgrade_target / _parse_downgrade_target).
#ifndef LUAMIG_GRAPH_DESTINATION_H_
#define LUAMIG_GRAPH_DESTINATION_H_

#include <string>
#include <vector>

#include "graph/revision_map_impl.h"
#include "graph/target.h"
#include "luamig/status.h"

namespace luamig::graph {

/// Version-table rows → revisions (exact ids or unique prefixes). A row the
/// scripts do not know is a kProject error naming it.
Result<std::vector<int>> ResolveRows(const RevisionMap::Impl& g,
                                     const std::vector<std::string>& rows);

/// Alembic's "current" revisions for `rows`: the tips of the applied set (the
/// rows and everything below them through down_revisions and depends_on),
/// i.e. applied revisions with no applied child through down_revisions. The
/// rows that are tips come first, in `rows` order, then the others in load
/// order.
std::vector<int> AppliedTips(const RevisionMap::Impl& g, const std::vector<int>& rows);

/// "relative target 'X' does not produce N migrations".
Status DidNotProduce(const Target& t);

/// The revisions an upgrade to `t` must reach from `rows`; empty for base.
/// With `no_overwalk` false a relative walk stops at the end instead of failing.
Result<std::vector<int>> UpgradeTargets(const RevisionMap::Impl& g, const Target& t,
                                        const std::vector<int>& rows, bool no_overwalk);

/// A downgrade destination: the revision to keep (kNone: base) and the branch
/// that narrows which children are removed (may be empty).
struct DownTarget {
  std::string branch;
  int rev = -1;
  /// "-N" with several rows: the walk started from the first row (Alembic's
  /// choice, "downgrade -1 from multiple heads is ambiguous").
  bool from_first_row = false;
};

Result<DownTarget> DowngradeTarget(const RevisionMap::Impl& g, const Target& t,
                                   const std::vector<int>& rows);

/// The revisions a downgrade to `dt` removes first: the target's children, or
/// every base for base, limited to the named branch when there is a choice.
Result<std::vector<int>> DowngradeRoots(const RevisionMap::Impl& g, const DownTarget& dt);

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_DESTINATION_H_
