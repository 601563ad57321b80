// SPDX-License-Identifier: MIT
#include "dialect/sqlite_dialect.h"

#include <catch2/catch.hpp>

#include "dialect/registry.h"

using namespace luamig;
using luamig::dialect::SqliteDialect;

namespace {

ops::ColumnSpec Col(std::string name, std::string type) {
  ops::ColumnSpec c;
  c.name = std::move(name);
  c.type = ops::SqlType::Parse(type);
  return c;
}

std::string One(const dialect::Dialect& d, const ops::Op& op) {
  auto r = d.Render(op);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  return (*r)[0];
}

}  // namespace

TEST_CASE("sqlite create_table quotes names and maps portable types",
          "[dialect][sqlite]") {
  SqliteDialect d;
  ops::CreateTable op;
  op.table = "players";
  auto id = Col("id", "bigserial");
  id.primary_key = true;
  id.nullable = false;
  auto name = Col("name", "string(64)");
  name.nullable = false;
  name.unique = true;
  auto score = Col("score", "integer");
  score.default_value = ops::Value{int64_t{0}};
  auto seen = Col("seen", "timestamp");
  seen.server_default = "CURRENT_TIMESTAMP";
  op.columns = {id, name, score, seen, Col("meta", "json"), Col("tag", "citext")};
  CHECK(One(d, op) ==
        "CREATE TABLE \"players\" (\n"
        "  \"id\" INTEGER PRIMARY KEY,\n"
        "  \"name\" VARCHAR(64) NOT NULL UNIQUE,\n"
        "  \"score\" INTEGER DEFAULT 0,\n"
        "  \"seen\" TIMESTAMP DEFAULT (CURRENT_TIMESTAMP),\n"
        "  \"meta\" JSON,\n"
        "  \"tag\" citext\n"
        ")");
}

TEST_CASE("several primary_key columns become one composite primary key", "[dialect]") {
  SqliteDialect d;
  ops::CreateTable op;
  op.table = "membership";
  auto a = Col("team_id", "integer");
  a.primary_key = true;
  auto b = Col("player_id", "integer");
  b.primary_key = true;
  op.columns = {a, b};
  CHECK(
      One(d, op) ==
      "CREATE TABLE \"membership\" (\n  \"team_id\" INTEGER,\n  \"player_id\" INTEGER,\n"
      "  PRIMARY KEY (\"team_id\", \"player_id\")\n)");
}

TEST_CASE("sqlite renders add/drop column and index ops", "[dialect][sqlite]") {
  SqliteDialect d;
  auto rank = Col("rank", "string(16)");
  rank.references = "ranks.name";
  CHECK(One(d, ops::AddColumn{"players", rank, ""}) ==
        "ALTER TABLE \"players\" ADD COLUMN \"rank\" VARCHAR(16) REFERENCES \"ranks\" "
        "(\"name\")");
  CHECK(One(d, ops::DropColumn{"players", "rank", ""}) ==
        "ALTER TABLE \"players\" DROP COLUMN \"rank\"");
  ops::CreateIndex ix;
  ix.name = "ix_a";
  ix.table = "t";
  ix.columns = {{"a", false}, {"b", false}};
  ix.unique = ix.if_not_exists = true;
  CHECK(One(d, ix) ==
        "CREATE UNIQUE INDEX IF NOT EXISTS \"ix_a\" ON \"t\" (\"a\", \"b\")");
  CHECK(One(d, ops::DropIndex{"ix_a", "t", true, false, ""}) ==
        "DROP INDEX IF EXISTS \"ix_a\"");
  CHECK(One(d, ops::DropTable{"t", false, ""}) == "DROP TABLE \"t\"");
  CHECK(One(d, ops::ExecuteSql{"UPDATE t SET a = $1", {}}) == "UPDATE t SET a = $1");
}

TEST_CASE("hostile identifiers and literals are quoted, never spliced",
          "[dialect][quoting]") {
  SqliteDialect d;
  CHECK(d.QuoteIdent("we\"ird; DROP TABLE x") == "\"we\"\"ird; DROP TABLE x\"");
  CHECK(d.QuoteIdent("select") == "\"select\"");
  CHECK(d.QuoteIdent("naïve table") == "\"naïve table\"");
  CHECK(d.QuoteLiteral(ops::Value{std::string("it's")}) == "'it''s'");
  CHECK(d.QuoteLiteral(ops::Value{true}) == "1");
  CHECK(d.QuoteLiteral(ops::Value{ops::Null{}}) == "NULL");
  CHECK(d.QuoteLiteral(ops::Value{ops::Blob{std::string("\0\xff", 2)}}) == "X'00ff'");
  CHECK(d.QualifiedName("", "t") == "\"t\"");
}

TEST_CASE("the dialect registry picks by name and suggests near misses", "[dialect]") {
  auto pg = dialect::DialectByName("postgres");
  REQUIRE(pg.ok());
  CHECK((*pg)->name() == "postgresql");
  auto bad = dialect::DialectByName("sqlit");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kUsage);
  CHECK(bad.status().message().find("did you mean 'sqlite'") != std::string::npos);
}

