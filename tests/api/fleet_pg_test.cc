// SPDX-License-Identifier: MIT
// FleetRunner on PostgreSQL: 50 databases, and 200 tenant schemas in one
// database under a per-server connection limit, with injected failures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "db/open.h"
#include "luamig/fleet.h"
#include "support/backends.h"
#include "support/temp_project.h"
#include "util/url.h"

namespace luamig {
namespace {

using testing::Script;
using testing::TempProject;
using Strings = std::vector<std::string>;

std::vector<ScriptFile> Scripts() {
  return {
      {"a1.lua", Script("a1", "", "op.create_table('items', {{'id', 'integer'}})",
                        "op.drop_table('items')")},
      {"a2.lua", Script("a2", "a1",
                        "if op.x.fail then error('injected failure') end\n"
                        "op.add_column('items', {'name', 'text'})",
                        "op.drop_column('items', 'name')")},
  };
}

std::unique_ptr<db::Connection> Connect(const std::string& url) {
  auto parsed = util::ParseDatabaseUrl(url);
  REQUIRE(parsed.ok());
  auto conn = db::OpenConnection(*parsed, std::chrono::milliseconds(5000));
  INFO(conn.status().ToString());
  REQUIRE(conn.ok());
  return std::move(conn).value();
}

void Exec(db::Connection& c, const std::string& sql) {
  Status s = c.Execute(sql, {});
  INFO(sql << ": " << s.ToString());
  REQUIRE(s.ok());
}

Strings Column(db::Connection& c, const std::string& sql) {
  auto rows = c.Query(sql, {});
  INFO(rows.status().ToString());
  REQUIRE(rows.ok());
  Strings out;
  for (const auto& row : rows->rows)
    out.push_back(testing::TestDatabase::Text(row.at(0)));
  return out;
}

// The server URL with another database name.
std::string OnDatabase(const std::string& server, const std::string& db) {
  std::string base = server.substr(0, server.find('?'));
  std::string query = server.size() > base.size() ? server.substr(base.size()) : "";
  return base.substr(0, base.rfind('/') + 1) + db + query;
}

// Peak number of targets open at once (each holds one connection).
class Peak : public FleetEventSink {
 public:
  void OnTargetStarted(const TargetResult&) override { peak = std::max(peak, ++now); }
  void OnTargetFinished(const TargetResult&) override { --now; }
  size_t now = 0, peak = 0;
};

TEST_CASE("200 tenant schemas in one PostgreSQL database stay under the per-server limit",
          "[api][fleet][pg]") {
  const std::string server = testing::RequirePgUrl();
  const std::string prefix = testing::RandomName("fleet_t") + "_";
  auto admin = Connect(server);
  std::string create;
  for (int i = 0; i < 200; ++i)
    create += "CREATE SCHEMA " + prefix + std::to_string(i) + ";";
  Exec(*admin, create);
  TempProject p;
  Config config;
  config.project_dir = p.Path();
  for (int i = 0; i < 200; ++i) {
    std::string schema = prefix + std::to_string(i);
    config.targets.push_back({"tenant" + std::to_string(i), server, schema, schema});
  }
  MigratorOptions base;
  base.config = config;
  base.scripts = std::shared_ptr<ScriptSource>(NewMemorySource(Scripts()));
  auto targets = SelectTargets(config, "all", "", base);
  REQUIRE(targets.ok());
  std::set<int> failing = {17, 123};
  for (int i : failing) (*targets)[i].options.x["fail"] = "1";
  FleetOptions options;
  options.targets = std::move(*targets);
  options.jobs = 8;
  options.per_server = 4;
  Peak peak;
  options.events = &peak;
  FleetRunner runner(options);
  FleetReport report = runner.Run();
  CHECK(report.count(TargetState::kOk) == 198);
  CHECK(report.count(TargetState::kFailed) == 2);
  CHECK(peak.peak <= 4);  // all 200 share one server: never more connections
  CHECK(peak.peak >= 2);
  for (int i : failing) {
    CHECK(report.targets[i].error.message().find("injected failure") !=
          std::string::npos);
    CHECK(report.targets[i].heads_after == Strings{"a1"});
  }
  // Each schema holds its own table and its own version row.
  CHECK(
      Column(*admin,
             "SELECT count(*) FROM information_schema.columns WHERE table_schema LIKE '" +
                 prefix + "%' AND table_name = 'items' AND column_name = 'name'") ==
      Strings{"198"});
  CHECK(Column(*admin, "SELECT version_num FROM " + prefix + "17.luamig_version") ==
        Strings{"a1"});
  CHECK(Column(*admin, "SELECT version_num FROM " + prefix + "18.luamig_version") ==
        Strings{"a2"});
  CHECK(Column(*admin,
               "SELECT count(*) FROM information_schema.tables WHERE table_schema "
               "= current_schema() AND table_name = 'items'") == Strings{"0"});
  // status over the fleet: two behind by one.
  options.command = FleetCommand::kStatus;
  options.events = nullptr;
  FleetReport status = FleetRunner(options).Run();
  size_t behind = 0;
  for (const auto& t : status.targets) behind += t.standing == Standing::kBehind ? 1 : 0;
  CHECK(status.ok());
  CHECK(behind == 2);
  std::string drop;
  for (int i = 0; i < 200; ++i)
    drop += "DROP SCHEMA " + prefix + std::to_string(i) + " CASCADE;";
  Exec(*admin, drop);
}

TEST_CASE("50 PostgreSQL databases migrate in one fleet", "[api][fleet][pg]") {
  const std::string server = testing::RequirePgUrl();
  const std::string prefix = testing::RandomName("fleet_db") + "_";
  auto admin = Connect(server);
  for (int i = 0; i < 50; ++i)
    Exec(*admin, "CREATE DATABASE " + prefix + std::to_string(i) + " TEMPLATE template0");
  TempProject p;
  auto scripts = std::shared_ptr<ScriptSource>(NewMemorySource(Scripts()));
  FleetOptions options;
  for (int i = 0; i < 50; ++i) {
    FleetTarget t;
    t.name = "shard" + std::to_string(i);
    t.options.config.project_dir = p.Path();
    t.options.url = OnDatabase(server, prefix + std::to_string(i));
    t.options.scripts = scripts;
    if (i == 9) t.options.x["fail"] = "1";
    options.targets.push_back(std::move(t));
  }
  options.jobs = 6;
  options.per_server = 3;
  Peak peak;
  options.events = &peak;
  FleetReport report = FleetRunner(options).Run();
  CHECK(report.count(TargetState::kOk) == 49);
  CHECK(report.targets[9].state == TargetState::kFailed);
  CHECK(peak.peak <= 3);
  for (int i : {0, 9, 49}) {
    auto c = Connect(OnDatabase(server, prefix + std::to_string(i)));
    CHECK(Column(*c, "SELECT version_num FROM luamig_version") ==
          Strings{i == 9 ? "a1" : "a2"});
  }
  for (int i = 0; i < 50; ++i)
    Exec(*admin, "DROP DATABASE " + prefix + std::to_string(i));
}

}  // namespace
}  // namespace luamig
