// SPDX-License-Identifier: MIT
// Plan expectations were checked against Alembic 1.8.1 (same graph in load
// order, same version rows, same target): same steps in the same order, same
// resulting heads. To check a new case: echo 'GRAPH|ROWS|up|TARGET' |
// /usr/bin/python3 tests/graph/alembic_reference.py
#include "graph/planner.h"

#include <catch2/catch.hpp>

#include "support/graph_builder.h"
#include "support/verify_graph.h"

namespace luamig::graph {
namespace {

using Strings = std::vector<std::string>;
using testing::BuildGraph;

constexpr const char* kMerge = "a; b<-a; c1<-b; c2<-b; d<-c1,c2";
constexpr const char* kDeps = "a @core; b<-a; x @other; y<-x ~b";
constexpr const char* kChain = "a; b<-a; c<-b; d<-c";
constexpr const char* kTwoLines = "a; b<-a @main; c<-b; x @side; y<-x";

Strings Steps(const Plan& plan) {
  Strings out;
  for (const Step& s : plan.steps) out.push_back(s.DebugString());
  return out;
}

Plan Checked(const RevisionMap& map, const Result<Plan>& plan) {
  INFO(plan.status().ToString());
  REQUIRE(plan.ok());
  testing::VerifyPlan(map, *plan);
  return *plan;
}

Plan Up(const RevisionMap& map, const Strings& current, const std::string& target) {
  return Checked(map, Planner(map).Upgrade(current, target));
}

Plan Down(const RevisionMap& map, const Strings& current, const std::string& target) {
  return Checked(map, Planner(map).Downgrade(current, target));
}

Plan StampTo(const RevisionMap& map, const Strings& current, const Strings& targets,
             bool purge = false) {
  return Checked(map, Planner(map).Stamp(current, targets, purge));
}

TEST_CASE("linear upgrade from base runs every revision in order", "[graph][plan]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-b");
  Plan plan = Up(map, {}, "head");
  CHECK(Steps(plan) ==
        Strings{"up a: {} -> {a}", "up b: {a} -> {b}", "up c: {b} -> {c}"});
  CHECK(plan.heads_before.empty());
  CHECK(plan.heads_after == Strings{"c"});
  CHECK(plan.steps[2].reason == "upgrade target");
  CHECK(plan.DebugString() == "up a: {} -> {a}\nup b: {a} -> {b}\nup c: {b} -> {c}\n");
}

TEST_CASE("linear downgrade to base deletes the last row", "[graph][plan]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-b");
  Plan plan = Down(map, {"c"}, "base");
  CHECK(Steps(plan) ==
        Strings{"down c: {c} -> {b}", "down b: {b} -> {a}", "down a: {a} -> {}"});
  CHECK(plan.heads_before == Strings{"c"});
  CHECK(plan.heads_after.empty());
}

TEST_CASE("upgrading one branch leaves the other branch's row alone", "[graph][plan]") {
  RevisionMap map = BuildGraph("a; b<-a; c1<-b @one; c2<-b @two; d1<-c1; d2<-c2");
  Plan plan = Up(map, {"c2"}, "one@head");
  CHECK(Steps(plan) == Strings{"up c1: {} -> {c1}", "up d1: {c1} -> {d1}"});
  CHECK(plan.heads_after == Strings{"c2", "d1"});
}

TEST_CASE("downgrade across a merge point leaves two heads", "[graph][plan]") {
  RevisionMap map = BuildGraph(kMerge);
  Plan plan = Down(map, {"d"}, "c1");
  CHECK(Steps(plan) == Strings{"down d: {d} -> {c1, c2}"});
  // d's row becomes c2 and keeps its place; c1 is a new row after it.
  CHECK(plan.heads_after == Strings{"c2", "c1"});
}

TEST_CASE("downgrade below a merge point unmerges then walks each branch",
          "[graph][plan]") {
  RevisionMap map = BuildGraph(kMerge);
  CHECK(Steps(Down(map, {"d"}, "b")) == Strings{"down d: {d} -> {c1, c2}",
                                                "down c1: {c1} -> {}",
                                                "down c2: {c2} -> {b}"});
}

TEST_CASE("upgrading two rows into a merge replaces both", "[graph][plan]") {
  RevisionMap map = BuildGraph(kMerge);
  Plan plan = Up(map, {"c1", "c2"}, "head");
  CHECK(Steps(plan) == Strings{"up d: {c1, c2} -> {d}"});
  CHECK(plan.heads_after == Strings{"d"});
}

