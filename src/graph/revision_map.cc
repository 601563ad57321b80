// SPDX-License-Identifier: MIT
#include "graph/revision_map.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "graph/destination.h"
#include "graph/resolver.h"
#include "graph/revision_map_impl.h"
#include "graph/walk.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace luamig::graph {
namespace {

using Impl = RevisionMap::Impl;

std::vector<int> Dedupe(std::vector<int> revs) {
  std::vector<int> out;
  for (int r : revs) {
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  }
  return out;
}

std::vector<int> Concat(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return Dedupe(std::move(out));
}

Status IndexIds(Impl& g) {
  for (size_t i = 0; i < g.revisions.size(); ++i) {
    const Revision& r = g.revisions[i];
    auto [it, inserted] = g.by_id.emplace(r.id, static_cast<int>(i));
    if (!inserted) {
      const Revision& first = g.revisions[static_cast<size_t>(it->second)];
      return Status::Project("revision " + r.id + " is defined more than once")
          .WithRevisions({r.id})
          .WithHint("defined in '" + first.source + "' and in '" + r.source + "'");
    }
    g.sorted_ids.emplace_back(r.id, static_cast<int>(i));
  }
  std::sort(g.sorted_ids.begin(), g.sorted_ids.end());
  return Status::Ok();
}

// A label may name one revision only, and never shadow a revision id.
Status IndexLabels(Impl& g) {
  for (size_t i = 0; i < g.revisions.size(); ++i) {
    const Revision& r = g.revisions[i];
    for (const std::string& label : r.branch_labels) {
      if (auto id = g.by_id.find(label); id != g.by_id.end()) {
        return Status::Project("branch label '" + label + "' of revision " + r.id +
                               " is also a revision id")
            .WithRevisions({r.id, label});
      }
      auto [it, inserted] = g.by_label.emplace(label, static_cast<int>(i));
      if (!inserted && it->second != static_cast<int>(i)) {
        return Status::Project("branch label '" + label + "' is used by revisions " +
                               g.Id(it->second) + " and " + r.id)
            .WithRevisions({g.Id(it->second), r.id});
      }
    }
  }
  return Status::Ok();
}

Status LinkDown(Impl& g) {
  for (size_t i = 0; i < g.revisions.size(); ++i) {
    const Revision& r = g.revisions[i];
    for (const std::string& down : r.down_revisions) {
      auto it = g.by_id.find(down);
      if (it == g.by_id.end()) {
        return Status::Project("revision " + r.id + " has down_revision " + down +
                               ", which does not exist" +
                               util::DidYouMean(down, g.AllNames()))
            .WithRevisions({r.id, down})
            .WithFile(r.source);
      }
      g.nodes[i].down.push_back(it->second);
    }
    g.nodes[i].down = Dedupe(g.nodes[i].down);
  }
  return Status::Ok();
}

int FindIdOrLabel(const Impl& g, const std::string& name) {
  if (auto it = g.by_id.find(name); it != g.by_id.end()) return it->second;
  if (auto it = g.by_label.find(name); it != g.by_label.end()) return it->second;
  return -1;
}

// depends_on names a revision id or a branch label (the labelled revision).
Status LinkDeps(Impl& g) {
  for (size_t i = 0; i < g.revisions.size(); ++i) {
    const Revision& r = g.revisions[i];
    for (const std::string& dep : r.depends_on) {
      int target = FindIdOrLabel(g, dep);
      if (target < 0) {
        return Status::Project("revision " + r.id + " depends on " + dep +
                               ", which is neither a revision nor a branch label" +
                               util::DidYouMean(dep, g.AllNames()))
            .WithRevisions({r.id, dep})
            .WithFile(r.source);
      }
      g.nodes[i].deps.push_back(target);
    }
    g.nodes[i].deps = Dedupe(g.nodes[i].deps);
    g.nodes[i].all_down = Concat(g.nodes[i].down, g.nodes[i].deps);
  }
  return Status::Ok();
}

void LinkChildren(Impl& g) {
  for (int i = 0; i < g.size(); ++i) {
    for (int d : g.node(i).all_down)
      g.nodes[static_cast<size_t>(d)].all_next.push_back(i);
    for (int d : g.node(i).down) g.nodes[static_cast<size_t>(d)].next.push_back(i);
  }
}

// Removes, repeatedly, members of `left` with no remaining edge in `dir`.
void Peel(const Impl& g, NodeSet& left, bool upward) {
  auto edges = [&](int r) -> const std::vector<int>& {
    return upward ? g.node(r).all_down : g.node(r).all_next;
  };
  auto back = [&](int r) -> const std::vector<int>& {
    return upward ? g.node(r).all_next : g.node(r).all_down;
  };
  std::vector<size_t> pending(g.nodes.size(), 0);
  std::vector<int> ready;
  for (int r : Members(left)) {
    for (int e : edges(r))
      pending[static_cast<size_t>(r)] += left[static_cast<size_t>(e)];
    if (pending[static_cast<size_t>(r)] == 0) ready.push_back(r);
  }
  while (!ready.empty()) {
    int r = ready.back();
    ready.pop_back();
    left[static_cast<size_t>(r)] = 0;
    for (int c : back(r)) {
      if (left[static_cast<size_t>(c)] && --pending[static_cast<size_t>(c)] == 0) {
        ready.push_back(c);
      }
    }
  }
}

// Peels from the bases up, then from the heads down: what is left lies on a
// cycle or between two cycles.
std::vector<int> CycleMembers(const Impl& g) {
  NodeSet left(g.nodes.size(), 1);
  Peel(g, left, true);
  Peel(g, left, false);
  return Members(left);
}

Status CheckCycles(const Impl& g) {
  std::vector<int> members = CycleMembers(g);
  if (members.empty()) return Status::Ok();
  return Status::Project("the revision graph has a cycle through " +
                         util::Join(g.Ids(members), ", "))
      .WithRevisions(g.Ids(members));
}

// Alembic's _normalize_depends_on: drop dependencies that an ancestor (through
// down_revisions) already declares. Kept in written order (Alembic keeps them
// in a set, whose order is arbitrary).
void NormalizeDeps(Impl& g) {
  for (int i = 0; i < g.size(); ++i) {
    Impl::Node& n = g.nodes[static_cast<size_t>(i)];
    if (!n.deps.empty()) {
      std::unordered_set<int> implied;
      NodeSet below = Ancestors(g, n.down, Edges::kVersioned);
      for (int a : Members(below)) {
        for (int d : g.node(a).deps) implied.insert(d);
      }
      for (int d : n.deps) {
        if (!implied.count(d)) n.norm_deps.push_back(d);
      }
    }
    n.norm_down = Concat(n.down, n.norm_deps);
  }
}

void FindEnds(Impl& g) {
  for (int i = 0; i < g.size(); ++i) {
    if (g.node(i).next.empty()) g.heads.push_back(i);
    if (g.node(i).all_next.empty()) g.real_heads.push_back(i);
    if (g.node(i).down.empty()) g.bases.push_back(i);
  }
}

}  // namespace

