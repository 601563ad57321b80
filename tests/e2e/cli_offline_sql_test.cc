// SPDX-License-Identifier: MIT
// Offline mode end to end: `luamig upgrade … --sql` prints a script that,
// applied with the database's own shell (sqlite3 -bail, psql -v
// ON_ERROR_STOP=1) to a fresh database, yields the same catalog, version rows
// and data as an online `upgrade head` on another fresh database.
//
// The history table is part of both runs (the script creates and fills it as
// an online run does); the catalog dump leaves luamig's own tables out, and
// the version rows are compared separately.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "db/sqlite_connection.h"
#include "support/catalog.h"
#include "support/op_roundtrip.h"
#include "support/pg_open.h"
#include "support/run_binary.h"
#include "support/temp_project.h"

namespace luamig {
namespace {

using testing::CatalogLines;
using testing::RunLuamig;
using testing::ShellQuote;
using testing::TempProject;

struct Rev {
  std::string id;
  std::string header;  // extra header lines
  std::string up;
  std::string down;
};

std::string IdAt(size_t i) {
  std::string n = std::to_string(i + 1);
  return "r" + std::string(n.size() < 2 ? "0" : "") + n;
}

// Seventeen revisions using most ops; PostgreSQL-only ops behind op.dialect.
std::vector<Rev> History() {
  return {
      {"", "",
       "op.create_table(\"teams\", {\n"
       "  { \"id\", \"integer\", primary_key = true },\n"
       "  { \"name\", \"string(64)\", nullable = false, unique = true },\n"
       "  { \"created\", \"timestamp\", server_default = op.sql(\"CURRENT_TIMESTAMP\") "
       "},\n"
       "}, { constraints = { { check = \"length(name) > 0\", name = \"ck_team_name\" } } "
       "})",
       "op.drop_table(\"teams\")"},
      {"", "",
       "op.create_table(\"players\", {\n"
       "  { \"id\", \"integer\", primary_key = true },\n"
       "  { \"team_id\", \"integer\", nullable = false },\n"
       "  { \"name\", \"text\", nullable = false },\n"
       "  { \"score\", \"integer\", default = 0 },\n"
       "}, { constraints = {\n"
       "  { unique = { \"team_id\", \"name\" }, name = \"uq_team_player\" },\n"
       "  { check = \"score >= 0\", name = \"ck_score\" },\n"
       "  { foreign_key = { \"team_id\" }, referent = \"teams\", remote_cols = { \"id\" "
       "},\n"
       "    on_delete = \"cascade\", name = \"fk_players_team\" },\n"
       "} })",
       "op.drop_table(\"players\")"},
      {"", "",
       "op.add_column(\"players\", { \"rating\", \"double\", nullable = false, default = "
       "1.5 })",
       "op.drop_column(\"players\", \"rating\")"},
      {"", "", "op.create_index(\"ix_players_name\", \"players\", { \"name\" })",
       "op.drop_index(\"ix_players_name\", { table = \"players\" })"},
      {"", "",
       "op.create_index(\"ix_players_top\", \"players\", { \"team_id\", \"score\" }, "
       "{ unique = true, where = \"score > 0\" })\n"
       "op.create_index(\"ix_lower_name\", \"players\", { { expr = \"lower(name)\" } })",
       "op.drop_index(\"ix_lower_name\")\nop.drop_index(\"ix_players_top\")"},
      {"", "",
       "op.create_table(\"matches\", {\n"
       "  { \"id\", \"integer\", primary_key = true },\n"
       "  { \"winner\", \"integer\", references = \"players.id\" },\n"
       "  { \"tmp\", \"integer\" },\n"
       "})",
       "op.drop_table(\"matches\")"},
      {"", "",
       "op.execute(\"INSERT INTO teams (id, name) VALUES ($1, $2)\", { 1, \"O'Brien; "
       "DROP "
       "TABLE teams; -- $1 \\\\ \\226\\156\\147\" })\n"
       "op.execute(\"INSERT INTO teams (id, name) VALUES ($1, $2)\", { 2, \"$$ '' "
       "\\\"q\\\" "
       "/* x */\\nline\" })\n"
       "op.execute(\"INSERT INTO players (id, team_id, name, score) VALUES ($1, $2, $3, "
       "$4)\", { 1, 1, \"ann\", 7 })",
       "op.execute(\"DELETE FROM players\")\nop.execute(\"DELETE FROM teams\")"},
      {"", "", "op.rename_table(\"matches\", \"games\")",
       "op.rename_table(\"games\", \"matches\")"},
      {"", "", "op.add_column(\"games\", { \"note\", \"text\" })",
       "op.drop_column(\"games\", \"note\")"},
      {"", "", "op.drop_column(\"games\", \"tmp\")",
       "op.add_column(\"games\", { \"tmp\", \"integer\" })"},
      {"", "",
       "op.create_table(\"settings\", { { \"key\", \"text\", primary_key = true }, { "
       "\"value\", \"text\" } })\n"
       "if op.dialect == \"postgresql\" then\n"
       "  op.alter_column(\"players\", \"score\", { type = \"bigint\", using = "
       "\"score::bigint\", server_default = op.sql(\"0\") })\n"
       "  op.alter_column(\"games\", \"note\", { nullable = false, server_default = "
       "\"''\", comment = \"free text\" })\n"
       "end",
       "if op.dialect == \"postgresql\" then\n"
       "  op.alter_column(\"games\", \"note\", { nullable = true, server_default = false "
       "})\n"
       "  op.alter_column(\"players\", \"score\", { type = \"integer\", server_default = "
       "false })\n"
       "end\nop.drop_table(\"settings\")"},
      {"", "",
       "if op.dialect == \"postgresql\" then\n"
       "  op.create_schema(op.x.schema .. \"_aux\")\n"
       "  op.create_enum(\"mood\", { \"sad\", \"ok\" })\n"
       "  op.create_table(\"people\", { { \"id\", \"integer\", primary_key = true }, { "
       "\"m\", \"mood\" } })\n"
       "else\n"
       "  op.create_table(\"people\", { { \"id\", \"integer\", primary_key = true }, { "
       "\"m\", \"text\" } }, { constraints = { { check = \"m IN ('sad', 'ok')\", name = "
       "\"ck_mood\" } } })\n"
       "end",
       "op.drop_table(\"people\")\n"
       "if op.dialect == \"postgresql\" then\n"
       "  op.drop_enum(\"mood\")\n"
       "  op.drop_schema(op.x.schema .. \"_aux\")\n"
       "end"},
      {"", "",
       "if op.dialect == \"postgresql\" then\n"
       "  op.add_enum_value(\"mood\", \"happy\", { after = \"ok\" })\n"
       "  op.create_unique_constraint(\"uq_games_note\", \"games\", { \"note\" })\n"
       "  op.create_check_constraint(\"ck_rating\", \"players\", \"rating >= 0\")\n"
       "  op.create_foreign_key(\"fk_people_player\", \"people\", \"players\", { \"id\" "
       "}, "
       "{ \"id\" }, { on_delete = \"set null\", deferrable = true, initially = "
       "\"deferred\" })\n"
       "else\n"
       "  op.create_index(\"uq_games_note\", \"games\", { \"note\" }, { unique = true "
       "})\n"
       "end",
       "if op.dialect == \"postgresql\" then\n"
       "  op.drop_constraint(\"fk_people_player\", \"people\", { type_ = \"foreignkey\" "
       "})\n"
       "  op.drop_constraint(\"ck_rating\", \"players\", { type_ = \"check\" })\n"
       "  op.drop_constraint(\"uq_games_note\", \"games\", { type_ = \"unique\" })\n"
       "else\n"
       "  op.drop_index(\"uq_games_note\")\n"
       "end"},
      {"", "transactional = false\n",
       "op.create_index(\"ix_games_winner\", \"games\", { \"winner\" }, { concurrently = "
       "true })",
       "op.drop_index(\"ix_games_winner\", { concurrently = true })"},
      {"", "",
       "op.autocommit(function()\n"
       "  op.create_index(\"ix_games_note\", \"games\", { \"note\" }, { concurrently = "
       "true })\n"
       "end)\n"
       "op.execute(\"UPDATE players SET score = $1, name = $2 WHERE id = $3\", { 9, "
       "\"ann's\", 1 })",
       "op.drop_index(\"ix_games_note\")"},
      {"", "",
       "op.drop_index(\"ix_players_name\", { table = \"players\" })\n"
       "op.create_index(\"ix_players_name_score\", \"players\", { \"name\", \"score\" })",
       "op.drop_index(\"ix_players_name_score\")\n"
       "op.create_index(\"ix_players_name\", \"players\", { \"name\" })"},
      {"", "",
       "op.execute(\"INSERT INTO settings (key, value) VALUES ($1, $2)\", { \"mode\", "
       "op.offline and \"offline\" or \"online\" })",
       "op.execute(\"DELETE FROM settings\")"},
  };
}

void WriteHistory(const TempProject& p) {
  p.Write("luamig.lua", "version_table = \"luamig_version\"\n");
  std::vector<Rev> revs = History();
  for (size_t i = 0; i < revs.size(); ++i) {
    std::string id = IdAt(i), down = i == 0 ? "nil" : "\"" + IdAt(i - 1) + "\"";
    p.Write("versions/" + id + ".lua",
            "-- revision " + id + "\nrevision = \"" + id + "\"\ndown_revision = " + down +
                "\n" + revs[i].header + "function upgrade(op)\n" + revs[i].up +
                "\nend\nfunction downgrade(op)\n" + revs[i].down + "\nend\n");
  }
}

// Runs `cmd` through the shell; the exit code, with output in `*out`.
int Shell(const std::string& cmd, std::string* out) {
  std::string file =
      std::string(std::getenv("LUAMIG_TEST_TMP") ? std::getenv("LUAMIG_TEST_TMP")
                                                 : "/tmp") +
      "/offline_shell_" + std::to_string(std::rand()) + ".log";
  int status = std::system((cmd + " >" + ShellQuote(file) + " 2>&1").c_str());
  std::ifstream f(file);
  std::ostringstream s;
  s << f.rdbuf();
  *out = s.str();
  std::filesystem::remove(file);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::vector<std::string>> DataOf(db::Connection& conn) {
  std::vector<std::vector<std::string>> out;
  for (const char* sql :
       {"SELECT version_num FROM luamig_version ORDER BY 1",
        "SELECT id, name FROM teams ORDER BY id",
        "SELECT id, team_id, name, score FROM players ORDER BY id",
        "SELECT revision, direction, checksum FROM luamig_history ORDER BY id"}) {
    for (auto& row : testing::TextRows(conn, sql)) out.push_back(row);
  }
  return out;
}

std::unique_ptr<db::Connection> OpenSqlite(const std::string& path) {
  auto c = db::SqliteConnection::Open(path, std::chrono::seconds(5));
  REQUIRE(c.ok());
  return std::move(c).value();
}

TEST_CASE("sqlite: the --sql script applied with sqlite3 matches the online upgrade",
          "[e2e][offline][sqlite]") {
  TempProject p;
  WriteHistory(p);
  auto online =
      RunLuamig(p.Path(), {"--url", p.SqliteUrl("online.db"), "upgrade", "head"});
  INFO(online.out << online.err);
  REQUIRE(online.exit_code == 0);
  auto script = RunLuamig(p.Path(), {"upgrade", "head", "--sql"});
  INFO(script.err);
  REQUIRE(script.exit_code == 0);
  CHECK(script.err.empty());
  CHECK(script.out.rfind("-- luamig ", 0) == 0);              // nothing but SQL on stdout
  CHECK_FALSE(std::filesystem::exists(p.Path("luamig.db")));  // never connected
  p.Write("up.sql", script.out);
  std::string shell;
  int rc = Shell("sqlite3 -bail " + ShellQuote(p.Path("offline.db")) + " <" +
                     ShellQuote(p.Path("up.sql")),
                 &shell);
  INFO(shell << "\n--- script ---\n" << script.out);
  REQUIRE(rc == 0);

  auto a = OpenSqlite(p.Path("online.db"));
  auto b = OpenSqlite(p.Path("offline.db"));
  CatalogLines online_catalog = testing::DumpSqliteCatalog(*a);
  CHECK(online_catalog.size() > 20);
  CHECK(testing::DumpSqliteCatalog(*b) == online_catalog);
  auto online_data = DataOf(*a), offline_data = DataOf(*b);
  CHECK(online_data == offline_data);
  CHECK(testing::TextRows(*a, "SELECT value FROM settings")[0][0] == "online");
  CHECK(testing::TextRows(*b, "SELECT value FROM settings")[0][0] == "offline");

  SECTION("downgrade --sql back to base leaves no user tables") {
    auto down = RunLuamig(p.Path(), {"downgrade", "head:base", "--sql"});
    INFO(down.err);
    REQUIRE(down.exit_code == 0);
    p.Write("down.sql", down.out);
    rc = Shell("sqlite3 -bail " + ShellQuote(p.Path("offline.db")) + " <" +
                   ShellQuote(p.Path("down.sql")),
               &shell);
    INFO(shell << "\n--- script ---\n" << down.out);
    REQUIRE(rc == 0);
    auto c = OpenSqlite(p.Path("offline.db"));
    CHECK(testing::DumpSqliteCatalog(*c).empty());
    CHECK(testing::TextRows(*c, "SELECT count(*) FROM luamig_version")[0][0] == "0");
  }
  SECTION("a partial range from a revision updates the version row") {
    auto part = RunLuamig(p.Path(), {"upgrade", "r15:head", "--sql"});
    REQUIRE(part.exit_code == 0);
    CHECK_THAT(part.out, Catch::Contains("UPDATE \"luamig_version\" SET version_num = "
                                         "'r16' WHERE version_num = 'r15';"));
    CHECK_THAT(part.out, !Catch::Contains("CREATE TABLE IF NOT EXISTS"));
  }
}

TEST_CASE("postgresql: the --sql script applied with psql matches the online upgrade",
          "[e2e][offline][pg]") {
  auto online_db = testing::OpsDb::Postgres();
  auto offline_db = testing::OpsDb::Postgres();
  TempProject p;
  WriteHistory(p);
  auto online = RunLuamig(p.Path(), {"--url", online_db->url, "-x",
                                     "schema=" + online_db->schema, "upgrade", "head"});
  INFO(online.out << online.err);
  REQUIRE(online.exit_code == 0);
  auto script =
      RunLuamig(p.Path(), {"--url", offline_db->url, "-x", "schema=" + offline_db->schema,
                           "upgrade", "head", "--sql"});
  INFO(script.err);
  REQUIRE(script.exit_code == 0);
  CHECK_THAT(script.out, Catch::Contains("COMMIT;\n\nCREATE INDEX CONCURRENTLY"));
  p.Write("up.sql", script.out);
  std::string shell;
  int rc = Shell("psql -X -q -v ON_ERROR_STOP=1 " + ShellQuote(offline_db->url) + " -f " +
                     ShellQuote(p.Path("up.sql")),
                 &shell);
  INFO(shell << "\n--- script ---\n" << script.out);
  REQUIRE(rc == 0);

  // The schemas differ by name only; so do the _aux schemas made from them.
  auto normalized = [](CatalogLines lines, const std::string& schema) {
    for (auto& l : lines) {
      for (size_t at; (at = l.find(schema)) != std::string::npos;)
        l.replace(at, schema.size(), "S");
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  CatalogLines want = normalized(online_db->Dump(), online_db->schema);
  CHECK(want.size() > 20);
  CHECK(testing::HasLine(want, "enum mood sad,ok,happy"));
  CHECK(normalized(offline_db->Dump(), offline_db->schema) == want);
  auto a = online_db->Connect();
  auto b = offline_db->Connect();
  CHECK(DataOf(*a) == DataOf(*b));

  auto down =
      RunLuamig(p.Path(), {"--url", offline_db->url, "-x", "schema=" + offline_db->schema,
                           "downgrade", "head:base", "--sql"});
  INFO(down.err);
  REQUIRE(down.exit_code == 0);
  p.Write("down.sql", down.out);
  rc = Shell("psql -X -q -v ON_ERROR_STOP=1 " + ShellQuote(offline_db->url) + " -f " +
                 ShellQuote(p.Path("down.sql")),
             &shell);
  INFO(shell << "\n--- script ---\n" << down.out);
  REQUIRE(rc == 0);
  CHECK(offline_db->Dump().empty());
}

TEST_CASE("the dialect option picks the dialect when no URL is configured",
          "[e2e][offline]") {
  TempProject p;
  WriteHistory(p);
  auto pg = RunLuamig(
      p.Path(), {"-x", "schema=s", "upgrade", "r12", "--sql", "--dialect", "postgresql"});
  INFO(pg.err);
  REQUIRE(pg.exit_code == 0);
  CHECK_THAT(pg.out, Catch::Contains("offline upgrade script for postgresql"));
  CHECK_THAT(pg.out, Catch::Contains("TYPE bigint USING score::bigint"));
  CHECK_THAT(pg.out, Catch::Contains("CREATE TYPE \"mood\""));
  auto clash = RunLuamig(p.Path(), {"--url", "sqlite:///x.db", "upgrade", "head", "--sql",
                                    "--dialect", "postgresql"});
  CHECK(clash.exit_code == 2);
  CHECK_THAT(clash.err, Catch::Contains("contradicts the database URL"));
  auto no_sql = RunLuamig(p.Path(), {"upgrade", "head", "--dialect", "postgresql"});
  CHECK(no_sql.exit_code == 2);
}

TEST_CASE("offline mode: reading the database is a migration error naming the op",
          "[e2e][offline]") {
  TempProject p;
  p.Write("versions/a1.lua", testing::Script("a1", "",
                                             "op.create_table(\"t\", { { \"id\", "
                                             "\"integer\" } })",
                                             "op.drop_table(\"t\")"));
  p.Write("versions/b2.lua",
          testing::Script("b2", "a1",
                          "local rows = op.query(\"SELECT count(*) AS n FROM t\")", ""));
  auto r = RunLuamig(p.Path(), {"upgrade", "head", "--sql"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("op.query needs a live database"));
  CHECK_THAT(r.err, Catch::Contains("b2.lua"));

  p.Write("versions/b2.lua",
          testing::Script("b2", "a1", "if op.has_table(\"t\") then end", ""));
  r = RunLuamig(p.Path(), {"upgrade", "head", "--sql"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("needs a live database"));
  CHECK_THAT(r.err, Catch::Contains("has_table"));

  p.Write("versions/b2.lua",
          testing::Script("b2", "a1",
                          "op.batch_alter_table(\"t\", function(b) b.drop_column(\"id\") "
                          "end)",
                          ""));
  r = RunLuamig(p.Path(), {"upgrade", "head", "--sql"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("batch_alter_table(\"t\") on sqlite"));
  CHECK_THAT(r.err, Catch::Contains("needs a live database"));
}

TEST_CASE("downgrade --sql needs an explicit start", "[e2e][offline]") {
  TempProject p;
  WriteHistory(p);
  auto r = RunLuamig(p.Path(), {"downgrade", "base", "--sql"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("needs a range FROM:TO"));
  CHECK(r.out.empty());
}

}  // namespace
}  // namespace luamig