TEST_CASE("upgrade through a branch and merge follows Alembic's order", "[graph][plan]") {
  RevisionMap map = BuildGraph(kMerge);
  CHECK(Steps(Up(map, {}, "head")) == Strings{"up a: {} -> {a}", "up b: {a} -> {b}",
                                              "up c2: {b} -> {c2}", "up c1: {} -> {c1}",
                                              "up d: {c1, c2} -> {d}"});
}

TEST_CASE("topological order breaks ties by load order across bases and deps",
          "[graph][plan]") {
  RevisionMap map = BuildGraph("a; b2<-a; b1<-a; c<-b1,b2; x; y<-x ~b2; z<-y,c");
  Plan plan = Up(map, {}, "heads");
  CHECK(Steps(plan) == Strings{"up a: {} -> {a}", "up b2: {a} -> {b2}",
                               "up b1: {} -> {b1}", "up c: {b1, b2} -> {c}",
                               "up x: {} -> {x}", "up y: {x} -> {y}",
                               "up z: {y, c} -> {z}"});
}

TEST_CASE("depends_on pulls in the other branch without keeping its row",
          "[graph][plan]") {
  RevisionMap map = BuildGraph(kDeps);
  Plan from_base = Up(map, {}, "y");
  CHECK(Steps(from_base) == Strings{"up a: {} -> {a}", "up b: {a} -> {b}",
                                    "up x: {} -> {x}", "up y: {x, b} -> {y}"});
  CHECK(from_base.heads_after == Strings{"y"});
  Plan from_x = Up(map, {"x"}, "y");
  CHECK(Steps(from_x) ==
        Strings{"up a: {} -> {a}", "up b: {a} -> {b}", "up y: {x, b} -> {y}"});
  CHECK(from_x.steps[0].reason == "below upgrade target y");
}

TEST_CASE("downgrading a dependency also downgrades its dependents", "[graph][plan]") {
  RevisionMap map = BuildGraph(kDeps);
  Plan core = Down(map, {"b", "y"}, "core@base");
  CHECK(Steps(core) ==
        Strings{"down y: {y} -> {x}", "down b: {b} -> {a}", "down a: {a} -> {}"});
  CHECK(core.heads_after == Strings{"x"});
  CHECK(Down(map, {"b", "y"}, "a").heads_after == Strings{"a", "x"});
  Plan other = Down(map, {"b", "y"}, "other@base");
  CHECK(Steps(other) == Strings{"down y: {y} -> {x}", "down x: {x} -> {}"});
  CHECK(other.heads_after == Strings{"b"});
}

TEST_CASE("relative steps count along the path", "[graph][plan][relative]") {
  RevisionMap map = BuildGraph(kChain);
  CHECK(Steps(Up(map, {"a"}, "+2")) == Strings{"up b: {a} -> {b}", "up c: {b} -> {c}"});
  CHECK(Steps(Down(map, {"d"}, "-2")) ==
        Strings{"down d: {d} -> {c}", "down c: {c} -> {b}"});
  CHECK(Up(map, {}, "+1").heads_after == Strings{"a"});
}

TEST_CASE("REV+N and REV-N count from a named revision", "[graph][plan][relative]") {
  RevisionMap map = BuildGraph(kChain);
  CHECK(Up(map, {"a"}, "b+1").heads_after == Strings{"c"});
  CHECK(Down(map, {"d"}, "d-3").heads_after == Strings{"a"});
  CHECK(Down(map, {"d"}, "c-1").heads_after == Strings{"b"});
  CHECK(Down(map, {"d"}, "b-1").heads_after == Strings{"a"});
  CHECK(Down(map, {"d"}, "a-1").heads_after.empty());
}

TEST_CASE("LABEL@+N and LABEL@-N move only that branch", "[graph][plan][relative]") {
  RevisionMap map = BuildGraph(kTwoLines);
  Plan up = Up(map, {"b", "x"}, "side@+1");
  CHECK(Steps(up) == Strings{"up y: {x} -> {y}"});
  CHECK(up.heads_after == Strings{"b", "y"});
  Plan down = Down(map, {"c", "y"}, "main@-1");
  CHECK(Steps(down) == Strings{"down c: {c} -> {b}"});
  CHECK(down.heads_after == Strings{"b", "y"});
}

TEST_CASE("LABEL@REV upgrades to a revision of that branch", "[graph][plan]") {
  RevisionMap map = BuildGraph(kTwoLines);
  CHECK(Up(map, {}, "main@b").heads_after == Strings{"b"});
}

