// SPDX-License-Identifier: MIT
// schema_file and the autogenerate table of luamig.lua.
#include <catch2/catch.hpp>

#include "luamig/config.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::TempProject;

TEST_CASE("schema_file and autogenerate are read, per environment too", "[config]") {
  TempProject p;
  std::string path = p.Write("luamig.lua", R"lua(
schema_file = "db/schema.lua"
autogenerate = {
  exclude_tables = { "spatial_ref_sys", "tmp_*" },
  schemas = { "audit" },
  compare_server_defaults = false,
}
environments = { other = { schema_file = "other.lua" } }
)lua");
  auto c = LoadConfigFile(path);
  REQUIRE(c.ok());
  CHECK(c->schema_file == "db/schema.lua");
  CHECK(c->autogenerate.exclude_tables == std::vector<std::string>{"spatial_ref_sys", "tmp_*"});
  CHECK(c->autogenerate.schemas == std::vector<std::string>{"audit"});
  CHECK_FALSE(c->autogenerate.compare_server_defaults);
  auto e = LoadConfigFile(path, "other");
  REQUIRE(e.ok());
  CHECK(e->schema_file == "other.lua");
}

TEST_CASE("autogenerate defaults: schema.lua when present, defaults compared", "[config]") {
  TempProject p;
  auto c = LoadConfigFile(p.Write("luamig.lua", ""));
  REQUIRE(c.ok());
  CHECK(c->schema_file.empty());
  CHECK(c->autogenerate.exclude_tables.empty());
  CHECK(c->autogenerate.compare_server_defaults);
}

TEST_CASE("a misspelt autogenerate key is an error with a suggestion", "[config]") {
  TempProject p;
  auto c = LoadConfigFile(p.Write("luamig.lua", "autogenerate = { exclude_table = {} }\n"));
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == StatusCode::kProject);
  CHECK_THAT(c.status().message(), Catch::Contains("autogenerate.exclude_table"));
  CHECK_THAT(c.status().message(), Catch::Contains("exclude_tables"));
  auto t = LoadConfigFile(p.Write("luamig.lua", "autogenerate = { schemas = \"audit\" }\n"));
  REQUIRE_FALSE(t.ok());
  CHECK_THAT(t.status().message(), Catch::Contains("must be a list of strings"));
}

}  // namespace
}  // namespace luamig
