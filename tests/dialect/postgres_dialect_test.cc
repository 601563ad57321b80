#include "dialect/postgres_dialect.h"

#include <catch2/catch.hpp>

using namespace luamig;

TEST_CASE("postgres maps the portable vocabulary to native types", "[dialect][pg]") {
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
          "[dialect][pg]") {
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
