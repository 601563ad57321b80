// SPDX-License-Identifier: MIT
// A password never appears in anything the luamig binary prints or stores,
// whatever produced the text: a malformed URL, libpq, the argument parser, a
// config error, a script's print/op.log/error (issue 12, item 3).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/backend_gate.h"
#include "support/cli_project.h"
#include "support/run_binary.h"
#include "support/temp_project.h"

using luamig::testing::RunLuamig;
using luamig::testing::RunOutput;
using luamig::testing::Script;
using luamig::testing::TempProject;

namespace {

// Every password below is built from these, so a leak of any part shows.
const char* const kFragments[] = {"S3cr3t", "pa55"};

// A server nobody listens on: connecting fails at once.
const std::string kNowhere = "127.0.0.1:1";

void NoLeak(const RunOutput& r, const std::string& what) {
  INFO(what << "\n--- exit " << r.exit_code << "\n--- stdout:\n"
            << r.out << "--- stderr:\n"
            << r.err);
  CHECK(r.exit_code >= 0);
  for (const char* f : kFragments) {
    CHECK(r.out.find(f) == std::string::npos);
    CHECK(r.err.find(f) == std::string::npos);
  }
}

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void BasicProject(const TempProject& p) {
  p.Write("luamig.lua", "");
  p.Write("versions/001_a1.lua", Script("a1", "",
                                        "op.create_table(\"t\", { { \"id\", "
                                        "\"integer\", primary_key = true } })",
                                        "op.drop_table(\"t\")"));
}

const std::vector<std::string> kBadUrls = {
    "postgresql:/user:S3cr3t-pa55@" + kNowhere + "/db",
    "postgres:S3cr3t-pa55@" + kNowhere,
    "host=127.0.0.1 port=1 password=S3cr3t-pa55",
    "host=127.0.0.1 port=1 password='S3cr3t pa55'",
    "sqlite://user:S3cr3t-pa55@file.db",
    "postgresql://postgres:S3cr3t-pa55#x@" + kNowhere + "/db",
    "postgresql://postgres:pw@S3cr3t-pa55@" + kNowhere + "/db",
    "postgresql://postgres:S3cr3t/pa55@" + kNowhere + "/db",
    "postgresql://postgres:S3cr3t?pa55@" + kNowhere + "/db",
    "postgresql://postgres:S3cr3t-pa55@" + kNowhere + "/db?sslmode=bogus",
    "postgresql://postgres:S3cr3t-pa55@" + kNowhere + "/db?nonsense=1",
    "postgresql://postgres:S3cr3t%2Dpa55@" + kNowhere + "/db",
    "postgresql://" + kNowhere + "/db?password=S3cr3t-pa55&connect_timeout=x",
    "postgresql://postgres:S3cr3t-pa55@[::1/db",
    "postgresq://bob:S3cr3t-pa55@h/db",
};

const std::vector<std::vector<std::string>> kCommands = {
    {"current"}, {"upgrade", "head"}, {"history", "-r", "current:"},
    {"check"},   {"stamp", "head"},   {"downgrade", "base"},
};

}  // namespace

TEST_CASE("a password in a database URL never shows, however the URL is broken",
          "[e2e][secrets]") {
  TempProject p;
  BasicProject(p);
  for (const auto& url : kBadUrls) {
    for (const auto& cmd : kCommands) {
      std::vector<std::string> args = {"--url", url};
      args.insert(args.end(), cmd.begin(), cmd.end());
      NoLeak(RunLuamig(p.Path(), args), "--url " + url + " " + cmd[0]);
    }
    NoLeak(RunLuamig(p.Path(), {"current"}, {"DATABASE_URL=" + url}),
           "DATABASE_URL=" + url);
    TempProject q;
    BasicProject(q);
    std::string quoted;
    for (char c : url) quoted += c == '\'' ? std::string("\\'") : std::string(1, c);
    q.Write("luamig.lua", "database_url = '" + quoted + "'\n");
    NoLeak(RunLuamig(q.Path(), {"upgrade", "head"}), "database_url = " + url);
  }
}

TEST_CASE("a URL given to the wrong option or as a command never shows its password",
          "[e2e][secrets]") {
  TempProject p;
  BasicProject(p);
  const std::string url = "postgresql://app:S3cr3t-pa55@" + kNowhere + "/db";
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--lock-timeout", url, "upgrade", "head"},
           {"-x", url, "upgrade", "head"},
           {"-c", url, "current"},
           {"--env", url, "current"},
           {url},
           {"upgrade", url},
           {"history", "-r", url},
           {"--url=" + url, "bogus-command"},
           {"show", url},
           {"stamp", url},
       }) {
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    NoLeak(RunLuamig(p.Path(), args), joined);
  }
}

