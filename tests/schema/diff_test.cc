// SPDX-License-Identifier: MIT
// The diff: model vs model → the ops an upgrade runs and those that undo
// them, in dependency order, never silent about loss. Models are declared
// with the same ops schema.lua uses, the generated steps read as Lua.
#include <catch2/catch.hpp>

#include "schema/builder.h"
#include "schema/diff.h"
#include "script/op_writer.h"

namespace luamig::schema {
namespace {

ops::ColumnSpec Col(std::string name, std::string type, bool nullable = true) {
  ops::ColumnSpec c;
  c.name = std::move(name);
  c.type = ops::SqlType::Parse(type);
  c.nullable = nullable;
  return c;
}

ops::ColumnSpec Pk(std::string name, std::string type = "integer") {
  ops::ColumnSpec c = Col(std::move(name), std::move(type), false);
  c.primary_key = true;
  return c;
}

ops::ColumnSpec Ref(std::string name, std::string table) {
  ops::ColumnSpec c = Col(std::move(name), "integer");
  c.references = std::move(table);
  return c;
}

ops::Op Table(std::string name, std::vector<ops::ColumnSpec> cols) {
  ops::CreateTable t;
  t.table = std::move(name);
  t.columns = std::move(cols);
  return t;
}

ops::Op Index(std::string name, std::string table, std::vector<std::string> cols,
              bool unique = false) {
  ops::CreateIndex i;
  i.name = std::move(name);
  i.table = std::move(table);
  for (auto& c : cols) i.columns.push_back({c, false});
  i.unique = unique;
  return i;
}

Model Build(const std::vector<ops::Op>& declarations) {
  Rendering r;
  r.type_name = [](const ops::SqlType& t) { return t.raw; };
  r.literal = [](const ops::Value& v) {
    if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
    if (const auto* s = std::get_if<std::string>(&v)) return "'" + *s + "'";
    return std::string("NULL");
  };
  ModelBuilder b(r);
  for (const auto& op : declarations) {
    Status s = b.Apply(op);
    INFO(s.ToString());
    REQUIRE(s.ok());
  }
  return b.Finish();
}

std::vector<std::string> Lua(const std::vector<Step>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) {
    for (const auto& c : s.comments) out.push_back("-- " + c);
    if (s.op) out.push_back(script::OpToLua(*s.op, 0));
  }
  return out;
}

std::vector<std::string> Described(const Diff& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) out.push_back(c.Describe());
  return out;
}

DiffOptions Named() {
  DiffOptions o;
  o.constraint_name = [](const struct Table& t, const ops::ConstraintSpec& k) {
    return t.name + (k.kind == ops::ConstraintKind::kPrimaryKey ? "_pkey" : "_key");
  };
  return o;
}

TEST_CASE("diff: equal models, however spelled, have no difference", "[schema][diff]") {
  Model a = Build({Table("t", {Pk("id", "INT"), Col("name", "VARCHAR(20)")})});
  Model b =
      Build({Table("t", {Pk("id", "integer"), Col("name", "character varying(20)")})});
  Diff d = Compare(a, b);
  CHECK(d.empty());
  CHECK(d.upgrade.empty());
  CHECK(d.downgrade.empty());
}

TEST_CASE("diff: new tables come before the tables that reference them, and go after",
          "[schema][diff]") {
  Model empty;
  Model to = Build({Table("matches", {Pk("id"), Ref("player_id", "players.id")}),
                    Table("players", {Pk("id"), Col("name", "text", false)}),
                    Index("ix_players_name", "players", {"name"})});
  Diff d = Compare(empty, to);
  CHECK(Described(d) ==
        std::vector<std::string>{"add table players", "add table matches"});
  CHECK(Lua(d.upgrade) ==
        std::vector<std::string>{
            "op.create_table(\"players\", {\n"
            "  { \"id\", \"integer\", primary_key = true },\n"
            "  { \"name\", \"text\", nullable = false },\n"
            "})",
            "op.create_index(\"ix_players_name\", \"players\", { \"name\" })",
            "op.create_table(\"matches\", {\n"
            "  { \"id\", \"integer\", primary_key = true },\n"
            "  { \"player_id\", \"integer\" },\n"
            "}, {\n"
            "  constraints = {\n"
            "    { foreign_key = { \"player_id\" }, referent = \"players\", "
            "remote_cols = { \"id\" } },\n"
            "  },\n"
            "})",
        });
  CHECK(Lua(d.downgrade) == std::vector<std::string>{"op.drop_table(\"matches\")",
                                                     "op.drop_table(\"players\")"});
}

