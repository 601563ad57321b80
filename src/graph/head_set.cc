// SPDX-License-Identifier: MIT
#include "graph/head_set.h"

#include <algorithm>

namespace luamig::graph {

bool HeadSet::Has(int rev) const {
  return std::find(rows_.begin(), rows_.end(), rev) != rows_.end();
}

const NodeSet& HeadSet::Below(int row) const {
  auto it = below_.find(row);
  if (it == below_.end())
    it = below_.emplace(row, Ancestors(g_, {row}, Edges::kAll)).first;
  return it->second;
}

std::vector<int> HeadSet::NotBelowOthers(const std::vector<int>& revs, int except) const {
  std::vector<int> out;
  for (int r : revs) {
    bool below = std::any_of(rows_.begin(), rows_.end(), [&](int row) {
      return row != except && Below(row)[static_cast<size_t>(r)];
    });
    if (!below) out.push_back(r);
  }
  return out;
}

IntDelta HeadSet::Upgrade(int rev) const {
  std::vector<int> present;
  for (int d : g_.node(rev).norm_down) {
    if (Has(d)) present.push_back(d);
  }
  // No down revision is a row: a new branch (or a base). Two or more: a merge
  // of those rows. Exactly one: an update.
  return IntDelta{present, {rev}};
}

Result<IntDelta> HeadSet::Downgrade(int rev) const {
  if (!Has(rev)) {
    return Status::Internal("downgrade of " + g_.Id(rev) +
                            ", which is not a current head")
        .WithRevisions({g_.Id(rev)});
  }
  // Down revisions still at or below another row are not re-added: with none
  // left this deletes the row, with several it is an unmerge.
  return IntDelta{{rev}, NotBelowOthers(g_.node(rev).norm_down, rev)};
}

IntDelta HeadSet::Stamp(const std::vector<int>& from, int to, bool upgrade,
                        bool branch_move) const {
  std::vector<int> present;
  for (int r : from) {
    if (Has(r) && r != to) present.push_back(r);
  }
  if (to < 0) return IntDelta{present, {}};
  std::vector<int> added;
  if (!Has(to)) added.push_back(to);
  // Alembic inserts a new row, leaving `from` alone, for a branch move or when
  // some `from` row is already gone.
  if (upgrade && (branch_move || present.size() < from.size())) present.clear();
  return IntDelta{present, added};
}

void HeadSet::Apply(const IntDelta& d) { ApplyToRows(rows_, d.removed, d.added); }

}  // namespace luamig::graph