TEST_CASE("a config file's errors never show a password from its text or environment",
          "[e2e][secrets]") {
  TempProject p;
  BasicProject(p);
  const std::vector<std::string> env = {"PGPASSWORD=S3cr3t-pa55"};
  for (const char* config : {
           "database_url = \"postgresql://u:S3cr3t-pa55@h/db\n",
           "database_url = 'postgresql://u:S3cr3t-pa55@h/db' .. nil\n",
           "database_url = 'postgresql://u:S3cr3t-pa55@h/db'\nversion_table = 3\n",
           "error(os.getenv('PGPASSWORD'))\n",
           "print(os.getenv('PGPASSWORD'))\nerror('x')\n",
           "database_url = 'host=h password=S3cr3t-pa55' ; x = ) \n",
       }) {
    p.Write("luamig.lua", config);
    NoLeak(RunLuamig(p.Path(), {"upgrade", "head"}, env), config);
    NoLeak(RunLuamig(p.Path(), {"-v", "current"}, env), config);
  }
}

TEST_CASE("text from scripts (print, op.log, error) never shows a known secret",
          "[e2e][secrets]") {
  TempProject p;
  p.Write("luamig.lua", "");
  const std::string db_url = "postgresql://app:S3cr3t-pa55@" + kNowhere + "/db";
  const std::vector<std::string> env = {"DATABASE_URL=" + db_url,
                                        "PGPASSWORD=S3cr3t-pa55-env",
                                        "MY_API_TOKEN=S3cr3t-pa55-token"};
  const std::vector<std::string> bodies = {
      "op.log(tostring(os.getenv('DATABASE_URL')))",
      "print(os.getenv('PGPASSWORD'), os.getenv('MY_API_TOKEN'))",
      "op.log(op.x.db)",
      "print(op.x.db)",
      "error(op.x.db)",
      "error(tostring(os.getenv('DATABASE_URL')))",
      "op.execute('SELECT ' .. op.x.db)",
      "op.execute(\"SELECT 'S3cr3t-pa55-env' AS x FROM nothing\")",
      "error({})",
  };
  int n = 0;
  for (const auto& body : bodies) {
    std::string id = "r" + std::to_string(++n);
    p.Write("versions/" + id + ".lua",
            Script(id, n == 1 ? "" : "r" + std::to_string(n - 1), body + "\nop.log('ok')",
                   ""));
    NoLeak(
        RunLuamig(p.Path(),
                  {"--url", p.SqliteUrl(), "-x", "db=" + db_url, "-v", "upgrade", "head"},
                  env),
        body);
  }
}

TEST_CASE("luamig_history never stores a known secret from a script's source",
          "[e2e][secrets]") {
  TempProject p;
  p.Write("luamig.lua", "");
  p.Write("versions/a1.lua",
          "-- Grant the app (password S3cr3t-pa55)\n" +
              Script("a1", "", "op.execute(\"SELECT 'S3cr3t-pa55'\")", ""));
  RunOutput r = RunLuamig(p.Path(), {"--url", p.SqliteUrl(), "upgrade", "head"},
                          {"PGPASSWORD=S3cr3t-pa55"});
  REQUIRE(r.exit_code == 0);
  NoLeak(r, "upgrade");
  std::string bytes = Slurp(p.Path("luamig.db"));
  CHECK(bytes.find("luamig_history") != std::string::npos);
  CHECK(bytes.find("S3cr3t") == std::string::npos);
}

TEST_CASE("[pg] server and libpq errors never show the password", "[e2e][secrets][pg]") {
  // The test server's URL with its password replaced by ours: the server
  // refuses it, and says so.
  std::string real = luamig::testing::RequirePgUrl();
  size_t scheme = real.find("://") + 3, at = real.find('@');
  REQUIRE(at != std::string::npos);
  size_t colon = real.find(':', scheme);
  std::string user = real.substr(scheme, colon - scheme);
  std::string wrong = real.substr(0, scheme) + user + ":S3cr3t-pa55" + real.substr(at);
  TempProject p;
  BasicProject(p);
  for (const auto& cmd : kCommands) {
    std::vector<std::string> args = {"--url", wrong};
    args.insert(args.end(), cmd.begin(), cmd.end());
    RunOutput r = RunLuamig(p.Path(), args);
    CHECK(r.exit_code == 1);
    NoLeak(r, "wrong password: " + cmd[0]);
  }
}