TEST_CASE("diff: a reference cycle adds its foreign key once both tables exist",
          "[schema][diff]") {
  Model to = Build({Table("a", {Pk("id"), Ref("b_id", "b.id")}),
                    Table("b", {Pk("id"), Ref("a_id", "a.id")})});
  std::vector<std::string> up = Lua(Compare(Model{}, to, Named()).upgrade);
  REQUIRE(up.size() == 3);
  CHECK(up[0].find("op.create_table(\"a\"") == 0);
  CHECK(up[0].find("foreign_key") == std::string::npos);
  CHECK(up[1].find("op.create_table(\"b\"") == 0);
  CHECK(up[1].find("referent = \"a\"") != std::string::npos);
  CHECK(up[2] ==
        "op.create_foreign_key(\"a_key\", \"a\", \"b\", { \"b_id\" }, { \"id\" })");
}

TEST_CASE("diff: a dropped table is destructive, and its downgrade recreates it",
          "[schema][diff]") {
  Model from = Build({Table("players", {Pk("id"), Col("name", "text")}),
                      Table("matches", {Pk("id"), Ref("player_id", "players.id")}),
                      Index("ix_name", "players", {"name"})});
  Model to = Build({Table("players", {Pk("id"), Col("name", "text")}),
                    Index("ix_name", "players", {"name"})});
  Diff d = Compare(from, to);
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].destructive);
  CHECK(d.changes[0].Describe() == "drop table matches (DESTRUCTIVE)");
  CHECK(Lua(d.upgrade) == std::vector<std::string>{
                              "-- DESTRUCTIVE: drops table matches and every row in it",
                              "op.drop_table(\"matches\")"});
  std::vector<std::string> down = Lua(d.downgrade);
  REQUIRE(down.size() == 1);
  CHECK(down[0].find("{ \"player_id\", \"integer\" }") != std::string::npos);
  CHECK(down[0].find("referent = \"players\"") != std::string::npos);
}

TEST_CASE("diff: a column dropped and one added with its type is a possible rename",
          "[schema][diff]") {
  Model from = Build({Table("players", {Pk("id"), Col("nick", "text")})});
  Model to = Build({Table("players", {Pk("id"), Col("nickname", "text")})});
  Diff d = Compare(from, to);
  CHECK(Described(d) == std::vector<std::string>{
                            "add column players.nickname (text)",
                            "drop column players.nick (text) (DESTRUCTIVE)",
                        });
  CHECK(d.changes[0].hint ==
        "possible rename of column players.nick: use op.alter_column(\"players\", "
        "\"nick\", { new_name = \"nickname\" }) instead of the drop and the add");
  CHECK(d.changes[1].destructive);
  CHECK(Lua(d.upgrade) == std::vector<std::string>{
                              "op.add_column(\"players\", { \"nickname\", \"text\" })",
                              "-- DESTRUCTIVE: drops column players.nick and its data",
                              "op.drop_column(\"players\", \"nick\")",
                          });
  CHECK(Lua(d.downgrade) ==
        std::vector<std::string>{
            "op.add_column(\"players\", { \"nick\", \"text\" })",
            "-- DESTRUCTIVE: drops column players.nickname and its data",
            "op.drop_column(\"players\", \"nickname\")",
        });
}

TEST_CASE("diff: a changed column is one alter_column that knows the old column",
          "[schema][diff]") {
  ops::ColumnSpec before = Col("score", "integer");
  before.default_value = int64_t{0};
  Model from = Build({Table("players", {Pk("id"), before})});
  Model to = Build({Table("players", {Pk("id"), Col("score", "bigint", false)})});
  Diff d = Compare(from, to);
  CHECK(Described(d) == std::vector<std::string>{
                            "alter column players.score: type integer → bigint; NULL → "
                            "NOT NULL; default 0 → none"});
  CHECK(Lua(d.upgrade) ==
        std::vector<std::string>{
            "-- review: PostgreSQL may need a `using` expression to convert score from "
            "integer to bigint",
            "op.alter_column(\"players\", \"score\", { type = \"bigint\", nullable = "
            "false, "
            "server_default = false, existing_type = \"integer\", existing_nullable = "
            "true, "
            "existing_server_default = \"0\" })"});
  CHECK(Lua(d.downgrade) ==
        std::vector<std::string>{"op.alter_column(\"players\", \"score\", { type = "
                                 "\"integer\", nullable = true, "
                                 "server_default = \"0\", existing_type = \"bigint\", "
                                 "existing_nullable = false, "
                                 "existing_server_default = false })"});
}

