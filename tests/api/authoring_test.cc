// SPDX-License-Identifier: MIT
// init, revision and merge through the public API: in memory, and on disk
// where the disk is the point (file names, templates, version locations).
#include <catch2/catch.hpp>
#include <regex>

#include "luamig/migrator.h"
#include "support/memory_migrator.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::MemoryOptions;
using testing::OpenOrFail;
using testing::TempProject;
using Strings = std::vector<std::string>;

std::unique_ptr<Migrator> Empty(const TempProject& p) {
  return OpenOrFail(MemoryOptions(p, {}));
}

RevisionOptions Rev(const std::string& message, const std::string& id = "") {
  RevisionOptions o;
  o.message = message;
  o.rev_id = id;
  return o;
}

std::unique_ptr<Migrator> OnDisk(const TempProject& p, Strings locations = {"versions"}) {
  MigratorOptions o;
  o.config.project_dir = p.Path();
  o.config.version_locations = std::move(locations);
  o.url = p.SqliteUrl();
  return OpenOrFail(std::move(o));
}

TEST_CASE("revision on an empty project writes a base with a random id",
          "[api][author]") {
  TempProject p;
  auto m = Empty(p);
  auto w = m->CreateRevision(Rev("Create players"));
  REQUIRE(w.ok());
  CHECK(std::regex_match(w->revision.id, std::regex("[0-9a-f]{12}")));
  CHECK(w->revision.down_revisions.empty());
  CHECK(w->revision.is_head);
  CHECK(w->revision.message == "Create players");
  CHECK(std::regex_match(
      w->revision.file,
      std::regex("[0-9]{8}_[0-9]{4}-" + w->revision.id + "_create_players\\.lua")));
  auto heads = m->Heads();
  REQUIRE(heads.ok());
  REQUIRE(heads->size() == 1);
  CHECK(heads->front().id == w->revision.id);
}

TEST_CASE("revision builds on the single head and the new script upgrades",
          "[api][author]") {
  TempProject p;
  auto m = Empty(p);
  REQUIRE(m->CreateRevision(Rev("one", "a1")).ok());
  auto b = m->CreateRevision(Rev("two", "b2"));
  REQUIRE(b.ok());
  CHECK(b->revision.down_revisions == Strings{"a1"});
  CHECK_THAT(b->source, Catch::Contains("down_revision = \"a1\""));
  auto run = m->Upgrade("head");
  REQUIRE(run.ok());
  CHECK(testing::StepIds(*run) == Strings{"a1", "b2"});
}

TEST_CASE("revision with several heads lists them and asks which", "[api][author]") {
  TempProject p;
  auto m = Empty(p);
  RevisionOptions x = Rev("x", "x1"), y = Rev("y", "y1");
  x.head = y.head = "base";
  x.branch_labels = {"xs"};
  y.branch_labels = {"ys"};
  REQUIRE(m->CreateRevision(x).ok());
  REQUIRE(m->CreateRevision(y).ok());
  auto plain = m->CreateRevision(Rev("z"));
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.status().code() == StatusCode::kUsage);
  CHECK(plain.status().revisions() == Strings{"x1", "y1"});
  CHECK_THAT(plain.status().message(), Catch::Contains("x1, y1"));
  RevisionOptions on_label = Rev("z", "z1");
  on_label.head = "ys@head";
  auto z = m->CreateRevision(on_label);
  REQUIRE(z.ok());
  CHECK(z->revision.down_revisions == Strings{"y1"});
}

TEST_CASE("revision on a non-head needs --splice", "[api][author]") {
  TempProject p;
  auto m = Empty(p);
  REQUIRE(m->CreateRevision(Rev("one", "a1")).ok());
  REQUIRE(m->CreateRevision(Rev("two", "b2")).ok());
  RevisionOptions o = Rev("side", "s1");
  o.head = "a1";
  auto refused = m->CreateRevision(o);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kUsage);
  CHECK_THAT(refused.status().message(), Catch::Contains("a1 is not a head"));
  o.splice = true;
  auto spliced = m->CreateRevision(o);
  REQUIRE(spliced.ok());
  CHECK(spliced->revision.down_revisions == Strings{"a1"});
  auto heads = m->Heads();
  REQUIRE(heads.ok());
  CHECK(heads->size() == 2);
}

