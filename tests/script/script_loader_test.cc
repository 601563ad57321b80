// SPDX-License-Identifier: MIT
#include "script/script_loader.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace luamig::script {
namespace {

Result<LoadedScripts> Load(const std::vector<ScriptFile>& files) {
  lua::LuaState lua;
  return LoadScripts(lua, files);
}

const char kFull[] = R"lua(-- Add players table
-- second comment line
revision      = "dcd397241ba3"
down_revision = { "abc123", "def456" }
branch_labels = { "ecs", "core" }
depends_on    = "naming@head"
transactional = false

function upgrade(op) end
function downgrade(op) end
)lua";

TEST_CASE("every header field is read from a script", "[script]") {
  Result<LoadedScripts> r = Load({{"versions/full.lua", kFull}});
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  REQUIRE(r->revisions.size() == 1);
  const graph::Revision& rev = r->revisions[0];
  CHECK(rev.id == "dcd397241ba3");
  CHECK(rev.down_revisions == std::vector<std::string>{"abc123", "def456"});
  CHECK(rev.branch_labels == std::vector<std::string>{"ecs", "core"});
  CHECK(rev.depends_on == std::vector<std::string>{"naming@head"});
  CHECK(rev.message == "Add players table");
  CHECK(rev.source == "versions/full.lua");
  const LoadedScript& s = r->by_revision.at("dcd397241ba3");
  CHECK(s.file == "versions/full.lua");
  CHECK_FALSE(s.transactional);
}

TEST_CASE("a base revision has no parents, labels or dependencies and is transactional",
          "[script]") {
  Result<LoadedScripts> r =
      Load({{"a.lua", "revision = 'a1'\ndown_revision = nil\nfunction upgrade(op) end"}});
  REQUIRE(r.ok());
  const graph::Revision& rev = r->revisions[0];
  CHECK(rev.down_revisions.empty());
  CHECK(rev.branch_labels.empty());
  CHECK(rev.depends_on.empty());
  CHECK(rev.message.empty());
  CHECK(r->by_revision.at("a1").transactional);
}

TEST_CASE("a string down_revision is one parent", "[script]") {
  Result<LoadedScripts> r = Load({{"b.lua",
                                   "-- Second step\nrevision = 'b2'\n"
                                   "down_revision = 'a1'\nfunction upgrade(op) end"}});
  REQUIRE(r.ok());
  CHECK(r->revisions[0].down_revisions == std::vector<std::string>{"a1"});
  CHECK(r->revisions[0].message == "Second step");
}

TEST_CASE("revisions keep load order and ids map to their files", "[script]") {
  Result<LoadedScripts> r = Load({
      {"v/1.lua", "revision = 'one'\nfunction upgrade(op) end"},
      {"v/2.lua", "revision = 'two'\ndown_revision = 'one'\nfunction upgrade(op) end"},
  });
  REQUIRE(r.ok());
  REQUIRE(r->revisions.size() == 2);
  CHECK(r->revisions[0].id == "one");
  CHECK(r->revisions[1].id == "two");
  CHECK(r->by_revision.at("two").file == "v/2.lua");
  CHECK(r->by_revision.at("one").lua_id != r->by_revision.at("two").lua_id);
}

