// SPDX-License-Identifier: MIT
// `--targets`: the binary over a fleet of SQLite files — selection, -j, the
// report and its exit codes, JSON, status groups, offline scripts, SIGTERM
// and SIGKILL mid-fleet followed by a rerun.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/cli_project.h"
#include "support/run_binary.h"
#include "support/spawn.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::RunLuamig;
using testing::SqliteVersions;
using testing::TempProject;
using Strings = std::vector<std::string>;

// Three revisions; `targets` globs saves/*.db (n empty SQLite files). b2
// fails in a file that has a table `poison` (Poison()).
void WriteFleet(const TempProject& p, size_t n) {
  testing::WriteThreeRevisions(p);
  p.Write(
      "versions/002_b2_posts.lua",
      testing::Script(
          "b2", "a1",
          "if not op.offline and op.has_table('poison') then error('poisoned save') end\n"
          "op.create_table('posts', { { 'id', 'integer' } })",
          "op.drop_table('posts')", "Create posts"));
  p.Write(
      "luamig.lua",
      "targets = function(t)\n"
      "  local list = {}\n"
      "  for _, f in ipairs(t.glob('saves/*.db')) do list[#list + 1] = 'sqlite:///' .. f "
      "end\n"
      "  return list\n"
      "end\n");
  std::filesystem::create_directories(p.Path("saves"));
  for (size_t i = 0; i < n; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "saves/s%03zu.db", i);
    p.Write(name, "");
  }
}

void Poison(const TempProject& p, const std::string& file) {
  REQUIRE(std::system(
              ("sqlite3 " + p.Path(file) + " 'CREATE TABLE poison(x)'").c_str()) == 0);
}

std::string Save(size_t i) {
  char name[32];
  std::snprintf(name, sizeof name, "saves/s%03zu.db", i);
  return name;
}

