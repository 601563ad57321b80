// SPDX-License-Identifier: MIT
#include "graph/planner.h"

#include <algorithm>

#include "graph/destination.h"
#include "graph/head_set.h"
#include "graph/resolver.h"
#include "graph/revision_map_impl.h"
#include "graph/target.h"
#include "graph/walk.h"
#include "util/strings.h"

namespace luamig::graph {
namespace {

using Impl = RevisionMap::Impl;

bool In(const std::vector<int>& revs, int r) {
  return std::find(revs.begin(), revs.end(), r) != revs.end();
}

Status Overlap(const Impl& g, const std::vector<int>& revs, const std::string& what) {
  int r = FirstOverlap(g, revs);
  if (r < 0) return Status::Ok();
  return Status::Usage(what + " " + g.Id(r) + " is an ancestor of another of " +
                       util::Join(g.Ids(revs), ", "))
      .WithRevisions(g.Ids(revs));
}

Result<std::vector<int>> Ordered(const Impl& g, const NodeSet& todo,
                                 const std::vector<int>& seeds, bool prune) {
  std::vector<int> order = TopologicalOrder(g, todo, seeds, prune);
  if (order.size() != Members(todo).size()) {
    return Status::Internal("revisions to run are not reachable from " +
                            util::Join(g.Ids(seeds), ", "))
        .WithRevisions(g.Ids(Members(todo)));
  }
  return order;
}

std::string Reason(const Impl& g, Direction dir, int rev, const std::vector<int>& ends) {
  std::string ids = util::Join(g.Ids(ends), ", ");
  if (dir == Direction::kUpgrade) {
    return In(ends, rev) ? "upgrade target" : "below upgrade target " + ids;
  }
  return "above downgrade target " + (ids.empty() ? std::string("base") : ids);
}

Result<Plan> RunPlan(const Impl& g, const std::vector<int>& rows,
                     const std::vector<int>& order, Direction dir,
                     const std::vector<int>& ends) {
  Plan plan;
  plan.heads_before = g.Ids(rows);
  HeadSet heads(g, rows);
  for (int r : order) {
    IntDelta d;
    if (dir == Direction::kUpgrade) {
      d = heads.Upgrade(r);
    } else {
      LUAMIG_ASSIGN_OR_RETURN(d, heads.Downgrade(r));
    }
    heads.Apply(d);
    plan.steps.push_back(Step{g.Id(r), dir, HeadsDelta{g.Ids(d.removed), g.Ids(d.added)},
                              false, Reason(g, dir, r, ends)});
  }
  plan.heads_after = g.Ids(heads.rows());
  return plan;
}

NodeSet Minus(NodeSet a, const NodeSet& b) {
  for (size_t i = 0; i < a.size(); ++i) a[i] = a[i] && !b[i];
  return a;
}

NodeSet Intersect(NodeSet a, const NodeSet& b) {
  for (size_t i = 0; i < a.size(); ++i) a[i] = a[i] && b[i];
  return a;
}

// Alembic _stamp_revs: the rows a stamp target replaces are those sharing its
// lineage (dependencies included); "base" alone replaces every row.
Result<std::vector<int>> StampLineage(const Impl& g, const Target& t,
                                      const std::vector<int>& rows) {
  Resolver res(g);
  if (t.symbol == "base" && t.branch.empty()) return rows;
  std::vector<int> shares;
  if (!t.branch.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(int b, res.Branch(t.branch));
    shares.push_back(b);
  }
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> revs, res.Many(t.symbol, t.branch));
  shares.insert(shares.end(), revs.begin(), revs.end());
  NodeSet line = Ancestors(g, shares, Edges::kAll);
  NodeSet up = Descendants(g, shares, Edges::kAll);
  std::vector<int> out;
  for (int r : rows) {
    if (line[static_cast<size_t>(r)] || up[static_cast<size_t>(r)]) out.push_back(r);
  }
  return out;
}

// Alembic's get_revisions("[LABEL@]-N"): N steps down from every head (on
// LABEL's branch). Like Alembic, only valid while the version table is empty.
Result<std::vector<int>> StampRelative(const Impl& g, const Target& t,
                                       const std::vector<int>& rows) {
  if (t.steps >= 0 || !t.symbol.empty() || !rows.empty()) {
    return Status::Usage(
        "stamp accepts a relative target only as -N or LABEL@-N, and only " +
        std::string("on an empty version table, not '") + t.DebugString() + "'");
  }
  Resolver res(g);
  std::vector<int> heads = g.real_heads;
  if (!t.branch.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(int b, res.Branch(t.branch));
    NodeSet on = Descendants(g, {b}, Edges::kVersioned);
    heads.erase(std::remove_if(heads.begin(), heads.end(),
                               [&](int h) { return !on[static_cast<size_t>(h)]; }),
                heads.end());
  }
  std::vector<int> out;
  for (int h : heads) {
    LUAMIG_ASSIGN_OR_RETURN(int r, res.Walk(h, t.steps, "", true));
    if (r < 0) return DidNotProduce(t);
    out.push_back(r);
  }
  return out;
}

struct StampRequest {
  std::vector<int> from;   ///< current rows on the targets' lineages
  std::vector<int> dests;  ///< kNone alone: base
};

Result<StampRequest> ParseStamp(const Impl& g, const std::vector<std::string>& targets,
                                const std::vector<int>& rows) {
  StampRequest req;
  std::vector<std::string> texts =
      targets.empty() ? std::vector<std::string>{"base"} : targets;
  for (const std::string& text : texts) {
    LUAMIG_ASSIGN_OR_RETURN(Target t, Target::Parse(text));
    if (t.relative()) {
      LUAMIG_ASSIGN_OR_RETURN(std::vector<int> dests, StampRelative(g, t, rows));
      req.dests.insert(req.dests.end(), dests.begin(), dests.end());
      continue;
    }
    LUAMIG_ASSIGN_OR_RETURN(std::vector<int> from, StampLineage(g, t, rows));
    for (int r : from) {
      if (!In(req.from, r)) req.from.push_back(r);
    }
    LUAMIG_ASSIGN_OR_RETURN(std::vector<int> dests, Resolver(g).Many(t.symbol, t.branch));
    req.dests.insert(req.dests.end(), dests.begin(), dests.end());
  }
  if (req.dests.empty()) req.dests.push_back(kNone);
  return req;
}

bool AnyIn(const NodeSet& set, const std::vector<int>& revs) {
  return std::any_of(revs.begin(), revs.end(),
                     [&](int r) { return set[static_cast<size_t>(r)] != 0; });
}

void AddStampStep(const Impl& g, HeadSet& heads, Plan& plan, int rev, Direction dir,
                  const IntDelta& d, std::string reason) {
  if (d.removed.empty() && d.added.empty()) return;
  heads.Apply(d);
  plan.steps.push_back(Step{g.Id(rev), dir, HeadsDelta{g.Ids(d.removed), g.Ids(d.added)},
                            true, std::move(reason)});
}

// One destination of a stamp, as Alembic's StampStep cases.
void StampTo(const Impl& g, const std::vector<int>& from, int dest, HeadSet& heads,
             Plan& plan) {
  const auto up = Direction::kUpgrade;
  const auto down = Direction::kDowngrade;
  if (dest == kNone) {
    for (int h : from) {
      AddStampStep(g, heads, plan, h, down, heads.Stamp({h}, kNone, false, true),
                   "stamp to base");
    }
  } else if (In(from, dest)) {
    return;  // already a row
  } else if (AnyIn(Descendants(g, {dest}, Edges::kAll), from)) {
    AddStampStep(g, heads, plan, dest, down, heads.Stamp(from, dest, false, false),
                 "stamp down to " + g.Id(dest));
  } else if (AnyIn(Ancestors(g, {dest}, Edges::kAll), from)) {
    AddStampStep(g, heads, plan, dest, up, heads.Stamp(from, dest, true, false),
                 "stamp up to " + g.Id(dest));
  } else {
    AddStampStep(g, heads, plan, dest, up, heads.Stamp({}, dest, true, true),
                 "stamp new branch " + g.Id(dest));
  }
}

// "A:B" with either side optional; empty means "base:heads".
Result<std::pair<std::string, std::string>> SplitRange(std::string_view range) {
  if (range.empty()) return std::make_pair(std::string("base"), std::string("heads"));
  std::vector<std::string> parts = util::Split(range, ':');
  if (parts.size() != 2) {
    return Status::Usage("history range '" + std::string(range) +
                         "' must look like START:END, START: or :END");
  }
  if (parts[0].empty()) parts[0] = "base";
  if (parts[1].empty()) parts[1] = "heads";
  return std::make_pair(parts[0], parts[1]);
}

Result<std::vector<int>> HistoryLower(const Impl& g, const Target& t,
                                      const std::vector<int>& rows) {
  if (!t.relative()) return Resolver(g).Many(t.symbol, t.branch);
  LUAMIG_ASSIGN_OR_RETURN(DownTarget dt, DowngradeTarget(g, t, rows));
  return dt.rev < 0 ? std::vector<int>{} : std::vector<int>{dt.rev};
}

Status NotAncestor(const Impl& g, const std::vector<int>& lower,
                   const std::vector<int>& upper, const NodeSet& below_upper) {
  for (int r : lower) {
    if (!below_upper[static_cast<size_t>(r)]) {
      std::vector<std::string> named = g.Ids(upper);
      named.insert(named.begin(), g.Id(r));
      return Status::Usage("revision " + g.Id(r) + " is not an ancestor of " +
                           util::Join(g.Ids(upper), ", "))
          .WithRevisions(named);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Plan> Planner::Upgrade(const std::vector<std::string>& current,
                              std::string_view target) const {
  const Impl& g = *map_.impl_;
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> rows, ResolveRows(g, current));
  LUAMIG_RETURN_IF_ERROR(Overlap(g, rows, "version-table row"));
  LUAMIG_ASSIGN_OR_RETURN(Target t, Target::Parse(target));
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> targets, UpgradeTargets(g, t, rows, true));
  if (t.relative() && targets.empty()) {
    // Only REV-N walking down exactly to base gets here (Alembic: a crash).
    // "upgrade base" does nothing, so a relative target meaning it is a slip.
    Result<int> from = Resolver(g).One(t.symbol, "");
    return Status::Usage("'" + t.DebugString() +
                         "' reaches base; an upgrade to base does nothing")
        .WithRevisions({from.ok() ? g.Id(*from) : t.symbol})
        .WithHint("did you mean downgrade " + t.DebugString() + "?");
  }
  LUAMIG_RETURN_IF_ERROR(Overlap(g, targets, "upgrade target"));
  NodeSet todo =
      Minus(Ancestors(g, targets, Edges::kAll), Ancestors(g, rows, Edges::kAll));
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> order, Ordered(g, todo, targets, true));
  std::reverse(order.begin(),
               order.end());  // Alembic runs the newest-first order reversed
  return RunPlan(g, rows, order, Direction::kUpgrade, targets);
}

Result<Plan> Planner::Downgrade(const std::vector<std::string>& current,
                                std::string_view target) const {
  const Impl& g = *map_.impl_;
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> rows, ResolveRows(g, current));
  LUAMIG_ASSIGN_OR_RETURN(Target t, Target::Parse(target));
  LUAMIG_ASSIGN_OR_RETURN(DownTarget dt, DowngradeTarget(g, t, rows));
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> roots, DowngradeRoots(g, dt));
  NodeSet todo =
      Intersect(Descendants(g, roots, Edges::kAll), Ancestors(g, rows, Edges::kAll));
  if (dt.rev >= 0 && Members(todo).empty() && !In(rows, dt.rev)) {
    std::vector<std::string> named = g.Ids(rows);
    named.insert(named.begin(), g.Id(dt.rev));
    return Status::Usage("downgrade target " + g.Id(dt.rev) +
                         " is not below the current head(s) " +
                         util::Join(g.Ids(rows), ", "))
        .WithRevisions(named)
        .WithHint("downgrade goes only to revisions the database has applied");
  }
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> order, Ordered(g, todo, rows, true));
  std::vector<int> ends;
  if (dt.rev >= 0) ends.push_back(dt.rev);
  LUAMIG_ASSIGN_OR_RETURN(Plan plan,
                          RunPlan(g, rows, order, Direction::kDowngrade, ends));
  if (dt.from_first_row) {
    plan.warnings.push_back(
        "'" + t.DebugString() + "' with several heads (" + util::Join(g.Ids(rows), ", ") +
        ") walks down from " + g.Id(rows[0]) +
        ", the first version-table row; name the branch (LABEL@-N or REV-N) to choose");
  }
  return plan;
}

