// SPDX-License-Identifier: MIT
// ConvertAlembic / VerifyAlembic against stand-in helpers: shell scripts that
// speak the helper's line protocol, so the library's side (finding Python,
// reading records, answering a verification's requests with a real Migrator,
// reporting failures) is tested without Alembic. tests/convert runs the real
// helper on a real Alembic project.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "api/helper_process.h"
#include "luamig/convert.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::TempProject;

// A stand-in helper run by /bin/sh: `probe` succeeds, anything else runs `body`.
AlembicHelperOptions FakeHelper(const TempProject& p, const std::string& body) {
  AlembicHelperOptions h;
  h.python = "/bin/sh";
  h.helper = p.Write("helper.sh", "if [ \"$1\" = probe ]; then exit 0; fi\n" + body);
  return h;
}

TEST_CASE("protocol fields round-trip tabs, newlines and backslashes", "[convert]") {
  std::string field = "a\tb\nc\\d\re";
  api::Record r = api::ParseRecord("revision\t" + api::EscapeField(field) + "\tx");
  CHECK(r.kind == "revision");
  REQUIRE(r.fields.size() == 2);
  CHECK(r.fields[0] == field);
  CHECK(r.at(1) == "x");
  CHECK(r.at(7).empty());
}

TEST_CASE("convert reports each revision the helper converted", "[convert]") {
  TempProject p;
  ConvertOptions o;
  o.alembic = p.Path();
  o.output_dir = p.Path("out");
  o.helper =
      FakeHelper(p,
                 "printf 'dialects\\tsqlite,postgresql\\n'\n"
                 "printf 'config\\t/x/luamig.lua\\n'\n"
                 "printf 'revision\\taaa\\tversions/a.py\\tversions/a.lua\\tfirst\\t"
                 "exact\\t\\texact\\t\\n'\n"
                 "printf 'revision\\tbbb\\tversions/b.py\\tversions/b.lua\\tsecond\\t"
                 "sql\\tline 3: a for loop\\thuman\\tline 9: op.get_bind()\\n'\n");
  auto r = ConvertAlembic(o);
  REQUIRE(r.ok());
  CHECK(r->config_file == "/x/luamig.lua");
  CHECK(r->dialects == std::vector<std::string>{"sqlite", "postgresql"});
  REQUIRE(r->revisions.size() == 2);
  CHECK(r->revisions[1].id == "bbb");
  CHECK(r->revisions[1].upgrade.translation == Translation::kSql);
  CHECK(r->revisions[1].upgrade.reason == "line 3: a for loop");
  CHECK(r->revisions[1].translation() == Translation::kHuman);
  CHECK(r->Count(Translation::kExact) == 1);
  CHECK(r->Count(Translation::kHuman) == 1);
  CHECK(r->Count(Translation::kSql) == 0);
}

TEST_CASE("a project error from the helper is kProject with its message", "[convert]") {
  TempProject p;
  ConvertOptions o;
  o.alembic = p.Path();
  o.output_dir = p.Path("out");
  o.helper =
      FakeHelper(p, "printf 'error\\tproject\\t/x holds no alembic.ini\\n'; exit 2\n");
  auto r = ConvertAlembic(o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kProject);
  CHECK(r.status().message() == "/x holds no alembic.ini");
}

TEST_CASE("a helper that crashes is kInternal with the end of its stderr", "[convert]") {
  TempProject p;
  ConvertOptions o;
  o.alembic = p.Path();
  o.output_dir = p.Path("out");
  o.helper = FakeHelper(p, "echo 'Traceback: boom' >&2; exit 1\n");
  auto r = ConvertAlembic(o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInternal);
  CHECK(r.status().message().find("exited with 1") != std::string::npos);
  CHECK(r.status().hint().find("Traceback: boom") != std::string::npos);
}

TEST_CASE("no Python with Alembic is a usage error saying what to install", "[convert]") {
  TempProject p;
  ConvertOptions o;
  o.alembic = p.Path();
  o.output_dir = p.Path("out");
  o.helper.helper = p.Write("helper.py", "");
  std::string no_alembic = p.Write("python3", "#!/bin/sh\nexit 3\n");
  chmod(no_alembic.c_str(), 0755);
  SECTION("the interpreter cannot import alembic") {
    o.helper.python = no_alembic;
    auto r = ConvertAlembic(o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kUsage);
    CHECK(r.status().message().find("cannot import alembic") != std::string::npos);
    CHECK(r.status().hint().find("apt-get install alembic") != std::string::npos);
  }
  SECTION("the interpreter does not exist") {
    o.helper.python = p.Path("no-such-python");
    auto r = ConvertAlembic(o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kUsage);
    CHECK(r.status().message().find("not found") != std::string::npos);
  }
  SECTION("the helper script is missing") {
    o.helper.python = "/bin/sh";
    o.helper.helper = p.Path("no-such-helper.py");
    auto r = ConvertAlembic(o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kUsage);
    CHECK(r.status().message().find("not installed") != std::string::npos);
  }
}