TEST_CASE("depends_on keeps labels and expands prefixes", "[api][author]") {
  TempProject p;
  auto m = Empty(p);
  RevisionOptions naming = Rev("naming", "abc123");
  naming.head = "base";
  naming.branch_labels = {"naming"};
  REQUIRE(m->CreateRevision(naming).ok());
  RevisionOptions ecs = Rev("ecs", "e1");
  ecs.head = "base";
  ecs.depends_on = {"naming", "abc"};
  auto w = m->CreateRevision(ecs);
  REQUIRE(w.ok());
  CHECK(w->revision.depends_on == Strings{"naming", "abc123"});
  RevisionOptions bad = Rev("bad");
  bad.head = "base";
  bad.depends_on = {"nmaing"};
  auto err = m->CreateRevision(bad);
  REQUIRE_FALSE(err.ok());
  CHECK_THAT(err.status().ToString(), Catch::Contains("naming"));
}

TEST_CASE("revision refuses taken or malformed ids and labels", "[api][author]") {
  TempProject p;
  auto m = Empty(p);
  RevisionOptions a = Rev("one", "a1");
  a.branch_labels = {"main"};
  REQUIRE(m->CreateRevision(a).ok());
  auto taken = m->CreateRevision(Rev("again", "a1"));
  REQUIRE_FALSE(taken.ok());
  CHECK(taken.status().code() == StatusCode::kUsage);
  CHECK_THAT(taken.status().message(), Catch::Contains("a1"));
  CHECK_FALSE(m->CreateRevision(Rev("dash", "a-b")).ok());
  RevisionOptions dup = Rev("dup", "d1");
  dup.branch_labels = {"main"};
  auto dup_label = m->CreateRevision(dup);
  REQUIRE_FALSE(dup_label.ok());
  CHECK_THAT(dup_label.status().ToString(), Catch::Contains("main"));
  auto heads = m->Heads();
  REQUIRE(heads.ok());
  CHECK(heads->size() == 1);  // nothing was written by the failures
}

TEST_CASE("merge joins heads in a revision with a tuple down_revision", "[api][author]") {
  TempProject p;
  auto m = Empty(p);
  RevisionOptions x = Rev("x", "x1"), y = Rev("y", "y1");
  x.head = y.head = "base";
  REQUIRE(m->CreateRevision(x).ok());
  REQUIRE(m->CreateRevision(y).ok());
  MergeOptions o;
  o.message = "join";
  o.revisions = {"heads"};
  o.rev_id = "m1";
  auto w = m->Merge(o);
  REQUIRE(w.ok());
  CHECK(w->revision.down_revisions == Strings{"x1", "y1"});
  CHECK(w->revision.is_merge);
  CHECK_THAT(w->source, Catch::Contains("down_revision = { \"x1\", \"y1\" }"));
  auto heads = m->Heads();
  REQUIRE(heads.ok());
  REQUIRE(heads->size() == 1);
  CHECK(heads->front().id == "m1");
  MergeOptions again;
  again.revisions = {"heads"};
  auto single = m->Merge(again);
  REQUIRE_FALSE(single.ok());
  CHECK(single.status().code() == StatusCode::kUsage);
  MergeOptions non_head;
  non_head.revisions = {"x1", "m1"};
  auto refused = m->Merge(non_head);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("x1 is not a head"));
}

TEST_CASE("revision files follow file_template on disk", "[api][author]") {
  TempProject p;
  MigratorOptions o;
  o.config.project_dir = p.Path();
  o.config.file_template = "{rev}-{slug}";
  o.url = p.SqliteUrl();
  auto m = OpenOrFail(std::move(o));
  auto w = m->CreateRevision(Rev("Add the scores!", "abc"));
  REQUIRE(w.ok());
  CHECK(p.Exists("versions/abc-add_the_scores.lua"));
  CHECK(p.Read("versions/abc-add_the_scores.lua") == w->source);
}

