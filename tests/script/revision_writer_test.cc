// SPDX-License-Identifier: MIT
// New revision files: names from file_template, ids, and the rendered script.
#include "script/revision_writer.h"

#include <catch2/catch.hpp>
#include <ctime>
#include <regex>

#include "lua/lua_state.h"
#include "script/file_template.h"
#include "script/script_loader.h"

namespace luamig::script {
namespace {

// 2025-10-13 22:37:05 local time.
std::time_t Oct13() {
  std::tm tm{};
  tm.tm_year = 125;
  tm.tm_mon = 9;
  tm.tm_mday = 13;
  tm.tm_hour = 22;
  tm.tm_min = 37;
  tm.tm_sec = 5;
  tm.tm_isdst = -1;
  return std::mktime(&tm);
}

TEST_CASE("the default file_template renders date, id and slug", "[script][template]") {
  auto name = RevisionFileName("%Y%m%d_%H%M-{rev}_{slug}", "dcd397241ba3",
                               "Initial schema", Oct13());
  REQUIRE(name.ok());
  CHECK(*name == "20251013_2237-dcd397241ba3_initial_schema.lua");
}

TEST_CASE("file_template accepts other strftime codes, {epoch} and %%",
          "[script][template]") {
  std::time_t t = Oct13();
  auto name = RevisionFileName("%y-%S_{epoch}_%%_{rev}", "ab", "x", t);
  REQUIRE(name.ok());
  CHECK(*name == "25-05_" + std::to_string(static_cast<long long>(t)) + "_%_ab.lua");
}

TEST_CASE("file_template errors name the bad placeholder", "[script][template]") {
  auto unknown = RevisionFileName("{revv}_{slug}", "ab", "x", Oct13());
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kProject);
  CHECK_THAT(unknown.status().message(), Catch::Contains("{revv}"));
  CHECK_THAT(unknown.status().message(), Catch::Contains("did you mean 'rev'"));
  CHECK_FALSE(RevisionFileName("{rev", "ab", "x", Oct13()).ok());
  CHECK_FALSE(RevisionFileName("sub/{rev}", "ab", "x", Oct13()).ok());
  CHECK_FALSE(RevisionFileName("_{rev}", "ab", "x", Oct13()).ok());
}

TEST_CASE("the slug follows Alembic: words, lowercase, cut at a word under 40",
          "[script][template]") {
  CHECK(Slug("Add players table!") == "add_players_table");
  CHECK(Slug("  snake_case stays, (punctuation) goes ") ==
        "snake_case_stays_punctuation_goes");
  CHECK(Slug("") == "");
  // 46 characters of words: cut at 40, back to the last '_', plus '_'.
  CHECK(Slug("add the ranking columns to the players table") ==
        "add_the_ranking_columns_to_the_players_");
  CHECK(Slug(std::string(45, 'a')) == std::string(40, 'a') + "_");
  CHECK(Slug("Ünïcode wörds") == "n_code_w_rds");
}

TEST_CASE("new revision ids are 12 lowercase hex digits and differ",
          "[script][template]") {
  std::regex hex12("[0-9a-f]{12}");
  std::string a = NewRevisionId(), b = NewRevisionId();
  CHECK(std::regex_match(a, hex12));
  CHECK(std::regex_match(b, hex12));
  CHECK(a != b);
}

TEST_CASE("user-given ids and labels are checked", "[script][template]") {
  CHECK(CheckRevisionId("abc_123").ok());
  CHECK_FALSE(CheckRevisionId("").ok());
  CHECK_FALSE(CheckRevisionId("a-b").ok());
  CHECK_FALSE(CheckRevisionId("x@y").ok());
  CHECK_FALSE(CheckRevisionId("heads").ok());
  CHECK_FALSE(CheckRevisionId(std::string(33, 'a')).ok());
  CHECK(CheckBranchLabel("ecs").ok());
  CHECK_FALSE(CheckBranchLabel("ecs@head").ok());
  CHECK(CheckRevisionId("a b").code() == StatusCode::kUsage);
}

RevisionHeader Header() {
  RevisionHeader h;
  h.revision = "b2";
  h.down_revisions = {"a1"};
  h.message = "Add posts";
  h.create_date = "2025-10-13 22:37:05";
  return h;
}

// Loads `source` as luamig would and returns its header.
graph::Revision Load(const std::string& source) {
  lua::LuaState lua;
  auto loaded = LoadScripts(lua, {{"new.lua", source}});
  if (!loaded.ok()) FAIL(loaded.status().ToString());
  return loaded->revisions.front();
}

TEST_CASE("the built-in template renders a loadable script with empty bodies",
          "[script][writer]") {
  auto src = RenderRevision(BuiltinRevisionTemplate(), Header());
  REQUIRE(src.ok());
  CHECK_THAT(*src, Catch::StartsWith("-- Add posts\n"));
  CHECK_THAT(*src, Catch::Contains("revision = \"b2\"\ndown_revision = \"a1\"\n"));
  CHECK_THAT(*src, Catch::Contains("branch_labels = nil\ndepends_on = nil\n"));
  CHECK_THAT(*src, Catch::Contains("-- Create Date: 2025-10-13 22:37:05"));
  CHECK_THAT(*src, Catch::Contains("function upgrade(op)\n  -- pass\nend"));
  CHECK_THAT(*src, Catch::Contains("function downgrade(op)\n  -- pass\nend"));
  graph::Revision rev = Load(*src);
  CHECK(rev.id == "b2");
  CHECK(rev.down_revisions == std::vector<std::string>{"a1"});
  CHECK(rev.message == "Add posts");
}

TEST_CASE("a merge file lists its parents as a Lua table", "[script][writer]") {
  RevisionHeader h = Header();
  h.revision = "m1";
  h.down_revisions = {"c1", "c2"};
  h.branch_labels = {"ecs"};
  h.depends_on = {"naming"};
  h.message = "merge c1 and c2";
  auto src = RenderRevision(BuiltinRevisionTemplate(), h);
  REQUIRE(src.ok());
  CHECK_THAT(*src, Catch::Contains("down_revision = { \"c1\", \"c2\" }"));
  CHECK_THAT(*src, Catch::Contains("branch_labels = { \"ecs\" }"));
  CHECK_THAT(*src, Catch::Contains("depends_on = { \"naming\" }"));
  CHECK_THAT(*src, Catch::Contains("-- Revises: c1, c2"));
  graph::Revision rev = Load(*src);
  CHECK(rev.down_revisions == std::vector<std::string>{"c1", "c2"});
  CHECK(rev.branch_labels == std::vector<std::string>{"ecs"});
}

TEST_CASE("a base revision has down_revision nil and an empty message placeholder",
          "[script][writer]") {
  RevisionHeader h = Header();
  h.down_revisions.clear();
  h.message = "";
  auto src = RenderRevision(BuiltinRevisionTemplate(), h);
  REQUIRE(src.ok());
  CHECK_THAT(*src, Catch::StartsWith("-- empty message\n"));
  CHECK_THAT(*src, Catch::Contains("down_revision = nil\n"));
  CHECK_THAT(*src, Catch::Contains("-- Revises: <base>"));
}

TEST_CASE("a message with line breaks stays one comment line", "[script][writer]") {
  RevisionHeader h = Header();
  h.message = "first\nos.exit(1)";
  auto src = RenderRevision(BuiltinRevisionTemplate(), h);
  REQUIRE(src.ok());
  CHECK_THAT(*src, Catch::StartsWith("-- first os.exit(1)\n"));
}

TEST_CASE("a project template overrides the built-in one", "[script][writer]") {
  const char* tmpl =
      "-- ${message} ($$1)\nrevision = \"${revision}\"\ndown_revision = "
      "${down_revision}\nfunction upgrade(op)\n${upgrades}\nend\n";
  auto src = RenderRevision(tmpl, Header());
  REQUIRE(src.ok());
  CHECK(*src ==
        "-- Add posts ($1)\nrevision = \"b2\"\ndown_revision = \"a1\"\nfunction "
        "upgrade(op)\n  -- pass\nend\n");
}

TEST_CASE("a template with an unknown placeholder is an error naming it",
          "[script][writer]") {
  auto src = RenderRevision("${mesage}", Header(), "templates/revision.lua.tmpl");
  REQUIRE_FALSE(src.ok());
  CHECK(src.status().code() == StatusCode::kProject);
  CHECK_THAT(src.status().message(), Catch::Contains("templates/revision.lua.tmpl"));
  CHECK_THAT(src.status().message(), Catch::Contains("did you mean 'message'"));
  CHECK_FALSE(RenderRevision("${revision", Header()).ok());
}

TEST_CASE("Lua string literals escape quotes, backslashes and control bytes",
          "[script][writer]") {
  CHECK(LuaString("a\"b\\c\n") == "\"a\\\"b\\\\c\\010\"");
}

}  // namespace
}  // namespace luamig::script