TEST_CASE("heads upgrades every branch, head refuses several", "[graph][plan]") {
  RevisionMap map = BuildGraph(kTwoLines);
  CHECK(Steps(Up(map, {}, "heads")) == Strings{"up x: {} -> {x}", "up y: {x} -> {y}",
                                               "up a: {} -> {a}", "up b: {a} -> {b}",
                                               "up c: {b} -> {c}"});
  auto head = Planner(map).Upgrade({}, "head");
  REQUIRE_FALSE(head.ok());
  CHECK(head.status().code() == StatusCode::kUsage);
  CHECK(head.status().revisions() == Strings{"c", "y"});
}

TEST_CASE("downgrade of two sibling rows to their branch point", "[graph][plan]") {
  RevisionMap map = BuildGraph("a; b<-a; c1<-b; c2<-b");
  CHECK(Steps(Down(map, {"c1", "c2"}, "b")) ==
        Strings{"down c1: {c1} -> {}", "down c2: {c2} -> {b}"});
  CHECK(Down(map, {"c1", "c2"}, "-1").heads_after == Strings{"c2"});
  RevisionMap longer = BuildGraph("a; b<-a; c1<-b; c2<-b; d2<-c2");
  CHECK(Down(longer, {"c1", "d2"}, "c2").heads_after == Strings{"c1", "c2"});
}

TEST_CASE("upgrade to an applied target is an empty plan", "[graph][plan]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-b");
  Plan plan = Up(map, {"c"}, "b");
  CHECK(plan.empty());
  CHECK(plan.heads_after == Strings{"c"});
  CHECK(Up(map, {"c"}, "heads").empty());
  CHECK(Down(map, {"c"}, "c").empty());
  CHECK(Up(map, {}, "base").empty());
}

TEST_CASE("downgrade to a revision above the current one names both",
          "[graph][plan][errors]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-b");
  auto plan = Planner(map).Downgrade({"b"}, "c");
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.status().code() == StatusCode::kUsage);
  CHECK(plan.status().revisions() == Strings{"c", "b"});
}

TEST_CASE("downgrade to a revision of another branch is refused",
          "[graph][plan][errors]") {
  RevisionMap map = BuildGraph(kTwoLines);
  auto plan = Planner(map).Downgrade({"c"}, "x");
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.status().revisions() == Strings{"x", "c"});
}

TEST_CASE("relative targets that walk too far or fork are errors",
          "[graph][plan][relative][errors]") {
  RevisionMap chain = BuildGraph("a; b<-a; c<-b");
  auto far = Planner(chain).Upgrade({"b"}, "+3");
  REQUIRE_FALSE(far.ok());
  CHECK(far.status().message().find("does not produce 3 migrations") !=
        std::string::npos);
  CHECK_FALSE(Planner(chain).Downgrade({"b"}, "-3").ok());
  CHECK_FALSE(Planner(chain).Downgrade({}, "-1").ok());
  CHECK_FALSE(Planner(chain).Upgrade({"b"}, "-1").ok());
  CHECK_FALSE(Planner(chain).Downgrade({"b"}, "+1").ok());
  RevisionMap fork = BuildGraph("a; b<-a; c1<-b; c2<-b");
  auto forked = Planner(fork).Upgrade({"b"}, "+1");
  REQUIRE_FALSE(forked.ok());
  CHECK(forked.status().revisions() == Strings{"c1", "c2"});
}

TEST_CASE("an upgrade to REV-N that reaches base is a usage error",
          "[graph][plan][relative][errors]") {
  RevisionMap chain = BuildGraph("a; b<-a; c<-b");
  auto plan = Planner(chain).Upgrade({"a"}, "b-2");
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.status().code() == StatusCode::kUsage);
  CHECK(plan.status().message() == "'b-2' reaches base; an upgrade to base does nothing");
  CHECK(plan.status().hint() == "did you mean downgrade b-2?");
  CHECK(plan.status().revisions() == Strings{"b"});
  CHECK(Up(chain, {}, "c-1").heads_after == Strings{"b"});  // one above base is fine
}

TEST_CASE("downgrade -N with several rows walks from the first row and warns",
          "[graph][plan][relative]") {
  // Alembic 1.8.1: `upgrade c; upgrade b; downgrade -1` reverts c.
  RevisionMap map = BuildGraph("a; b<-a; c<-a");
  Plan c_first = Down(map, {"c", "b"}, "-1");
  CHECK(Steps(c_first) == Strings{"down c: {c} -> {}"});
  REQUIRE(c_first.warnings.size() == 1);
  CHECK(c_first.warnings[0] ==
        "'-1' with several heads (c, b) walks down from c, the first version-table "
        "row; name the branch (LABEL@-N or REV-N) to choose");
  CHECK(Steps(Down(map, {"b", "c"}, "-1")) == Strings{"down b: {b} -> {}"});
  CHECK(Down(map, {"b"}, "-1").warnings.empty());
}