TEST_CASE("templates/revision.lua.tmpl overrides the built-in template",
          "[api][author]") {
  TempProject p;
  p.Write("templates/revision.lua.tmpl",
          "-- ${message}\n-- custom\nrevision = \"${revision}\"\ndown_revision = "
          "${down_revision}\nbranch_labels = ${branch_labels}\ndepends_on = "
          "${depends_on}\nfunction upgrade(op)\n${upgrades}\nend\n");
  auto m = OnDisk(p);
  auto w = m->CreateRevision(Rev("custom", "c1"));
  REQUIRE(w.ok());
  CHECK_THAT(w->source, Catch::Contains("-- custom\n"));
  CHECK(w->source.find("downgrade") == std::string::npos);
}

TEST_CASE("a template that drops a header field is refused before writing",
          "[api][author]") {
  TempProject p;
  p.Write("templates/revision.lua.tmpl",
          "revision = \"${revision}\"\nfunction upgrade(op) end\n");
  auto m = OnDisk(p);
  REQUIRE(m->CreateRevision(Rev("one", "a1")).ok());  // a base: nothing dropped
  auto w = m->CreateRevision(Rev("two", "b2"));
  REQUIRE_FALSE(w.ok());
  CHECK(w.status().code() == StatusCode::kProject);
  CHECK_THAT(w.status().message(), Catch::Contains("down_revision"));
  auto heads = m->Heads();
  REQUIRE(heads.ok());
  CHECK(heads->size() == 1);
}

TEST_CASE("several version locations: --version-path picks one for a new base",
          "[api][author]") {
  TempProject p;
  std::filesystem::create_directories(p.Path("versions/ecs"));
  auto m = OnDisk(p, {"versions", "versions/ecs"});
  RevisionOptions base = Rev("ecs", "e1");
  base.head = "base";
  auto no_path = m->CreateRevision(base);
  REQUIRE_FALSE(no_path.ok());
  CHECK(no_path.status().code() == StatusCode::kUsage);
  CHECK_THAT(no_path.status().message(), Catch::Contains("--version-path"));
  base.version_path = "versions/elsewhere";
  auto not_configured = m->CreateRevision(base);
  REQUIRE_FALSE(not_configured.ok());
  CHECK_THAT(not_configured.status().message(), Catch::Contains("versions/elsewhere"));
  base.version_path = "versions/ecs";
  base.branch_labels = {"ecs"};
  auto ok = m->CreateRevision(base);
  REQUIRE(ok.ok());
  CHECK_THAT(ok->revision.file, Catch::Contains("versions/ecs/"));
  // Building on a head writes beside it.
  RevisionOptions next = Rev("more ecs", "e2");
  next.head = "ecs@head";
  auto e2 = m->CreateRevision(next);
  REQUIRE(e2.ok());
  CHECK_THAT(e2->revision.file, Catch::Contains("versions/ecs/"));
}

TEST_CASE("init creates luamig.lua and versions/, once", "[api][author]") {
  TempProject p;
  std::string dir = p.Path("fresh");
  auto r = Migrator::Init(dir);
  REQUIRE(r.ok());
  CHECK(p.Exists("fresh/luamig.lua"));
  CHECK(p.Exists("fresh/versions"));
  CHECK(r->created.size() == 2);
  auto config = LoadConfigFile(dir + "/luamig.lua");
  REQUIRE(config.ok());
  CHECK(config->file_template == "%Y%m%d_%H%M-{rev}_{slug}");
  auto again = Migrator::Init(dir);
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == StatusCode::kUsage);
  CHECK_THAT(again.status().message(), Catch::Contains("already"));
}

}  // namespace
}  // namespace luamig
