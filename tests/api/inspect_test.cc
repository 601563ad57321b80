// SPDX-License-Identifier: MIT
// heads, branches, history, show and current as values, over in-memory
// scripts and a SQLite file.
#include <algorithm>
#include <catch2/catch.hpp>

#include "luamig/migrator.h"
#include "support/memory_migrator.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::MemoryOptions;
using testing::OpenOrFail;
using testing::TempProject;
using Strings = std::vector<std::string>;

// A script for `id` with parents `down` (a Lua value) and extra header lines.
ScriptFile Rev(const std::string& file, const std::string& id, const std::string& down,
               const std::string& extra = "") {
  return {file, "-- " + id + " message\n-- second doc line\nrevision = \"" + id +
                    "\"\ndown_revision = " + down + "\n" + extra +
                    "function upgrade(op) end\nfunction downgrade(op) end\n"};
}

// a <- b <- {c1, c2 (label "side")} <- d (merge)
std::vector<ScriptFile> Diamond() {
  return {Rev("1_a.lua", "a", "nil"), Rev("2_b.lua", "b", "\"a\""),
          Rev("3_c1.lua", "c1", "\"b\""),
          Rev("4_c2.lua", "c2", "\"b\"", "branch_labels = { \"side\" }\n"),
          Rev("5_d.lua", "d", "{ \"c1\", \"c2\" }")};
}

// a <- b <- c1 ; b <- c2 : two heads.
std::vector<ScriptFile> TwoHeads() {
  return {Rev("1_a.lua", "a", "nil"), Rev("2_b.lua", "b", "\"a\""),
          Rev("3_c1.lua", "c1", "\"b\""),
          Rev("4_c2.lua", "c2", "\"b\"", "branch_labels = { \"side\" }\n")};
}

Strings Ids(const std::vector<RevisionInfo>& revs) {
  Strings out;
  for (const auto& r : revs) out.push_back(r.id);
  return out;
}

Strings CurrentIds(const std::vector<RevisionInfo>& revs) {
  Strings out;
  for (const auto& r : revs)
    if (r.is_current) out.push_back(r.id);
  return out;
}

TEST_CASE("heads lists every head with its flags", "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, TwoHeads()));
  auto heads = m->Heads();
  REQUIRE(heads.ok());
  CHECK(Ids(*heads) == Strings{"c1", "c2"});
  CHECK((*heads)[1].branch_labels == Strings{"side"});
  CHECK((*heads)[0].is_head);
}

TEST_CASE("branches reports each branch point with its children", "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, Diamond()));
  auto bps = m->Branches();
  REQUIRE(bps.ok());
  REQUIRE(bps->size() == 1);
  CHECK((*bps)[0].revision.id == "b");
  CHECK((*bps)[0].revision.is_branch_point);
  CHECK(Ids((*bps)[0].children) == Strings{"c1", "c2"});
  CHECK((*bps)[0].revision.children == Strings{"c1", "c2"});
}

TEST_CASE("history lists a range newest first, both ends included", "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, Diamond()));
  auto all = m->History("");
  REQUIRE(all.ok());
  CHECK(all->front().id == "d");
  CHECK(all->back().id == "a");
  CHECK(all->size() == 5);
  auto part = m->History("b:c1");
  REQUIRE(part.ok());
  CHECK(Ids(*part) == Strings{"c1", "b"});
  auto label = m->History("side:");
  REQUIRE(label.ok());
  CHECK(Ids(*label) == Strings{"d", "c2"});
}

TEST_CASE("history marks version-table rows and resolves current sides",
          "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, Diamond()));
  REQUIRE(m->Upgrade("b").ok());
  HistoryOptions o;
  o.indicate_current = true;
  auto marked = m->History(o);
  REQUIRE(marked.ok());
  CHECK(CurrentIds(*marked) == Strings{"b"});
  o.range = "current:";
  auto above = m->History(o);
  REQUIRE(above.ok());
  REQUIRE(above->size() == 4);
  CHECK(above->front().id == "d");
  CHECK(above->back().id == "b");
  o.range = ":current";
  auto below = m->History(o);
  REQUIRE(below.ok());
  CHECK(Ids(*below) == Strings{"b", "a"});
  o.range = "-1:current";
  auto rel = m->History(o);
  REQUIRE(rel.ok());
  CHECK(Ids(*rel) == Strings{"b", "a"});
}

TEST_CASE("history with several rows takes the union of the per-row ranges",
          "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, TwoHeads()));
  REQUIRE(m->Upgrade("heads").ok());
  HistoryOptions o;
  o.range = "b:current";
  auto r = m->History(o);
  REQUIRE(r.ok());
  Strings ids = Ids(*r), marked = CurrentIds(*r);
  std::sort(ids.begin(), ids.end());
  std::sort(marked.begin(), marked.end());
  CHECK(ids == Strings{"b", "c1", "c2"});
  CHECK(r->back().id == "b");
  CHECK(marked == Strings{"c1", "c2"});
}

TEST_CASE("best-effort history does not create a missing SQLite file", "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, Diamond(), "absent.db"));
  HistoryOptions o;
  o.indicate_current = true;
  o.best_effort = true;
  auto r = m->History(o);
  REQUIRE(r.ok());
  CHECK(CurrentIds(*r).empty());
  CHECK_FALSE(p.Exists("absent.db"));
}