Result<Plan> Planner::Stamp(const std::vector<std::string>& current,
                            const std::vector<std::string>& targets, bool purge) const {
  const Impl& g = *map_.impl_;
  std::vector<int> rows;
  if (!purge) {
    LUAMIG_ASSIGN_OR_RETURN(rows, ResolveRows(g, current));
  }
  LUAMIG_ASSIGN_OR_RETURN(StampRequest req, ParseStamp(g, targets, rows));
  Plan plan;
  plan.purge = purge;
  plan.heads_before = current;
  HeadSet heads(g, rows);
  for (int dest : req.dests) StampTo(g, req.from, dest, heads, plan);
  plan.heads_after = g.Ids(heads.rows());
  return plan;
}

Result<std::vector<const Revision*>> Planner::History(
    std::string_view range, const std::vector<std::string>& current) const {
  const Impl& g = *map_.impl_;
  LUAMIG_ASSIGN_OR_RETURN(auto sides, SplitRange(range));
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> rows, ResolveRows(g, current));
  LUAMIG_ASSIGN_OR_RETURN(Target lower_t, Target::Parse(sides.first));
  LUAMIG_ASSIGN_OR_RETURN(Target upper_t, Target::Parse(sides.second));
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> lower, HistoryLower(g, lower_t, rows));
  LUAMIG_ASSIGN_OR_RETURN(
      std::vector<int> upper,
      UpgradeTargets(g, upper_t, lower.empty() ? rows : lower, false));
  LUAMIG_RETURN_IF_ERROR(Overlap(g, upper, "history end"));
  NodeSet required = Ancestors(g, upper, Edges::kAll);
  LUAMIG_RETURN_IF_ERROR(NotAncestor(g, lower, upper, required));
  NodeSet todo = Minus(required, Ancestors(g, lower, Edges::kAll));
  for (int r : lower) todo[static_cast<size_t>(r)] = 1;  // the range is inclusive
  if (!lower.empty()) todo = Intersect(todo, Descendants(g, lower, Edges::kVersioned));
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> order, Ordered(g, todo, upper, false));
  std::vector<const Revision*> out;
  for (int r : order) out.push_back(&g.revisions[static_cast<size_t>(r)]);
  return out;
}

}  // namespace luamig::graph
