// SPDX-License-Identifier: MIT
// revision --autogenerate, drift in check, baselines and luamig test, run
// with the built binary on both backends.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/backends.h"
#include "support/cli_project.h"
#include "support/run_binary.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::RunLuamig;
using testing::RunOutput;
using testing::Script;
using testing::TempProject;
using testing::TestDatabase;

namespace fs = std::filesystem;

// The luamig binary on `db`, in project `p`.
RunOutput Luamig(const TempProject& p, const TestDatabase& db,
                 std::vector<std::string> args) {
  args.insert(args.begin(), {"--url", db.url()});
  RunOutput r = RunLuamig(p.Path(), args);
  UNSCOPED_INFO("luamig " << args[2] << " → " << r.exit_code << "\n" << r.out << r.err);
  return r;
}

// `luamig test` with a scratch server when the project is on PostgreSQL.
RunOutput LuamigTest(const TempProject& p, const TestDatabase& db,
                     std::vector<std::string> args = {}) {
  args.insert(args.begin(), "test");
  if (db.is_postgres()) {
    args.push_back("--scratch-url");
    args.push_back(testing::PgTestUrl());
  }
  return Luamig(p, db, args);
}

// The files of versions/ whose name contains `part`.
std::vector<std::string> Revisions(const TempProject& p, const std::string& part = "") {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(p.Path("versions"))) {
    std::string name = e.path().filename().string();
    if (name.find(part) != std::string::npos) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void WritePlayers(const TempProject& p) {
  p.Write("luamig.lua", "");
  p.Write(
      "versions/001_a1_players.lua",
      Script("a1", "",
             "op.create_table(\"players\", { { \"id\", \"integer\", primary_key = "
             "true }, { \"nick\", \"text\" }, { \"score\", \"integer\", default = 0 } "
             "})",
             "op.drop_table(\"players\")", "Create players"));
}

const char kGrownSchema[] = R"lua(-- the desired schema
schema.create_table("teams", {
  { "id", "integer", primary_key = true },
  { "name", "string(40)", nullable = false, unique = true },
})
schema.create_table("players", {
  { "id", "integer", primary_key = true },
  { "nick", "text" },
  { "score", "integer", default = 0, nullable = false },
  { "team_id", "integer", references = "teams.id" },
  { "joined", "timestamp", server_default = "CURRENT_TIMESTAMP" },
}, { constraints = { { check = "score >= 0", name = "score_ok" } } })
schema.create_index("ix_players_team", "players", { "team_id" })
schema.create_index("ix_players_nick", "players", { { expr = "lower(nick)" } },
                    { unique = true, where = "nick IS NOT NULL" })
)lua";

TEST_CASE("autogenerate: the revision it writes leaves no drift once applied",
          "[e2e][autogen][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  WritePlayers(p);
  REQUIRE(Luamig(p, db, {"upgrade", "head"}).exit_code == 0);
  p.Write("schema.lua", kGrownSchema);
  RunOutput check = Luamig(p, db, {"check"});
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.out, Catch::Contains("drift: add table teams"));
  CHECK_THAT(check.out, Catch::Contains("drift: add column players.team_id (integer)"));

  RunOutput gen = Luamig(p, db, {"revision", "--autogenerate", "-m", "teams"});
  REQUIRE(gen.exit_code == 0);
  CHECK_THAT(gen.out, Catch::Contains("add table teams"));
  CHECK_THAT(gen.out, Catch::Contains("alter column players.score: NULL → NOT NULL"));
  CHECK_THAT(gen.out, Catch::Contains("Generating"));
  std::vector<std::string> written = Revisions(p, "_teams.lua");
  REQUIRE(written.size() == 1);
  std::string source = p.Read("versions/" + written[0]);
  CHECK_THAT(source, Catch::Contains("down_revision = \"a1\""));
  CHECK_THAT(source,
             Catch::Contains("op.create_table(\"teams\", {\n"
                             "    { \"id\", \"integer\", primary_key = true },\n"
                             "    { \"name\", \"string(40)\", nullable = false },\n"));
  CHECK_THAT(source, Catch::Contains("op.drop_table(\"teams\")"));

  CHECK(LuamigTest(p, db).exit_code == 0);
  REQUIRE(Luamig(p, db, {"upgrade", "head"}).exit_code == 0);
  RunOutput after = Luamig(p, db, {"check"});
  CHECK(after.exit_code == 0);
  CHECK_THAT(after.out, Catch::Contains("No drift"));
  RunOutput again = Luamig(p, db, {"revision", "--autogenerate", "-m", "nothing"});
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out,
             Catch::Contains("No changes in schema detected; no revision written."));
  CHECK(Revisions(p, "_nothing").empty());
  // And back: the generated downgrade restores the first schema.
  REQUIRE(Luamig(p, db, {"downgrade", "a1"}).exit_code == 0);
  CHECK(db.Tables() == std::vector<std::string>{"players"});
}

