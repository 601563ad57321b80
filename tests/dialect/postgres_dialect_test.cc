// SPDX-License-Identifier: MIT
#include "dialect/postgres_dialect.h"

#include <catch2/catch.hpp>

using namespace luamig;

TEST_CASE("postgres maps the portable vocabulary to native types",
          "[dialect][postgresql]") {
  dialect::PostgresDialect d;
  auto t = [&](const char* name) { return d.TypeName(ops::SqlType::Parse(name)); };
  CHECK(t("bigserial") == "bigserial");
  CHECK(t("string(12)") == "varchar(12)");
  CHECK(t("double") == "double precision");
  CHECK(t("numeric(8,3)") == "numeric(8, 3)");
  CHECK(t("timestamptz") == "timestamptz");
  CHECK(t("json") == "jsonb");
  CHECK(t("blob") == "bytea");
  CHECK(t("uuid") == "uuid");
  CHECK(t("tsvector") == "tsvector");
}

TEST_CASE("postgres create_table keeps serial keys and literal defaults",
          "[dialect][postgresql]") {
  dialect::PostgresDialect d;
  ops::CreateTable op;
  op.table = "players";
  ops::ColumnSpec id;
  id.name = "id";
  id.type = ops::SqlType::Parse("bigserial");
  id.primary_key = true;
  ops::ColumnSpec active;
  active.name = "active";
  active.type = ops::SqlType::Parse("boolean");
  active.nullable = false;
  active.default_value = ops::Value{true};
  op.columns = {id, active};
  auto r = d.Render(op);
  REQUIRE(r.ok());
  CHECK((*r)[0] ==
        "CREATE TABLE \"players\" (\n  \"id\" bigserial PRIMARY KEY,\n"
        "  \"active\" boolean NOT NULL DEFAULT TRUE\n)");
  CHECK(d.QuoteLiteral(ops::Value{ops::Blob{"\x01\x02"}}) == "'\\x0102'::bytea");
  CHECK(d.capabilities().advisory_locks);
  CHECK(d.capabilities().schemas);
}

