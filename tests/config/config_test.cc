// SPDX-License-Identifier: MIT
#include "luamig/config.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

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

TEST_CASE("every config key is read", "[config]") {
  TempProject p;
  std::string path = p.Write("luamig.lua", R"lua(
database_url = "postgresql://u@h/db"
url_env = "MY_URL"
version_locations = { "versions", "extra/versions" }
version_table = "my_version"
version_table_schema = "meta"
file_template = "{rev}_{slug}"
transaction_per_migration = false
busy_timeout_ms = 250
)lua");
  Config c = MustLoad(path);
  CHECK(c.database_url == "postgresql://u@h/db");
  CHECK(c.url_env == "MY_URL");
  CHECK(c.version_locations == std::vector<std::string>{"versions", "extra/versions"});
  CHECK(c.version_table == "my_version");
  CHECK(c.version_table_schema == "meta");
  CHECK(c.file_template == "{rev}_{slug}");
  CHECK_FALSE(c.transaction_per_migration);
  CHECK(c.busy_timeout_ms == 250);
  CHECK(c.config_file == path);
  CHECK(c.project_dir == p.Path());
  CHECK(c.environment.empty());
}

TEST_CASE("an empty config file gives the documented defaults", "[config]") {
  TempProject p;
  std::string path = p.Write("luamig.lua", "-- nothing configured\n");
  Config c = MustLoad(path);
  Config defaults;
  CHECK(c.database_url.empty());
  CHECK(c.url_env == "DATABASE_URL");
  CHECK(c.version_locations == std::vector<std::string>{"versions"});
  CHECK(c.version_table == "luamig_version");
  CHECK(c.version_table_schema.empty());
  CHECK(c.file_template == "%Y%m%d_%H%M-{rev}_{slug}");
  CHECK(c.transaction_per_migration);
  CHECK(c.busy_timeout_ms == defaults.busy_timeout_ms);
}

TEST_CASE("a single version location may be given as a string", "[config]") {
  TempProject p;
  Config c = MustLoad(p.Write("luamig.lua", "version_locations = 'migrations'"));
  CHECK(c.version_locations == std::vector<std::string>{"migrations"});
}

TEST_CASE("an unknown key is an error naming the file with a suggestion", "[config]") {
  TempProject p;
  std::string path = p.Write("luamig.lua", "databse_url = 'sqlite:///x.db'\n");
  Result<Config> c = LoadConfigFile(path);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == StatusCode::kProject);
  CHECK(c.status().file() == path);
  CHECK_THAT(c.status().message(), Catch::Contains(path));
  CHECK_THAT(c.status().message(), Catch::Contains("'databse_url'"));
  CHECK_THAT(c.status().message(), Catch::Contains("did you mean 'database_url'"));
}

TEST_CASE("a wrongly typed value names the key and what it got", "[config]") {
  struct Case {
    const char* source;
    const char* expect;
  };
  const Case cases[] = {
      {"database_url = 5", "'database_url' must be a string, got number"},
      {"url_env = {}", "'url_env' must be a string, got table"},
      {"version_table = true", "'version_table' must be a string, got boolean"},
      {"version_locations = {}", "'version_locations' must be a non-empty list"},
      {"version_locations = {'a', 3}", "'version_locations' must contain only strings"},
      {"transaction_per_migration = 'yes'", "'transaction_per_migration' must be true"},
      {"busy_timeout_ms = '5s'", "'busy_timeout_ms' must be a number"},
      {"busy_timeout_ms = -1", "'busy_timeout_ms' must be a whole number"},
      {"busy_timeout_ms = 1.5", "'busy_timeout_ms' must be a whole number"},
      {"environments = 'e2e'", "'environments' must be a table"},
      {"environments = { e2e = 'x' }", "'environments.e2e' must be a table"},
  };
  for (const Case& c : cases) {
    TempProject p;
    std::string path = p.Write("luamig.lua", c.source);
    Result<Config> r = LoadConfigFile(path);
    INFO(c.source << " -> " << r.status().ToString());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kProject);
    CHECK(r.status().file() == path);
    CHECK_THAT(r.status().message(), Catch::Contains(c.expect));
  }
}

const char kEnvironments[] = R"lua(
database_url = "sqlite:///dev.db"
version_table = "luamig_version"
environments = {
  e2e = { database_url = "sqlite:///e2e.db", transaction_per_migration = false },
  ecs = { version_locations = { "ecs/versions" }, version_table = "ecs_version" },
  ecs_e2e = { url_env = "ECS_E2E_URL" },
}
)lua";

TEST_CASE("the --env option applies that environment's overrides over the top level",
          "[config]") {
  TempProject p;
  std::string path = p.Write("luamig.lua", kEnvironments);
  Config base = MustLoad(path);
  CHECK(base.database_url == "sqlite:///dev.db");
  CHECK(base.transaction_per_migration);

  Config e2e = MustLoad(path, "e2e");
  CHECK(e2e.environment == "e2e");
  CHECK(e2e.database_url == "sqlite:///e2e.db");
  CHECK_FALSE(e2e.transaction_per_migration);
  CHECK(e2e.version_table == "luamig_version");

  Config ecs = MustLoad(path, "ecs");
  CHECK(ecs.database_url == "sqlite:///dev.db");
  CHECK(ecs.version_locations == std::vector<std::string>{"ecs/versions"});
  CHECK(ecs.version_table == "ecs_version");
}