TEST_CASE("downgrade -N whose first row is a merge point fails as ambiguous",
          "[graph][plan][relative][errors]") {
  // Alembic 1.8.1: `upgrade m; upgrade d; downgrade -1` fails with "Ambiguous walk".
  RevisionMap map = BuildGraph("a; b<-a; c<-a; m<-b,c; d<-a");
  auto plan = Planner(map).Downgrade({"m", "d"}, "-1");
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.status().code() == StatusCode::kUsage);
  CHECK(plan.status().revisions() == Strings{"b", "c"});
  CHECK_THAT(plan.status().hint(), Catch::Contains("walks down from m, the first"));
  CHECK(Steps(Down(map, {"d", "m"}, "-1")) == Strings{"down d: {d} -> {}"});
}

TEST_CASE("upgrade from several rows with +N is ambiguous", "[graph][plan][errors]") {
  RevisionMap map = BuildGraph(kTwoLines);
  auto plan = Planner(map).Upgrade({"b", "x"}, "+1");
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.status().revisions() == Strings{"b", "x"});
}

TEST_CASE("unknown targets and version rows are reported by name",
          "[graph][plan][errors]") {
  RevisionMap map = BuildGraph("abcd; abce<-abcd");
  auto target = Planner(map).Upgrade({}, "zzzz");
  REQUIRE_FALSE(target.ok());
  CHECK(target.status().code() == StatusCode::kUsage);
  CHECK(target.status().revisions() == Strings{"zzzz"});
  auto row = Planner(map).Upgrade({"ffff"}, "head");
  REQUIRE_FALSE(row.ok());
  CHECK(row.status().code() == StatusCode::kProject);
  CHECK(row.status().revisions() == Strings{"ffff"});
  auto ambiguous = Planner(map).Upgrade({}, "abc");
  REQUIRE_FALSE(ambiguous.ok());
  CHECK(ambiguous.status().revisions() == Strings{"abcd", "abce"});
}

TEST_CASE("upgrade refuses version rows where one is below another",
          "[graph][plan][errors]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-b");
  auto plan = Planner(map).Upgrade({"a", "c"}, "head");
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.status().revisions() == Strings{"a", "c"});
}

TEST_CASE("upgrade refuses malformed targets", "[graph][plan][errors]") {
  RevisionMap map = BuildGraph("a; b<-a");
  for (const char* bad : {"", "a:b", "@head", "x@", "a+", "+x", "a b"}) {
    INFO(bad);
    auto plan = Planner(map).Upgrade({}, bad);
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.status().code() == StatusCode::kUsage);
  }
}

TEST_CASE("stamp moves rows without running scripts", "[graph][plan][stamp]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-b");
  Plan up = StampTo(map, {"b"}, {"c"});
  CHECK(Steps(up) == Strings{"stamp up c: {b} -> {c}"});
  CHECK(up.steps[0].stamp_only);
  CHECK(Steps(StampTo(map, {"c"}, {"a"})) == Strings{"stamp down a: {c} -> {a}"});
  Plan base = StampTo(map, {"c"}, {"base"});
  CHECK(Steps(base) == Strings{"stamp down c: {c} -> {}"});
  CHECK(base.heads_after.empty());
  CHECK(StampTo(map, {"c"}, {"c"}).empty());
}

TEST_CASE("stamp heads fills every branch", "[graph][plan][stamp]") {
  RevisionMap map = BuildGraph("a; b<-a; c1<-b; c2<-b");
  Plan plan = StampTo(map, {"b"}, {"heads"});
  CHECK(Steps(plan) == Strings{"stamp up c1: {b} -> {c1}", "stamp up c2: {} -> {c2}"});
  CHECK(plan.heads_after == Strings{"c1", "c2"});
}

TEST_CASE("stamp of an unrelated branch adds a row", "[graph][plan][stamp]") {
  RevisionMap map = BuildGraph("a; b<-a; x; y<-x");
  Plan plan = StampTo(map, {"b"}, {"y"});
  CHECK(Steps(plan) == Strings{"stamp up y: {} -> {y}"});
  CHECK(plan.heads_after == Strings{"b", "y"});
}

TEST_CASE("stamp merges and unmerges in one step", "[graph][plan][stamp]") {
  RevisionMap map = BuildGraph(kMerge);
  CHECK(Steps(StampTo(map, {"c1", "c2"}, {"d"})) ==
        Strings{"stamp up d: {c1, c2} -> {d}"});
  CHECK(Steps(StampTo(map, {"d"}, {"b"})) == Strings{"stamp down b: {d} -> {b}"});
}