namespace {

std::vector<std::string> All(const dialect::Dialect& d, const ops::Op& op) {
  auto r = d.Render(op);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return *r;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("postgres alter_column renders one statement per change, rename last",
          "[dialect][postgresql]") {
  dialect::PostgresDialect d;
  ops::AlterColumn a;
  a.table = "t";
  a.schema = "s";
  a.column = "n";
  a.type = ops::SqlType::Parse("bigint");
  a.using_expr = "n::bigint";
  a.nullable = false;
  a.server_default = {ops::DefaultChange::kSet, "0"};
  a.comment = std::optional<std::string>("it's");
  a.new_name = "num";
  CHECK(All(d, a) ==
        Strings{"ALTER TABLE \"s\".\"t\" ALTER COLUMN \"n\" TYPE bigint USING n::bigint",
                "ALTER TABLE \"s\".\"t\" ALTER COLUMN \"n\" SET NOT NULL",
                "ALTER TABLE \"s\".\"t\" ALTER COLUMN \"n\" SET DEFAULT 0",
                "COMMENT ON COLUMN \"s\".\"t\".\"n\" IS 'it''s'",
                "ALTER TABLE \"s\".\"t\" RENAME COLUMN \"n\" TO \"num\""});
  ops::AlterColumn drop;
  drop.table = "t";
  drop.column = "n";
  drop.nullable = true;
  drop.server_default.kind = ops::DefaultChange::kDrop;
  drop.comment = std::optional<std::string>();
  CHECK(All(d, drop) == Strings{"ALTER TABLE \"t\" ALTER COLUMN \"n\" DROP NOT NULL",
                                "ALTER TABLE \"t\" ALTER COLUMN \"n\" DROP DEFAULT",
                                "COMMENT ON COLUMN \"t\".\"n\" IS NULL"});
}

TEST_CASE("postgres renders indexes concurrently, partially and on expressions",
          "[dialect][postgresql]") {
  dialect::PostgresDialect d;
  ops::CreateIndex ix;
  ix.name = "ix";
  ix.table = "t";
  ix.schema = "s";
  ix.columns = {{"lower(name)", true}, {"id", false}};
  ix.unique = ix.concurrently = ix.if_not_exists = true;
  ix.where = "deleted_at IS NULL";
  CHECK(All(d, ix) ==
        Strings{"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"ix\" ON "
                "\"s\".\"t\" ((lower(name)), \"id\") WHERE deleted_at IS NULL"});
  CHECK(All(d, ops::DropIndex{"ix", "t", true, true, "s"}) ==
        Strings{"DROP INDEX CONCURRENTLY IF EXISTS \"s\".\"ix\""});
}

TEST_CASE("postgres renders constraint ops as ALTER TABLE … ADD/DROP CONSTRAINT",
          "[dialect][postgresql]") {
  dialect::PostgresDialect d;
  ops::AddConstraint pk;
  pk.table = "t";
  pk.constraint.kind = ops::ConstraintKind::kPrimaryKey;
  pk.constraint.name = "pk";
  pk.constraint.columns = {"a", "b"};
  CHECK(All(d, pk) ==
        Strings{"ALTER TABLE \"t\" ADD CONSTRAINT \"pk\" PRIMARY KEY (\"a\", \"b\")"});
  ops::AddConstraint fk;
  fk.table = "c";
  fk.schema = "s";
  fk.constraint.kind = ops::ConstraintKind::kForeignKey;
  fk.constraint.name = "fk";
  fk.constraint.columns = {"pid"};
  fk.constraint.referent = "p";
  fk.constraint.referent_schema = "r";
  fk.constraint.remote_columns = {"id"};
  fk.constraint.on_delete = "cascade";
  fk.constraint.on_update = "no action";
  fk.constraint.deferrable = false;
  CHECK(All(d, fk) ==
        Strings{"ALTER TABLE \"s\".\"c\" ADD CONSTRAINT \"fk\" FOREIGN KEY "
                "(\"pid\") REFERENCES \"r\".\"p\" (\"id\") ON DELETE CASCADE ON "
                "UPDATE NO ACTION NOT DEFERRABLE"});
  ops::AddConstraint ck;
  ck.table = "t";
  ck.constraint.kind = ops::ConstraintKind::kCheck;
  ck.constraint.name = "ck";
  ck.constraint.condition = "a > 0";
  CHECK(All(d, ck) == Strings{"ALTER TABLE \"t\" ADD CONSTRAINT \"ck\" CHECK (a > 0)"});
  CHECK(All(d, ops::DropConstraint{"ck", "t", std::nullopt, true, "s"}) ==
        Strings{"ALTER TABLE \"s\".\"t\" DROP CONSTRAINT IF EXISTS \"ck\""});
}

TEST_CASE("postgres renders schemas, enums and plain-ALTER batches",
          "[dialect][postgresql]") {
  dialect::PostgresDialect d;
  CHECK(All(d, ops::CreateSchema{"game", true}) ==
        Strings{"CREATE SCHEMA IF NOT EXISTS \"game\""});
  CHECK(All(d, ops::DropSchema{"game", true, true}) ==
        Strings{"DROP SCHEMA IF EXISTS \"game\" CASCADE"});
  CHECK(All(d, ops::CreateEnum{"mood", {"sad", "it's ok"}, false, "s"}) ==
        Strings{"CREATE TYPE \"s\".\"mood\" AS ENUM ('sad', 'it''s ok')"});
  auto guarded = All(d, ops::CreateEnum{"mood", {"a"}, true, ""});
  CHECK(guarded ==
        Strings{"DO $luamig$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type "
                "t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE "
                "t.typname = 'mood' AND n.nspname = current_schema()) THEN CREATE "
                "TYPE \"mood\" AS ENUM ('a'); END IF; END $luamig$"});
  auto tricky = All(d, ops::CreateEnum{"$luamig$", {"a"}, true, ""});
  CHECK_THAT(tricky[0], Catch::StartsWith("DO $luamig1$ "));
  CHECK(All(d, ops::DropEnum{"mood", true, ""}) ==
        Strings{"DROP TYPE IF EXISTS \"mood\""});
  CHECK(All(d, ops::AddEnumValue{"mood", "meh", true, "ok", "", ""}) ==
        Strings{"ALTER TYPE \"mood\" ADD VALUE IF NOT EXISTS 'meh' BEFORE 'ok'"});
  ops::BatchAlterTable b{
      "t", "", {ops::DropColumn{"t", "a", ""}, ops::DropColumn{"t", "c", ""}}};
  CHECK(All(d, b) == Strings{"ALTER TABLE \"t\" DROP COLUMN \"a\"",
                             "ALTER TABLE \"t\" DROP COLUMN \"c\""});
}

TEST_CASE("postgres introspection queries take schema and table as parameters",
          "[dialect][postgresql][introspection]") {
  dialect::PostgresDialect d;
  auto q = d.InspectSql("", "we'ird");
  CHECK(q.columns.params ==
        std::vector<ops::Value>{std::string(""), std::string("we'ird")});
  CHECK(q.columns.sql.find("we'ird") == std::string::npos);
  CHECK(q.triggers.sql.empty());
}

TEST_CASE("postgres renders table and column ops with schemas and comments",
          "[dialect][postgresql]") {
  dialect::PostgresDialect d;
  CHECK(All(d, ops::RenameTable{"a", "b", "s"}) ==
        Strings{"ALTER TABLE \"s\".\"a\" RENAME TO \"b\""});
  CHECK(All(d, ops::DropTable{"a", true, "s"}) ==
        Strings{"DROP TABLE IF EXISTS \"s\".\"a\""});
  ops::ColumnSpec c;
  c.name = "note";
  c.type = ops::SqlType::Parse("text");
  c.comment = "why";
  c.server_default = "''";
  CHECK(All(d, ops::AddColumn{"t", c, "s"}) ==
        Strings{"ALTER TABLE \"s\".\"t\" ADD COLUMN \"note\" text DEFAULT ('')",
                "COMMENT ON COLUMN \"s\".\"t\".\"note\" IS 'why'"});
  CHECK(All(d, ops::DropColumn{"t", "note", "s"}) ==
        Strings{"ALTER TABLE \"s\".\"t\" DROP COLUMN \"note\""});
  ops::CreateTable ct;
  ct.table = "t";
  ct.schema = "s";
  ct.if_not_exists = true;
  ct.columns = {c};
  CHECK(All(d, ct) == Strings{"CREATE TABLE IF NOT EXISTS \"s\".\"t\" (\n  \"note\" text "
                              "DEFAULT ('')\n)",
                              "COMMENT ON COLUMN \"s\".\"t\".\"note\" IS 'why'"});
}
