// SPDX-License-Identifier: MIT
// Per-revision run settings in a script's header: lock_timeout,
// statement_timeout, lock_retries, transactional; and the kept source.
#include <catch2/catch.hpp>

#include "script/script_loader.h"

namespace luamig::script {
namespace {

using std::chrono::milliseconds;

Result<LoadedScripts> LoadOne(lua::LuaState& lua, const std::string& header) {
  std::string source = "revision = \"r1\"\n" + header + "\nfunction upgrade(op) end\n";
  return LoadScripts(lua, {{"001.lua", source}});
}

TEST_CASE("a script without run settings inherits the config's", "[script]") {
  lua::LuaState lua;
  auto s = LoadOne(lua, "");
  REQUIRE(s.ok());
  const LoadedScript& r = s->by_revision.at("r1");
  CHECK(r.lock_timeout == milliseconds(-1));
  CHECK(r.statement_timeout == milliseconds(-1));
  CHECK(r.lock_retries == -1);
  CHECK(r.transactional);
  CHECK(r.source == "revision = \"r1\"\n\nfunction upgrade(op) end\n");
}

TEST_CASE("a script's header sets its timeouts and retries", "[script]") {
  lua::LuaState lua;
  auto s = LoadOne(lua,
                   "lock_timeout = \"5s\"\nstatement_timeout = 250\nlock_retries = 2\n"
                   "transactional = false");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  const LoadedScript& r = s->by_revision.at("r1");
  CHECK(r.lock_timeout == milliseconds(5000));
  CHECK(r.statement_timeout == milliseconds(250));
  CHECK(r.lock_retries == 2);
  CHECK_FALSE(r.transactional);
}

TEST_CASE("malformed run settings are project errors with file and line", "[script]") {
  lua::LuaState lua;
  auto s = LoadOne(lua, "\nlock_timeout = \"soon\"");
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kProject);
  CHECK(s.status().file() == "001.lua");
  CHECK(s.status().line() == 3);
  CHECK_THAT(s.status().message(), Catch::Contains("lock_timeout"));
  auto r = LoadOne(lua, "lock_retries = -2");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("lock_retries"));
}

}  // namespace
}  // namespace luamig::script
