// SPDX-License-Identifier: MIT
// PostgreSQL-only ops end to end ([pg]: skipped in ctest without
// LUAMIG_TEST_PG_URL): schemas, enums, native ALTER COLUMN with
// USING and comments, constraint ops outside batch mode, CONCURRENTLY.
#include <catch2/catch.hpp>

#include "support/op_roundtrip.h"

namespace luamig {
namespace {

using testing::HasLine;
using testing::OpsDb;

void CheckHas(const testing::CatalogLines& lines, const std::string& needle) {
  INFO("looking for: " << needle);
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  INFO("catalog:\n" << all);
  CHECK(HasLine(lines, needle));
}

TEST_CASE("postgres schema and enum ops round-trip", "[ops][pg]") {
  auto db = OpsDb::Postgres();
  const std::string extra = db->schema + "_extra";
  auto after = db->RoundTrip("", R"lua(
op.create_schema(")lua" + extra + R"lua(", { if_not_exists = true })
op.create_enum("mood", { "sad", "ok" })
op.create_enum("mood", { "sad", "ok" }, { if_not_exists = true })
op.add_enum_value("mood", "happy", { after = "ok" })
op.add_enum_value("mood", "meh", { before = "ok", if_not_exists = true })
op.create_table("people", { { "id", "integer", primary_key = true }, { "m", "mood" } }))lua",
                             R"lua(
op.drop_table("people")
op.drop_enum("mood", { if_exists = true })
op.drop_schema(")lua" + extra + R"lua(", { cascade = true }))lua");
  CheckHas(after, "schema " + extra);
  CheckHas(after, "enum mood sad,meh,ok,happy");
  CheckHas(after, "column people.m type=mood");
}

TEST_CASE(
    "postgres alter_column changes type with USING, default, nullability, comment "
    "and name; the reverse restores them",
    "[ops][pg]") {
  auto db = OpsDb::Postgres();
  auto after = db->RoundTrip(R"lua(
op.create_table("t", { { "id", "integer", primary_key = true }, { "n", "text", comment = "count" } })
op.execute("INSERT INTO t VALUES (1, '42')"))lua",
                             R"lua(
op.alter_column("t", "n", { type = "bigint", using = "n::bigint", existing_type = "text",
  nullable = false, existing_nullable = true,
  server_default = op.sql("7"), existing_server_default = false,
  comment = "how many", existing_comment = "count", new_name = "num" }))lua",
                             R"lua(
op.alter_column("t", "num", { type = "text", nullable = true, server_default = false,
  comment = "count", new_name = "n" }))lua");
  CheckHas(after, "column t.num type=bigint notnull=t default=7 comment=how many");
  CHECK(db->Rows("SELECT n FROM t")[0][0] == "42");
}

TEST_CASE("postgres constraint ops run as plain ALTERs and drop_constraint undoes them",
          "[ops][pg]") {
  auto db = OpsDb::Postgres();
  auto after = db->RoundTrip(R"lua(
op.create_table("teams", { { "id", "integer", primary_key = true } })
op.create_table("players", { { "id", "integer", nullable = false }, { "team_id", "integer" },
                             { "score", "integer" } }))lua",
                             R"lua(
op.create_primary_key("pk_players", "players", { "id" })
op.create_unique_constraint("uq_score", "players", { "team_id", "score" },
  { deferrable = true, initially = "deferred" })
op.create_foreign_key("fk_team", "players", "teams", { "team_id" }, { "id" },
  { on_delete = "SET NULL", on_update = "cascade" })
op.create_check_constraint("ck_score", "players", "score >= 0"))lua",
                             R"lua(
op.drop_constraint("ck_score", "players", { type_ = "check" })
op.drop_constraint("fk_team", "players", { type_ = "foreignkey" })
op.drop_constraint("uq_score", "players", { type_ = "unique" })
op.drop_constraint("pk_players", "players", { type_ = "primary" }))lua");
  CheckHas(after, "constraint players.pk_players p PRIMARY KEY (id)");
  CheckHas(after,
           "constraint players.uq_score u UNIQUE (team_id, score) DEFERRABLE INITIALLY "
           "DEFERRED deferrable=t deferred=t");
  CheckHas(after,
           "constraint players.fk_team f FOREIGN KEY (team_id) REFERENCES teams(id) "
           "ON UPDATE CASCADE ON DELETE SET NULL");
  CheckHas(after, "constraint players.ck_score c CHECK ((score >= 0))");
}

TEST_CASE("CREATE INDEX CONCURRENTLY runs inside op.autocommit and not in a transaction",
          "[ops][pg][autocommit]") {
  auto db = OpsDb::Postgres();
  const char* setup =
      R"lua(op.create_table("big", { { "id", "integer" }, { "v", "text" } }))lua";
  auto after = db->RoundTrip(setup, R"lua(
op.autocommit(function()
  op.create_index("ix_v", "big", { "v" }, { concurrently = true })
end))lua",
                             R"lua(
op.autocommit(function()
  op.drop_index("ix_v", { concurrently = true })
end))lua");
  CheckHas(after, "index big.ix_v CREATE INDEX ix_v ON");

  auto db2 = OpsDb::Postgres();
  Status s =
      db2->Apply(std::string(setup) +
                 "\nop.create_index('ix_v', 'big', { 'v' }, { concurrently = true })");
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.message(), Catch::Contains("CONCURRENTLY"));
}

TEST_CASE("postgres tables in another schema: create, index, batch, introspect",
          "[ops][pg]") {
  auto db = OpsDb::Postgres();
  const std::string extra = db->schema + "_x";
  testing::RecordingEvents events;
  Status s = db->Apply(R"lua(
local s = ")lua" + extra + R"lua("
op.create_schema(s)
op.create_table("t", { { "id", "integer" } }, { schema = s })
op.create_index("ix_id", "t", { "id" }, { schema = s })
op.batch_alter_table("t", function(batch)
  batch.add_column({ "v", "text" })
end, { schema = s })
op.log(tostring(op.has_table("t", { schema = s })) .. " " .. tostring(op.has_table("t")))
op.log(#op.columns("t", { schema = s }) .. " " .. #op.indexes("t", { schema = s }))
op.drop_index("ix_id", { schema = s }))lua",
                       &events);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(std::find(events.lines.begin(), events.lines.end(), "log o1 true false") !=
        events.lines.end());
  CHECK(std::find(events.lines.begin(), events.lines.end(), "log o1 2 1") !=
        events.lines.end());
}

}  // namespace
}  // namespace luamig
