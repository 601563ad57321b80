// SPDX-License-Identifier: MIT
// The built binary against the real PostgreSQL of scripts/test.sh: eight
// runners at once, SIGKILL at random points, the run-lock wait, and the
// password never showing in any output. Tagged [pg]: skipped in ctest
// without LUAMIG_TEST_PG_URL.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <random>
#include <thread>

#include "support/backends.h"
#include "support/run_binary.h"
#include "support/spawn.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::LuamigProcess;
using testing::RunLuamig;
using testing::RunOutput;
using testing::Script;
using testing::TempProject;
using testing::TestDatabase;
using Strings = std::vector<std::string>;

std::string Rev(int i) { return (i < 10 ? "r0" : "r") + std::to_string(i); }

std::string Table(int i) { return "t" + Rev(i).substr(1); }

// versions/ with revisions r01 … rNN, each creating table tNN.
void WriteChain(const TempProject& p, int n) {
  p.Write("luamig.lua", "version_table = \"luamig_version\"\n");
  for (int i = 1; i <= n; ++i) {
    p.Write("versions/" + Rev(i) + ".lua",
            Script(Rev(i), i == 1 ? "" : Rev(i - 1),
                   "op.create_table(\"" + Table(i) +
                       "\", { { \"id\", \"integer\", primary_key = true }, "
                       "{ \"note\", \"text\" } })",
                   "op.drop_table(\"" + Table(i) + "\")", "Create " + Table(i)));
  }
}

Strings TablesUpTo(int k) {
  Strings out;
  for (int i = 1; i <= k; ++i) out.push_back(Table(i));
  return out;
}

// The version table and the schema agree: no table from an unrecorded
// revision, no recorded revision without its table. Returns the level.
int RequireConsistent(TestDatabase& db) {
  Strings versions = db.Versions();
  REQUIRE(versions.size() <= 1);
  int level = versions.empty() ? 0 : std::stoi(versions[0].substr(1));
  CHECK(db.Tables() == TablesUpTo(level));
  return level;
}

std::string Password(const std::string& url) { return util::UrlPassword(url); }

void CheckNoPassword(const std::string& text, const std::string& password) {
  REQUIRE_FALSE(password.empty());
  CHECK(text.find(password) == std::string::npos);
}

TEST_CASE("eight luamig upgrade head at once apply every revision exactly once",
          "[e2e][pg][concurrency]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  constexpr int kRevisions = 12;
  WriteChain(p, kRevisions);
  std::vector<std::unique_ptr<LuamigProcess>> procs;
  for (int i = 0; i < 8; ++i) {
    procs.push_back(std::make_unique<LuamigProcess>(p.Path(), Strings{"upgrade", "head"},
                                                    Strings{"DATABASE_URL=" + db.url()},
                                                    p.Path(".proc" + std::to_string(i))));
    REQUIRE(procs.back()->started());
  }
  for (auto& proc : procs) {
    int code = proc->Wait();
    INFO(proc->out() << proc->err());
    CHECK(code == 0);
    CheckNoPassword(proc->out() + proc->err(), Password(db.url()));
  }
  CHECK(db.Versions() == Strings{Rev(kRevisions)});
  CHECK(db.Tables() == TablesUpTo(kRevisions));
  Strings history;
  for (int i = 1; i <= kRevisions; ++i) history.push_back(Rev(i) + " upgrade");
  CHECK(db.History() == history);
}

TEST_CASE("SIGKILL at random points never leaves the version table and schema apart",
          "[e2e][pg][kill]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  constexpr int kRevisions = 50;
  WriteChain(p, kRevisions);
  const unsigned seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_ms(0, 200);
  const Strings env{"DATABASE_URL=" + db.url()};
  for (int round = 0; round < 20; ++round) {
    INFO("round " << round);
    auto proc = std::make_unique<LuamigProcess>(p.Path(), Strings{"upgrade", "head"}, env,
                                                p.Path(".kill"));
    REQUIRE(proc->started());
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    proc->Kill();
    proc->Wait();
    int level = RequireConsistent(db);
    if (level == kRevisions) {  // it finished before the kill: start over
      RunOutput down = RunLuamig(p.Path(), {"downgrade", "base"}, env);
      INFO(down.out << down.err);
      REQUIRE(down.exit_code == 0);
      RequireConsistent(db);
    }
  }
  RunOutput rerun = RunLuamig(p.Path(), {"upgrade", "head"}, env);
  INFO(rerun.out << rerun.err);
  CHECK(rerun.exit_code == 0);
  CHECK(RequireConsistent(db) == kRevisions);
}

TEST_CASE("a runner says it waits for the lock and gives up after --lock-timeout",
          "[e2e][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  WriteChain(p, 2);
  auto holder = db.Connect();
  const std::string key = "\"" + db.schema() + "\".\"luamig_version\"";
  REQUIRE(testing::TakeRunLock(*holder, key).ok());
  RunOutput r = RunLuamig(p.Path(), {"--lock-timeout", "0.3", "upgrade", "head"},
                          {"DATABASE_URL=" + db.url()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("waiting for another luamig run"));
  CHECK_THAT(r.err, Catch::Contains("gave up after 300 ms"));
  CheckNoPassword(r.out + r.err, Password(db.url()));
  REQUIRE(holder->ReleaseRunLock(key).ok());
  RunOutput ok = RunLuamig(p.Path(), {"upgrade", "head"}, {"DATABASE_URL=" + db.url()});
  CHECK(ok.exit_code == 0);
}

TEST_CASE("the password of the URL appears in no output, whatever happens",
          "[e2e][pg][password]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  WriteChain(p, 2);
  p.Write("versions/r03.lua",
          Script("r03", "r02", "op.execute(\"INSERT INTO nowhere VALUES (1)\")", ""));
  const std::string password = Password(db.url());
  std::string all;
  auto run = [&](const Strings& args, const Strings& env, int expect) {
    RunOutput r = RunLuamig(p.Path(), args, env);
    INFO(args.back() << ": " << r.err);
    CHECK(r.exit_code == expect);
    all += r.out + r.err;
  };
  const Strings env{"DATABASE_URL=" + db.url()};
  run({"-v", "upgrade", "head"}, env, 1);  // r03 fails
  run({"-v", "current"}, env, 0);
  run({"check"}, env, 0);
  run({"--url", db.url(), "-v", "downgrade", "base"}, {}, 0);
  // A URL given by the config file's url_env, and a refused password.
  p.Write("luamig.lua", "url_env = \"APP_DB\"\n");
  run({"current"}, {"APP_DB=" + db.url()}, 0);
  std::string wrong = db.url();
  wrong.replace(wrong.find(password), password.size(), "Wr0ng-s3cret-pw");
  RunOutput refused = RunLuamig(p.Path(), {"-v", "upgrade", "head"}, {"APP_DB=" + wrong});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("Wr0ng-s3cret-pw") == std::string::npos);
  CHECK_THAT(refused.err, Catch::Contains("***"));
  CHECK_THAT(all, Catch::Contains("luamig:***@"));
  CheckNoPassword(all + refused.out + refused.err, password);
}

TEST_CASE("postgres:// URLs with libpq parameters work like postgresql://", "[e2e][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  WriteChain(p, 1);
  std::string url = db.url() + "&sslmode=disable&connect_timeout=10";
  url.replace(0, std::string("postgresql").size(), "postgres");
  RunOutput r = RunLuamig(p.Path(), {"upgrade", "head"}, {"DATABASE_URL=" + url});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(db.Versions() == Strings{"r01"});
}

}  // namespace
}  // namespace luamig
