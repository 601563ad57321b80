// SPDX-License-Identifier: MIT
#include "graph/resolver.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "util/edit_distance.h"
#include "util/strings.h"

namespace luamig::graph {
namespace {

bool Shares(const RevisionMap::Impl& g, int rev, int against, Edges edges) {
  NodeSet anc = Ancestors(g, {against}, edges);
  if (anc[static_cast<size_t>(rev)]) return true;
  return Descendants(g, {against}, edges)[static_cast<size_t>(rev)] != 0;
}

}  // namespace

int Resolver::Exact(std::string_view id) const {
  std::string key(id);
  if (auto it = g_.by_id.find(key); it != g_.by_id.end()) return it->second;
  if (auto it = g_.by_label.find(key); it != g_.by_label.end()) return it->second;
  return kNone;
}

std::vector<int> Resolver::PrefixMatches(std::string_view prefix) const {
  std::vector<int> out;
  auto it = std::lower_bound(g_.sorted_ids.begin(), g_.sorted_ids.end(), prefix,
                             [](const std::pair<std::string, int>& e,
                                std::string_view p) { return e.first < p; });
  for (; it != g_.sorted_ids.end() && util::StartsWith(it->first, prefix); ++it) {
    out.push_back(it->second);
  }
  std::sort(out.begin(), out.end());  // load order
  return out;
}

Result<int> Resolver::ByPrefix(std::string_view id, std::string_view branch) const {
  std::vector<int> found = PrefixMatches(id);
  if (!branch.empty() && found.size() > 1) {
    // Only candidates on the branch count; with none left, report them all.
    LUAMIG_ASSIGN_OR_RETURN(std::vector<int> on,
                            InLineage(found, branch, Edges::kVersioned));
    if (!on.empty()) found = on;
  }
  if (found.empty()) {
    // A target may also be a keyword: "haed" means "head".
    std::vector<std::string> names = g_.AllNames();
    names.insert(names.end(), {"head", "heads", "base"});
    return Status::Usage("no revision or branch label '" + std::string(id) + "'" +
                         util::DidYouMean(id, names))
        .WithRevisions({std::string(id)});
  }
  if (found.size() > 1) {
    return Status::Usage("revision prefix '" + std::string(id) +
                         "' is ambiguous: " + util::Join(g_.Ids(found), ", "))
        .WithRevisions(g_.Ids(found))
        .WithHint("give more characters of the revision id");
  }
  return found[0];
}

Result<int> Resolver::Ident(std::string_view id, std::string_view branch) const {
  int branch_rev = kNone;
  if (!branch.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(branch_rev, Branch(branch));
  }
  int r = Exact(id);
  if (r == kNone) {
    LUAMIG_ASSIGN_OR_RETURN(r, ByPrefix(id, branch));
  }
  if (branch_rev != kNone && !Shares(g_, r, branch_rev, Edges::kVersioned)) {
    return Status::Usage("revision " + g_.Id(r) + " is not a member of branch '" +
                         std::string(branch) + "'")
        .WithRevisions({g_.Id(r), g_.Id(branch_rev)});
  }
  return r;
}

Result<int> Resolver::Branch(std::string_view label) const {
  if (auto it = g_.by_label.find(std::string(label)); it != g_.by_label.end()) {
    return it->second;
  }
  Result<int> r = Ident(label, "");
  if (r.ok()) return r;
  Status s = r.status();
  return Status::Usage("no branch label or revision '" + std::string(label) + "'" +
                       util::DidYouMean(label, g_.AllNames()))
      .WithRevisions(s.revisions())
      .WithHint(s.hint());
}

Result<std::vector<int>> Resolver::InLineage(const std::vector<int>& revs,
                                             std::string_view label, Edges edges) const {
  LUAMIG_ASSIGN_OR_RETURN(int b, Branch(label));
  NodeSet anc = Ancestors(g_, {b}, edges);
  NodeSet desc = Descendants(g_, {b}, edges);
  std::vector<int> out;
  for (int r : revs) {
    if (r >= 0 && (anc[static_cast<size_t>(r)] || desc[static_cast<size_t>(r)])) {
      out.push_back(r);
    }
  }
  return out;
}

Status Resolver::MultipleHeads(const std::vector<int>& heads,
                               std::string_view asked) const {
  return Status::Usage("'" + std::string(asked) +
                       "' is ambiguous: there are multiple heads: " +
                       util::Join(g_.Ids(heads), ", "))
      .WithRevisions(g_.Ids(heads))
      .WithHint(
          "use 'heads' for all of them, LABEL@head for one branch, or a revision id");
}

Result<int> Resolver::CurrentHead(std::string_view branch) const {
  std::vector<int> heads = g_.heads;
  if (!branch.empty()) {
    LUAMIG_ASSIGN_OR_RETURN(heads, InLineage(heads, branch, Edges::kVersioned));
  }
  if (heads.size() > 1) {
    return MultipleHeads(heads, branch.empty() ? "head" : std::string(branch) + "@head");
  }
  return heads.empty() ? kNone : heads[0];
}

Result<std::vector<int>> Resolver::Many(std::string_view symbol,
                                        std::string_view branch) const {
  if (symbol == "base") {
    if (!branch.empty()) LUAMIG_RETURN_IF_ERROR(Branch(branch).status());
    return std::vector<int>{};
  }
  if (symbol == "heads") {
    if (branch.empty()) return g_.real_heads;
    return InLineage(g_.heads, branch, Edges::kVersioned);
  }
  if (symbol == "head") {
    LUAMIG_ASSIGN_OR_RETURN(int h, CurrentHead(branch));
    return h == kNone ? std::vector<int>{} : std::vector<int>{h};
  }
  LUAMIG_ASSIGN_OR_RETURN(int r, Ident(symbol, branch));
  return std::vector<int>{r};
}

Result<int> Resolver::One(std::string_view symbol, std::string_view branch) const {
  LUAMIG_ASSIGN_OR_RETURN(std::vector<int> revs, Many(symbol, branch));
  if (revs.size() > 1) return MultipleHeads(revs, symbol);
  return revs.empty() ? kNone : revs[0];
}

// The candidates one step away from `from` (Alembic _walk's loop body).
Result<std::vector<int>> Resolver::WalkStep(int from, bool up,
                                            std::string_view branch) const {
  if (up) {
    std::vector<int> next = from < 0 ? g_.bases : g_.node(from).next;
    if (branch.empty()) return next;
    return InLineage(next, branch, Edges::kVersioned);
  }
  if (from == kBaseMark) return std::vector<int>{};
  std::vector<int> down = from == kNone ? g_.heads : g_.node(from).down;
  if (down.empty()) return std::vector<int>{kBaseMark};
  return down;
}

Result<int> Resolver::Walk(int start, int steps, std::string_view branch,
                           bool no_overwalk) const {
  int cur = start;
  for (int i = 0; i < std::abs(steps); ++i) {
    LUAMIG_ASSIGN_OR_RETURN(std::vector<int> next, WalkStep(cur, steps > 0, branch));
    if (next.empty()) return no_overwalk ? kNone : cur;
    if (next.size() > 1) {
      return Status::Usage("relative target is ambiguous: the walk reaches a fork at " +
                           util::Join(g_.Ids(next), ", "))
          .WithRevisions(g_.Ids(next))
          .WithHint("name the branch with LABEL@+N or start from a revision id");
    }
    cur = next[0];
  }
  return cur;
}

}  // namespace luamig::graph