TEST_CASE("diff: indexes and constraints are added, dropped and replaced",
          "[schema][diff]") {
  ops::CreateTable t = std::get<ops::CreateTable>(
      Table("players", {Pk("id"), Col("name", "text"), Col("score", "integer")}));
  ops::CreateTable t2 = t;
  ops::ConstraintSpec uq;
  uq.kind = ops::ConstraintKind::kUnique;
  uq.columns = {"name"};
  t2.constraints.push_back(uq);
  Model from = Build({t, Index("ix_score", "players", {"score"}),
                      Index("ix_name", "players", {"name"})});
  Model to = Build({t2, Index("ix_score", "players", {"score", "name"})});
  Diff d = Compare(from, to, Named());
  CHECK(Described(d) ==
        std::vector<std::string>{
            "drop index ix_name on players (name)",
            "alter index ix_score on players: index ix_score on players (score) → index "
            "ix_score on players (score, name)",
            "add unique constraint on players (name)",
        });
  CHECK(Lua(d.upgrade) ==
        std::vector<std::string>{
            "op.drop_index(\"ix_name\", { table = \"players\" })",
            "op.drop_index(\"ix_score\", { table = \"players\" })",
            "op.create_unique_constraint(\"players_key\", \"players\", { \"name\" })",
            "op.create_index(\"ix_score\", \"players\", { \"score\", \"name\" })",
        });
  CHECK(Lua(d.downgrade) ==
        std::vector<std::string>{
            "op.drop_index(\"ix_score\", { table = \"players\" })",
            "op.drop_constraint(\"players_key\", \"players\", { type_ = \"unique\" })",
            "op.create_index(\"ix_score\", \"players\", { \"score\" })",
            "op.create_index(\"ix_name\", \"players\", { \"name\" })",
        });
}

TEST_CASE("diff: a foreign key goes before the table it references", "[schema][diff]") {
  ops::CreateTable m =
      std::get<ops::CreateTable>(Table("matches", {Pk("id"), Col("p", "integer")}));
  ops::ConstraintSpec fk;
  fk.kind = ops::ConstraintKind::kForeignKey;
  fk.name = "fk_p";
  fk.columns = {"p"};
  fk.referent = "players";
  fk.remote_columns = {"id"};
  ops::CreateTable with_fk = m;
  with_fk.constraints.push_back(fk);
  Model from = Build({Table("players", {Pk("id")}), with_fk});
  Model to = Build({m});
  CHECK(Lua(Compare(from, to).upgrade) ==
        std::vector<std::string>{
            "op.drop_constraint(\"fk_p\", \"matches\", { type_ = \"foreign_key\" })",
            "-- DESTRUCTIVE: drops table players and every row in it",
            "op.drop_table(\"players\")",
        });
  CHECK(
      Lua(Compare(from, to).downgrade)[1] ==
      "op.create_foreign_key(\"fk_p\", \"matches\", \"players\", { \"p\" }, { \"id\" })");
}

TEST_CASE("diff: in batch mode SQLite's missing ALTERs go into one batch_alter_table",
          "[schema][diff]") {
  Model from =
      Build({Table("players", {Pk("id"), Col("score", "integer"), Col("nick", "text")})});
  ops::CreateTable t = std::get<ops::CreateTable>(
      Table("players", {Pk("id"), Col("score", "integer", false), Col("note", "text")}));
  ops::ConstraintSpec ck;
  ck.kind = ops::ConstraintKind::kCheck;
  ck.name = "score_ok";
  ck.condition = "score >= 0";
  t.constraints.push_back(ck);
  Model to = Build({t});
  DiffOptions o;
  o.batch = true;
  Diff d = Compare(from, to, o);
  CHECK(Lua(d.upgrade) ==
        std::vector<std::string>{
            "op.add_column(\"players\", { \"note\", \"text\" })",
            "-- DESTRUCTIVE: drops column players.nick and its data",
            "op.batch_alter_table(\"players\", function(batch)\n"
            "  batch.alter_column(\"score\", { nullable = false, existing_nullable = "
            "true })\n"
            "  batch.drop_column(\"nick\")\n"
            "  batch.create_check_constraint(\"score_ok\", \"score >= 0\")\n"
            "end)",
        });
  CHECK(Lua(d.downgrade) ==
        std::vector<std::string>{
            "-- DESTRUCTIVE: drops column players.note and its data",
            "op.batch_alter_table(\"players\", function(batch)\n"
            "  batch.drop_constraint(\"score_ok\", { type_ = \"check\" })\n"
            "  batch.add_column({ \"nick\", \"text\" })\n"
            "  batch.alter_column(\"score\", { nullable = true, existing_nullable = "
            "false })\n"
            "  batch.drop_column(\"note\")\n"
            "end)",
        });
}

