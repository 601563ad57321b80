// SPDX-License-Identifier: MIT
#include "graph/revision_map.h"

#include <catch2/catch.hpp>

#include "support/graph_builder.h"

namespace luamig::graph {
namespace {

using Strings = std::vector<std::string>;
using testing::BuildGraph;
using testing::ParseGraph;

Status BuildError(const std::string& text) {
  auto map = RevisionMap::Build(ParseGraph(text));
  REQUIRE_FALSE(map.ok());
  return map.status();
}

TEST_CASE("graph notation gives down revisions, labels and dependencies",
          "[graph][builder]") {
  auto revs = ParseGraph("a; b <- a @core; m<-b,c ~x ~core @mid");
  REQUIRE(revs.size() == 3);
  CHECK(revs[1].down_revisions == Strings{"a"});
  CHECK(revs[1].branch_labels == Strings{"core"});
  CHECK(revs[2].down_revisions == Strings{"b", "c"});
  CHECK(revs[2].depends_on == Strings{"x", "core"});
  CHECK(revs[2].source == "m.lua");
}

TEST_CASE("heads, bases, branch points and children follow load order", "[graph][map]") {
  RevisionMap map = BuildGraph("a; b<-a; c2<-b; c1<-b; x; d<-c1");
  CHECK(map.Heads() == Strings{"c2", "x", "d"});
  CHECK(map.Bases() == Strings{"a", "x"});
  CHECK(map.BranchPoints() == Strings{"b"});
  CHECK(map.Children("b") == Strings{"c2", "c1"});
  CHECK(map.Children("nope").empty());
  CHECK(map.revisions().size() == 6);
}

TEST_CASE("a revision only depended on is still a head", "[graph][map]") {
  RevisionMap map = BuildGraph("a; b<-a; x; y<-x ~b");
  CHECK(map.Heads() == Strings{"b", "y"});
}

TEST_CASE("dependents are the revisions that depend on one without building on it",
          "[graph][map]") {
  RevisionMap map = BuildGraph("a @core; b<-a; c ~a; d<-c ~core ~b");
  CHECK(map.Dependents("a") == Strings{"c", "d"});  // d names a by its label
  CHECK(map.Dependents("b") == Strings{"d"});
  CHECK(map.Dependents("c").empty());  // d builds on c: a child, no dependent
  CHECK(map.Dependents("nope").empty());
}

TEST_CASE("the applied tips are the rows plus dependency targets left as tips",
          "[graph][map][current]") {
  // Alembic's `current`: the applied set is the rows and everything below them
  // through down_revisions and depends_on; a tip has no applied child through
  // down_revisions (depends_on edges do not count).
  RevisionMap map = BuildGraph("a; b<-a; c ~a");
  CHECK(map.AppliedTips({"c"}) == Strings{"c", "a"});
  CHECK(map.AppliedTips({"c", "b"}) == Strings{"c", "b"});  // a's child b is applied
  CHECK(map.AppliedTips({"b"}) == Strings{"b"});
  CHECK(map.AppliedTips({}).empty());
  CHECK(map.AppliedTips({"zzz", "c"}) == Strings{"c", "a"});  // unknown rows skipped
  // Rows keep their order; implied tips follow in load order.
  RevisionMap two = BuildGraph("p; q<-p; x; y<-x; z ~q ~x");
  CHECK(two.AppliedTips({"z"}) == Strings{"z", "q", "x"});
  CHECK(two.AppliedTips({"y", "z"}) == Strings{"y", "z", "q"});
}

TEST_CASE("single head is the one head", "[graph][map]") {
  CHECK(*BuildGraph("a; b<-a").SingleHead() == "b");
}

TEST_CASE("single head with several heads lists them", "[graph][map][errors]") {
  auto head = BuildGraph("a; b<-a; c<-a").SingleHead();
  REQUIRE_FALSE(head.ok());
  CHECK(head.status().code() == StatusCode::kProject);
  CHECK(head.status().revisions() == Strings{"b", "c"});
  CHECK(head.status().hint().find("heads") != std::string::npos);
  CHECK(head.status().hint().find("LABEL@head") != std::string::npos);
}

TEST_CASE("duplicate revision ids name both sources", "[graph][map][errors]") {
  std::vector<Revision> revs = ParseGraph("a; b<-a; a");
  revs[0].source = "one.lua";
  revs[2].source = "two.lua";
  auto map = RevisionMap::Build(revs);
  REQUIRE_FALSE(map.ok());
  CHECK(map.status().code() == StatusCode::kProject);
  CHECK(map.status().revisions() == Strings{"a"});
  CHECK(map.status().hint().find("one.lua") != std::string::npos);
  CHECK(map.status().hint().find("two.lua") != std::string::npos);
}

TEST_CASE("a missing down revision names the child and the missing id",
          "[graph][map][errors]") {
  Status s = BuildError("abc1; abc2<-abc1; d<-abc3");
  CHECK(s.code() == StatusCode::kProject);
  CHECK(s.revisions() == Strings{"d", "abc3"});
  CHECK(s.message().find("did you mean") != std::string::npos);
}

TEST_CASE("a missing depends_on target names both revisions", "[graph][map][errors]") {
  Status s = BuildError("a; b<-a ~zz");
  CHECK(s.code() == StatusCode::kProject);
  CHECK(s.revisions() == Strings{"b", "zz"});
}

TEST_CASE("a cycle names exactly its members", "[graph][map][errors]") {
  Status s = BuildError("a; b<-a,d; c<-b; d<-c; e<-d; f<-e");
  CHECK(s.code() == StatusCode::kProject);
  CHECK(s.revisions() == Strings{"b", "c", "d"});
}

TEST_CASE("a revision that is its own down revision is a cycle", "[graph][map][errors]") {
  CHECK(BuildError("a; b<-b").revisions() == Strings{"b"});
}

TEST_CASE("a dependency cycle is a cycle", "[graph][map][errors]") {
  CHECK(BuildError("a ~c; b<-a; c<-b").revisions() == Strings{"a", "b", "c"});
}

TEST_CASE("a branch label used twice names both revisions", "[graph][map][errors]") {
  Status s = BuildError("a @x; b<-a @x");
  CHECK(s.code() == StatusCode::kProject);
  CHECK(s.revisions() == Strings{"a", "b"});
}

TEST_CASE("a branch label equal to a revision id is rejected", "[graph][map][errors]") {
  CHECK(BuildError("a; b<-a @a").revisions() == Strings{"b", "a"});
}

TEST_CASE("lookup by full id, unique prefix and branch label", "[graph][map][resolve]") {
  RevisionMap map = BuildGraph("ae10; ae20<-ae10 @feat; b<-ae20");
  CHECK((*map.Lookup("ae10"))->id == "ae10");
  CHECK((*map.Lookup("ae2"))->id == "ae20");
  CHECK((*map.Lookup("b"))->id == "b");
  CHECK((*map.Lookup("feat"))->id == "ae20");
  CHECK(map.Find("ae2") == nullptr);
  CHECK(map.Find("ae20") != nullptr);
}

TEST_CASE("an ambiguous prefix lists every candidate in load order",
          "[graph][map][resolve][errors]") {
  auto r = BuildGraph("ae20; ae10<-ae20; b<-ae10").Lookup("ae");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUsage);
  CHECK(r.status().revisions() == Strings{"ae20", "ae10"});
}

TEST_CASE("an unknown revision suggests a close one", "[graph][map][resolve][errors]") {
  auto r = BuildGraph("abcdef; abcdeg<-abcdef").Lookup("abcdxf");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().revisions() == Strings{"abcdxf"});
  CHECK(r.status().message().find("did you mean 'abcdef'") != std::string::npos);
}

TEST_CASE("debug strings show edges and heads", "[graph][map]") {
  RevisionMap map = BuildGraph("a; b<-a @lab ~a");
  CHECK(map.revisions()[1].DebugString() ==
        "b <- [a] labels=[lab] depends_on=[a] (b.lua)");
  CHECK(map.DebugString() ==
        "heads: b\na <- [] (a.lua)\nb <- [a] labels=[lab] depends_on=[a] (b.lua)\n");
}

TEST_CASE("an empty graph has no heads and no single head", "[graph][map]") {
  RevisionMap map;
  CHECK(map.Heads().empty());
  CHECK_FALSE(map.SingleHead().ok());
}

}  // namespace
}  // namespace luamig::graph
