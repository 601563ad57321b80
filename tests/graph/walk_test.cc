// SPDX-License-Identifier: MIT
// Alembic-compatible topological order on shaped graphs, seen through
// history (newest first) and upgrade (oldest first). Every expectation was
// produced by Alembic 1.8.1 on the same graph in the same load order.
#include <catch2/catch.hpp>

#include "graph/planner.h"
#include "support/graph_builder.h"
#include "support/verify_graph.h"

namespace luamig::graph {
namespace {

using Strings = std::vector<std::string>;
using testing::BuildGraph;

Strings History(const std::string& graph) {
  RevisionMap map = BuildGraph(graph);
  auto revs = Planner(map).History("", {});
  INFO(revs.status().ToString());
  REQUIRE(revs.ok());
  Strings out;
  for (const Revision* r : *revs) out.push_back(r->id);
  return out;
}

Strings Order(const std::string& graph, const Strings& current, const std::string& target,
              bool up) {
  RevisionMap map = BuildGraph(graph);
  Planner planner(map);
  auto plan = up ? planner.Upgrade(current, target) : planner.Downgrade(current, target);
  INFO(plan.status().ToString());
  REQUIRE(plan.ok());
  testing::VerifyPlan(map, *plan);
  Strings out;
  for (const Step& s : plan->steps) out.push_back(s.revision);
  return out;
}

TEST_CASE("a diamond lists the first-loaded parent's side first regardless of load order",
          "[graph][walk]") {
  CHECK(History("a; b<-a; c1<-b; c2<-b; d<-c1,c2") == Strings{"d", "c1", "c2", "b", "a"});
  CHECK(History("a; b<-a; c2<-b; c1<-b; d<-c1,c2") == Strings{"d", "c1", "c2", "b", "a"});
}

TEST_CASE("independent histories are listed head by head in load order",
          "[graph][walk]") {
  CHECK(History("x; a; y<-x; b<-a") == Strings{"y", "x", "b", "a"});
}

TEST_CASE("a merge walks its down revisions in written order", "[graph][walk]") {
  CHECK(History("a; b<-a; c<-b; s1<-a; s2<-s1; m<-c,s2") ==
        Strings{"m", "c", "b", "s2", "s1", "a"});
  CHECK(History("a; b<-a; c<-b; s1<-a; s2<-s1; m<-s2,c") ==
        Strings{"m", "s2", "s1", "c", "b", "a"});
  CHECK(History("r; a<-r; b<-r; c<-r; m<-a,b,c") == Strings{"m", "a", "b", "c", "r"});
}

TEST_CASE("a dependency is listed below its dependent", "[graph][walk]") {
  CHECK(History("a; b<-a; x; y<-x ~b; z<-y") == Strings{"z", "y", "x", "b", "a"});
  CHECK(History("a; b<-a; x; y<-x ~b; z<-y; c<-b") ==
        Strings{"z", "y", "x", "c", "b", "a"});
}

TEST_CASE("upgrade runs a dependency's branch before the dependent", "[graph][walk]") {
  CHECK(Order("a; b<-a; c<-b; x; y<-x ~a; w<-y ~c", {}, "heads", true) ==
        Strings{"a", "b", "c", "x", "y", "w"});
}

TEST_CASE("upgrade of two branches finishes the later-loaded head first",
          "[graph][walk]") {
  CHECK(Order("a; b1<-a; b2<-a; c1<-b1; c2<-b2", {}, "heads", true) ==
        Strings{"a", "b2", "c2", "b1", "c1"});
}

TEST_CASE("downgrade of two branches empties the first row's branch first",
          "[graph][walk]") {
  const char* graph = "a; b1<-a; b2<-a; c1<-b1; c2<-b2";
  CHECK(Order(graph, {"c1", "c2"}, "base", false) ==
        Strings{"c1", "b1", "c2", "b2", "a"});
  CHECK(Order(graph, {"c1", "c2"}, "a", false) == Strings{"c1", "b1", "c2", "b2"});
}

}  // namespace
}  // namespace luamig::graph
