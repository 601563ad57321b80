// SPDX-License-Identifier: MIT
// Every schema op end to end through luamig::Migrator, on SQLite and on
// PostgreSQL (one ctest entry each): the catalog after the upgrade, and
// the downgrade restoring the catalog exactly.
#include <catch2/catch.hpp>

#include <functional>

#include "support/op_roundtrip.h"

namespace luamig {
namespace {

using testing::CatalogLines;
using testing::HasLine;
using testing::OpsDb;

// Runs `body` on each backend of the ctest entry (a [backends] case runs
// once on SQLite and once on PostgreSQL).
void OnBoth(const std::function<void(OpsDb&)>& body) {
  for (const std::string& backend : testing::Backends()) {
    auto db = backend == "sqlite" ? OpsDb::Sqlite() : OpsDb::Postgres();
    INFO("dialect: " << backend);
    body(*db);
  }
}

void CheckLine(const CatalogLines& lines, const std::string& needle) {
  INFO("looking for: " << needle);
  INFO("catalog:\n"
       << [&] {
            std::string all;
            for (const auto& l : lines) all += l + "\n";
            return all;
          }());
  CHECK(HasLine(lines, needle));
}

const char kTeams[] = R"lua(op.create_table("teams", {
  { "id", "integer", primary_key = true },
  { "name", "text", nullable = false },
}))lua";

TEST_CASE("create_table writes columns, defaults, keys and table constraints",
          "[ops][e2e][backends]") {
  OnBoth([](OpsDb& db) {
    auto after = db.RoundTrip(kTeams, R"lua(
op.create_table("players", {
  { "id", "integer", primary_key = true },
  { "team_id", "integer", nullable = false },
  { "name", "string(64)", nullable = false, unique = true },
  { "score", "integer", default = 0 },
  { "seen", "timestamp", server_default = op.sql("CURRENT_TIMESTAMP") },
  { "note", "text", default = "it's" },
}, { constraints = {
  { check = "score >= 0", name = "ck_score" },
  { foreign_key = { "team_id" }, referent = "teams", remote_cols = { "id" },
    on_delete = "cascade", name = "fk_team" },
  { unique = { "team_id", "name" }, name = "uq_team_name" },
} }))lua",
                              R"lua(op.drop_table("players"))lua");
    if (db.dialect == "sqlite") {
      CheckLine(after, "column players.id type=INTEGER notnull=0 default=NULL pk=1");
      CheckLine(after, "column players.name type=VARCHAR(64) notnull=1");
      CheckLine(after, "column players.score type=INTEGER notnull=0 default=0 pk=0");
      CheckLine(after,
                "column players.seen type=TIMESTAMP notnull=0 default=CURRENT_TIMESTAMP");
      CheckLine(after, "column players.note type=TEXT notnull=0 default='it''s'");
      CheckLine(after,
                "fk players.team_id -> teams.id on_update=NO ACTION on_delete=CASCADE");
      CheckLine(after, "constraint players CONSTRAINT \"ck_score\" CHECK (score >= 0)");
      CheckLine(after, "index players.sqlite_autoindex_players_1 unique=1 origin=u");
      CheckLine(after, "cols=team_id,name");
    } else {
      CheckLine(after, "column players.name type=character varying(64) notnull=t");
      CheckLine(after, "column players.score type=integer notnull=f default=0");
      CheckLine(after,
                "column players.seen type=timestamp without time zone notnull=f "
                "default=CURRENT_TIMESTAMP");
      CheckLine(after, "default='it''s'::text");
      CheckLine(after, "constraint players.ck_score c CHECK ((score >= 0))");
      CheckLine(after,
                "constraint players.fk_team f FOREIGN KEY (team_id) REFERENCES "
                "teams(id) ON DELETE CASCADE");
      CheckLine(after, "constraint players.uq_team_name u UNIQUE (team_id, name)");
      CheckLine(after, "constraint players.players_pkey p PRIMARY KEY (id)");
    }
  });
}