TEST_CASE("history errors name the revisions", "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, Diamond()));
  auto unknown = m->History("zz:");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kUsage);
  CHECK_THAT(unknown.status().ToString(), Catch::Contains("zz"));
  auto backwards = m->History("c1:a");
  REQUIRE_FALSE(backwards.ok());
  CHECK_THAT(backwards.status().message(), Catch::Contains("c1"));
  CHECK_FALSE(m->History("a:b:c").ok());
}

TEST_CASE("show gives one revision in full, with children and doc", "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, Diamond()));
  auto b = m->Show("b");
  REQUIRE(b.ok());
  REQUIRE(b->size() == 1);
  const RevisionInfo& r = b->front();
  CHECK(r.id == "b");
  CHECK(r.down_revisions == Strings{"a"});
  CHECK(r.children == Strings{"c1", "c2"});
  CHECK(r.is_branch_point);
  CHECK(r.file == "2_b.lua");
  CHECK(r.doc == Strings{"b message", "second doc line"});
  auto by_label = m->Show("side");
  REQUIRE(by_label.ok());
  CHECK(by_label->front().id == "c2");
  auto merge = m->Show("head");
  REQUIRE(merge.ok());
  CHECK(merge->front().is_merge);
  CHECK(merge->front().down_revisions == Strings{"c1", "c2"});
}

TEST_CASE("show of an unknown or ambiguous revision says what it could mean",
          "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, Diamond()));
  auto typo = m->Show("sdie");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().code() == StatusCode::kUsage);
  CHECK_THAT(typo.status().ToString(), Catch::Contains("side"));
  auto ambiguous = m->Show("c");
  REQUIRE_FALSE(ambiguous.ok());
  CHECK(ambiguous.status().revisions() == Strings{"c1", "c2"});
  CHECK_FALSE(m->Show("base").ok());
  CHECK_FALSE(m->Show("+1").ok());
}

TEST_CASE("current adds applied dependency targets that are tips, as Alembic",
          "[api][inspect]") {
  // a <- b; c (a base) depends on a. Alembic 1.8.1, `upgrade c; current`:
  // "c (head)" and "a".
  TempProject p;
  auto m = OpenOrFail(
      MemoryOptions(p, {Rev("1_a.lua", "a", "nil"), Rev("2_b.lua", "b", "\"a\""),
                        Rev("3_c.lua", "c", "nil", "depends_on = { \"a\" }\n")}));
  REQUIRE(m->Upgrade("c").ok());
  auto cur = m->Current();
  REQUIRE(cur.ok());
  CHECK(Ids(*cur) == Strings{"c", "a"});
  CHECK(CurrentIds(*cur) == Strings{"c"});
  CHECK_FALSE((*cur)[0].is_implied);
  CHECK((*cur)[1].is_implied);
  CHECK_FALSE((*cur)[1].is_head);
  // After upgrading b, a is no tip any more.
  REQUIRE(m->Upgrade("b").ok());
  CHECK(Ids(*m->Current()) == Strings{"c", "b"});
  // A stamp does the same without running anything.
  REQUIRE(m->Stamp({"base"}, false).ok());
  REQUIRE(m->Stamp({"c"}, false).ok());
  CHECK(Ids(*m->Current()) == Strings{"c", "a"});
}

TEST_CASE("a head that something depends on is an effective head", "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(
      MemoryOptions(p, {Rev("1_a.lua", "a", "nil"), Rev("2_x.lua", "x", "nil"),
                        Rev("3_y.lua", "y", "\"x\"", "depends_on = { \"a\" }\n")}));
  auto heads = m->Heads();
  REQUIRE(heads.ok());
  REQUIRE(Ids(*heads) == Strings{"a", "y"});
  CHECK((*heads)[0].is_head);
  CHECK((*heads)[0].is_effective_head);
  CHECK_FALSE((*heads)[1].is_effective_head);
}

TEST_CASE("show current reads the version table", "[api][inspect]") {
  TempProject p;
  auto m = OpenOrFail(MemoryOptions(p, Diamond()));
  REQUIRE(m->Upgrade("c1").ok());
  auto cur = m->Show("current");
  REQUIRE(cur.ok());
  REQUIRE(cur->size() == 1);
  CHECK(cur->front().id == "c1");
  CHECK(cur->front().is_current);
  CHECK(cur->front().doc.front() == "c1 message");
}

TEST_CASE("stamp writes version rows without running scripts", "[api][inspect][stamp]") {
  TempProject p;
  std::vector<ScriptFile> scripts = {
      Rev("1_a.lua", "a", "nil"),
      {"2_b.lua",
       "revision = \"b\"\ndown_revision = \"a\"\nfunction upgrade(op) "
       "op.create_table(\"t\", { { \"id\", \"integer\" } }) end\nfunction "
       "downgrade(op) end\n"}};
  auto m = OpenOrFail(MemoryOptions(p, scripts));
  auto r = m->Stamp({"b"});
  REQUIRE(r.ok());
  CHECK(r->heads_after == Strings{"b"});
  REQUIRE(r->steps.size() == 1);
  CHECK(r->steps[0].step.stamp_only);
  auto cur = m->Current();
  REQUIRE(cur.ok());
  CHECK(Ids(*cur) == Strings{"b"});
  auto back = m->Stamp({"a"});
  REQUIRE(back.ok());
  CHECK(back->heads_after == Strings{"a"});
  auto purge = m->Stamp({"base"}, true);
  REQUIRE(purge.ok());
  CHECK(purge->heads_after.empty());
  auto bad = m->Stamp({"nope"});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kUsage);
}

}  // namespace
}  // namespace luamig
