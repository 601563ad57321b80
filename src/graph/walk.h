// SPDX-License-Identifier: MIT
// Internal: traversals over RevisionMap::Impl and Alembic's topological order.
#ifndef LUAMIG_GRAPH_WALK_H_
#define LUAMIG_GRAPH_WALK_H_

#include <vector>

#include "graph/revision_map_impl.h"

namespace luamig::graph {

/// Which edges a traversal follows.
enum class Edges {
  kVersioned,  ///< down_revisions only (Alembic include_dependencies=False)
  kAll,        ///< down_revisions and depends_on (reachability is the same for
               ///< the resolved and the normalized dependency lists)
};

/// A membership mask over node indices.
using NodeSet = std::vector<char>;

/// `from` and everything below it. Negative entries are ignored.
NodeSet Ancestors(const RevisionMap::Impl& g, const std::vector<int>& from, Edges edges);
/// `from` and everything above it. Negative entries are ignored.
NodeSet Descendants(const RevisionMap::Impl& g, const std::vector<int>& from,
                    Edges edges);
/// Members of `set`, in load order.
std::vector<int> Members(const NodeSet& set);
/// The first member of `revs` that is a strict ancestor of another member, or
/// -1 (Alembic's "Requested revision overlaps with other requested revisions").
int FirstOverlap(const RevisionMap::Impl& g, const std::vector<int>& revs);

/// Orders `todo` newest first exactly like Alembic 1.8's
/// RevisionMap._topological_sort: start from the `seeds` that are in `todo`
/// sorted by load order, walk each branch down while no other pending branch
/// still needs the candidate, otherwise jump to the first (lowest slot) branch
/// that does. Ties are therefore broken by load order, then by slot order.
/// REQUIRES: every member of `todo` is reachable from a seed inside `todo`.
/// Cost: O(n) per seed, merge point, branch start or dependency met, plus
/// O(branches) per emitted revision; a linear chain is O(n) overall.
/// With `prune`, ancestor sets are only walked inside the initial `todo`. That
/// gives the same order whenever every path from a seed to a member of `todo`
/// stays inside `todo`, which holds for upgrade (todo = below targets minus
/// below rows) and downgrade (todo = above roots and below rows) sets.
std::vector<int> TopologicalOrder(const RevisionMap::Impl& g, NodeSet todo,
                                  const std::vector<int>& seeds, bool prune);

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_WALK_H_