TEST_CASE("autogenerate: PostgreSQL schemas, enums, identity columns and comments",
          "[e2e][autogen][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  WritePlayers(p);
  REQUIRE(Luamig(p, db, {"upgrade", "head"}).exit_code == 0);
  std::string audit = db.schema() + "_audit";
  p.Write("schema.lua", R"lua(
schema.create_enum("mood", { "happy", "sad" })
schema.create_schema(")lua" +
                            audit + R"lua(")
schema.create_table("players", {
  { "id", "integer", primary_key = true },
  { "nick", "text", comment = "shown in the lobby" },
  { "score", "integer", default = 0 },
  { "m", "mood" },
})
schema.create_table("events", {
  { "id", "bigint generated always as identity", primary_key = true },
  { "at", "timestamptz", server_default = "now()", nullable = false },
}, { schema = ")lua" + audit +
                            R"lua(" })
)lua");
  RunOutput gen = Luamig(p, db, {"revision", "--autogenerate", "-m", "audit"});
  REQUIRE(gen.exit_code == 0);
  std::string source = p.Read("versions/" + Revisions(p, "_audit")[0]);
  CHECK_THAT(source, Catch::Contains("op.create_enum(\"mood\", { \"happy\", \"sad\" })"));
  CHECK_THAT(source, Catch::Contains("op.create_schema(\"" + audit + "\")"));
  CHECK_THAT(source, Catch::Contains("comment = \"shown in the lobby\""));
  CHECK_THAT(source, Catch::Contains("bigint generated always as identity"));
  CHECK(LuamigTest(p, db).exit_code == 0);
  REQUIRE(Luamig(p, db, {"upgrade", "head"}).exit_code == 0);
  RunOutput check = Luamig(p, db, {"check"});
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Catch::Contains("No drift"));
  REQUIRE(Luamig(p, db, {"downgrade", "a1"}).exit_code == 0);
  CHECK(db.Column("SELECT nspname FROM pg_namespace WHERE nspname = '" + audit + "'")
            .empty());
}

TEST_CASE("autogenerate: a database behind the scripts is refused with the fix",
          "[e2e][autogen]") {
  TempProject p;
  TestDatabase db("sqlite", p);
  WritePlayers(p);
  p.Write("schema.lua", kGrownSchema);
  RunOutput r = Luamig(p, db, {"revision", "--autogenerate", "-m", "x"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("Target database is not up to date."));
  CHECK_THAT(r.err, Catch::Contains("luamig upgrade heads"));
  CHECK(Revisions(p).size() == 1);
  // check is read-only and refuses a SQLite file that does not exist yet:
  // an empty database at base is behind the scripts.
  REQUIRE(Luamig(p, db, {"upgrade", "base"}).exit_code == 0);
  RunOutput check = Luamig(p, db, {"check"});
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.out, Catch::Contains("Target database is not up to date"));
}

