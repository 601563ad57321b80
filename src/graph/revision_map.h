// SPDX-License-Identifier: MIT
// The revision graph: an immutable DAG built from a list of revisions.
#ifndef LUAMIG_GRAPH_REVISION_MAP_H_
#define LUAMIG_GRAPH_REVISION_MAP_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/revision.h"
#include "luamig/status.h"

namespace luamig::graph {

/// Validated revision graph. Cheap to copy (shared immutable state);
/// thread-safe for concurrent reads.
class RevisionMap {
 public:
  /// Builds and validates the graph. `revisions` are in load order (sorted file
  /// names per version location, locations in config order), which breaks
  /// every ordering tie exactly as Alembic does.
  /// Errors (StatusCode::kProject, revisions() naming the ids involved):
  /// duplicate ids (hint names both sources), missing down_revision or
  /// depends_on (a depends_on entry is a revision id or a branch label), a
  /// cycle (its members), a branch label used twice or equal to a revision id.
  /// Cost: O(n + edges), plus one ancestor walk per revision with depends_on.
  static Result<RevisionMap> Build(std::vector<Revision> revisions);

  RevisionMap();  // empty graph
  ~RevisionMap();
  RevisionMap(const RevisionMap&);
  RevisionMap& operator=(const RevisionMap&);

  /// Exact id lookup; nullptr when absent.
  const Revision* Find(std::string_view id) const;
  /// Full id, branch label or unique id prefix (any length) → revision.
  /// Errors (kUsage): unknown (with "did you mean"), ambiguous prefix
  /// (candidates in revisions(), in load order).
  Result<const Revision*> Lookup(std::string_view id_or_prefix) const;

  /// All revisions in load order.
  const std::vector<Revision>& revisions() const;
  /// Revisions no other revision names as a down_revision, in load order.
  std::vector<std::string> Heads() const;
  /// Revisions without down revisions, in load order.
  std::vector<std::string> Bases() const;
  /// Revisions with more than one child.
  std::vector<std::string> BranchPoints() const;
  /// The single head. Error (kProject) listing the heads in revisions() when
  /// there are several, with a hint to use `heads` or LABEL@head; also an
  /// error for an empty graph.
  Result<std::string> SingleHead() const;
  /// Ids whose down_revisions include `id`, in load order.
  std::vector<std::string> Children(std::string_view id) const;
  /// Ids whose depends_on names `id` (by id or by a label it carries) and
  /// whose down_revisions do not, in load order. A head with dependents is
  /// what Alembic calls an "effective head".
  std::vector<std::string> Dependents(std::string_view id) const;
  /// What `current` reports for version-table rows `rows`, as Alembic does:
  /// the tips of the applied set (the rows and everything below them through
  /// down_revisions and depends_on), i.e. the applied revisions that no
  /// applied revision names as a down_revision. So a dependency target whose
  /// own children are not applied is reported beside the row that needs it.
  /// Rows come first, in `rows` order, then implied revisions in load order;
  /// ids the graph does not know are skipped.
  std::vector<std::string> AppliedTips(const std::vector<std::string>& rows) const;

  std::string DebugString() const;

  struct Impl;

 private:
  explicit RevisionMap(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
  friend class Planner;
};

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_REVISION_MAP_H_
