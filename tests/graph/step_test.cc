// SPDX-License-Identifier: MIT
// The HeadsDelta of each step kind, as Alembic's HeadMaintainer would change
// the version table (checked against Alembic 1.8.1).
#include <catch2/catch.hpp>

#include "graph/planner.h"
#include "support/graph_builder.h"
#include "support/verify_graph.h"

namespace luamig::graph {
namespace {

using Strings = std::vector<std::string>;
using testing::BuildGraph;

Step OnlyStep(const RevisionMap& map, const Result<Plan>& plan) {
  INFO(plan.status().ToString());
  REQUIRE(plan.ok());
  testing::VerifyPlan(map, *plan);
  REQUIRE(plan->steps.size() == 1);
  return plan->steps[0];
}

TEST_CASE("the first revision of a branch inserts a row", "[graph][step]") {
  RevisionMap map = BuildGraph("a; b<-a; x");
  Step s = OnlyStep(map, Planner(map).Upgrade({"b"}, "x"));
  CHECK(s.delta.removed.empty());
  CHECK(s.delta.added == Strings{"x"});
  CHECK(s.direction == Direction::kUpgrade);
  CHECK_FALSE(s.stamp_only);
}

TEST_CASE("a plain step updates its parent's row", "[graph][step]") {
  RevisionMap map = BuildGraph("a; b<-a");
  Step up = OnlyStep(map, Planner(map).Upgrade({"a"}, "b"));
  CHECK(up.delta.removed == Strings{"a"});
  CHECK(up.delta.added == Strings{"b"});
  Step down = OnlyStep(map, Planner(map).Downgrade({"b"}, "a"));
  CHECK(down.delta.removed == Strings{"b"});
  CHECK(down.delta.added == Strings{"a"});
  CHECK(down.direction == Direction::kDowngrade);
  CHECK(down.DebugString() == "down b: {b} -> {a}");
}

TEST_CASE("downgrading a base deletes its row", "[graph][step]") {
  RevisionMap map = BuildGraph("a; x");
  Step s = OnlyStep(map, Planner(map).Downgrade({"a", "x"}, "x@base"));
  CHECK(s.revision == "x");
  CHECK(s.delta.removed == Strings{"x"});
  CHECK(s.delta.added.empty());
}

TEST_CASE("downgrading a branch whose parent is below another row deletes it",
          "[graph][step]") {
  RevisionMap map = BuildGraph("a; b<-a; c1<-b; c2<-b; d2<-c2");
  Step s = OnlyStep(map, Planner(map).Downgrade({"c1", "d2"}, "c1@b"));
  CHECK(s.revision == "c1");
  CHECK(s.delta.removed == Strings{"c1"});
  CHECK(s.delta.added.empty());
}

TEST_CASE("a merge replaces the rows of its parents", "[graph][step]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-a; m<-b,c");
  Step s = OnlyStep(map, Planner(map).Upgrade({"b", "c"}, "m"));
  CHECK(s.delta.removed == Strings{"b", "c"});
  CHECK(s.delta.added == Strings{"m"});
}

TEST_CASE("a merge with one parent applied updates that row", "[graph][step]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-a; m<-b,c");
  auto plan = Planner(map).Upgrade({"b"}, "m");
  REQUIRE(plan.ok());
  testing::VerifyPlan(map, *plan);
  REQUIRE(plan->steps.size() == 2);
  CHECK(plan->steps[0].DebugString() == "up c: {} -> {c}");
  CHECK(plan->steps[1].DebugString() == "up m: {b, c} -> {m}");
}

TEST_CASE("downgrading a merge unmerges into its parents", "[graph][step]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-a; m<-b,c");
  Step s = OnlyStep(map, Planner(map).Downgrade({"m"}, "b"));
  CHECK(s.delta.removed == Strings{"m"});
  CHECK(s.delta.added == Strings{"b", "c"});
}

TEST_CASE("a dependency row is folded into its dependent", "[graph][step]") {
  RevisionMap map = BuildGraph("a; x; y<-x ~a");
  Step s = OnlyStep(map, Planner(map).Upgrade({"a", "x"}, "y"));
  CHECK(s.delta.removed == Strings{"x", "a"});
  CHECK(s.delta.added == Strings{"y"});
}

TEST_CASE("a step carries why it is in the plan", "[graph][step]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-b");
  auto up = Planner(map).Upgrade({}, "b");
  REQUIRE(up.ok());
  CHECK(up->steps[0].reason == "below upgrade target b");
  CHECK(up->steps[1].reason == "upgrade target");
  auto down = Planner(map).Downgrade({"c"}, "a");
  REQUIRE(down.ok());
  CHECK(down->steps[0].reason == "above downgrade target a");
}

TEST_CASE("an unmerge turns the merge's row into its last parent", "[graph][step]") {
  // Alembic 1.8.1: `upgrade m; downgrade b` leaves the rows [d, b, c].
  RevisionMap map = BuildGraph("a; b<-a; c<-a; d<-a; m<-b,c,d");
  Plan plan = *Planner(map).Downgrade({"m"}, "b");
  testing::VerifyPlan(map, plan);
  REQUIRE(plan.steps.size() == 1);
  CHECK(plan.steps[0].DebugString() == "down m: {m} -> {b, c, d}");
  CHECK(plan.heads_after == Strings{"d", "b", "c"});
}

TEST_CASE("a merge keeps the row of its last parent in place", "[graph][step]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-a; m<-b,c; x");
  Plan c_first = *Planner(map).Upgrade({"c", "x", "b"}, "m");
  CHECK(c_first.steps[0].DebugString() == "up m: {b, c} -> {m}");
  CHECK(c_first.heads_after == Strings{"m", "x"});
  Plan b_first = *Planner(map).Upgrade({"b", "x", "c"}, "m");
  CHECK(b_first.heads_after == Strings{"x", "m"});
}

TEST_CASE("new rows go after the rows that stay", "[graph][step]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-a; x");
  CHECK(Planner(map).Upgrade({"c"}, "b")->heads_after == Strings{"c", "b"});
  CHECK(Planner(map).Upgrade({"x", "b"}, "c")->heads_after == Strings{"x", "b", "c"});
  CHECK(Planner(map).Upgrade({"b", "x"}, "c")->heads_after == Strings{"b", "x", "c"});
}

}  // namespace
}  // namespace luamig::graph
