// SPDX-License-Identifier: MIT
#include "graph/walk.h"

#include <algorithm>

namespace luamig::graph {
namespace {

using Impl = RevisionMap::Impl;

const std::vector<int>& Down(const Impl::Node& n, Edges e) {
  return e == Edges::kVersioned ? n.down : n.all_down;
}

const std::vector<int>& Up(const Impl::Node& n, Edges e) {
  return e == Edges::kVersioned ? n.next : n.all_next;
}

// Everything reachable from `from` through `next`, staying inside `within`
// when it is given.
template <typename NextFn>
NodeSet Closure(const Impl& g, const std::vector<int>& from, NextFn next,
                const NodeSet* within = nullptr) {
  NodeSet seen(static_cast<size_t>(g.size()), 0);
  std::vector<int> todo;
  for (int r : from) {
    if (r >= 0) todo.push_back(r);
  }
  while (!todo.empty()) {
    int r = todo.back();
    todo.pop_back();
    if (seen[static_cast<size_t>(r)]) continue;
    if (within && !(*within)[static_cast<size_t>(r)]) continue;
    seen[static_cast<size_t>(r)] = 1;
    for (int n : next(g.node(r))) todo.push_back(n);
  }
  return seen;
}

bool Contains(const NodeSet& set, int r) { return set[static_cast<size_t>(r)] != 0; }

// The per-branch state of the topological walk: pending heads and, for each,
// the set of its ancestors (itself included).
struct Branches {
  std::vector<int> heads;
  std::vector<NodeSet> ancestors;
  const NodeSet* within = nullptr;  // prune ancestor walks to this set

  NodeSet Below(const Impl& g, int head) const {
    return Closure(
        g, {head},
        [](const Impl::Node& n) -> const std::vector<int>& { return n.all_down; },
        within);
  }

  // The first slot other than `slot` whose ancestors include `rev`, or -1.
  int Claimant(size_t slot, int rev) const {
    for (size_t i = 0; i < heads.size(); ++i) {
      if (i != slot && Contains(ancestors[i], rev)) return static_cast<int>(i);
    }
    return -1;
  }
  bool IsHead(int rev) const {
    return std::find(heads.begin(), heads.end(), rev) != heads.end();
  }
};

// Replaces the head at `slot` after `cand` was emitted; returns the next slot.
size_t Advance(const Impl& g, const NodeSet& todo, Branches& b, size_t slot, int cand) {
  const Impl::Node& n = g.node(cand);
  std::vector<int> add;
  for (int r : n.norm_down) {
    if (Contains(todo, r) && !b.IsHead(r)) add.push_back(r);
  }
  if (add.empty()) {
    b.heads.erase(b.heads.begin() + static_cast<long>(slot));
    b.ancestors.erase(b.ancestors.begin() + static_cast<long>(slot));
    return slot > 0 ? slot - 1 : 0;
  }
  b.heads[slot] = add[0];
  if (n.norm_deps.empty() && n.down.size() == 1) {
    b.ancestors[slot][static_cast<size_t>(cand)] = 0;  // plain move down a line
    return slot;
  }
  b.ancestors[slot] = b.Below(g, add[0]);
  for (size_t i = 1; i < add.size(); ++i) {
    b.heads.push_back(add[i]);
    b.ancestors.push_back(b.Below(g, add[i]));
  }
  return slot;
}

}  // namespace

NodeSet Ancestors(const Impl& g, const std::vector<int>& from, Edges edges) {
  return Closure(g, from, [edges](const Impl::Node& n) -> const std::vector<int>& {
    return Down(n, edges);
  });
}

NodeSet Descendants(const Impl& g, const std::vector<int>& from, Edges edges) {
  return Closure(g, from, [edges](const Impl::Node& n) -> const std::vector<int>& {
    return Up(n, edges);
  });
}

std::vector<int> Members(const NodeSet& set) {
  std::vector<int> out;
  for (size_t i = 0; i < set.size(); ++i) {
    if (set[i]) out.push_back(static_cast<int>(i));
  }
  return out;
}

int FirstOverlap(const Impl& g, const std::vector<int>& revs) {
  std::vector<int> parents;
  for (int r : revs) {
    if (r < 0) continue;
    const auto& down = g.node(r).all_down;
    parents.insert(parents.end(), down.begin(), down.end());
  }
  NodeSet below = Ancestors(g, parents, Edges::kAll);
  for (int r : revs) {
    if (r >= 0 && Contains(below, r)) return r;
  }
  return -1;
}

std::vector<int> TopologicalOrder(const Impl& g, NodeSet todo,
                                  const std::vector<int>& seeds, bool prune) {
  const NodeSet initial = prune ? todo : NodeSet();
  Branches b;
  if (prune) b.within = &initial;
  for (int s : seeds) {
    if (s >= 0 && Contains(todo, s) && !b.IsHead(s)) b.heads.push_back(s);
  }
  std::sort(b.heads.begin(), b.heads.end());  // load order
  for (int h : b.heads) b.ancestors.push_back(b.Below(g, h));
  std::vector<int> out;
  size_t slot = 0;
  while (!b.heads.empty()) {
    int cand = b.heads[slot];
    int claimant = b.Claimant(slot, cand);
    if (claimant >= 0) {
      slot = static_cast<size_t>(claimant);
      continue;
    }
    if (Contains(todo, cand)) {
      out.push_back(cand);
      todo[static_cast<size_t>(cand)] = 0;
    }
    slot = Advance(g, todo, b, slot, cand);
  }
  return out;
}

}  // namespace luamig::graph
