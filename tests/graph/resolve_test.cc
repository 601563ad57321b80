// SPDX-License-Identifier: MIT
// Target resolution through the planner: prefixes, labels, LABEL@…, heads.
#include <catch2/catch.hpp>

#include "graph/planner.h"
#include "support/graph_builder.h"
#include "support/verify_graph.h"

namespace luamig::graph {
namespace {

using Strings = std::vector<std::string>;
using testing::BuildGraph;

Strings UpgradeRuns(const RevisionMap& map, const std::string& target) {
  auto plan = Planner(map).Upgrade({}, target);
  INFO(target << ": " << plan.status().ToString());
  REQUIRE(plan.ok());
  testing::VerifyPlan(map, *plan);
  Strings out;
  for (const Step& s : plan->steps) out.push_back(s.revision);
  return out;
}

Status UpgradeError(const RevisionMap& map, const std::string& target) {
  auto plan = Planner(map).Upgrade({}, target);
  REQUIRE_FALSE(plan.ok());
  return plan.status();
}

constexpr const char* kLabelled =
    "a1b2; c3d4<-a1b2 @core; e5f6<-c3d4; x9y8 @ext; z7w6<-x9y8";

TEST_CASE("any unique prefix names a revision", "[graph][resolve]") {
  RevisionMap map = BuildGraph(kLabelled);
  CHECK(UpgradeRuns(map, "e") == Strings{"a1b2", "c3d4", "e5f6"});
  CHECK(UpgradeRuns(map, "c3") == Strings{"a1b2", "c3d4"});
}

TEST_CASE("a branch label names its revision", "[graph][resolve]") {
  CHECK(UpgradeRuns(BuildGraph(kLabelled), "core") == Strings{"a1b2", "c3d4"});
}

TEST_CASE("LABEL@head is the head of that branch", "[graph][resolve]") {
  RevisionMap map = BuildGraph(kLabelled);
  CHECK(UpgradeRuns(map, "core@head") == Strings{"a1b2", "c3d4", "e5f6"});
  CHECK(UpgradeRuns(map, "ext@head") == Strings{"x9y8", "z7w6"});
  CHECK(UpgradeRuns(map, "ext@heads") == Strings{"x9y8", "z7w6"});
}

TEST_CASE("LABEL@REV accepts a prefix within the branch only", "[graph][resolve]") {
  RevisionMap map = BuildGraph(kLabelled);
  CHECK(UpgradeRuns(map, "core@e5") == Strings{"a1b2", "c3d4", "e5f6"});
  Status outside = UpgradeError(map, "core@z7");
  CHECK(outside.code() == StatusCode::kUsage);
  CHECK(outside.revisions() == Strings{"z7w6", "c3d4"});
}

TEST_CASE("LABEL@+N starts from base when the branch has no row", "[graph][resolve]") {
  CHECK(UpgradeRuns(BuildGraph(kLabelled), "ext@+1") == Strings{"x9y8"});
}

TEST_CASE("head with several heads lists them", "[graph][resolve][errors]") {
  Status s = UpgradeError(BuildGraph(kLabelled), "head");
  CHECK(s.revisions() == Strings{"e5f6", "z7w6"});
  CHECK(s.hint().find("heads") != std::string::npos);
}

TEST_CASE("LABEL@head with a fork inside the branch lists its heads",
          "[graph][resolve][errors]") {
  Status s = UpgradeError(BuildGraph("a @l; b<-a; c<-a"), "l@head");
  CHECK(s.revisions() == Strings{"b", "c"});
}

TEST_CASE("an unknown branch label is named", "[graph][resolve][errors]") {
  Status s = UpgradeError(BuildGraph(kLabelled), "cor@head");
  CHECK(s.code() == StatusCode::kUsage);
  CHECK(s.message().find("did you mean 'core'") != std::string::npos);
}

TEST_CASE("a prefix shared by two revisions lists both", "[graph][resolve][errors]") {
  Status s = UpgradeError(BuildGraph("abc1; abc2<-abc1"), "abc");
  CHECK(s.revisions() == Strings{"abc1", "abc2"});
}

}  // namespace
}  // namespace luamig::graph