TEST_CASE("autogenerate: a dropped column is DESTRUCTIVE and a likely rename is named",
          "[e2e][autogen][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  WritePlayers(p);
  REQUIRE(Luamig(p, db, {"upgrade", "head"}).exit_code == 0);
  p.Write("schema.lua", R"lua(
schema.create_table("players", {
  { "id", "integer", primary_key = true },
  { "nickname", "text" },
  { "score", "integer", default = 0 },
})
)lua");
  RunOutput r = Luamig(p, db, {"revision", "--autogenerate", "-m", "rename"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("drop column players.nick (text) (DESTRUCTIVE)"));
  CHECK_THAT(r.err, Catch::Contains("op.alter_column(\"players\", \"nick\", { new_name = "
                                    "\"nickname\" })"));
  std::string source = p.Read("versions/" + Revisions(p, "_rename")[0]);
  CHECK_THAT(source,
             Catch::Contains("-- DESTRUCTIVE: drops column players.nick and its data"));
  CHECK(LuamigTest(p, db).exit_code == 0);
}

TEST_CASE("autogenerate: objects luamig does not model are listed, never dropped",
          "[e2e][autogen][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  WritePlayers(p);
  p.Write("versions/002_b2_view.lua",
          Script("b2", "a1", "op.execute(\"CREATE VIEW best AS SELECT id FROM players\")",
                 "op.execute(\"DROP VIEW best\")", "A view"));
  REQUIRE(Luamig(p, db, {"upgrade", "head"}).exit_code == 0);
  p.Write("schema.lua", R"lua(
schema.create_table("players", {
  { "id", "integer", primary_key = true },
  { "nick", "text" },
  { "score", "integer", default = 0 },
})
)lua");
  RunOutput r = Luamig(p, db, {"revision", "--autogenerate", "-m", "same"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Ignored (luamig does not manage them"));
  CHECK_THAT(r.out, Catch::Contains("  view best"));
  CHECK_THAT(r.out, Catch::Contains("No changes in schema detected"));
  CHECK(Revisions(p).size() == 2);
}

TEST_CASE("autogenerate: excluded tables are not compared", "[e2e][autogen]") {
  TempProject p;
  TestDatabase db("sqlite", p);
  WritePlayers(p);
  p.Write("luamig.lua", "autogenerate = { exclude_tables = { \"play*\" } }\n");
  REQUIRE(Luamig(p, db, {"upgrade", "head"}).exit_code == 0);
  p.Write("schema.lua", "schema.create_table(\"other\", { { \"id\", \"integer\" } })\n");
  RunOutput r = Luamig(p, db, {"check"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("drift: add table other"));
  CHECK_THAT(r.out, !Catch::Contains("players"));
}

TEST_CASE("autogenerate: schema.lua errors name the file and the line",
          "[e2e][autogen]") {
  TempProject p;
  TestDatabase db("sqlite", p);
  WritePlayers(p);
  REQUIRE(Luamig(p, db, {"upgrade", "head"}).exit_code == 0);
  p.Write("schema.lua",
          "schema.create_table(\"t\", { { \"id\", \"integer\" } })\n\n"
          "schema.create_index(\"ix\", \"nosuch\", { \"id\" })\n");
  RunOutput r = Luamig(p, db, {"revision", "--autogenerate", "-m", "x"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("schema.lua:3"));
  CHECK_THAT(r.err, Catch::Contains("table \"nosuch\" is not declared"));
  p.Write("schema.lua", "schema.drop_table(\"players\")\n");
  r = Luamig(p, db, {"check"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("schema.lua:1"));
  CHECK_THAT(r.err, Catch::Contains("drop_table changes a schema"));
  p.Write("luamig.lua", "schema_file = \"db/missing.lua\"\n");
  r = Luamig(p, db, {"revision", "--autogenerate", "-m", "x"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("db/missing.lua does not exist"));
}

TEST_CASE("autogenerate: a baseline of an existing database, stamped, then reproduced",
          "[e2e][autogen][backends]") {
  std::string backend = LUAMIG_BACKEND();
  TempProject p, fresh;
  TestDatabase db(backend, p), other(backend, fresh);
  auto conn = db.Connect();
  std::vector<std::string> ddl = {
      "CREATE TABLE teams (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE)",
      "CREATE TABLE players (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams "
      "(id) ON DELETE CASCADE, score INTEGER NOT NULL DEFAULT 0, CONSTRAINT score_ok "
      "CHECK (score >= 0))",
      "CREATE INDEX ix_players_score ON players (score) WHERE score > 0",
      "CREATE VIEW rich AS SELECT id FROM players WHERE score > 100"};
  if (db.is_postgres()) {
    ddl.insert(ddl.begin(), "CREATE TYPE mood AS ENUM ('happy', 'sad')");
    ddl.push_back("ALTER TABLE players ADD COLUMN m mood");
    ddl.push_back("COMMENT ON COLUMN players.score IS 'points'");
  }
  for (const auto& sql : ddl) REQUIRE(conn->Execute(sql).ok());
  p.Write("luamig.lua", "");
  RunOutput r = Luamig(p, db, {"revision", "--autogenerate", "-m", "baseline"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("writing a baseline"));
  CHECK_THAT(r.out, Catch::Contains("luamig stamp"));
  std::vector<std::string> files = Revisions(p);
  REQUIRE(files.size() == 1);
  std::string source = p.Read("versions/" + files[0]);
  CHECK_THAT(source, Catch::Contains("if_not_exists = true"));
  CHECK_THAT(r.out, Catch::Contains("  view rich"));
  CHECK_THAT(source, Catch::Contains("-- not included (luamig does not model them"));
  CHECK_THAT(source, Catch::Contains("--   view rich"));
  CHECK_THAT(source, Catch::Contains("down_revision = nil"));
  REQUIRE(Luamig(p, db, {"stamp", "head"}).exit_code == 0);
  CHECK(Luamig(p, db, {"check"}).exit_code == 0);
  // Run on an empty database, the baseline builds the same schema.
  RunOutput up = RunLuamig(p.Path(), {"--url", other.url(), "upgrade", "head"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  auto a = ReflectSchema(db.url());
  auto b = ReflectSchema(other.url());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  std::vector<std::string> diffs;
  for (const auto& d : CompareSchemas(*a, *b)) diffs.push_back(d.Describe());
  CHECK(diffs == std::vector<std::string>{"missing view rich"});  // named, not built
  CHECK(LuamigTest(p, db).exit_code == 0);
}

// A revision whose upgrade adds an index, a column default and a check
// constraint, and whose downgrade forgets all three.
std::string Forgetful() {
  return Script(
      "b2", "a1",
      "op.create_index(\"ix_players_nick\", \"players\", { \"nick\" })\n"
      "if op.dialect == \"sqlite\" then\n"
      "  op.batch_alter_table(\"players\", function(batch)\n"
      "    batch.alter_column(\"nick\", { server_default = \"'anon'\" })\n"
      "    batch.create_check_constraint(\"score_ok\", \"score >= 0\")\n"
      "  end)\n"
      "else\n"
      "  op.alter_column(\"players\", \"nick\", { server_default = \"'anon'\" })\n"
      "  op.create_check_constraint(\"score_ok\", \"players\", \"score >= 0\")\n"
      "end",
      "op.execute(\"SELECT 1\")", "Forgets its downgrade");
}

TEST_CASE("luamig test: a downgrade that forgets an index, a default and a constraint",
          "[e2e][test][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  WritePlayers(p);
  p.Write("versions/002_b2_forgetful.lua", Forgetful());
  p.Write("versions/003_c3_fine.lua",
          Script("c3", "b2", "op.create_table(\"t\", { { \"id\", \"integer\" } })",
                 "op.drop_table(\"t\")", "Fine"));
  RunOutput r = LuamigTest(p, db);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("reversible     a1 Create players"));
  // Its second upgrade then fails on the index left behind, which ends the test.
  CHECK_THAT(r.out,
             Catch::Contains(
                 "FAILED         b2 Forgets its downgrade: its second upgrade failed"));
  CHECK_THAT(r.out,
             Catch::Contains("after its downgrade, compared with before its upgrade:"));
  CHECK_THAT(r.out, Catch::Contains("extra index ix_players_nick on players (nick)"));
  CHECK_THAT(r.out,
             Catch::Contains("column players.nick differs: default none → 'anon'"));
  CHECK_THAT(r.out,
             Catch::Contains("extra check constraint score_ok on players (score >= 0)"));
  CHECK_THAT(r.out, Catch::Contains("FAILED: 1 of 2 revision(s) reversible, 1 not."));
  CHECK_THAT(r.err, Catch::Contains("ix_players_nick"));
  CHECK_THAT(r.err, Catch::Contains("already exists"));
  CHECK_THAT(r.out, !Catch::Contains("c3 Fine"));  // never reached
  // The project's own database is never touched.
  CHECK(db.Tables().empty());
}

TEST_CASE("luamig test: a forgotten default is reported and the test goes on",
          "[e2e][test]") {
  TempProject p;
  TestDatabase db("sqlite", p);
  WritePlayers(p);
  p.Write("versions/002_b2.lua",
          Script("b2", "a1",
                 "op.batch_alter_table(\"players\", function(batch)\n"
                 "  batch.alter_column(\"score\", { server_default = \"7\" })\nend)",
                 "op.execute(\"SELECT 1\")", "Score default"));
  p.Write("versions/003_c3.lua",
          Script("c3", "b2", "op.create_table(\"t\", { { \"id\", \"integer\" } })",
                 "op.drop_table(\"t\")", "Fine"));
  RunOutput r = Luamig(p, db, {"test"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out,
             Catch::Contains("NOT REVERSIBLE b2 Score default\n"
                             "    after its downgrade, compared with before its "
                             "upgrade:\n"
                             "      column players.score differs: default 0 → 7\n"));
  CHECK_THAT(r.out, Catch::Contains("reversible     c3 Fine"));
  CHECK_THAT(r.out, Catch::Contains("FAILED: 2 of 3 revision(s) reversible, 1 not."));
}

TEST_CASE("luamig test: revisions without a downgrade, or with an empty one, are listed",
          "[e2e][test]") {
  TempProject p;
  TestDatabase db("sqlite", p);
  WritePlayers(p);
  p.Write(
      "versions/002_b2.lua",
      "-- No downgrade at all\nrevision = \"b2\"\ndown_revision = \"a1\"\n"
      "function upgrade(op) op.create_table(\"t\", { { \"id\", \"integer\" } }) end\n");
  p.Write("versions/003_c3.lua",
          Script("c3", "b2", "op.execute(\"UPDATE players SET score = 1\")", "  -- pass",
                 "Data only"));
  p.Write("versions/004_d4.lua",
          Script("d4", "c3", "op.create_table(\"u\", { { \"id\", \"integer\" } })",
                 "  -- pass", "Empty downgrade"));
  RunOutput r = Luamig(p, db, {"test"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out,
             Catch::Contains("NO DOWNGRADE   b2 No downgrade at all: it defines no "
                             "downgrade(); it cannot be undone"));
  CHECK_THAT(r.out, Catch::Contains("reversible     c3 Data only (empty downgrade: the "
                                    "upgrade changes no schema)"));
  CHECK_THAT(r.out, Catch::Contains("d4 Empty downgrade: its second upgrade failed\n"
                                    "    its downgrade() is empty\n"
                                    "    after its downgrade, compared with before its "
                                    "upgrade:\n"
                                    "      extra table u\n"));
  CHECK_THAT(r.out,
             Catch::Contains("FAILED: 2 of 4 revision(s) reversible, 1 not, 1 without "
                             "a downgrade, 2 with an empty downgrade."));
  RunOutput range = Luamig(p, db, {"test", ":a1"});
  CHECK(range.exit_code == 0);
  CHECK_THAT(range.out, Catch::Contains("OK: 1 of 1 revision(s) reversible."));
}

TEST_CASE("luamig test: branches and merges are followed in upgrade order",
          "[e2e][test][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  p.Write("luamig.lua", "");
  auto table = [](const std::string& rev, const std::string& down, const std::string& t) {
    return "-- " + rev + "\nrevision = \"" + rev + "\"\ndown_revision = " + down +
           "\nfunction upgrade(op) op.create_table(\"" + t +
           "\", { { \"id\", \"integer\" } }) end\nfunction downgrade(op) "
           "op.drop_table(\"" +
           t + "\") end\n";
  };
  p.Write("versions/1_base.lua", table("base1", "nil", "t_base"));
  p.Write("versions/2_left.lua", table("left", "\"base1\"", "t_left"));
  p.Write("versions/3_right.lua", table("right", "\"base1\"", "t_right"));
  p.Write("versions/4_merge.lua", table("merge", "{ \"left\", \"right\" }", "t_merge"));
  p.Write("versions/5_after.lua", table("after", "\"merge\"", "t_after"));
  RunOutput r = LuamigTest(p, db);
  CHECK(r.exit_code == 0);
  for (const char* rev : {"base1", "left", "right", "merge", "after"})
    CHECK_THAT(r.out, Catch::Contains(std::string("reversible     ") + rev));
  CHECK_THAT(r.out, Catch::Contains("OK: 5 of 5 revision(s) reversible."));
}

TEST_CASE("luamig test: the shipped versions/ and every example history are reversible",
          "[e2e][test]") {
  std::vector<fs::path> histories = {fs::path(LUAMIG_SOURCE_DIR) / "versions"};
  for (const auto& e : fs::directory_iterator(fs::path(LUAMIG_SOURCE_DIR) / "examples")) {
    if (fs::is_directory(e.path() / "versions"))
      histories.push_back(e.path() / "versions");
  }
  REQUIRE(histories.size() >= 2);
  for (const auto& h : histories) {
    TempProject p;
    fs::copy(h, p.Path("versions"),
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    RunOutput r = RunLuamig(p.Path(), {"test"});
    INFO(h.string() << "\n" << r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("OK: "));
  }
}

TEST_CASE("the shipped schema.lua matches the shipped versions/",
          "[e2e][autogen][backends]") {
  TempProject p;
  TestDatabase db(LUAMIG_BACKEND(), p);
  testing::CopyShippedProject(p);
  fs::copy_file(fs::path(LUAMIG_SOURCE_DIR) / "schema.lua", p.Path("schema.lua"));
  REQUIRE(Luamig(p, db, {"upgrade", "head"}).exit_code == 0);
  RunOutput r = Luamig(p, db, {"check"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("No drift: the database matches"));
}

TEST_CASE("luamig test: on PostgreSQL the scratch database is created, then dropped",
          "[e2e][test][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  WritePlayers(p);
  RunOutput refused = Luamig(p, db, {"test"});
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("--scratch-url"));
  RunOutput r = LuamigTest(p, db);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Scratch database: postgresql://"));
  CHECK_THAT(r.out, Catch::Contains("/luamig_test_"));
  std::string name = r.out.substr(r.out.find("/luamig_test_") + 1, 24);
  CHECK(db.Column("SELECT datname FROM pg_database WHERE datname = '" + name + "'")
            .empty());
  CHECK(db.Tables().empty());
}

}  // namespace
}  // namespace luamig
