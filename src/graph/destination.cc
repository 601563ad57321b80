// SPDX-License-Identifier: MIT
#include "graph/destination.h"

#include <algorithm>
#include <cstdlib>

#include "graph/resolver.h"
#include "graph/walk.h"
#include "util/strings.h"

namespace luamig::graph {
namespace {

using Impl = RevisionMap::Impl;

bool In(const std::vector<int>& revs, int r) {
  return std::find(revs.begin(), revs.end(), r) != revs.end();
}

}  // namespace

// Version-table rows → revisions. A row the scripts do not know is a project
// error (the database is ahead of, or unrelated to, this history).
Result<std::vector<int>> ResolveRows(const Impl& g,
                                     const std::vector<std::string>& rows) {
  std::vector<int> out;
  Resolver res(g);
  for (const std::string& row : rows) {
    Result<int> r = res.Ident(row, "");
    if (!r.ok()) {
      return Status::Project("the version table holds revision '" + row +
                             "', which is not among the revision scripts")
          .WithRevisions({row})
          .WithHint(r.status().message());
    }
    if (!In(out, *r)) out.push_back(*r);
  }
  return out;
}

// Alembic _get_all_current / _filter_into_branch_heads.
std::vector<int> AppliedTips(const Impl& g, const std::vector<int>& rows) {
  NodeSet applied = Ancestors(g, rows, Edges::kAll);
  auto is_tip = [&](int r) {
    const auto& next = g.node(r).next;
    return std::none_of(next.begin(), next.end(),
                        [&](int c) { return applied[static_cast<size_t>(c)] != 0; });
  };
  std::vector<int> out;
  for (int r : rows) {
    if (r >= 0 && is_tip(r) && !In(out, r)) out.push_back(r);
  }
  for (int r : Members(applied)) {
    if (is_tip(r) && !In(out, r)) out.push_back(r);
  }
  return out;
}

Status DidNotProduce(const Target& t) {
  int n = std::abs(t.steps);
  return Status::Usage("relative target '" + t.DebugString() + "' does not produce " +
                       std::to_string(n) + " migration" + (n == 1 ? "" : "s"));
}

namespace {

// Tips of `revs`: members that are no down revision of another member.
std::vector<int> Tips(const Impl& g, const std::vector<int>& revs) {
  NodeSet below(static_cast<size_t>(g.size()), 0);
  for (int r : revs) {
    for (int d : g.node(r).norm_down) below[static_cast<size_t>(d)] = 1;
  }
  std::vector<int> out;
  for (int r : revs) {
    if (!below[static_cast<size_t>(r)]) out.push_back(r);
  }
  return out;
}

// Alembic _parse_upgrade_target, "+N" with no symbol: walk up from the one
// current row on the branch (or back to the branch's last applied revision).
Result<int> UpFromCurrent(const Impl& g, const Target& t, const std::vector<int>& rows,
                          bool no_overwalk) {
  Resolver res(g);
  std::vector<int> start = rows;
  if (!t.branch.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(start, res.InLineage(rows, t.branch, Edges::kVersioned));
    if (start.empty()) {
      std::vector<int> applied = Members(Ancestors(g, rows, Edges::kAll));
      LUAMIG_ASSIGN_OR_RETURN(applied,
                              res.InLineage(applied, t.branch, Edges::kVersioned));
      start = Tips(g, applied);
    }
  }
  if (start.empty()) start.push_back(kNone);
  if (start.size() > 1) {
    return Status::Usage("'" + t.DebugString() +
                         "' is ambiguous: there are several current revisions: " +
                         util::Join(g.Ids(start), ", "))
        .WithRevisions(g.Ids(start))
        .WithHint("use LABEL@+N or REV+N");
  }
  return res.Walk(start[0], t.steps, t.branch, no_overwalk);
}

}  // namespace

// Alembic _parse_upgrade_target: the revisions an upgrade must reach.
Result<std::vector<int>> UpgradeTargets(const Impl& g, const Target& t,
                                        const std::vector<int>& rows, bool no_overwalk) {
  Resolver res(g);
  if (!t.relative()) return res.Many(t.symbol, t.branch);
  int rev = kNone;
  if (t.steps > 0 && t.symbol.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(rev, UpFromCurrent(g, t, rows, no_overwalk));
  } else if (t.symbol.empty()) {
    return Status::Usage("upgrade to '" + t.DebugString() + "' goes down; use downgrade");
  } else {
    LUAMIG_ASSIGN_OR_RETURN(int start, res.One(t.symbol, t.steps > 0 ? "" : t.branch));
    LUAMIG_ASSIGN_OR_RETURN(
        rev, res.Walk(start, t.steps, t.steps > 0 ? t.branch : "", no_overwalk));
  }
  if (rev == kNone && t.steps != 0) return DidNotProduce(t);
  if (rev < 0) return std::vector<int>{};
  return std::vector<int>{rev};
}

namespace {

// "LABEL@-N": the one current revision on LABEL's branch.
Result<int> CurrentOnBranch(const Impl& g, const Target& t,
                            const std::vector<int>& rows) {
  Resolver res(g);
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> on,
                          res.InLineage(rows, t.branch, Edges::kVersioned));
  if (on.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(
        on, res.InLineage(AppliedTips(g, rows), t.branch, Edges::kVersioned));
  }
  if (on.size() != 1) {
    return Status::Usage("'" + t.DebugString() +
                         "' needs exactly one current revision on " + "branch '" +
                         t.branch + "', found " + std::to_string(on.size()))
        .WithRevisions(g.Ids(on));
  }
  return on[0];
}

// Alembic _parse_downgrade_target, "-N": from SYMBOL, the current revision on
// LABEL, or the first version-table row (which then acts as the branch).
Result<DownTarget> DownRelative(const Impl& g, const Target& t,
                                const std::vector<int>& rows) {
  Resolver res(g);
  DownTarget out{t.branch, kNone};
  int start = kNone;
  if (!t.symbol.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(start, res.One(t.symbol, t.branch));
  } else if (!t.branch.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(start, CurrentOnBranch(g, t, rows));
  } else if (rows.empty()) {
    return DidNotProduce(t);
  } else {
    // As Alembic: with several rows, walk down from the first one in the
    // version table's write order (the row written earliest and kept by
    // UPDATEs since), and only along its branch.
    start = rows[0];
    out.branch = g.Id(start);
    out.from_first_row = rows.size() > 1;
  }
  Result<int> walked = res.Walk(start, t.steps, "", true);
  if (!walked.ok() && out.from_first_row) {
    return Status(walked.status())
        .WithHint("with several heads, '" + t.DebugString() + "' walks down from " +
                  g.Id(start) + ", the first version-table row; name the branch " +
                  "(LABEL@-N or REV-N) to choose another");
  }
  LUAMIG_ASSIGN_OR_RETURN(out.rev, std::move(walked));
  if (out.rev == kNone) return DidNotProduce(t);
  if (out.rev == kBaseMark) out.rev = kNone;
  return out;
}

}  // namespace