TEST_CASE("stamp with purge starts from an empty table", "[graph][plan][stamp]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-b");
  Plan plan = StampTo(map, {"c", "zzz"}, {"a"}, true);
  CHECK(plan.purge);
  CHECK(plan.heads_before == Strings{"c", "zzz"});
  CHECK(Steps(plan) == Strings{"stamp up a: {} -> {a}"});
  CHECK(plan.heads_after == Strings{"a"});
  CHECK(plan.DebugString() == "purge\nstamp up a: {} -> {a}\n");
}

TEST_CASE("stamp -N walks down from the heads of an empty table",
          "[graph][plan][stamp]") {
  RevisionMap map = BuildGraph("a; b<-a; c<-b");
  CHECK(StampTo(map, {}, {"-1"}).heads_after == Strings{"b"});
  CHECK_FALSE(Planner(map).Stamp({"a"}, {"-1"}, false).ok());
}

Strings HistoryIds(const RevisionMap& map, const std::string& range,
                   const Strings& current = {}) {
  auto revs = Planner(map).History(range, current);
  INFO(revs.status().ToString());
  REQUIRE(revs.ok());
  Strings out;
  for (const Revision* r : *revs) out.push_back(r->id);
  return out;
}

TEST_CASE("history lists a range newest first", "[graph][history]") {
  RevisionMap chain = BuildGraph("a; b<-a; c<-b");
  CHECK(HistoryIds(chain, "") == Strings{"c", "b", "a"});
  CHECK(HistoryIds(chain, ":") == Strings{"c", "b", "a"});
  CHECK(HistoryIds(chain, "b:") == Strings{"c", "b"});
  CHECK(HistoryIds(chain, ":b") == Strings{"b", "a"});
  CHECK(HistoryIds(BuildGraph(kMerge), "b:d") == Strings{"d", "c1", "c2", "b"});
}

TEST_CASE("history ends can be relative to the current rows", "[graph][history]") {
  RevisionMap chain = BuildGraph(kChain);
  CHECK(HistoryIds(chain, "-1:", {"c"}) == Strings{"d", "c", "b"});
  CHECK(HistoryIds(chain, ":+1", {"b"}) == Strings{"c", "b", "a"});
  CHECK(HistoryIds(chain, "a:+9", {"b"}) == Strings{"d", "c", "b", "a"});
}

TEST_CASE("history rejects a malformed or inverted range", "[graph][history][errors]") {
  RevisionMap chain = BuildGraph("a; b<-a; c<-b");
  auto no_colon = Planner(chain).History("b", {});
  REQUIRE_FALSE(no_colon.ok());
  CHECK(no_colon.status().code() == StatusCode::kUsage);
  auto inverted = Planner(chain).History("c:a", {});
  REQUIRE_FALSE(inverted.ok());
  CHECK(inverted.status().revisions() == Strings{"c", "a"});
}

TEST_CASE("a 10,000-revision history plans base to head quickly", "[graph][plan][perf]") {
  std::vector<Revision> revs;
  auto id = [](int i) { return "r" + std::to_string(i); };
  for (int i = 0; i < 10000; ++i) {
    Revision r;
    r.id = id(i);
    if (i > 0) r.down_revisions = {id(i - 1)};
    if (i % 1000 == 500) {  // a short side branch merged back 10 revisions later
      revs.push_back(r);
      Revision side;
      side.id = "s" + std::to_string(i);
      side.down_revisions = {id(i)};
      revs.push_back(side);
      continue;
    }
    if (i % 1000 == 510) r.down_revisions.push_back("s" + std::to_string(i - 10));
    if (i % 2500 == 7) r.depends_on = {id(i - 5)};
    revs.push_back(r);
  }
  auto map = RevisionMap::Build(revs);
  REQUIRE(map.ok());
  REQUIRE(map->Heads() == Strings{"r9999"});
  auto plan = Planner(*map).Upgrade({}, "head");
  REQUIRE(plan.ok());
  CHECK(plan->steps.size() == 10010);
  CHECK(plan->steps.front().revision == "r0");
  CHECK(plan->steps.back().revision == "r9999");
  CHECK(plan->heads_after == Strings{"r9999"});
  auto down = Planner(*map).Downgrade({"r9999"}, "base");
  REQUIRE(down.ok());
  CHECK(down->steps.size() == 10010);
}

}  // namespace
}  // namespace luamig::graph
