// SPDX-License-Identifier: MIT
// The `targets` setting: lists, functions (with glob), environments, errors.
#include "config/targets.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "luamig/config.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::TempProject;

Config MustLoad(const std::string& path, const std::string& env = "") {
  Result<Config> c = LoadConfigFile(path, env);
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  return *c;
}

std::vector<std::string> Names(const Config& c) {
  std::vector<std::string> names;
  for (const auto& t : c.targets) names.push_back(t.name);
  return names;
}

TEST_CASE("targets are URLs or tables with names derived when not given",
          "[config][fleet]") {
  TempProject p;
  std::string path = p.Write("luamig.lua", R"lua(
targets = {
  "sqlite:///saves/slot1.db",
  { name = "eu", url = "postgresql://u@h/shards_eu" },
  { url = "postgresql://u@h/saas", version_table_schema = "tenant_7",
    search_path = "tenant_7, public" },
}
)lua");
  Config c = MustLoad(path);
  REQUIRE(c.targets.size() == 3);
  CHECK(Names(c) == std::vector<std::string>{"slot1", "eu", "saas.tenant_7"});
  CHECK(c.targets[0].url == "sqlite:///saves/slot1.db");
  CHECK(c.targets[2].version_table_schema == "tenant_7");
  CHECK(c.targets[2].search_path == "tenant_7, public");
}

TEST_CASE("targets as a function use glob to find save files in sorted order",
          "[config][fleet]") {
  TempProject p;
  p.Write("saves/b.db", "");
  p.Write("saves/a.db", "");
  p.Write("saves/notes.txt", "");
  p.Write("saves/old/c.db", "");
  std::string path = p.Write("luamig.lua", R"lua(
targets = function(t)
  local list = {}
  for _, file in ipairs(t.glob("saves/*.db")) do
    list[#list + 1] = "sqlite:///" .. file
  end
  for _, file in ipairs(t.glob("saves/*/*.db")) do
    list[#list + 1] = { name = "archived_" .. #list, url = "sqlite:///" .. file }
  end
  return list
end
)lua");
  Config c = MustLoad(path);
  CHECK(Names(c) == std::vector<std::string>{"a", "b", "archived_2"});
  CHECK(c.targets[0].url == "sqlite:///saves/a.db");
  CHECK(c.targets[2].url == "sqlite:///saves/old/c.db");
}

TEST_CASE("an environment has its own targets", "[config][fleet]") {
  TempProject p;
  std::string path = p.Write("luamig.lua", R"lua(
version_table = "v"
targets = { "sqlite:///dev.db" }
environments = {
  prod = {
    targets = function(t)
      local list = {}
      for i = 1, 3 do
        list[i] = { name = "shard" .. i, url = "postgresql://u@h/shard" .. i }
      end
      return list
    end,
  },
  staging = {},
}
)lua");
  CHECK(Names(MustLoad(path)) == std::vector<std::string>{"dev"});
  CHECK(Names(MustLoad(path, "prod")) ==
        std::vector<std::string>{"shard1", "shard2", "shard3"});
  CHECK(MustLoad(path, "prod").version_table == "v");
  CHECK(Names(MustLoad(path, "staging")) == std::vector<std::string>{"dev"});
}

TEST_CASE("targets errors name the file and the entry and the key", "[config][fleet]") {
  TempProject p;
  auto error = [&](const std::string& text) {
    Result<Config> c = LoadConfigFile(p.Write("luamig.lua", text));
    REQUIRE_FALSE(c.ok());
    CHECK(c.status().code() == StatusCode::kProject);
    return c.status().message();
  };
  CHECK_THAT(error("targets = 'sqlite:///a.db'"),
             Catch::Contains("'targets' must be a list of targets"));
  CHECK_THAT(error("targets = { { name = 'x' } }"),
             Catch::Contains("'targets[1]' needs a url"));
  CHECK_THAT(error("targets = { { url = 'sqlite:///a.db', shema = 'x' } }"),
             Catch::Contains("'targets[1].shema' is not a target setting"));
  CHECK_THAT(error("targets = { 'sqlite:///a.db', 'sqlite:///other/a.db' }"),
             Catch::Contains("names two targets 'a'"));
  CHECK_THAT(error("targets = { { name = 'a,b', url = 'sqlite:///a.db' } }"),
             Catch::Contains("without commas"));
  std::string raised = error("targets = function(t)\n  error('no control db')\nend\n");
  CHECK_THAT(raised, Catch::Contains("luamig.lua:2:"));
  CHECK_THAT(raised, Catch::Contains("no control db"));
  CHECK_THAT(error("targets = function(t) return t.glob(42) end"),
             Catch::Contains("glob(pattern) expects a string pattern"));
}

TEST_CASE("GlobFiles matches each component and keeps paths as written",
          "[config][fleet]") {
  TempProject p;
  p.Write("x/1.db", "");
  p.Write("x/2.db", "");
  p.Write("x/.hidden.db", "");
  p.Write("y/3.db", "");
  CHECK(GlobFiles("x/*.db", p.Path()) == std::vector<std::string>{"x/1.db", "x/2.db"});
  CHECK(GlobFiles("?/*.db", p.Path()) ==
        std::vector<std::string>{"x/1.db", "x/2.db", "y/3.db"});
  CHECK(GlobFiles("z/*.db", p.Path()).empty());
  CHECK(GlobFiles(p.Path("y") + "/*.db", "") ==
        std::vector<std::string>{p.Path("y") + "/3.db"});
}

}  // namespace
}  // namespace luamig
