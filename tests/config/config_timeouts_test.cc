// SPDX-License-Identifier: MIT
// lock_timeout, statement_timeout and lock_retries in luamig.lua.
#include <catch2/catch.hpp>

#include <string>

#include "luamig/config.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using std::chrono::milliseconds;
using testing::TempProject;

Result<Config> Load(const std::string& text, const std::string& env = "") {
  TempProject p;
  return LoadConfigFile(p.Write("luamig.lua", text), env);
}

TEST_CASE("timeouts default to the server's settings and no retries", "[config]") {
  auto c = Load("");
  REQUIRE(c.ok());
  CHECK(c->lock_timeout == milliseconds(-1));
  CHECK(c->statement_timeout == milliseconds(-1));
  CHECK(c->lock_retries == 0);
}

TEST_CASE("timeouts read as durations or milliseconds, retries as a count", "[config]") {
  auto c = Load("lock_timeout = \"5s\"\nstatement_timeout = 1500\nlock_retries = 3\n");
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  CHECK(c->lock_timeout == milliseconds(5000));
  CHECK(c->statement_timeout == milliseconds(1500));
  CHECK(c->lock_retries == 3);
}

TEST_CASE("an environment overrides the timeouts", "[config]") {
  auto c = Load(
      "lock_timeout = \"5s\"\n"
      "environments = { prod = { lock_timeout = \"2min\", lock_retries = 5 } }\n",
      "prod");
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  CHECK(c->lock_timeout == milliseconds(120000));
  CHECK(c->lock_retries == 5);
}

TEST_CASE("malformed timeouts and retries are project errors naming the key",
          "[config]") {
  for (const char* text :
       {"lock_timeout = \"5 parsecs\"", "statement_timeout = -1", "lock_timeout = true",
        "lock_retries = 1.5", "lock_retries = \"3\"",
        "environments = { e = { lock_timeout = \"soon\" } }"}) {
    INFO(text);
    auto c = Load(text);
    REQUIRE_FALSE(c.ok());
    CHECK(c.status().code() == StatusCode::kProject);
    CHECK_THAT(c.status().message(), Catch::Contains("lock_timeout") ||
                                         Catch::Contains("statement_timeout") ||
                                         Catch::Contains("lock_retries"));
  }
}

}  // namespace
}  // namespace luamig