TEST_CASE("a script without revision is a project error naming the file", "[script]") {
  Result<LoadedScripts> r = Load({{"versions/norev.lua", "function upgrade(op) end"}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK(r.status().file() == "versions/norev.lua");
  CHECK_THAT(r.status().message(), Catch::Contains("versions/norev.lua"));
  CHECK_THAT(r.status().message(), Catch::Contains("revision"));
}

TEST_CASE("a non-string revision says what it got and where", "[script]") {
  Result<LoadedScripts> r =
      Load({{"versions/num.lua", "-- x\nrevision = 123\nfunction upgrade(op) end"}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK(r.status().file() == "versions/num.lua");
  CHECK(r.status().line() == 2);
  CHECK_THAT(r.status().message(), Catch::Contains("must be a string, got number"));
}

TEST_CASE("malformed header values are project errors with file and line", "[script]") {
  struct Case {
    const char* source;
    const char* expect;
    int line;
  };
  const Case cases[] = {
      {"revision = ''\nfunction upgrade(op) end", "must not be empty", 1},
      {"revision = 'a'\ndown_revision = 5\nfunction upgrade(op) end",
       "down_revision must be a string or a list", 2},
      {"revision = 'a'\ndown_revision = {'x', 1}\nfunction upgrade(op) end",
       "down_revision must contain only strings", 2},
      {"revision = 'a'\nbranch_labels = true\nfunction upgrade(op) end", "branch_labels",
       2},
      {"revision = 'a'\ndepends_on = {k = 'v'}\nfunction upgrade(op) end", "depends_on",
       2},
      {"revision = 'a'\ntransactional = 'no'\nfunction upgrade(op) end",
       "transactional must be a boolean", 2},
      {"revision = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\nfunction upgrade(op) end",
       "longer than 32", 1},
  };
  for (const Case& c : cases) {
    Result<LoadedScripts> r = Load({{"versions/bad.lua", c.source}});
    INFO(c.source << " -> " << r.status().ToString());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kProject);
    CHECK(r.status().file() == "versions/bad.lua");
    CHECK(r.status().line() == c.line);
    CHECK_THAT(r.status().message(), Catch::Contains(c.expect));
  }
}

TEST_CASE("a script without an upgrade function is refused", "[script]") {
  Result<LoadedScripts> r =
      Load({{"versions/noup.lua", "revision = 'a'\nfunction downgrade(op) end"}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK(r.status().file() == "versions/noup.lua");
  CHECK(r.status().revision() == "a");
  CHECK_THAT(r.status().message(), Catch::Contains("upgrade"));
  Result<LoadedScripts> not_fn =
      Load({{"versions/noup.lua", "revision = 'a'\nupgrade = 'soon'"}});
  CHECK_FALSE(not_fn.ok());
}

TEST_CASE("a duplicate revision id names both files", "[script]") {
  Result<LoadedScripts> r = Load({
      {"versions/first.lua", "revision = 'same'\nfunction upgrade(op) end"},
      {"versions/second.lua", "-- again\nrevision = 'same'\nfunction upgrade(op) end"},
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK_THAT(r.status().message(), Catch::Contains("versions/first.lua"));
  CHECK_THAT(r.status().message(), Catch::Contains("versions/second.lua"));
  CHECK_THAT(r.status().message(), Catch::Contains("'same'"));
  CHECK(r.status().file() == "versions/second.lua");
  CHECK(r.status().line() == 2);
  CHECK(r.status().revisions() == std::vector<std::string>{"same"});
}

TEST_CASE("a script that fails to load stops loading with its file and line",
          "[script]") {
  Result<LoadedScripts> r = Load({
      {"versions/ok.lua", "revision = 'a'\nfunction upgrade(op) end"},
      {"versions/broken.lua", "revision = 'b'\nfunction upgrade(op)\n"},
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK(r.status().file() == "versions/broken.lua");
  CHECK(r.status().line() > 0);
}

TEST_CASE("the checksum is stable across loads and changes with the source", "[script]") {
  const std::string src = "revision = 'a'\nfunction upgrade(op) end\n";
  Result<LoadedScripts> one = Load({{"a.lua", src}});
  Result<LoadedScripts> two = Load({{"renamed.lua", src}});
  Result<LoadedScripts> changed = Load({{"a.lua", src + "-- edited\n"}});
  REQUIRE(one.ok());
  REQUIRE(two.ok());
  REQUIRE(changed.ok());
  const std::string& sum = one->by_revision.at("a").checksum;
  CHECK(sum.size() == 64);
  CHECK(sum.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(sum == two->by_revision.at("a").checksum);
  CHECK(sum != changed->by_revision.at("a").checksum);
}

TEST_CASE("the doc message is the first comment line, skipping blank comment lines",
          "[script]") {
  struct Case {
    const char* source;
    const char* message;
  };
  const Case cases[] = {
      {"--\n-- Rename teams\nrevision = 'a'\nfunction upgrade(op) end", "Rename teams"},
      {"\n\n--   padded message  \nrevision = 'a'\nfunction upgrade(op) end",
       "padded message"},
      {"revision = 'a'\n-- too late\nfunction upgrade(op) end", ""},
      {"--[[ block ]]\nrevision = 'a'\nfunction upgrade(op) end", ""},
  };
  for (const Case& c : cases) {
    INFO(c.source);
    Result<LoadedScripts> r = Load({{"d.lua", c.source}});
    REQUIRE(r.ok());
    CHECK(r->revisions[0].message == c.message);
  }
}

TEST_CASE("loaded scripts keep their own globals for later calls", "[script]") {
  lua::LuaState lua;
  Result<LoadedScripts> r = LoadScripts(
      lua, {
               {"a.lua", "revision = 'a'\nnote = 'A'\nfunction upgrade(op) end"},
               {"b.lua", "revision = 'b'\nfunction upgrade(op) end"},
           });
  REQUIRE(r.ok());
  CHECK(*lua.GetGlobal(r->by_revision.at("a").lua_id, "note")->str() == "A");
  CHECK(lua.GetGlobal(r->by_revision.at("b").lua_id, "note")->is_nil());
}

}  // namespace
}  // namespace luamig::script