Result<DownTarget> DowngradeTarget(const Impl& g, const Target& t,
                                   const std::vector<int>& rows) {
  Resolver res(g);
  if (!t.relative()) {
    // As Alembic, LABEL@REV resolves REV on its own; LABEL only narrows the
    // roots (so LABEL@head still means the single head of the whole graph).
    LUAMIG_ASSIGN_OR_RETURN(int rev, res.One(t.symbol, ""));
    return DownTarget{t.branch, rev};
  }
  if (t.steps < 0) return DownRelative(g, t, rows);
  if (t.symbol.empty()) {
    return Status::Usage("downgrade to '" + t.DebugString() + "' goes up; use upgrade");
  }
  LUAMIG_ASSIGN_OR_RETURN(int start, res.One(t.symbol, ""));
  LUAMIG_ASSIGN_OR_RETURN(int rev, res.Walk(start, t.steps, t.branch, true));
  if (rev == kNone) return DidNotProduce(t);
  return DownTarget{t.branch, rev == kBaseMark ? kNone : rev};
}

// The revisions a downgrade removes first: the target's children, or every
// base for `base`, limited to the named branch when there is a choice.
Result<std::vector<int>> DowngradeRoots(const Impl& g, const DownTarget& dt) {
  std::vector<int> roots = dt.rev < 0 ? g.bases : g.node(dt.rev).next;
  if (dt.branch.empty() || roots.size() <= 1) return roots;
  LUAMIG_ASSIGN_OR_RETURN(int b, Resolver(g).Branch(dt.branch));
  NodeSet below = Ancestors(g, {b}, Edges::kVersioned);
  std::vector<int> kept;
  for (int r : roots) {
    if (below[static_cast<size_t>(r)]) kept.push_back(r);
  }
  if (kept.empty()) {
    return Status::Usage("'" + dt.branch +
                         "' has nothing to downgrade from the current heads")
        .WithRevisions(g.Ids(roots));
  }
  return kept;
}

}  // namespace luamig::graph