TEST_CASE("several primary_key columns make one composite key", "[ops][e2e][backends]") {
  OnBoth([](OpsDb& db) {
    auto after = db.RoundTrip("", R"lua(
op.create_table("membership", {
  { "team_id", "integer", primary_key = true },
  { "player_id", "integer", primary_key = true },
}, { if_not_exists = true }))lua",
                              R"lua(op.drop_table("membership"))lua");
    if (db.dialect == "sqlite") {
      CheckLine(after,
                "column membership.team_id type=INTEGER notnull=0 default=NULL pk=1");
      CheckLine(after,
                "column membership.player_id type=INTEGER notnull=0 default=NULL pk=2");
    } else {
      CheckLine(after, "PRIMARY KEY (team_id, player_id)");
    }
  });
}

TEST_CASE("rename_table, add_column and drop_column round-trip", "[ops][e2e][backends]") {
  OnBoth([](OpsDb& db) {
    auto renamed = db.RoundTrip(kTeams, R"lua(op.rename_table("teams", "squads"))lua",
                                R"lua(op.rename_table("squads", "teams"))lua");
    CheckLine(renamed, "table squads");
    CHECK_FALSE(HasLine(renamed, "table teams"));
  });
  OnBoth([](OpsDb& db) {
    auto added = db.RoundTrip(
        kTeams,
        R"lua(op.add_column("teams", { "rating", "double", nullable = false, default = 1.5 }))lua",
        R"lua(op.drop_column("teams", "rating"))lua");
    CheckLine(added,
              db.dialect == "sqlite"
                  ? "column teams.rating type=DOUBLE PRECISION notnull=1 default=1.5"
                  : "column teams.rating type=double precision notnull=t default=1.5");
  });
  OnBoth([](OpsDb& db) {
    auto dropped = db.RoundTrip(
        std::string(kTeams) + "\nop.add_column('teams', { 'motto', 'text' })",
        R"lua(op.drop_column("teams", "motto"))lua",
        R"lua(op.add_column("teams", { "motto", "text" }))lua");
    CHECK_FALSE(HasLine(dropped, "teams.motto"));
  });
}

TEST_CASE("create_index: unique, expression and partial indexes; drop_index restores",
          "[ops][e2e][backends]") {
  OnBoth([](OpsDb& db) {
    auto after = db.RoundTrip(kTeams, R"lua(
op.create_index("ix_name", "teams", { "name" }, { unique = true })
op.create_index("ix_lower", "teams", { { expr = "lower(name)" } })
op.create_index("ix_partial", "teams", "id", { where = "name <> ''", if_not_exists = true }))lua",
                              R"lua(
op.drop_index("ix_partial", { table = "teams" })
op.drop_index("ix_lower")
op.drop_index("ix_name", { if_exists = true }))lua");
    if (db.dialect == "sqlite") {
      CheckLine(after, "index teams.ix_name unique=1 origin=c partial=0 cols=name");
      CheckLine(after, "index teams.ix_lower unique=0 origin=c partial=0 cols=<expr>");
      CheckLine(after, "index teams.ix_partial unique=0 origin=c partial=1 cols=id");
    } else {
      CheckLine(after, "CREATE UNIQUE INDEX ix_name ON");
      CheckLine(after, "USING btree (lower(name))");
      CheckLine(after, "USING btree (id) WHERE (name <> ''::text)");
    }
  });
}

