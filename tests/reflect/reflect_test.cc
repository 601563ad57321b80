// SPDX-License-Identifier: MIT
// Reflection of every object kind on both backends, stated as the model's
// text form (schema/model_text.h).
#include <catch2/catch.hpp>

#include "reflect/reflector.h"
#include "schema/model_text.h"
#include "support/backends.h"

namespace luamig {
namespace {

using testing::TempProject;
using testing::TestDatabase;

void Run(db::Connection& conn, const std::vector<std::string>& statements) {
  for (const auto& sql : statements) {
    Status s = conn.Execute(sql);
    INFO(sql << "\n" << s.ToString());
    REQUIRE(s.ok());
  }
}

schema::Model ReflectOrFail(db::Connection& conn, const std::string& dialect,
                            const reflect::Options& options = {}) {
  auto m = reflect::Reflect(conn, dialect, options);
  INFO(m.status().ToString());
  REQUIRE(m.ok());
  return std::move(m).value();
}

TEST_CASE("reflect: SQLite tables, columns, keys, checks, indexes, views and triggers",
          "[reflect]") {
  TempProject p;
  TestDatabase db("sqlite", p);
  auto conn = db.Connect();
  Run(*conn,
      {
          "CREATE TABLE players (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL "
          "DEFAULT 'x', score INT DEFAULT -1, seen TIMESTAMP DEFAULT "
          "(CURRENT_TIMESTAMP), CONSTRAINT score_ok CHECK (score >= 0), "
          "CONSTRAINT uq_name UNIQUE (name))",
          "CREATE TABLE matches (id INTEGER PRIMARY KEY, player_id INTEGER "
          "CONSTRAINT fk_player REFERENCES players (id) ON DELETE CASCADE, "
          "loser_id INTEGER REFERENCES players, note TEXT CHECK (length(note) < "
          "100))",
          "CREATE TABLE pair (a INTEGER NOT NULL, b TEXT NOT NULL, PRIMARY KEY (b, "
          "a), UNIQUE (a, b))",
          "CREATE INDEX ix_matches_note ON matches (lower(note), player_id DESC) "
          "WHERE note IS NOT NULL",
          "CREATE UNIQUE INDEX ix_players_score ON players (score)",
          "CREATE VIEW best AS SELECT * FROM players WHERE score > 10",
          "CREATE TRIGGER t_ins AFTER INSERT ON players BEGIN SELECT 1; END",
          "CREATE TABLE luamig_version (version_num VARCHAR(32) PRIMARY KEY)",
      });
  reflect::Options o;
  o.exclude_tables = {"luamig_*"};
  CHECK(schema::ToText(ReflectOrFail(*conn, "sqlite", o)) ==
        "table matches\n"
        "  column id integer NOT NULL\n"
        "  column player_id integer\n"
        "  column loser_id integer\n"
        "  column note text\n"
        "  primary key (id)\n"
        "  foreign key (loser_id) references players (id)\n"
        "  foreign key fk_player (player_id) references players (id) on delete cascade\n"
        "  check constraint (length(note) < 100)\n"
        "  index ix_matches_note (lower(note), player_id) WHERE note IS NOT NULL\n"
        "table pair\n"
        "  column a integer NOT NULL\n"
        "  column b text NOT NULL\n"
        "  primary key (b, a)\n"
        "  unique constraint (a, b)\n"
        "table players\n"
        "  column id integer NOT NULL\n"
        "  column name varchar(50) NOT NULL default 'x'\n"
        "  column score integer default -1\n"
        "  column seen timestamp default CURRENT_TIMESTAMP\n"
        "  primary key (id)\n"
        "  unique constraint uq_name (name)\n"
        "  check constraint score_ok (score >= 0)\n"
        "  unique index ix_players_score (score)\n"
        "trigger players.t_ins\n"
        "view best\n");
}

TEST_CASE(
    "reflect: PostgreSQL tables, serial and identity columns, keys, indexes, "
    "enums, comments, schemas and other objects",
    "[reflect][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  auto conn = db.Connect();
  std::string other = db.schema() + "_x";
  Run(*conn, {
                 "CREATE TYPE mood AS ENUM ('happy', 'sad')",
                 "CREATE TABLE players (id serial PRIMARY KEY, name varchar(50) NOT NULL "
                 "DEFAULT 'x', score integer DEFAULT -1, seen timestamptz DEFAULT now(), "
                 "m mood, big bigint GENERATED ALWAYS AS IDENTITY, "
                 "CONSTRAINT score_ok CHECK (score >= 0), UNIQUE (name))",
                 "COMMENT ON TABLE players IS 'who plays'",
                 "COMMENT ON COLUMN players.name IS 'shown name'",
                 "CREATE TABLE matches (id bigserial PRIMARY KEY, player_id integer "
                 "CONSTRAINT fk_player REFERENCES players (id) ON DELETE CASCADE "
                 "DEFERRABLE INITIALLY DEFERRED, note text)",
                 "CREATE INDEX ix_matches_note ON matches (lower(note), player_id) WHERE "
                 "note IS NOT NULL",
                 "CREATE SEQUENCE free_seq",
                 "CREATE VIEW best AS SELECT id FROM players WHERE score > 10",
                 "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN "
                 "NEW; END'",
                 "CREATE TRIGGER t_ins BEFORE INSERT ON players FOR EACH ROW EXECUTE "
                 "FUNCTION f()",
                 "CREATE MATERIALIZED VIEW top AS SELECT id FROM players",
                 "CREATE DOMAIN positive AS integer CHECK (VALUE > 0)",
                 "CREATE POLICY own ON players USING (score > 0)",
                 "CREATE TABLE zones (c circle, EXCLUDE USING gist (c WITH &&))",
                 "CREATE SCHEMA " + other,
                 "CREATE TABLE " + other +
                     ".extra (id integer PRIMARY KEY, p integer "
                     "REFERENCES players (id))",
             });
  reflect::Options o;
  o.schemas = {other};
  schema::Model m = ReflectOrFail(*conn, "postgresql", o);
  CHECK(
      schema::ToText(m) ==
      "schema " + other +
          "\n"
          "enum mood ('happy', 'sad')\n"
          "table matches\n"
          "  column id bigserial NOT NULL\n"
          "  column player_id integer\n"
          "  column note text\n"
          "  primary key matches_pkey (id)\n"
          "  foreign key fk_player (player_id) references players (id) on delete cascade "
          "deferrable initially deferred\n"
          "  index ix_matches_note (lower(note), player_id) WHERE note IS NOT NULL\n"
          "table players\n"
          "  comment 'who plays'\n"
          "  column id serial NOT NULL\n"
          "  column name varchar(50) NOT NULL default 'x'::character varying comment "
          "'shown name'\n"
          "  column score integer default '-1'::integer\n"
          "  column seen timestamptz default now()\n"
          "  column m mood\n"
          "  column big bigint generated always as identity NOT NULL\n"
          "  primary key players_pkey (id)\n"
          "  unique constraint players_name_key (name)\n"
          "  check constraint score_ok (score >= 0)\n"
          "table zones\n"
          "  column c circle\n"
          "table " +
          other +
          ".extra\n"
          "  column id integer NOT NULL\n"
          "  column p integer\n"
          "  primary key extra_pkey (id)\n"
          "  foreign key extra_p_fkey (p) references players (id)\n"
          "domain positive\n"
          "exclusion constraint zones.zones_c_excl\n"
          "function f()\n"
          "materialized view top\n"
          "policy players.own\n"
          "sequence free_seq\n"
          "trigger players.t_ins\n"
          "view best\n");
  Run(*conn, {"DROP SCHEMA " + other + " CASCADE"});
}

TEST_CASE("reflect: what an extension owns is the extension's, not the schema's",
          "[reflect][pg]") {
  TempProject p;
  TestDatabase db("postgresql", p);
  auto conn = db.Connect();
  Run(*conn, {"CREATE EXTENSION hstore SCHEMA " + db.schema(),
              "CREATE TABLE kv (id integer PRIMARY KEY, attrs hstore)"});
  CHECK(schema::ToText(ReflectOrFail(*conn, "postgresql")) ==
        "table kv\n"
        "  column id integer NOT NULL\n"
        "  column attrs hstore\n"
        "  primary key kv_pkey (id)\n");
}

}  // namespace
}  // namespace luamig
