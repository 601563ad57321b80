// SPDX-License-Identifier: MIT
// Internal: symbols, prefixes, labels and walks resolved against a graph,
// following Alembic 1.8's RevisionMap lookups.
#ifndef LUAMIG_GRAPH_RESOLVER_H_
#define LUAMIG_GRAPH_RESOLVER_H_

#include <string_view>
#include <vector>

#include "graph/revision_map_impl.h"
#include "graph/walk.h"
#include "luamig/status.h"

namespace luamig::graph {

/// Alembic's None: no revision (below every base, or "the heads" when walking down).
constexpr int kNone = -1;
/// Alembic's "base" marker: the result of walking down past a base revision.
constexpr int kBaseMark = -2;

/// Stateless view over one graph. Errors are StatusCode::kUsage, naming the
/// revisions involved in revisions().
class Resolver {
 public:
  explicit Resolver(const RevisionMap::Impl& g) : g_(g) {}

  /// Exact id, branch label or unique id prefix (any length). With `branch`,
  /// prefix candidates are limited to its lineage and the result must share it.
  Result<int> Ident(std::string_view id, std::string_view branch) const;
  /// A branch label, or else any Ident (Alembic lets a revision act as a label).
  Result<int> Branch(std::string_view label) const;
  /// The single head (down_revision edges) in `branch`'s lineage (all heads
  /// when empty); kNone for an empty graph. Error when there are several.
  Result<int> CurrentHead(std::string_view branch) const;
  /// `symbol` (head, heads, base or an Ident) as a list: "base" is empty,
  /// "heads" without a branch are the heads counting dependencies.
  Result<std::vector<int>> Many(std::string_view symbol, std::string_view branch) const;
  /// Many() that must yield at most one revision; kNone for base.
  Result<int> One(std::string_view symbol, std::string_view branch) const;
  /// Members of `revs` that are ancestors or descendants of `label`'s revision.
  Result<std::vector<int>> InLineage(const std::vector<int>& revs, std::string_view label,
                                     Edges edges) const;
  /// Alembic _walk: `steps` up (children, limited to `branch`'s lineage) or
  /// down (down_revisions) from `start` (a revision, kNone or kBaseMark).
  /// Walking past the end returns kNone when `no_overwalk`, else where it got.
  Result<int> Walk(int start, int steps, std::string_view branch, bool no_overwalk) const;
  /// "multiple heads" error naming `heads`, for the target `asked`.
  Status MultipleHeads(const std::vector<int>& heads, std::string_view asked) const;

 private:
  std::vector<int> PrefixMatches(std::string_view prefix) const;
  Result<int> ByPrefix(std::string_view id, std::string_view branch) const;
  int Exact(std::string_view id) const;
  Result<std::vector<int>> WalkStep(int from, bool up, std::string_view branch) const;
  const RevisionMap::Impl& g_;
};

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_RESOLVER_H_
