// SPDX-License-Identifier: MIT
// Reverse(): the op that undoes an op, where the op alone determines it
// (autogenerate writes downgrades from this).
#include "ops/op.h"

#include <catch2/catch.hpp>

namespace luamig::ops {
namespace {

template <typename T>
T ReverseAs(const Op& op) {
  std::optional<Op> r = Reverse(op);
  REQUIRE(r.has_value());
  const T* t = std::get_if<T>(&*r);
  REQUIRE(t != nullptr);
  return *t;
}

ColumnSpec Col(const std::string& name, const std::string& type) {
  ColumnSpec c;
  c.name = name;
  c.type = SqlType::Parse(type);
  return c;
}

TEST_CASE("create ops reverse to the matching drop, keeping schema", "[ops][reverse]") {
  CreateTable ct;
  ct.table = "players";
  ct.schema = "game";
  ct.columns = {Col("id", "integer")};
  auto dt = ReverseAs<DropTable>(ct);
  CHECK(dt.table == "players");
  CHECK(dt.schema == "game");
  CHECK_FALSE(dt.if_exists);

  auto dc = ReverseAs<DropColumn>(AddColumn{"players", Col("rank", "integer"), "game"});
  CHECK(dc.table == "players");
  CHECK(dc.column == "rank");
  CHECK(dc.schema == "game");

  CreateIndex ix;
  ix.name = "ix_rank";
  ix.table = "players";
  ix.concurrently = true;
  auto di = ReverseAs<DropIndex>(ix);
  CHECK(di.name == "ix_rank");
  CHECK(di.table == "players");
  CHECK(di.concurrently);

  CHECK(ReverseAs<DropSchema>(CreateSchema{"game", true}).name == "game");
  auto de = ReverseAs<DropEnum>(CreateEnum{"mood", {"a"}, false, "game"});
  CHECK(de.name == "mood");
  CHECK(de.schema == "game");
}

TEST_CASE("rename_table reverses to the opposite rename", "[ops][reverse]") {
  auto r = ReverseAs<RenameTable>(RenameTable{"a", "b", "s"});
  CHECK(r.table == "b");
  CHECK(r.new_name == "a");
  CHECK(r.schema == "s");
}

TEST_CASE("a named constraint reverses to drop_constraint with its type",
          "[ops][reverse]") {
  for (auto kind : {ConstraintKind::kPrimaryKey, ConstraintKind::kUnique,
                    ConstraintKind::kForeignKey, ConstraintKind::kCheck}) {
    AddConstraint add;
    add.table = "t";
    add.constraint.kind = kind;
    add.constraint.name = "k";
    auto d = ReverseAs<DropConstraint>(add);
    CHECK(d.name == "k");
    CHECK(d.table == "t");
    CHECK(d.type == kind);
  }
  AddConstraint unnamed;
  unnamed.table = "t";
  CHECK_FALSE(Reverse(unnamed).has_value());
}

TEST_CASE("alter_column reverses when every change has its existing_ value",
          "[ops][reverse]") {
  AlterColumn a;
  a.table = "t";
  a.column = "qty";
  a.type = SqlType::Parse("bigint");
  a.existing_type = SqlType::Parse("integer");
  a.nullable = false;
  a.existing_nullable = true;
  a.server_default = {DefaultChange::kSet, "1"};
  a.existing_server_default = std::optional<std::string>();
  a.comment = std::optional<std::string>("new");
  a.existing_comment = std::optional<std::string>("old");
  a.new_name = "amount";
  auto r = ReverseAs<AlterColumn>(a);
  CHECK(r.column == "amount");
  CHECK(r.new_name == "qty");
  REQUIRE(r.type);
  CHECK(r.type->raw == "integer");
  CHECK(r.nullable == std::optional<bool>(true));
  CHECK(r.server_default.kind == DefaultChange::kDrop);
  CHECK(r.comment == std::optional<std::optional<std::string>>("old"));
  // Reversing twice gives the original changes back.
  auto rr = ReverseAs<AlterColumn>(r);
  CHECK(rr.column == "qty");
  CHECK(rr.new_name == "amount");
  CHECK(rr.type->raw == "bigint");
  CHECK(rr.server_default == a.server_default);

  AlterColumn no_existing;
  no_existing.table = "t";
  no_existing.column = "qty";
  no_existing.type = SqlType::Parse("bigint");
  CHECK_FALSE(Reverse(no_existing).has_value());

  AlterColumn rename_only;
  rename_only.table = "t";
  rename_only.column = "a";
  rename_only.new_name = "b";
  auto back = ReverseAs<AlterColumn>(rename_only);
  CHECK(back.column == "b");
  CHECK(back.new_name == "a");
}

TEST_CASE("a batch reverses op by op in reverse order, or not at all", "[ops][reverse]") {
  BatchAlterTable b;
  b.table = "t";
  b.ops.push_back(AddColumn{"t", Col("a", "integer"), ""});
  AlterColumn rename;
  rename.table = "t";
  rename.column = "x";
  rename.new_name = "y";
  b.ops.push_back(rename);
  auto r = ReverseAs<BatchAlterTable>(b);
  REQUIRE(r.ops.size() == 2);
  CHECK(std::get<AlterColumn>(r.ops[0]).column == "y");
  CHECK(std::get<DropColumn>(r.ops[1]).column == "a");

  b.ops.push_back(DropColumn{"t", "gone", ""});
  CHECK_FALSE(Reverse(b).has_value());
}

TEST_CASE("destructive ops have no reverse", "[ops][reverse]") {
  CHECK_FALSE(Reverse(DropTable{"t", false, ""}).has_value());
  CHECK_FALSE(Reverse(DropColumn{"t", "c", ""}).has_value());
  CHECK_FALSE(Reverse(DropIndex{"ix", "t", false, false, ""}).has_value());
  CHECK_FALSE(Reverse(DropConstraint{"k", "t", std::nullopt, false, ""}).has_value());
  CHECK_FALSE(Reverse(AddEnumValue{"mood", "x", false, "", "", ""}).has_value());
  CHECK_FALSE(Reverse(ExecuteSql{"DELETE FROM t", {}}).has_value());
}

TEST_CASE("op names and debug strings describe every op", "[ops]") {
  AddConstraint fk;
  fk.constraint.kind = ConstraintKind::kForeignKey;
  CHECK(std::string(OpName(fk)) == "create_foreign_key");
  CHECK(std::string(OpName(AddEnumValue{})) == "add_enum_value");
  BatchAlterTable b{"t", "", {DropColumn{"t", "c", ""}}};
  CHECK(DebugString(b) == "batch_alter_table t { drop_column t.c }");
  CHECK(DebugString(RenameTable{"a", "b", "s"}) == "rename_table s.a -> b");
}

}  // namespace
}  // namespace luamig::ops