TEST_CASE("diff: enums are created, extended and dropped; other objects are ignored",
          "[schema][diff]") {
  Model from = Build({ops::CreateEnum{"mood", {"happy", "sad"}, false, ""},
                      ops::CreateEnum{"old", {"x"}, false, ""}});
  from.others.push_back({"view", "", "best", "SELECT 1"});
  Model to = Build({ops::CreateEnum{"mood", {"happy", "sad", "meh"}, false, ""},
                    ops::CreateEnum{"fresh", {"a"}, false, ""}});
  Diff d = Compare(from, to);
  CHECK(Described(d) == std::vector<std::string>{
                            "add enum fresh ('a')",
                            "alter enum mood: ('happy', 'sad') → ('happy', 'sad', 'meh')",
                            "drop enum old ('x')",
                        });
  CHECK(Lua(d.upgrade) == std::vector<std::string>{
                              "op.create_enum(\"fresh\", { \"a\" })",
                              "op.add_enum_value(\"mood\", \"meh\")",
                              "op.drop_enum(\"old\")",
                          });
  CHECK(Lua(d.downgrade) == std::vector<std::string>{
                                "op.create_enum(\"old\", { \"x\" })",
                                "-- PostgreSQL cannot drop an enum value: enum mood "
                                "keeps ('happy', 'sad', 'meh')",
                                "op.drop_enum(\"fresh\")",
                            });
  CHECK(d.ignored == std::vector<std::string>{"view best"});

  Model reordered = Build({ops::CreateEnum{"mood", {"sad", "happy"}, false, ""},
                           ops::CreateEnum{"old", {"x"}, false, ""}});
  Diff r = Compare(from, reordered);
  REQUIRE(r.changes.size() == 1);
  CHECK_FALSE(r.changes[0].generated);
  CHECK(r.upgrade.empty());
}

TEST_CASE("diff: exact mode compares names and the objects the model does not cover",
          "[schema][diff]") {
  Model a = Build({Table("t", {Pk("id")})});
  Model b = a;
  b.tables[0].primary_key.name = "other_name";
  a.tables[0].primary_key.name = "t_pkey";
  a.others.push_back({"view", "", "v", "SELECT 1"});
  b.others.push_back({"trigger", "", "t.tr", "…"});
  DiffOptions o;
  o.exact = true;
  CHECK(Described(Compare(a, b, o)) == std::vector<std::string>{
                                           "drop primary key t_pkey on t (id)",
                                           "add primary key other_name on t (id)",
                                           "drop view v",
                                           "add trigger t.tr",
                                       });
  CHECK(Compare(a, a, o).empty());
}

}  // namespace
}  // namespace luamig::schema

namespace luamig::schema {
namespace {

TEST_CASE("diff: a schema is created before its tables and dropped after them",
          "[schema][diff]") {
  ops::CreateTable events;
  events.table = "events";
  events.schema = "audit";
  events.columns.push_back(Pk("id"));
  ops::CreateTable log = events;
  log.table = "log";
  ops::ConstraintSpec fk;
  fk.kind = ops::ConstraintKind::kForeignKey;
  fk.columns = {"id"};
  fk.referent = "events";
  fk.referent_schema = "audit";
  fk.remote_columns = {"id"};
  log.constraints.push_back(fk);
  Model to = Build({ops::CreateSchema{"audit", false}, log, events});
  Diff d = Compare(Model{}, to);
  std::vector<std::string> up = Lua(d.upgrade);
  REQUIRE(up.size() == 3);
  CHECK(up[0] == "op.create_schema(\"audit\")");
  CHECK(up[1].find("op.create_table(\"events\"") == 0);
  CHECK(up[2].find("op.create_table(\"log\"") == 0);
  CHECK(up[2].find("referent_schema = \"audit\"") != std::string::npos);
  CHECK(Lua(d.downgrade) == std::vector<std::string>{
                                "op.drop_table(\"log\", { schema = \"audit\" })",
                                "op.drop_table(\"events\", { schema = \"audit\" })",
                                "op.drop_schema(\"audit\")",
                            });
}

}  // namespace
}  // namespace luamig::schema
