// SPDX-License-Identifier: MIT
// `luamig init`: the generated luamig.lua documents every key with its
// default, and the multidb template is the guide's first section, end to end.
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <sstream>

#include "luamig/luamig.h"
#include "support/run_binary.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::RunLuamig;
using testing::TempProject;
using Strings = std::vector<std::string>;

// "-- key = value   -- comment" lines become "key = value".
std::string Uncommented(const std::string& config) {
  std::regex line(R"(^-- ([a-z_]+ = .*?)(\s+-- .*)?$)");
  std::string out;
  std::istringstream in(config);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    out += (std::regex_match(l, m, line) ? m[1].str() : l) + "\n";
  }
  return out;
}

TEST_CASE("init writes every configuration key, commented, with its default",
          "[e2e][init]") {
  TempProject p;
  REQUIRE(RunLuamig(p.Path(), {"init", "app"}).exit_code == 0);
  std::string config = p.Read("app/luamig.lua");
  for (const auto& key : ConfigKeys()) {
    INFO(key);
    CHECK_THAT(config, Catch::Contains("\n-- " + key + " = "));
  }
  // Uncommenting every line changes nothing: the values shown are the defaults.
  p.Write("app/luamig.lua", Uncommented(config));
  auto loaded = LoadConfigFile(p.Path("app/luamig.lua"));
  INFO(p.Read("app/luamig.lua"));
  REQUIRE(loaded.ok());
  Config defaults;
  defaults.project_dir = loaded->project_dir;
  CHECK(ResolveDatabaseUrl(*loaded, "") == ResolveDatabaseUrl(defaults, ""));
  CHECK(loaded->url_env == defaults.url_env);
  CHECK(loaded->version_locations == defaults.version_locations);
  CHECK(loaded->version_table == defaults.version_table);
  CHECK(loaded->version_table_schema == defaults.version_table_schema);
  CHECK(loaded->file_template == defaults.file_template);
  CHECK(loaded->transaction_per_migration == defaults.transaction_per_migration);
  CHECK(loaded->busy_timeout_ms == defaults.busy_timeout_ms);
  CHECK(loaded->lock_timeout == defaults.lock_timeout);
  CHECK(loaded->statement_timeout == defaults.statement_timeout);
  CHECK(loaded->lock_retries == defaults.lock_retries);
  CHECK(loaded->sqlite_trusted_scripts == defaults.sqlite_trusted_scripts);
  CHECK(loaded->schema_file == defaults.schema_file);
  CHECK(loaded->autogenerate.exclude_tables == defaults.autogenerate.exclude_tables);
  CHECK(loaded->autogenerate.schemas == defaults.autogenerate.schemas);
  CHECK(loaded->autogenerate.compare_server_defaults ==
        defaults.autogenerate.compare_server_defaults);
  CHECK(loaded->environments.empty());
}

TEST_CASE("the guide's first section: init --template multidb to four migrated databases",
          "[e2e][init][guide]") {
  TempProject p;
  std::filesystem::remove_all(p.Path("versions"));
  // docs/guide.md, section 1, command by command.
  auto init = RunLuamig(p.Path(), {"init", "--template", "multidb"});
  INFO(init.out << init.err);
  REQUIRE(init.exit_code == 0);
  CHECK(p.Exists("versions/main"));
  CHECK(p.Exists("versions/ecs"));
  auto rev = RunLuamig(p.Path(), {"--env", "main", "revision", "-m", "create users"});
  INFO(rev.err);
  REQUIRE(rev.exit_code == 0);
  CHECK_THAT(rev.out, Catch::Contains("versions/main/"));
  auto up = RunLuamig(p.Path(), {"--env", "all", "upgrade", "head"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  auto gate = RunLuamig(p.Path(), {"--env", "all", "status", "--exit-code"});
  INFO(gate.out << gate.err);
  CHECK(gate.exit_code == 0);
  for (const char* db : {"ecs.db", "ecs_e2e.db", "main.db", "e2e.db"}) {
    INFO(db);
    CHECK(testing::SqliteVersions(p.Path(db)).size() == 1);
  }
  // main and e2e are at the new revision, ecs and ecs_e2e at the ecs base.
  CHECK(testing::SqliteVersions(p.Path("main.db")) ==
        testing::SqliteVersions(p.Path("e2e.db")));
  CHECK(testing::SqliteVersions(p.Path("ecs.db")) ==
        testing::SqliteVersions(p.Path("ecs_e2e.db")));
  CHECK(testing::SqliteVersions(p.Path("main.db")) !=
        testing::SqliteVersions(p.Path("ecs.db")));
  CHECK(up.out.find("== ecs_e2e ==") < up.out.find("== main =="));
  // Without --env, heads shows each domain's head with its label.
  auto heads = RunLuamig(p.Path(), {"heads"});
  CHECK_THAT(heads.out, Catch::Contains("(main) (head)"));
  CHECK_THAT(heads.out, Catch::Contains("(ecs) (head)"));
}

}  // namespace
}  // namespace luamig

namespace luamig {
namespace {

TEST_CASE("history -v shows the create date a new revision's comment records",
          "[e2e][history]") {
  TempProject p;
  REQUIRE(RunLuamig(p.Path(), {"revision", "-m", "first", "--rev-id", "a1"}).exit_code ==
          0);
  auto h = RunLuamig(p.Path(), {"history", "-v"});
  INFO(h.out);
  REQUIRE(h.exit_code == 0);
  CHECK(std::regex_search(h.out,
                          std::regex(R"(\n    Create Date: 20\d\d-\d\d-\d\d \d\d:)")));
  auto json = RunLuamig(p.Path(), {"--format", "json", "heads"});
  CHECK(std::regex_search(json.out, std::regex(R"("create_date": "20\d\d-)")));
}

}  // namespace
}  // namespace luamig