TEST_CASE("portable type names parse with arguments and pass unknown types through",
          "[ops][types]") {
  CHECK(ops::SqlType::Parse("string(40)").kind == ops::TypeKind::kString);
  CHECK(ops::SqlType::Parse("string(40)").length == 40);
  auto n = ops::SqlType::Parse("numeric(10, 2)");
  CHECK(n.kind == ops::TypeKind::kNumeric);
  CHECK(n.precision == 10);
  CHECK(n.scale == 2);
  CHECK(ops::SqlType::Parse("INTEGER").kind == ops::TypeKind::kInteger);
  CHECK(ops::SqlType::Parse("string(x)").kind == ops::TypeKind::kPassthrough);
  CHECK(ops::SqlType::Parse("varchar(10) COLLATE \"C\"").kind ==
        ops::TypeKind::kPassthrough);
  CHECK(ops::SqlType::Parse("int4range").raw == "int4range");
}

namespace {

ops::AlterColumn Alter(const std::string& table, const std::string& column) {
  ops::AlterColumn a;
  a.table = table;
  a.column = column;
  return a;
}

}  // namespace

TEST_CASE(
    "sqlite renders create_table constraints, rename_table, indexes with "
    "expressions and predicates",
    "[dialect][sqlite]") {
  SqliteDialect d;
  ops::CreateTable op;
  op.table = "t";
  op.schema = "main";
  op.columns = {Col("a", "integer"), Col("b", "text")};
  ops::ConstraintSpec fk;
  fk.kind = ops::ConstraintKind::kForeignKey;
  fk.name = "fk";
  fk.columns = {"a"};
  fk.referent = "p";
  fk.remote_columns = {"id"};
  fk.on_delete = "set null";
  fk.deferrable = true;
  fk.initially = "deferred";
  ops::ConstraintSpec ck;
  ck.kind = ops::ConstraintKind::kCheck;
  ck.condition = "a > 0";
  op.constraints = {fk, ck};
  CHECK(One(d, op) ==
        "CREATE TABLE \"main\".\"t\" (\n  \"a\" INTEGER,\n  \"b\" TEXT,\n"
        "  CONSTRAINT \"fk\" FOREIGN KEY (\"a\") REFERENCES \"p\" (\"id\") ON DELETE SET "
        "NULL "
        "DEFERRABLE INITIALLY DEFERRED,\n  CHECK (a > 0)\n)");
  CHECK(One(d, ops::RenameTable{"t", "u", ""}) == "ALTER TABLE \"t\" RENAME TO \"u\"");
  ops::CreateIndex ix;
  ix.name = "ix";
  ix.table = "t";
  ix.schema = "main";
  ix.columns = {{"lower(b)", true}, {"a", false}};
  ix.where = "a IS NOT NULL";
  ix.concurrently = true;  // PostgreSQL only: ignored
  CHECK(One(d, ix) ==
        "CREATE INDEX \"main\".\"ix\" ON \"t\" ((lower(b)), \"a\") WHERE a IS NOT NULL");
  CHECK(One(d, ops::DropIndex{"ix", "t", false, true, "main"}) ==
        "DROP INDEX \"main\".\"ix\"");
}

TEST_CASE("sqlite alter_column: rename natively, comments ignored, the rest refused",
          "[dialect][sqlite]") {
  SqliteDialect d;
  auto rename = Alter("t", "a");
  rename.new_name = "b";
  rename.comment = std::optional<std::string>("ignored");
  CHECK(One(d, rename) == "ALTER TABLE \"t\" RENAME COLUMN \"a\" TO \"b\"");
  auto type = Alter("t", "a");
  type.type = ops::SqlType::Parse("bigint");
  auto r = d.Render(type);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kMigration);
  CHECK_THAT(r.status().message(), Catch::Contains("op.batch_alter_table(\"t\""));
  ops::AddConstraint add;
  add.table = "t";
  CHECK_FALSE(d.Render(add).ok());
  CHECK_FALSE(d.Render(ops::DropConstraint{"k", "t", std::nullopt, false, ""}).ok());
  CHECK_FALSE(d.Render(ops::CreateSchema{"s", false}).ok());
  CHECK_FALSE(d.Render(ops::CreateEnum{"e", {"a"}, false, ""}).ok());
}

TEST_CASE("sqlite introspection queries bind the table name and quote the schema",
          "[dialect][sqlite][introspection]") {
  SqliteDialect d;
  auto q = d.InspectSql("aux \"1\"", "t'; --");
  CHECK(q.table.sql ==
        "SELECT sql FROM \"aux \"\"1\"\"\".\"sqlite_master\" WHERE type = 'table' AND "
        "name = $1");
  CHECK(q.table.params == std::vector<ops::Value>{std::string("t'; --")});
  CHECK_THAT(q.columns.sql, Catch::Contains("pragma_table_info($1, 'aux \"1\"')"));
  ops::Rows table{{"sql"}, {{std::string("CREATE TABLE t (a INTEGER)")}}};
  ops::Rows cols{
      {},
      {{std::string("a"), std::string("INTEGER"), int64_t{1}, ops::Null{}, int64_t{0}}}};
  auto info = d.ParseInspect("", "t", {table, cols, {}, {}, {}});
  REQUIRE(info.exists);
  REQUIRE(info.columns.size() == 1);
  CHECK_FALSE(info.columns[0].nullable);
  CHECK_FALSE(info.columns[0].default_sql.has_value());
  CHECK_FALSE(d.ParseInspect("", "t", {}).exists);
}

TEST_CASE("sqlite cannot render a batch without the table's live definition",
          "[dialect][sqlite][batch]") {
  SqliteDialect d;
  auto r = d.Render(ops::BatchAlterTable{"t", "", {}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kMigration);
  CHECK_THAT(r.status().message(), Catch::Contains("needs a database connection"));
}