TEST_CASE("convert refuses an unknown dialect before starting anything", "[convert]") {
  ConvertOptions o;
  o.alembic = "/x";
  o.output_dir = "/y";
  o.dialects = {"mysql"};
  auto r = ConvertAlembic(o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUsage);
  CHECK(r.status().message().find("mysql") != std::string::npos);
}

// A luamig project of two revisions, `a` creating table t, `b` adding a column.
void WriteProject(const TempProject& p) {
  p.Write("lm/luamig.lua",
          "version_locations = { \"versions\" }\n"
          "version_table = \"alembic_version\"\n"
          "transaction_per_migration = false\n");
  p.Write("lm/versions/1_a.lua",
          "revision = \"a\"\ndown_revision = nil\n"
          "function upgrade(op) op.create_table(\"t\", {{ \"id\", \"integer\" }}) end\n"
          "function downgrade(op) op.drop_table(\"t\") end\n");
  p.Write("lm/versions/2_b.lua",
          "revision = \"b\"\ndown_revision = \"a\"\n"
          "function upgrade(op) op.add_column(\"t\", { \"x\", \"text\" }) end\n"
          "function downgrade(op) op.drop_column(\"t\", \"x\") end\n");
}

TEST_CASE("verify answers the helper's requests by running the luamig project",
          "[convert]") {
  TempProject p;
  WriteProject(p);
  // Asks luamig to open the project, upgrade a then b, and take two single
  // downgrade steps and one more; echoes each reply back as a log record.
  std::string script =
      "ask() { printf 'luamig\\t%s\\n' \"$1\"; read -r reply; "
      "printf 'log\\t%s\\n' \"$(printf '%s' \"$reply\" | sed 's/\\t/\\\\t/g')\"; }\n"
      "ask \"open\t" +
      p.Path("lm") + "\t" + p.SqliteUrl("v.db") +
      "\"\n"
      "ask 'upgrade\ta'\nask 'upgrade\tb'\n"
      "ask 'downgrade-step'\nask 'downgrade-step'\nask 'downgrade-step'\n"
      "ask 'upgrade\tnope'\n"
      ": > " +
      p.Path("empty.db") +
      "\n"
      "ask \"compare-schemas\t" +
      p.SqliteUrl("v.db") + "\talembic_version,alembic_history\t" + p.SqliteUrl("v.db") +
      "\talembic_version\"\n"
      "ask 'upgrade\tb'\n"
      "ask \"compare-schemas\t" +
      p.SqliteUrl("v.db") + "\talembic_*\t" + p.SqliteUrl("empty.db") +
      "\t\"\n"
      "printf 'verify-step\\t1\\tupgrade\\ta\\n'\n"
      "printf 'verify-done\\t4\\n'\n";
  VerifyOptions o;
  o.alembic = p.Path();
  o.project_dir = p.Path("lm");
  o.url = p.SqliteUrl("scratch.db");
  o.helper = FakeHelper(p, script);
  std::vector<std::string> replies;
  o.helper.on_output = [&](const std::string& line) { replies.push_back(line); };
  std::vector<VerifyStep> steps;
  o.on_step = [&](const VerifyStep& s) { steps.push_back(s); };
  auto r = VerifyAlembic(o);
  REQUIRE(r.ok());
  CHECK(r->ok);
  CHECK(r->steps == 4);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].revision == "a");
  REQUIRE(replies.size() == 10);
  CHECK(replies[0] == "ok\talembic_version\t\talembic_history");
  CHECK(replies[1] == "ok\ta");
  CHECK(replies[2] == "ok\tb");
  // One step each: the run commits it even though the project says
  // transaction_per_migration = false.
  CHECK(replies[3] == "ok\tb");
  CHECK(replies[4] == "ok\ta");
  CHECK(replies[5] == "done");
  CHECK(replies[6].rfind("error\t", 0) == 0);
  CHECK(replies[6].find("nope") != std::string::npos);
  // luamig's own reflection compares the two databases, each without its
  // bookkeeping tables (alembic_history is not excluded on the right: extra).
  CHECK(replies[7].rfind("differ\textra table alembic_history", 0) == 0);
  CHECK(replies[9] == "differ\tmissing table t");
}

TEST_CASE("verify reports the first difference the helper found", "[convert]") {
  TempProject p;
  VerifyOptions o;
  o.alembic = p.Path();
  o.project_dir = p.Path();
  o.url = "postgresql://u:s3cret@localhost/db";
  o.helper = FakeHelper(
      p,
      "printf 'verify-scratch\\tschemas of postgresql://u:s3cret@localhost/db\\n'\n"
      "printf 'verify-diff\\tdowngrade\\tabc\\t7\\ttable t: rows differ\\n'\n"
      "exit 1\n");
  auto r = VerifyAlembic(o);
  REQUIRE(r.ok());
  CHECK_FALSE(r->ok);
  CHECK(r->steps == 7);
  CHECK(r->direction == Direction::kDowngrade);
  CHECK(r->revision == "abc");
  CHECK(r->difference == "table t: rows differ");
  CHECK(r->scratch.find("s3cret") == std::string::npos);
}

}  // namespace
}  // namespace luamig
