// SPDX-License-Identifier: MIT
// Invariant checks run on every plan a graph test makes.
#ifndef LUAMIG_TESTS_SUPPORT_VERIFY_GRAPH_H_
#define LUAMIG_TESTS_SUPPORT_VERIFY_GRAPH_H_

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "graph/plan.h"
#include "graph/revision_map.h"

namespace luamig::testing {

/// Direct requirements of `rev`: down_revisions and depends_on (labels → ids).
inline std::vector<std::string> Requirements(const graph::RevisionMap& map,
                                             const graph::Revision& rev) {
  std::vector<std::string> out = rev.down_revisions;
  for (const std::string& dep : rev.depends_on) {
    auto r = map.Lookup(dep);
    REQUIRE(r.ok());
    out.push_back((*r)->id);
  }
  return out;
}

/// Every revision at or below `heads`, dependencies included: what is applied.
inline std::set<std::string> Applied(const graph::RevisionMap& map,
                                     const std::set<std::string>& heads) {
  std::set<std::string> seen;
  std::vector<std::string> todo(heads.begin(), heads.end());
  while (!todo.empty()) {
    std::string id = todo.back();
    todo.pop_back();
    if (!seen.insert(id).second) continue;
    const graph::Revision* rev = map.Find(id);
    REQUIRE(rev != nullptr);
    for (const std::string& r : Requirements(map, *rev)) todo.push_back(r);
  }
  return seen;
}

inline void VerifyStepOrder(const graph::RevisionMap& map, const graph::Step& step,
                            const std::set<std::string>& applied_before,
                            const std::set<std::string>& applied_after) {
  INFO("step " << step.DebugString());
  const graph::Revision* rev = map.Find(step.revision);
  REQUIRE(rev != nullptr);
  if (step.direction == graph::Direction::kUpgrade) {
    for (const std::string& r : Requirements(map, *rev))
      CHECK(applied_before.count(r) == 1);
    CHECK(applied_before.count(step.revision) == 0);
    CHECK(applied_after.count(step.revision) == 1);
  } else {
    CHECK(applied_before.count(step.revision) == 1);
    CHECK(applied_after.count(step.revision) == 0);
    CHECK(std::find(step.delta.removed.begin(), step.delta.removed.end(),
                    step.revision) != step.delta.removed.end());
  }
}

/// Checks: each removed id is a row when its step runs and each added id is
/// not; applying the deltas in order to heads_before (or to an empty table for
/// a purge) gives heads_after; script steps never run a revision before its
/// down revisions and dependencies, never downgrade one that is not applied,
/// and never touch a revision twice; the final rows are not redundant.
inline void VerifyPlan(const graph::RevisionMap& map, const graph::Plan& plan) {
  INFO("plan:\n" << plan.DebugString());
  std::set<std::string> heads;
  if (!plan.purge) heads.insert(plan.heads_before.begin(), plan.heads_before.end());
  CHECK(heads.size() == (plan.purge ? 0 : plan.heads_before.size()));
  std::set<std::string> ran;
  for (const graph::Step& step : plan.steps) {
    INFO("step " << step.DebugString());
    std::set<std::string> before = Applied(map, heads);
    for (const std::string& r : step.delta.removed) CHECK(heads.erase(r) == 1);
    for (const std::string& a : step.delta.added) CHECK(heads.insert(a).second);
    if (!step.stamp_only) {
      CHECK(ran.insert(step.revision).second);
      VerifyStepOrder(map, step, before, Applied(map, heads));
    }
  }
  CHECK(heads == std::set<std::string>(plan.heads_after.begin(), plan.heads_after.end()));
  CHECK(plan.heads_after.size() == heads.size());
  for (const std::string& h : heads) {
    std::set<std::string> others = heads;
    others.erase(h);
    CHECK(Applied(map, others).count(h) == 0);
  }
}

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_VERIFY_GRAPH_H_
