// SPDX-License-Identifier: MIT
// Internal: the dense-integer form of a validated revision graph. Only the
// graph module includes this header.
#ifndef LUAMIG_GRAPH_REVISION_MAP_IMPL_H_
#define LUAMIG_GRAPH_REVISION_MAP_IMPL_H_

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/revision_map.h"

namespace luamig::graph {

/// Node i is revisions[i]: ids are interned as their load-order position, so
/// "smaller index" always means "loaded earlier", the tie-breaker Alembic uses.
struct RevisionMap::Impl {
  struct Node {
    std::vector<int> down;       ///< down_revisions, in written order
    std::vector<int> deps;       ///< depends_on resolved to ids, written order
    std::vector<int> norm_deps;  ///< deps not already a dependency of an ancestor
    std::vector<int>
        norm_down;              ///< down + norm_deps (Alembic _normalized_down_revisions)
    std::vector<int> all_down;  ///< down + deps (Alembic _all_down_revisions)
    std::vector<int> next;      ///< children through down_revisions, load order
    std::vector<int> all_next;  ///< children through down_revisions or deps, load order
  };

  std::vector<Revision> revisions;
  std::vector<Node> nodes;
  std::unordered_map<std::string, int> by_id;
  std::unordered_map<std::string, int> by_label;
  std::vector<std::pair<std::string, int>> sorted_ids;  ///< for prefix lookups
  std::vector<int> heads;       ///< no child through down_revisions (load order)
  std::vector<int> real_heads;  ///< no child at all, dependencies included
  std::vector<int> bases;       ///< no down_revisions (load order)

  int size() const { return static_cast<int>(nodes.size()); }
  const std::string& Id(int i) const { return revisions[static_cast<size_t>(i)].id; }
  const Node& node(int i) const { return nodes[static_cast<size_t>(i)]; }
  std::vector<std::string> Ids(const std::vector<int>& revs) const;
  /// Every id and branch label, for "did you mean" suggestions.
  std::vector<std::string> AllNames() const;
};

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_REVISION_MAP_IMPL_H_