TEST_CASE("an unknown environment lists the known ones", "[config]") {
  TempProject p;
  std::string path = p.Write("luamig.lua", kEnvironments);
  Result<Config> r = LoadConfigFile(path, "e2f");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUsage);
  CHECK_THAT(r.status().message(), Catch::Contains("'e2f'"));
  CHECK_THAT(r.status().message(), Catch::Contains("e2e, ecs, ecs_e2e"));
  CHECK_THAT(r.status().message(), Catch::Contains("did you mean 'e2e'"));

  std::string none = p.Write("plain.lua", "version_table = 'v'");
  Result<Config> r2 = LoadConfigFile(none, "e2e");
  REQUIRE_FALSE(r2.ok());
  CHECK_THAT(r2.status().message(), Catch::Contains("defines no environments"));
}

TEST_CASE("an empty environment is a valid environment", "[config]") {
  TempProject p;
  std::string path = p.Write("luamig.lua", "environments = { main = {} }");
  Config c = MustLoad(path, "main");
  CHECK(c.environment == "main");
}

TEST_CASE("a typo inside any environment is reported even when another is selected",
          "[config]") {
  TempProject p;
  std::string path = p.Write(
      "luamig.lua", "environments = { good = {}, bad = { verison_table = 'x' } }");
  Result<Config> r = LoadConfigFile(path, "good");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK_THAT(r.status().message(), Catch::Contains("environment 'bad'"));
  CHECK_THAT(r.status().message(), Catch::Contains("did you mean 'version_table'"));
}

TEST_CASE("an environment cannot nest environments", "[config]") {
  TempProject p;
  std::string path =
      p.Write("luamig.lua", "environments = { e = { environments = {} } }");
  Result<Config> r = LoadConfigFile(path, "e");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("'environments'"));
}

TEST_CASE("os.getenv works inside luamig.lua", "[config]") {
  TempProject p;
  ::setenv("LUAMIG_CONFIG_TEST_TABLE", "from_env", 1);
  std::string path = p.Write("luamig.lua",
                             "version_table = os.getenv('LUAMIG_CONFIG_TEST_TABLE')\n"
                             "database_url = os.getenv('LUAMIG_CONFIG_TEST_UNSET') "
                             "or 'sqlite:///fallback.db'\n");
  ::unsetenv("LUAMIG_CONFIG_TEST_UNSET");
  Config c = MustLoad(path);
  ::unsetenv("LUAMIG_CONFIG_TEST_TABLE");
  CHECK(c.version_table == "from_env");
  CHECK(c.database_url == "sqlite:///fallback.db");
}

TEST_CASE("io and os.execute are not available in luamig.lua", "[config]") {
  TempProject p;
  std::string path =
      p.Write("luamig.lua", "-- config\nlocal f = io.open('/etc/passwd')\n");
  Result<Config> r = LoadConfigFile(path);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK(r.status().file() == path);
  CHECK(r.status().line() == 2);
  CHECK_THAT(r.status().message(), Catch::Contains("io"));

  std::string exec = p.Write("exec.lua", "os.execute('true')\n");
  Result<Config> r2 = LoadConfigFile(exec);
  REQUIRE_FALSE(r2.ok());
  CHECK(r2.status().line() == 1);
}

TEST_CASE("a config syntax error names the file and line", "[config]") {
  TempProject p;
  std::string path = p.Write("luamig.lua", "version_table = 'a'\n\ndatabase_url = = 1\n");
  Result<Config> r = LoadConfigFile(path);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK(r.status().file() == path);
  CHECK(r.status().line() == 3);
}

TEST_CASE("a missing config file is a project error naming it", "[config]") {
  TempProject p;
  Result<Config> r = LoadConfigFile(p.Path("absent.lua"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK_THAT(r.status().message(), Catch::Contains("absent.lua"));
}

TEST_CASE(
    "the database URL comes from --url, then the env var, then the config, then "
    "the default",
    "[config]") {
  Config c;
  c.url_env = "LUAMIG_CONFIG_TEST_URL";
  ::unsetenv("LUAMIG_CONFIG_TEST_URL");
  CHECK(ResolveDatabaseUrl(c, "") == "sqlite:///luamig.db");

  c.database_url = "sqlite:///from_config.db";
  CHECK(ResolveDatabaseUrl(c, "") == "sqlite:///from_config.db");

  ::setenv("LUAMIG_CONFIG_TEST_URL", "postgresql://env/db", 1);
  CHECK(ResolveDatabaseUrl(c, "") == "postgresql://env/db");
  CHECK(ResolveDatabaseUrl(c, "sqlite:///cli.db") == "sqlite:///cli.db");

  ::setenv("LUAMIG_CONFIG_TEST_URL", "", 1);
  CHECK(ResolveDatabaseUrl(c, "") == "sqlite:///from_config.db");
  ::unsetenv("LUAMIG_CONFIG_TEST_URL");
}

TEST_CASE("the URL variable named by url_env is read, not DATABASE_URL", "[config]") {
  TempProject p;
  std::string path = p.Write("luamig.lua",
                             "url_env = 'LUAMIG_CONFIG_TEST_URL2'\n"
                             "database_url = 'sqlite:///cfg.db'");
  Config c = MustLoad(path);
  ::setenv("LUAMIG_CONFIG_TEST_URL2", "sqlite:///env2.db", 1);
  CHECK(ResolveDatabaseUrl(c, "") == "sqlite:///env2.db");
  ::unsetenv("LUAMIG_CONFIG_TEST_URL2");
  CHECK(ResolveDatabaseUrl(c, "") == "sqlite:///cfg.db");
}

}  // namespace
}  // namespace luamig
