// SPDX-License-Identifier: MIT
// A script header luamig cannot use is an error naming the file and the
// line, before anything runs: ids the target grammar cannot name, values that
// are not data, repeated parents and labels (issue 12, item 9).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "luamig/script_source.h"
#include "script/script_loader.h"
#include "support/temp_project.h"

namespace luamig::script {
namespace {

Result<LoadedScripts> Load(const std::string& source) {
  lua::LuaState lua;
  return LoadScripts(lua, {{"versions/x.lua", source}});
}

std::string Header(const std::string& revision_line, const std::string& rest = "") {
  return "-- doc\n" + revision_line + "\n" + rest + "\nfunction upgrade(op) end\n";
}

void Refused(const std::string& source, const std::string& needle, int line) {
  INFO(source);
  Result<LoadedScripts> r = Load(source);
  REQUIRE_FALSE(r.ok());
  INFO(r.status().ToString());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK(r.status().file() == "versions/x.lua");
  CHECK(r.status().line() == line);
  CHECK(r.status().message().find(needle) != std::string::npos);
  CHECK(r.status().message().find('\n') == std::string::npos);
}

}  // namespace

TEST_CASE("revision ids follow the rules of --rev-id", "[script][metadata]") {
  for (const char* id : {"head", "base", "heads", "current"})
    Refused(Header("revision = '" + std::string(id) + "'"), "target keyword", 2);
  for (const char* id :
       {"+1", "x:y", "a@head", "a b", "a\\nb", "a'b", "a\\\"b", "a-1", "a.b", ""}) {
    Refused(Header("revision = \"" + std::string(id) + "\""), "revision", 2);
  }
  Refused(Header("revision = '" + std::string(33, 'a') + "'"), "longer than 32", 2);
  REQUIRE(Load(Header("revision = 'Abc_123'")).ok());
}

TEST_CASE("parents and labels follow the same rules and are not repeated",
          "[script][metadata]") {
  Refused(Header("revision = 'b2'", "down_revision = { 'a3', 'a3' }"), "'a3' twice", 3);
  Refused(Header("revision = 'b2'", "down_revision = 'a@head'"), "down_revision", 3);
  Refused(Header("revision = 'b2'", "branch_labels = { 'x', 'x' }"), "'x' twice", 3);
  Refused(Header("revision = 'b2'", "branch_labels = 'heads'"), "target keyword", 3);
  Refused(Header("revision = 'b2'", "depends_on = { 'a1', 'a1' }"), "'a1' twice", 3);
}

TEST_CASE("a header value that is not data is an error, not nil", "[script][metadata]") {
  Refused(Header("revision = 'b2'", "down_revision = function() end"),
          "must be plain data, got a function", 3);
  Refused(Header("revision = function() return 'x' end"), "got a function", 2);
  Refused(Header("revision = 'b2'", "transactional = print"), "got a function", 3);
  Refused(Header("revision = 'b2'", "lock_timeout = coroutine and 1 or print"),
          "got a function", 3);
}

TEST_CASE("a UTF-8 byte order mark does not hide the doc comment", "[script][metadata]") {
  Result<LoadedScripts> r =
      Load("\xEF\xBB\xBF-- Add players\nrevision = 'a1'\nfunction upgrade(op) end\n");
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(r->revisions[0].message == "Add players");
  Refused("\xEF\xBB\xBFrevision = 'head'\nfunction upgrade(op) end\n", "keyword", 1);
}

TEST_CASE("a dangling *.lua symlink in a version location is an error",
          "[script][metadata]") {
  testing::TempProject p;
  p.Write("versions/001_a1.lua", "revision = 'a1'\nfunction upgrade(op) end\n");
  std::filesystem::create_symlink(p.Path("gone.lua"), p.Path("versions/002_b2.lua"));
  auto r = NewDirectorySource({p.Path("versions")})->List();
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("002_b2.lua") != std::string::npos);
  CHECK(r.status().message().find("does not exist") != std::string::npos);
}

}  // namespace luamig::script