TEST_CASE("upgrade --targets all migrates every save file and a failure fails alone",
          "[e2e][fleet]") {
  TempProject p;
  WriteFleet(p, 40);
  Poison(p, Save(5));
  Poison(p, Save(31));
  auto r = RunLuamig(p.Path(), {"upgrade", "head", "--targets", "all", "-j", "4"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  for (size_t i = 0; i < 40; ++i) {
    Strings expected = (i == 5 || i == 31) ? Strings{"a1"} : Strings{"c3"};
    CHECK(SqliteVersions(p.Path(Save(i))) == expected);
  }
  CHECK_THAT(r.out, Catch::Contains("40 targets: 38 ok, 2 failed"));
  CHECK_THAT(r.out, Catch::Contains("failed  s005  <base> -> a1"));
  CHECK_THAT(r.out, Catch::Contains("poisoned save"));
  CHECK_THAT(r.out, Catch::Contains("ok  s000  <base> -> c3"));
  // The rerun does only what is left: nothing, where nothing is.
  auto again = RunLuamig(p.Path(), {"upgrade", "head", "--targets", "all",
                                    "--target-filter", "s00[0-4]", "--format", "json"});
  INFO(again.out);
  REQUIRE(again.exit_code == 0);
  auto doc = nlohmann::json::parse(again.out);
  CHECK(doc["ok"] == true);
  REQUIRE(doc["targets"].size() == 5);
  CHECK(doc["targets"][0]["name"] == "s000");
  CHECK(doc["targets"][0]["state"] == "ok");
  CHECK(doc["targets"][0]["steps"].empty());
  CHECK(doc["counts"]["ok"] == 5);
}

TEST_CASE(
    "targets are chosen by name and unknown names or options without --targets "
    "are usage errors",
    "[e2e][fleet]") {
  TempProject p;
  WriteFleet(p, 3);
  auto r = RunLuamig(p.Path(), {"upgrade", "b2", "--targets", "s002,s000"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(SqliteVersions(p.Path(Save(0))) == Strings{"b2"});
  CHECK(SqliteVersions(p.Path(Save(1))).empty());
  auto typo = RunLuamig(p.Path(), {"upgrade", "head", "--targets", "s0002"});
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Catch::Contains("unknown target 's0002'"));
  CHECK_THAT(typo.err, Catch::Contains("did you mean"));
  auto alone = RunLuamig(p.Path(), {"upgrade", "head", "-j", "4"});
  CHECK(alone.exit_code == 2);
  CHECK_THAT(alone.err, Catch::Contains("-j needs --targets"));
  auto one_db = RunLuamig(p.Path(), {"heads", "--targets", "all"});
  CHECK(one_db.exit_code == 2);
  CHECK_THAT(one_db.err, Catch::Contains("`heads` works on one database"));
  auto none = RunLuamig(p.Path(),
                        {"upgrade", "head", "--targets", "all", "--target-filter", "x*"});
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.err, Catch::Contains("matches none of the 3 targets"));
}

TEST_CASE("status --targets all groups the fleet by where each target stands",
          "[e2e][fleet]") {
  TempProject p;
  WriteFleet(p, 6);
  REQUIRE(
      RunLuamig(p.Path(), {"upgrade", "head", "--targets", "s000,s001,s002"}).exit_code ==
      0);
  REQUIRE(RunLuamig(p.Path(), {"upgrade", "a1", "--targets", "s003"}).exit_code == 0);
  REQUIRE(std::system(("sqlite3 " + p.Path(Save(4)) +
                       " \"CREATE TABLE luamig_version(version_num varchar(32) primary "
                       "key); INSERT INTO luamig_version VALUES ('zz9')\"")
                          .c_str()) == 0);
  auto r = RunLuamig(p.Path(), {"status", "--targets", "all", "--exit-code"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.out, Catch::Contains("6 targets: 6 ok"));
  CHECK_THAT(r.out, Catch::Contains("up to date        3"));
  CHECK_THAT(r.out, Catch::Contains("behind by 2       1  s003"));
  CHECK_THAT(r.out, Catch::Contains("behind by 3       1  s005"));
  CHECK_THAT(r.out, Catch::Contains("unknown revision  1  s004"));
  auto json = RunLuamig(p.Path(), {"status", "--targets", "all", "--format", "json"});
  auto doc = nlohmann::json::parse(json.out);
  CHECK(json.exit_code == 0);
  CHECK(doc["targets"][3]["standing"] == "behind");
  CHECK(doc["targets"][3]["pending"].size() == 2);
  CHECK(doc["targets"][4]["standing"] == "unknown revision");
}

TEST_CASE(
    "a failing canary stops the fleet and --fail-fast starts nothing after a failure",
    "[e2e][fleet]") {
  TempProject p;
  WriteFleet(p, 10);
  Poison(p, Save(1));
  auto r = RunLuamig(p.Path(), {"upgrade", "head", "--targets", "all", "--canary", "2",
                                "--wave-size", "4"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("== canary: 2 targets =="));
  CHECK_THAT(r.out, Catch::Contains("Stopped: the canary failed (1 of 2 targets); 8 "
                                    "target(s) not started."));
  CHECK(SqliteVersions(p.Path(Save(2))).empty());
  auto ff = RunLuamig(p.Path(), {"upgrade", "head", "--targets", "all", "--fail-fast"});
  CHECK(ff.exit_code == 1);
  CHECK_THAT(ff.out, Catch::Contains("1 ok, 1 failed, 8 not started"));
}

TEST_CASE("upgrade --sql --targets writes one script per target", "[e2e][fleet]") {
  TempProject p;
  WriteFleet(p, 3);
  auto r = RunLuamig(p.Path(),
                     {"upgrade", "b2", "--sql", "--targets", "all", "--sql-dir", "out"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* f : {"out/s000.sql", "out/s001.sql", "out/s002.sql"})
    CHECK_THAT(p.Read(f), Catch::Contains("CREATE TABLE \"posts\""));
  CHECK(SqliteVersions(p.Path(Save(0))).empty());
  auto stdout_scripts =
      RunLuamig(p.Path(), {"upgrade", "a1", "--sql", "--targets", "all"});
  CHECK(stdout_scripts.exit_code == 0);
  CHECK_THAT(stdout_scripts.out, Catch::Contains("-- luamig target: s001"));
}

TEST_CASE("downgrade and stamp run over the fleet too", "[e2e][fleet]") {
  TempProject p;
  WriteFleet(p, 4);
  REQUIRE(
      RunLuamig(p.Path(), {"upgrade", "head", "--targets", "all", "-j", "2"}).exit_code ==
      0);
  REQUIRE(
      RunLuamig(p.Path(), {"downgrade", "a1", "--targets", "all", "-j", "2"}).exit_code ==
      0);
  CHECK(SqliteVersions(p.Path(Save(3))) == Strings{"a1"});
  CHECK(testing::SqliteTables(p.Path(Save(3))) == Strings{"users"});
  REQUIRE(RunLuamig(p.Path(), {"stamp", "c3", "--targets", "s000"}).exit_code == 0);
  CHECK(SqliteVersions(p.Path(Save(0))) == Strings{"c3"});
  auto check = RunLuamig(p.Path(), {"check", "--targets", "all"});
  CHECK(check.exit_code == 0);
}

// Slow enough that a signal lands mid-fleet: each revision sleeps in SQL.
void WriteSlowFleet(const TempProject& p, size_t n) {
  WriteFleet(p, n);
  const std::string slow =
      "op.execute(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
      "WHERE x < 300000) SELECT count(*) FROM c\")\n";
  p.Write(
      "versions/003_c3_tags.lua",
      testing::Script("c3", "b2", slow + "op.create_table('tags', { { 'x', 'text' } })",
                      "op.drop_table('tags')", "Create tags"));
}

size_t CountAt(const TempProject& p, size_t n, const Strings& at) {
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) count += SqliteVersions(p.Path(Save(i))) == at ? 1 : 0;
  return count;
}

TEST_CASE(
    "SIGTERM mid-fleet finishes the running steps and starts nothing new and a "
    "rerun finishes only what is left",
    "[e2e][fleet]") {
  TempProject p;
  const size_t n = 60;
  WriteSlowFleet(p, n);
  testing::LuamigProcess run(p.Path(), {"upgrade", "head", "--targets", "all", "-j", "2"},
                             {}, p.Path("run"));
  REQUIRE(run.started());
  // Wait until a few targets are done, then ask it to stop.
  for (int i = 0; i < 200 && CountAt(p, n, {"c3"}) < 4; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  run.Signal(SIGTERM);
  int code = run.Wait();
  INFO(run.out() << run.err());
  CHECK(code == 143);
  CHECK_THAT(run.out(), Catch::Contains("stopping: interrupted"));
  CHECK_THAT(run.out(), Catch::Contains("not started"));
  size_t done = CountAt(p, n, {"c3"});
  CHECK(done >= 4);
  CHECK(done < n);
  // Every file is at a revision, or untouched: never half-way through a step.
  for (size_t i = 0; i < n; ++i) {
    Strings v = SqliteVersions(p.Path(Save(i)));
    CHECK((v.empty() || v == Strings{"a1"} || v == Strings{"b2"} || v == Strings{"c3"}));
  }
  auto rerun = RunLuamig(
      p.Path(), {"upgrade", "head", "--targets", "all", "-j", "2", "--format", "json"});
  REQUIRE(rerun.exit_code == 0);
  auto doc = nlohmann::json::parse(rerun.out);
  size_t steps = 0, history = 0;
  for (const auto& t : doc["targets"]) steps += t["steps"].size();
  for (size_t i = 0; i < n; ++i)
    history +=
        testing::SqliteRows(p.Path(Save(i)), "SELECT * FROM luamig_history").size();
  CHECK(steps < 3 * n);
  CHECK(history == 3 * n);  // every step ran once, over both runs
  CHECK(CountAt(p, n, {"c3"}) == n);
}

TEST_CASE(
    "SIGKILL mid-fleet leaves each file at a revision and a rerun finishes the rest",
    "[e2e][fleet]") {
  TempProject p;
  const size_t n = 40;
  WriteSlowFleet(p, n);
  testing::LuamigProcess run(p.Path(), {"upgrade", "head", "--targets", "all", "-j", "2"},
                             {}, p.Path("run"));
  REQUIRE(run.started());
  for (int i = 0; i < 200 && CountAt(p, n, {"c3"}) < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  run.Kill();
  CHECK(run.Wait() == -SIGKILL);
  auto rerun = RunLuamig(p.Path(), {"upgrade", "head", "--targets", "all", "-j", "2"});
  INFO(rerun.out << rerun.err);
  REQUIRE(rerun.exit_code == 0);
  CHECK(CountAt(p, n, {"c3"}) == n);
  for (size_t i = 0; i < n; ++i)
    CHECK(testing::SqliteRows(p.Path(Save(i)), "SELECT * FROM luamig_history").size() ==
          3);
}

}  // namespace
}  // namespace luamig
