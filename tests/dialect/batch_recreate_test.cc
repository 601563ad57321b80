// SPDX-License-Identifier: MIT
// SQLite batch recreate: the CREATE TABLE parser and the plan as data,
// built from a TableInfo (no database).
#include "dialect/batch_recreate.h"

#include <catch2/catch.hpp>

#include "dialect/sqlite_dialect.h"

namespace luamig::dialect {
namespace {

using Strings = std::vector<std::string>;

TEST_CASE("the CREATE TABLE parser splits columns, clauses and table constraints",
          "[dialect][batch]") {
  ParsedTable t = ParseCreateTable(
      "CREATE TABLE \"t\" (\n"
      "  \"id\" INTEGER PRIMARY KEY AUTOINCREMENT,\n"
      "  [we,ird] VARCHAR(10) NOT NULL DEFAULT 'a,b' UNIQUE, -- comment, with comma\n"
      "  `p` INTEGER CONSTRAINT fk_p REFERENCES p (id) ON DELETE SET NULL NOT "
      "DEFERRABLE,\n"
      "  n NUMERIC(10, 2) DEFAULT -1 CHECK (n > (0)) COLLATE BINARY,\n"
      "  CONSTRAINT \"uq x\" UNIQUE (\"id\", n),\n"
      "  CHECK (n < 100)\n"
      ") WITHOUT ROWID");
  REQUIRE(t.columns.size() == 4);
  CHECK(t.columns[0].name == "id");
  CHECK(t.columns[0].inline_primary_key);
  CHECK(t.columns[0].autoincrement);
  CHECK(t.columns[0].clauses.empty());
  CHECK(t.columns[1].name == "we,ird");
  CHECK(t.columns[1].clauses == Strings{"UNIQUE"});
  CHECK(t.columns[2].name == "p");
  CHECK(t.columns[2].clauses ==
        Strings{"CONSTRAINT fk_p REFERENCES p (id) ON DELETE SET NULL NOT DEFERRABLE"});
  CHECK(t.columns[3].clauses == Strings{"CHECK (n > (0))", "COLLATE BINARY"});
  REQUIRE(t.constraints.size() == 2);
  CHECK(t.constraints[0].name == "uq x");
  CHECK(t.constraints[0].text == "CONSTRAINT \"uq x\" UNIQUE (\"id\", n)");
  CHECK(t.constraints[1].name.empty());
  CHECK(t.constraints[1].text == "CHECK (n < 100)");
  CHECK(t.options == "WITHOUT ROWID");
}

ops::TableInfo Scores() {
  ops::TableInfo t;
  t.name = "scores";
  t.exists = true;
  t.create_sql =
      "CREATE TABLE \"scores\" (\n  \"id\" INTEGER PRIMARY KEY,\n  \"player\" TEXT NOT "
      "NULL "
      "UNIQUE,\n  \"points\" TEXT,\n  \"legacy\" TEXT,\n  CONSTRAINT \"ck\" CHECK (id > "
      "0)\n)";
  t.columns = {{"id", "INTEGER", true, std::nullopt, 1},
               {"player", "TEXT", false, std::nullopt, 0},
               {"points", "TEXT", true, std::string("'0'"), 0},
               {"legacy", "TEXT", true, std::string("lower('X')"), 0}};
  ops::IndexInfo ix_player{"ix_player",
                           {"player"},
                           false,
                           false,
                           false,
                           false,
                           "CREATE INDEX \"ix_player\" ON \"scores\" (\"player\")"};
  ops::IndexInfo ix_legacy{"ix_legacy",
                           {"legacy"},
                           false,
                           false,
                           false,
                           false,
                           "CREATE INDEX \"ix_legacy\" ON \"scores\" (\"legacy\")"};
  ops::IndexInfo auto_uq{
      "sqlite_autoindex_scores_1", {"player"}, true, false, true, false, ""};
  t.indexes = {ix_player, ix_legacy, auto_uq};
  t.triggers = {"CREATE TRIGGER tr AFTER INSERT ON scores BEGIN SELECT 1; END"};
  return t;
}

TEST_CASE("the recreate plan copies, swaps, restores indexes and triggers, then renames",
          "[dialect][batch]") {
  SqliteDialect d;
  ops::BatchAlterTable b;
  b.table = "scores";
  ops::AlterColumn type;
  type.column = "points";
  type.type = ops::SqlType::Parse("integer");
  type.nullable = false;
  ops::AlterColumn rename;
  rename.column = "player";
  rename.new_name = "player_name";
  ops::CreateIndex ix;
  ix.name = "ix_points";
  ix.table = "scores";
  ix.columns = {{"points", false}};
  ops::AddConstraint uq;
  uq.constraint.kind = ops::ConstraintKind::kUnique;
  uq.constraint.name = "uq_pp";
  uq.constraint.columns = {"player_name", "points"};
  b.ops = {type,
           ops::DropColumn{"scores", "legacy", ""},
           rename,
           ix,
           uq,
           ops::DropConstraint{"ck", "scores", ops::ConstraintKind::kCheck, false, ""}};
  auto plan = d.RenderBatch(b, Scores());
  INFO(plan.status().ToString());
  REQUIRE(plan.ok());
  CHECK(*plan ==
        Strings{
            "CREATE TABLE \"_luamig_tmp_scores\" (\n"
            "  \"id\" INTEGER PRIMARY KEY,\n"
            "  \"player\" TEXT NOT NULL UNIQUE,\n"
            "  \"points\" INTEGER NOT NULL DEFAULT '0',\n"
            "  CONSTRAINT \"uq_pp\" UNIQUE (\"player\", \"points\")\n)",
            "INSERT INTO \"_luamig_tmp_scores\" (\"id\", \"player\", \"points\") "
            "SELECT \"id\", \"player\", CAST(\"points\" AS INTEGER) FROM \"scores\"",
            "DROP TABLE \"scores\"",
            "PRAGMA legacy_alter_table = ON",
            "ALTER TABLE \"_luamig_tmp_scores\" RENAME TO \"scores\"",
            "PRAGMA legacy_alter_table = OFF",
            "CREATE INDEX \"ix_player\" ON \"scores\" (\"player\")",
            "CREATE TRIGGER tr AFTER INSERT ON scores BEGIN SELECT 1; END",
            "ALTER TABLE \"scores\" RENAME COLUMN \"player\" TO \"player_name\"",
            "CREATE INDEX \"ix_points\" ON \"scores\" (\"points\")",
        });
}

TEST_CASE("expression defaults are parenthesised again and USING replaces the CAST",
          "[dialect][batch]") {
  SqliteDialect d;
  ops::BatchAlterTable b;
  b.table = "scores";
  ops::AlterColumn a;
  a.column = "points";
  a.type = ops::SqlType::Parse("bigint");
  a.using_expr = "coalesce(points, 0) + 1";
  b.ops = {a};
  auto plan = d.RenderBatch(b, Scores());
  REQUIRE(plan.ok());
  CHECK_THAT((*plan)[0], Catch::Contains("\"legacy\" TEXT DEFAULT (lower('X'))"));
  CHECK_THAT((*plan)[1],
             Catch::Contains("SELECT \"id\", \"player\", coalesce(points, 0) + 1, "
                             "\"legacy\" FROM"));
}

TEST_CASE("the primary key is replaced by create_primary_key and dropped by type",
          "[dialect][batch]") {
  SqliteDialect d;
  ops::AddConstraint pk;
  pk.constraint.kind = ops::ConstraintKind::kPrimaryKey;
  pk.constraint.name = "pk";
  pk.constraint.columns = {"id", "player"};
  auto plan = d.RenderBatch(ops::BatchAlterTable{"scores", "", {pk}}, Scores());
  REQUIRE(plan.ok());
  CHECK_THAT((*plan)[0], Catch::Contains("\"id\" INTEGER,\n"));
  CHECK_THAT((*plan)[0],
             Catch::Contains("CONSTRAINT \"pk\" PRIMARY KEY (\"id\", \"player\")"));
  ops::DropConstraint drop{"whatever", "scores", ops::ConstraintKind::kPrimaryKey, false,
                           ""};
  plan = d.RenderBatch(ops::BatchAlterTable{"scores", "", {drop}}, Scores());
  REQUIRE(plan.ok());
  CHECK_THAT((*plan)[0], !Catch::Contains("PRIMARY KEY"));
}

TEST_CASE("the plan names a missing column, index or constraint", "[dialect][batch]") {
  SqliteDialect d;
  auto fails = [&](ops::BatchOp op, const std::string& expect) {
    ops::BatchAlterTable b{"scores", "", {std::move(op)}};
    auto plan = d.RenderBatch(b, Scores());
    REQUIRE_FALSE(plan.ok());
    CHECK_THAT(plan.status().message(), Catch::Contains(expect));
  };
  fails(ops::DropColumn{"scores", "nope", ""}, "no column \"nope\"");
  fails(ops::DropIndex{"ix_nope", "scores", false, false, ""}, "no index \"ix_nope\"");
  fails(ops::DropConstraint{"k_nope", "scores", std::nullopt, false, ""},
        "no constraint named \"k_nope\"");
  ops::TableInfo missing;
  missing.name = "ghost";
  auto plan = d.RenderBatch(ops::BatchAlterTable{"ghost", "", {}}, missing);
  REQUIRE_FALSE(plan.ok());
  CHECK_THAT(plan.status().message(), Catch::Contains("no table \"ghost\""));
}

TEST_CASE(
    "a plain Render of a batch is refused on SQLite and is plain ALTERs on PostgreSQL",
    "[dialect][batch]") {
  SqliteDialect sqlite;
  CHECK_FALSE(sqlite.Render(ops::BatchAlterTable{"t", "", {}}).ok());
}

}  // namespace
}  // namespace luamig::dialect