TEST_CASE("batch constraint ops add and drop named constraints on both databases",
          "[ops][e2e][backends][batch]") {
  OnBoth([](OpsDb& db) {
    std::string setup = std::string(kTeams) + R"lua(
op.create_table("players", {
  { "id", "integer", primary_key = true },
  { "team_id", "integer" },
  { "score", "integer" },
}))lua";
    auto after = db.RoundTrip(setup, R"lua(
op.batch_alter_table("players", function(batch)
  batch.create_foreign_key("fk_team", "teams", { "team_id" }, { "id" }, { on_delete = "set null" })
  batch.create_unique_constraint("uq_score", { "team_id", "score" })
  batch.create_check_constraint("ck_score", "score >= 0")
end))lua",
                              R"lua(
op.batch_alter_table("players", function(batch)
  batch.drop_constraint("ck_score", { type_ = "check" })
  batch.drop_constraint("uq_score", { type_ = "unique" })
  batch.drop_constraint("fk_team", { type_ = "foreignkey" })
end))lua");
    if (db.dialect == "sqlite") {
      CheckLine(after,
                "fk players.team_id -> teams.id on_update=NO ACTION on_delete=SET NULL");
      CheckLine(after, "constraint players CONSTRAINT \"ck_score\" CHECK (score >= 0)");
      CheckLine(
          after,
          "constraint players CONSTRAINT \"uq_score\" UNIQUE (\"team_id\", \"score\")");
    } else {
      CheckLine(after,
                "constraint players.fk_team f FOREIGN KEY (team_id) REFERENCES "
                "teams(id) ON DELETE SET NULL");
      CheckLine(after, "constraint players.uq_score u UNIQUE (team_id, score)");
      CheckLine(after, "constraint players.ck_score c CHECK ((score >= 0))");
    }
  });
}

TEST_CASE(
    "alter_column in a batch changes type, nullability, default and name, and its "
    "reverse restores them",
    "[ops][e2e][backends][batch]") {
  OnBoth([](OpsDb& db) {
    std::string setup = R"lua(
op.create_table("items", {
  { "id", "integer", primary_key = true },
  { "qty", "integer" },
  { "label", "text" },
}))lua";
    auto after = db.RoundTrip(setup, R"lua(
op.batch_alter_table("items", function(batch)
  batch.alter_column("qty", { type = "bigint", existing_type = "integer",
    nullable = false, existing_nullable = true,
    server_default = "1", existing_server_default = false })
  batch.alter_column("label", { new_name = "title" })
end))lua",
                              R"lua(
op.batch_alter_table("items", function(batch)
  batch.alter_column("title", { new_name = "label" })
  batch.alter_column("qty", { type = "integer", nullable = true, server_default = false })
end))lua");
    if (db.dialect == "sqlite") {
      CheckLine(after, "column items.qty type=BIGINT notnull=1 default=1 pk=0");
      CheckLine(after, "column items.title type=TEXT");
    } else {
      CheckLine(after, "column items.qty type=bigint notnull=t default=1");
      CheckLine(after, "column items.title type=text");
    }
    CHECK_FALSE(HasLine(after, "items.label"));
  });
}

TEST_CASE(
    "batch mode keeps every row and every index through a type change, a drop "
    "and a rename",
    "[ops][e2e][backends][batch]") {
  OnBoth([](OpsDb& db) {
    std::string setup = R"lua(
op.create_table("scores", {
  { "id", "integer", primary_key = true },
  { "player", "text", nullable = false },
  { "points", "text" },
  { "legacy", "text" },
})
op.create_index("ix_player", "scores", { "player" })
op.create_index("ix_points", "scores", { "points", "player" }, { unique = true })
op.create_index("ix_legacy", "scores", { "legacy" })
for i = 1, 50 do
  op.execute("INSERT INTO scores (id, player, points, legacy) VALUES ($1, $2, $3, 'x')",
             { i, "p" .. i, tostring(i * 10) })
end)lua";
    auto m = db.Open({{"001.lua", testing::Script("s1", "", setup, "")},
                      {"002.lua", testing::Script("s2", "s1", R"lua(
op.batch_alter_table("scores", function(batch)
  batch.alter_column("points", { type = "integer", using = "CAST(points AS integer)" })
  batch.drop_column("legacy")
  batch.alter_column("player", { new_name = "player_name" })
end))lua",
                                                  "")}});
    auto r = m->Upgrade("head");
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    auto rows = db.Rows("SELECT count(*), sum(points), min(player_name) FROM scores");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == std::vector<std::string>{"50", "12750", "p1"});
    auto cat = db.Dump();
    CHECK_FALSE(HasLine(cat, "ix_legacy"));
    CHECK_FALSE(HasLine(cat, "scores.legacy"));
    if (db.dialect == "sqlite") {
      CheckLine(cat,
                "index scores.ix_player unique=0 origin=c partial=0 cols=player_name");
      CheckLine(
          cat,
          "index scores.ix_points unique=1 origin=c partial=0 cols=points,player_name");
      CheckLine(cat, "column scores.points type=INTEGER");
      CheckLine(cat, "column scores.player_name type=TEXT notnull=1");
    } else {
      CheckLine(cat, "CREATE INDEX ix_player ON");
      CheckLine(cat, "(player_name)");
      CheckLine(cat, "CREATE UNIQUE INDEX ix_points ON");
      CheckLine(cat, "column scores.points type=integer");
    }
  });
}

