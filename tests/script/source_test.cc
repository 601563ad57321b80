// SPDX-License-Identifier: MIT
#include "luamig/script_source.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::TempProject;

std::vector<std::string> Names(const ScriptSource& source) {
  Result<std::vector<ScriptFile>> files = source.List();
  INFO(files.status().ToString());
  REQUIRE(files.ok());
  std::vector<std::string> out;
  for (const auto& f : *files) out.push_back(f.name);
  return out;
}

TEST_CASE("a directory source lists *.lua sorted bytewise per location in config order",
          "[script][source]") {
  TempProject p;
  p.Write("versions/b_second.lua", "-- b");
  p.Write("versions/B_upper.lua", "-- B");
  p.Write("versions/a_first.lua", "-- a");
  p.Write("versions/10_ten.lua", "-- 10");
  p.Write("versions/9_nine.lua", "-- 9");
  p.Write("extra/0_zero.lua", "-- zero");
  auto source = NewDirectorySource({p.Path("versions"), p.Path("extra")});
  std::vector<std::string> expected = {
      p.Path("versions/10_ten.lua"),   p.Path("versions/9_nine.lua"),
      p.Path("versions/B_upper.lua"),  p.Path("versions/a_first.lua"),
      p.Path("versions/b_second.lua"), p.Path("extra/0_zero.lua")};
  CHECK(Names(*source) == expected);
  Result<std::vector<ScriptFile>> files = source->List();
  REQUIRE(files.ok());
  CHECK((*files)[0].source == "-- 10");
  CHECK((*files)[5].source == "-- zero");
}

TEST_CASE(
    "a directory source skips dotfiles, _-prefixed files, other extensions and "
    "subdirectories",
    "[script][source]") {
  TempProject p;
  p.Write("versions/.hidden.lua", "");
  p.Write("versions/_helper.lua", "");
  p.Write("versions/notes.txt", "");
  p.Write("versions/x.lua.bak", "");
  p.Write("versions/sub/nested.lua", "");
  p.Write("versions/dir.lua/inside.lua", "");
  p.Write("versions/keep.lua", "");
  auto source = NewDirectorySource({p.Path("versions")});
  CHECK(Names(*source) == std::vector<std::string>{p.Path("versions/keep.lua")});
}

TEST_CASE("a missing version location is a project error naming it", "[script][source]") {
  TempProject p;
  auto source = NewDirectorySource({p.Path("versions"), p.Path("nowhere")});
  Result<std::vector<ScriptFile>> files = source->List();
  REQUIRE_FALSE(files.ok());
  CHECK(files.status().code() == StatusCode::kProject);
  CHECK_THAT(files.status().message(), Catch::Contains(p.Path("nowhere")));
}

TEST_CASE("a version location that is a file is a project error", "[script][source]") {
  TempProject p;
  p.Write("afile", "x");
  Result<std::vector<ScriptFile>> files = NewDirectorySource({p.Path("afile")})->List();
  REQUIRE_FALSE(files.ok());
  CHECK(files.status().code() == StatusCode::kProject);
  CHECK_THAT(files.status().message(), Catch::Contains("afile"));
}

TEST_CASE("a directory source writes new scripts and refuses to overwrite",
          "[script][source]") {
  TempProject p;
  p.Write("other/.keep", "");
  auto source = NewDirectorySource({p.Path("versions"), p.Path("other")});
  Result<std::string> path = source->Write("", "001_new.lua", "-- new\n");
  INFO(path.status().ToString());
  REQUIRE(path.ok());
  CHECK(*path == p.Path("versions/001_new.lua"));
  CHECK(p.Read("versions/001_new.lua") == "-- new\n");
  CHECK(Names(*source).size() == 1);

  Result<std::string> again = source->Write("", "001_new.lua", "-- replaced\n");
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == StatusCode::kUsage);
  CHECK_THAT(again.status().message(), Catch::Contains("001_new.lua"));
  CHECK(p.Read("versions/001_new.lua") == "-- new\n");

  Result<std::string> elsewhere = source->Write(p.Path("other"), "002.lua", "-- 2");
  REQUIRE(elsewhere.ok());
  CHECK(*elsewhere == p.Path("other/002.lua"));
  CHECK(Names(*source) == std::vector<std::string>{p.Path("versions/001_new.lua"),
                                                   p.Path("other/002.lua")});
}

TEST_CASE("a directory source with no locations refuses writes without throwing",
          "[script][source]") {
  auto source = NewDirectorySource({});
  Result<std::string> w = source->Write("", "x.lua", "");
  REQUIRE_FALSE(w.ok());
  CHECK(w.status().code() == StatusCode::kUsage);
  Result<std::vector<ScriptFile>> files = source->List();
  REQUIRE(files.ok());
  CHECK(files->empty());
}

TEST_CASE("a memory source lists scripts sorted by name", "[script][source]") {
  auto source = NewMemorySource({{"b.lua", "B"}, {"a.lua", "A"}, {"C.lua", "C"}});
  CHECK(Names(*source) == std::vector<std::string>{"C.lua", "a.lua", "b.lua"});
  Result<std::vector<ScriptFile>> files = source->List();
  REQUIRE(files.ok());
  CHECK((*files)[1].source == "A");
}

TEST_CASE("a memory source stores writes in order and refuses to overwrite",
          "[script][source]") {
  auto source = NewMemorySource({{"b.lua", "B"}});
  Result<std::string> a = source->Write("", "a.lua", "A");
  REQUIRE(a.ok());
  CHECK(*a == "a.lua");
  Result<std::string> nested = source->Write("ecs", "c.lua", "C");
  REQUIRE(nested.ok());
  CHECK(*nested == "ecs/c.lua");
  CHECK(Names(*source) == std::vector<std::string>{"a.lua", "b.lua", "ecs/c.lua"});

  Result<std::string> dup = source->Write("", "b.lua", "other");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.status().code() == StatusCode::kUsage);
  Result<std::vector<ScriptFile>> files = source->List();
  REQUIRE(files.ok());
  CHECK((*files)[1].source == "B");
}

}  // namespace
}  // namespace luamig