std::vector<std::string> Impl::Ids(const std::vector<int>& revs) const {
  std::vector<std::string> out;
  out.reserve(revs.size());
  for (int r : revs) out.push_back(Id(r));
  return out;
}

std::vector<std::string> Impl::AllNames() const {
  std::vector<std::string> out;
  for (const Revision& r : revisions) {
    out.push_back(r.id);
    out.insert(out.end(), r.branch_labels.begin(), r.branch_labels.end());
  }
  return out;
}

Result<RevisionMap> RevisionMap::Build(std::vector<Revision> revisions) {
  auto g = std::make_shared<Impl>();
  g->revisions = std::move(revisions);
  g->nodes.resize(g->revisions.size());
  LUAMIG_RETURN_IF_ERROR(IndexIds(*g));
  LUAMIG_RETURN_IF_ERROR(IndexLabels(*g));
  LUAMIG_RETURN_IF_ERROR(LinkDown(*g));
  LUAMIG_RETURN_IF_ERROR(LinkDeps(*g));
  LinkChildren(*g);
  LUAMIG_RETURN_IF_ERROR(CheckCycles(*g));
  NormalizeDeps(*g);
  FindEnds(*g);
  return RevisionMap(std::shared_ptr<const Impl>(std::move(g)));
}

RevisionMap::RevisionMap() : impl_(std::make_shared<Impl>()) {}
RevisionMap::RevisionMap(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
RevisionMap::~RevisionMap() = default;
RevisionMap::RevisionMap(const RevisionMap&) = default;
RevisionMap& RevisionMap::operator=(const RevisionMap&) = default;

const Revision* RevisionMap::Find(std::string_view id) const {
  auto it = impl_->by_id.find(std::string(id));
  return it == impl_->by_id.end() ? nullptr
                                  : &impl_->revisions[static_cast<size_t>(it->second)];
}

Result<const Revision*> RevisionMap::Lookup(std::string_view id_or_prefix) const {
  LUAMIG_ASSIGN_OR_RETURN(int r, Resolver(*impl_).Ident(id_or_prefix, ""));
  return &impl_->revisions[static_cast<size_t>(r)];
}

const std::vector<Revision>& RevisionMap::revisions() const { return impl_->revisions; }
std::vector<std::string> RevisionMap::Heads() const { return impl_->Ids(impl_->heads); }
std::vector<std::string> RevisionMap::Bases() const { return impl_->Ids(impl_->bases); }

std::vector<std::string> RevisionMap::BranchPoints() const {
  std::vector<int> out;
  for (int i = 0; i < impl_->size(); ++i) {
    if (impl_->node(i).next.size() > 1) out.push_back(i);
  }
  return impl_->Ids(out);
}

Result<std::string> RevisionMap::SingleHead() const {
  Result<int> r = Resolver(*impl_).CurrentHead("");
  if (!r.ok()) {
    Status s = r.status();
    return Status::Project(s.message()).WithRevisions(s.revisions()).WithHint(s.hint());
  }
  if (*r < 0) return Status::Project("there are no revisions yet");
  return impl_->Id(*r);
}

std::vector<std::string> RevisionMap::Children(std::string_view id) const {
  auto it = impl_->by_id.find(std::string(id));
  if (it == impl_->by_id.end()) return {};
  return impl_->Ids(impl_->node(it->second).next);
}

std::vector<std::string> RevisionMap::Dependents(std::string_view id) const {
  auto it = impl_->by_id.find(std::string(id));
  if (it == impl_->by_id.end()) return {};
  const Impl::Node& n = impl_->node(it->second);
  std::vector<int> out;
  for (int c : n.all_next) {
    if (std::find(n.next.begin(), n.next.end(), c) == n.next.end() &&
        std::find(out.begin(), out.end(), c) == out.end())
      out.push_back(c);
  }
  return impl_->Ids(out);
}

std::vector<std::string> RevisionMap::AppliedTips(
    const std::vector<std::string>& rows) const {
  std::vector<int> known;
  for (const std::string& row : rows) {
    auto it = impl_->by_id.find(row);
    if (it != impl_->by_id.end()) known.push_back(it->second);
  }
  return impl_->Ids(graph::AppliedTips(*impl_, known));
}

std::string RevisionMap::DebugString() const {
  std::string out = "heads: " + util::Join(Heads(), ", ") + "\n";
  for (const Revision& r : impl_->revisions) out += r.DebugString() + "\n";
  return out;
}

}  // namespace luamig::graph