TEST_CASE("hostile names round-trip as identifiers on both databases",
          "[ops][e2e][backends][quoting]") {
  OnBoth([](OpsDb& db) {
    const char* up = R"lua(
local t = 'we"ird; DROP TABLE x --'
op.create_table(t, {
  { "select", "integer", primary_key = true },
  { "naïve col", "text", default = "'; DROP TABLE y; --" },
  { "a\"b c", "integer" },
})
op.create_index("ix \"q\"; --", t, { "naïve col" }, { unique = true })
op.add_column(t, { "ORDER", "text", server_default = op.sql("'x'") })
op.batch_alter_table(t, function(batch)
  batch.alter_column("a\"b c", { new_name = "ünïcödé ☃" })
end)
op.execute('INSERT INTO "we""ird; DROP TABLE x --" ("select") VALUES (1)'))lua";
    const char* down = R"lua(
local t = 'we"ird; DROP TABLE x --'
op.drop_index("ix \"q\"; --", { table = t })
op.drop_table(t))lua";
    auto after = db.RoundTrip("", up, down);
    CheckLine(after, "we\"ird; DROP TABLE x --");
    CheckLine(after, "ünïcödé ☃");
    CheckLine(after, "naïve col");
    CheckLine(after, "'; DROP TABLE y; --");
  });
}

TEST_CASE("introspection reads the live catalog", "[ops][e2e][backends][introspection]") {
  OnBoth([](OpsDb& db) {
    testing::RecordingEvents events;
    Status s = db.Apply(std::string(kTeams) + R"lua(
op.create_index("ix_name", "teams", { "name" }, { unique = true })
op.log("dialect " .. op.dialect)
op.log("has teams " .. tostring(op.has_table("teams")))
op.log("has ghosts " .. tostring(op.has_table("ghosts")))
op.log("has name " .. tostring(op.has_column("teams", "name")))
op.log("has nope " .. tostring(op.has_column("teams", "nope")))
for _, c in ipairs(op.columns("teams")) do
  op.log(("col %s nullable=%s pk=%s"):format(c.name, tostring(c.nullable), tostring(c.primary_key)))
end
for _, i in ipairs(op.indexes("teams")) do
  if not i.constraint then
    op.log(("index %s %s unique=%s"):format(i.name, table.concat(i.columns, ","), tostring(i.unique)))
  end
end)lua",
                        &events);
    INFO(s.ToString());
    REQUIRE(s.ok());
    auto has = [&](const std::string& line) {
      for (const auto& l : events.lines) {
        if (l == "log o1 " + line) return true;
      }
      return false;
    };
    CHECK(has("dialect " + db.dialect));
    CHECK(has("has teams true"));
    CHECK(has("has ghosts false"));
    CHECK(has("has name true"));
    CHECK(has("has nope false"));
    CHECK(has("col id nullable=" +
              std::string(db.dialect == "sqlite" ? "true" : "false") + " pk=true"));
    CHECK(has("col name nullable=false pk=false"));
    CHECK(has("index ix_name name unique=true"));
  });
}

}  // namespace
}  // namespace luamig
