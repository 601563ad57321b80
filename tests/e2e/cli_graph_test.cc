// SPDX-License-Identifier: MIT
// The built binary on the graph and authoring commands: revision, merge,
// heads, branches, history, show, current, stamp, init.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support/cli_project.h"
#include "support/run_binary.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::RunLuamig;
using testing::SqliteTables;
using testing::SqliteVersions;
using testing::TempProject;
using Strings = std::vector<std::string>;

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1))
    ++n;
  return n;
}

TEST_CASE("init creates a project once; a second init exits 2", "[e2e][author]") {
  TempProject p;
  auto r = RunLuamig(p.Path(), {"init", "app"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(p.Exists("app/luamig.lua"));
  CHECK(p.Exists("app/versions"));
  auto again = RunLuamig(p.Path(), {"init", "app"});
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Catch::Contains("already"));
}

TEST_CASE("revision -m writes a script that upgrade head applies", "[e2e][author]") {
  TempProject p;
  auto r = RunLuamig(p.Path(), {"revision", "-m", "Create users", "--rev-id", "a1"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Generating"));
  CHECK_THAT(r.out, Catch::Contains("-a1_create_users.lua ... done"));
  auto up = RunLuamig(p.Path(), {"upgrade", "head"});
  INFO(up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(SqliteVersions(p.Path("luamig.db")) == Strings{"a1"});
  auto next = RunLuamig(p.Path(), {"revision", "-m", "second", "--rev-id", "b2"});
  REQUIRE(next.exit_code == 0);
  auto show = RunLuamig(p.Path(), {"show", "b2"});
  REQUIRE(show.exit_code == 0);
  CHECK_THAT(show.out, Catch::Contains("Rev: b2 (head)"));
  CHECK_THAT(show.out, Catch::Contains("Parent: a1"));
  CHECK_THAT(show.out, Catch::Contains("    second"));
  CHECK_THAT(show.out, Catch::Contains("    Revises: a1"));
}

TEST_CASE("two branches: heads shows both, upgrade head exits 2, merge joins them",
          "[e2e][author]") {
  TempProject p;
  for (const char* b : {"x", "y"}) {
    auto r = RunLuamig(p.Path(),
                       {"revision", "--head", "base", "--branch-label", b, "-m",
                        std::string("branch ") + b, "--rev-id", std::string(b) + "1"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  auto heads = RunLuamig(p.Path(), {"heads"});
  REQUIRE(heads.exit_code == 0);
  CHECK_THAT(heads.out, Catch::Contains("x1 (x) (head)"));
  CHECK_THAT(heads.out, Catch::Contains("y1 (y) (head)"));
  auto head = RunLuamig(p.Path(), {"upgrade", "head"});
  CHECK(head.exit_code == 2);
  CHECK_THAT(head.err, Catch::Contains("x1"));
  CHECK_THAT(head.err, Catch::Contains("y1"));
  auto plain = RunLuamig(p.Path(), {"revision", "-m", "where?"});
  CHECK(plain.exit_code == 2);
  CHECK_THAT(plain.err, Catch::Contains("x1, y1"));
  auto all = RunLuamig(p.Path(), {"upgrade", "heads"});
  INFO(all.err);
  REQUIRE(all.exit_code == 0);
  CHECK(SqliteVersions(p.Path("luamig.db")) == Strings{"x1", "y1"});
  auto merge = RunLuamig(p.Path(), {"merge", "heads", "-m", "join", "--rev-id", "m1"});
  INFO(merge.err);
  REQUIRE(merge.exit_code == 0);
  auto one = RunLuamig(p.Path(), {"heads"});
  CHECK(Count(one.out, "(head)") == 1);
  // A merge of the x and y branches is on both (Alembic's inherited labels).
  CHECK_THAT(one.out, Catch::Contains("m1 (x, y) (head)"));
  auto up = RunLuamig(p.Path(), {"upgrade", "head"});
  REQUIRE(up.exit_code == 0);
  CHECK(SqliteVersions(p.Path("luamig.db")) == Strings{"m1"});
  auto hist = RunLuamig(p.Path(), {"history"});
  CHECK_THAT(hist.out,
             Catch::Contains("x1, y1 -> m1 (x, y) (head) (current) (mergepoint), join"));
}

TEST_CASE("stamp and stamp --purge change only the version table", "[e2e][stamp]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  const std::string db = p.Path("luamig.db");
  auto r = RunLuamig(p.Path(), {"stamp", "c3"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("now holds c3"));
  CHECK(SqliteVersions(db) == Strings{"c3"});
  CHECK(SqliteTables(db).empty());
  auto down = RunLuamig(p.Path(), {"stamp", "a1"});
  REQUIRE(down.exit_code == 0);
  CHECK(SqliteVersions(db) == Strings{"a1"});
  auto purge = RunLuamig(p.Path(), {"stamp", "--purge", "b2"});
  REQUIRE(purge.exit_code == 0);
  CHECK(SqliteVersions(db) == Strings{"b2"});
  CHECK(SqliteTables(db).empty());
  auto unknown = RunLuamig(p.Path(), {"stamp", "zz9"});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("zz9"));
}

TEST_CASE("branches shows each branch point with its children", "[e2e][inspect]") {
  TempProject p;
  p.Write("versions/1_a1.lua", testing::Script("a1", "", "", "", "Root"));
  p.Write("versions/2_b1.lua", testing::Script("b1", "a1", "", "", "Left"));
  p.Write("versions/3_b2.lua", testing::Script("b2", "a1", "", "", "Right"));
  auto r = RunLuamig(p.Path(), {"branches"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("a1 (branchpoint)\n"));
  CHECK_THAT(r.out, Catch::Contains("   -> b1 (head)\n"));
  CHECK_THAT(r.out, Catch::Contains("   -> b2 (head)\n"));
  auto v = RunLuamig(p.Path(), {"branches", "-v"});
  REQUIRE(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::Contains("Branches into: b1, b2"));
  CHECK_THAT(v.out, Catch::Contains("-> b1 (head), Left"));
}

TEST_CASE("history -r limits the range and marks the current row", "[e2e][inspect]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "b2"}).exit_code == 0);
  auto r = RunLuamig(p.Path(), {"history", "-r", "b2:c3"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "b2 -> c3 (head), Create tags\na1 -> b2 (current), Create posts\n");
  auto cur = RunLuamig(p.Path(), {"history", "-r", "current:"});
  REQUIRE(cur.exit_code == 0);
  CHECK(testing::LineCount(cur.out) == 2);
  auto rel = RunLuamig(p.Path(), {"history", "-r", "-1:"});
  REQUIRE(rel.exit_code == 0);
  CHECK_THAT(rel.out, Catch::Contains("<base> -> a1, Create users"));
  auto bad = RunLuamig(p.Path(), {"history", "-r", "c3:a1"});
  CHECK(bad.exit_code == 2);
  auto typo = RunLuamig(p.Path(), {"show", "b3"});
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Catch::Contains("b2"));
}

TEST_CASE("history works without a database file and does not create one",
          "[e2e][inspect]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  auto r = RunLuamig(p.Path(), {"history"});
  REQUIRE(r.exit_code == 0);
  CHECK(testing::LineCount(r.out) == 3);
  CHECK_FALSE(p.Exists("luamig.db"));
}

TEST_CASE("current -v shows the applied revision in full", "[e2e][inspect]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "b2"}).exit_code == 0);
  auto r = RunLuamig(p.Path(), {"current", "-v"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Rev: b2 (current)"));
  CHECK_THAT(r.out, Catch::Contains("Parent: a1"));
  CHECK_THAT(r.out, Catch::Contains("Path: "));
}

TEST_CASE("current prints implied dependency targets and effective heads",
          "[e2e][inspect]") {
  // Alembic 1.8.1 on the same graph and commands prints "c (head)" and "a",
  // then "a (effective head)" once b is gone.
  TempProject p;
  p.Write("versions/1_a.lua",
          "-- add a\nrevision = \"a\"\nfunction upgrade(op) end\n"
          "function downgrade(op) end\n");
  p.Write("versions/2_b.lua",
          "-- add b\nrevision = \"b\"\ndown_revision = \"a\"\n"
          "function upgrade(op) end\nfunction downgrade(op) end\n");
  p.Write("versions/3_c.lua",
          "-- add c\nrevision = \"c\"\ndepends_on = { \"a\" }\n"
          "function upgrade(op) end\nfunction downgrade(op) end\n");
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "c"}).exit_code == 0);
  auto r = RunLuamig(p.Path(), {"-q", "current"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "c (head) (current), add c\na, add a\n");
  CHECK(SqliteVersions(p.Path("luamig.db")) == Strings{"c"});
  // Without b, a is a head that c depends on.
  std::filesystem::remove(p.Path("versions/2_b.lua"));
  auto heads = RunLuamig(p.Path(), {"heads"});
  REQUIRE(heads.exit_code == 0);
  CHECK_THAT(heads.out, Catch::Contains("a (effective head)"));
  CHECK_THAT(heads.out, Catch::Contains("c (head)"));
}

TEST_CASE("upgrade REV-N that reaches base is a usage error", "[e2e][run]") {
  TempProject p;
  testing::WriteThreeRevisions(p);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "a1"}).exit_code == 0);
  auto r = RunLuamig(p.Path(), {"upgrade", "b2-2"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err,
             Catch::Contains("'b2-2' reaches base; an upgrade to base does nothing"));
  CHECK_THAT(r.err, Catch::Contains("did you mean downgrade b2-2?"));
  CHECK(SqliteVersions(p.Path("luamig.db")) == Strings{"a1"});
}

}  // namespace
}  // namespace luamig
