// SPDX-License-Identifier: MIT
#include "ops/op.h"

#include <sstream>

#include "util/overloaded.h"
#include "util/strings.h"

namespace luamig::ops {

using util::Overloaded;

const char* ConstraintKindName(ConstraintKind kind) {
  switch (kind) {
    case ConstraintKind::kPrimaryKey:
      return "primary_key";
    case ConstraintKind::kUnique:
      return "unique";
    case ConstraintKind::kForeignKey:
      return "foreign_key";
    case ConstraintKind::kCheck:
      return "check";
  }
  return "unique";
}

namespace {

const char* AddConstraintName(const AddConstraint& o) {
  switch (o.constraint.kind) {
    case ConstraintKind::kPrimaryKey:
      return "create_primary_key";
    case ConstraintKind::kUnique:
      return "create_unique_constraint";
    case ConstraintKind::kForeignKey:
      return "create_foreign_key";
    case ConstraintKind::kCheck:
      return "create_check_constraint";
  }
  return "create_unique_constraint";
}

// The alter_column that undoes `o`, or nullopt when a changed attribute has
// no existing_* value to go back to.
std::optional<Op> ReverseAlter(const AlterColumn& o) {
  AlterColumn r;
  r.table = o.table;
  r.schema = o.schema;
  r.column = o.new_name.empty() ? o.column : o.new_name;
  if (!o.new_name.empty()) r.new_name = o.column;
  if (o.type) {
    if (!o.existing_type) return std::nullopt;
    r.type = o.existing_type;
    r.existing_type = o.type;
  }
  if (o.nullable) {
    if (!o.existing_nullable) return std::nullopt;
    r.nullable = o.existing_nullable;
    r.existing_nullable = o.nullable;
  }
  if (o.server_default.kind != DefaultChange::kKeep) {
    if (!o.existing_server_default) return std::nullopt;
    const auto& before = *o.existing_server_default;
    r.server_default.kind = before ? DefaultChange::kSet : DefaultChange::kDrop;
    r.server_default.expression = before.value_or("");
    if (o.server_default.kind == DefaultChange::kSet) {
      r.existing_server_default = std::optional<std::string>(o.server_default.expression);
    } else {
      r.existing_server_default = std::optional<std::string>();
    }
  }
  if (o.comment) {
    if (!o.existing_comment) return std::nullopt;
    r.comment = o.existing_comment;
    r.existing_comment = o.comment;
  }
  return Op{r};
}

std::optional<Op> ReverseBatch(const BatchAlterTable& o) {
  BatchAlterTable r{o.table, o.schema, {}};
  for (auto it = o.ops.rbegin(); it != o.ops.rend(); ++it) {
    std::optional<Op> back = Reverse(ToOp(*it));
    if (!back) return std::nullopt;
    bool ok = std::visit(
        [&](auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_constructible_v<BatchOp, T>) {
            r.ops.emplace_back(std::move(x));
            return true;
          } else {
            return false;
          }
        },
        *back);
    if (!ok) return std::nullopt;
  }
  return Op{r};
}

}  // namespace

const char* OpName(const Op& op) {
  return std::visit(Overloaded{
                        [](const CreateTable&) { return "create_table"; },
                        [](const DropTable&) { return "drop_table"; },
                        [](const RenameTable&) { return "rename_table"; },
                        [](const AddColumn&) { return "add_column"; },
                        [](const DropColumn&) { return "drop_column"; },
                        [](const AlterColumn&) { return "alter_column"; },
                        [](const CreateIndex&) { return "create_index"; },
                        [](const DropIndex&) { return "drop_index"; },
                        [](const AddConstraint& o) { return AddConstraintName(o); },
                        [](const DropConstraint&) { return "drop_constraint"; },
                        [](const CreateSchema&) { return "create_schema"; },
                        [](const DropSchema&) { return "drop_schema"; },
                        [](const CreateEnum&) { return "create_enum"; },
                        [](const DropEnum&) { return "drop_enum"; },
                        [](const AddEnumValue&) { return "add_enum_value"; },
                        [](const BatchAlterTable&) { return "batch_alter_table"; },
                        [](const ExecuteSql&) { return "execute"; },
                    },
                    op);
}

Op ToOp(const BatchOp& op) {
  return std::visit([](const auto& x) { return Op{x}; }, op);
}

std::optional<Op> Reverse(const Op& op) {
  using R = std::optional<Op>;
  return std::visit(
      Overloaded{
          [](const CreateTable& o) -> R {
            return DropTable{o.table, false, o.schema};
          },
          [](const RenameTable& o) -> R {
            return RenameTable{o.new_name, o.table, o.schema};
          },
          [](const AddColumn& o) -> R {
            return DropColumn{o.table, o.column.name, o.schema};
          },
          [](const AlterColumn& o) -> R { return ReverseAlter(o); },
          [](const CreateIndex& o) -> R {
            return DropIndex{o.name, o.table, false, o.concurrently, o.schema};
          },
          [](const AddConstraint& o) -> R {
            if (o.constraint.name.empty()) return std::nullopt;
            return DropConstraint{o.constraint.name, o.table, o.constraint.kind, false,
                                  o.schema};
          },
          [](const CreateSchema& o) -> R {
            return DropSchema{o.name, false, false};
          },
          [](const CreateEnum& o) -> R {
            return DropEnum{o.name, false, o.schema};
          },
          [](const BatchAlterTable& o) -> R { return ReverseBatch(o); },
          [](const auto&) -> R { return std::nullopt; },
      },
      op);
}

namespace {

std::string Qual(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

std::string IndexColumns(const std::vector<IndexColumn>& cols) {
  std::vector<std::string> out;
  for (const auto& c : cols) out.push_back(c.expression ? "(" + c.text + ")" : c.text);
  return util::Join(out, ", ");
}

}  // namespace

std::string DebugString(const Op& op) {
  std::ostringstream out;
  out << OpName(op);
  std::visit(Overloaded{
                 [&](const CreateTable& o) {
                   std::vector<std::string> cols;
                   for (const auto& c : o.columns)
                     cols.push_back(c.name + " " + c.type.raw);
                   out << " " << Qual(o.schema, o.table) << "(" << util::Join(cols, ", ")
                       << ")";
                 },
                 [&](const DropTable& o) { out << " " << Qual(o.schema, o.table); },
                 [&](const RenameTable& o) {
                   out << " " << Qual(o.schema, o.table) << " -> " << o.new_name;
                 },
                 [&](const AddColumn& o) {
                   out << " " << Qual(o.schema, o.table) << "." << o.column.name << " "
                       << o.column.type.raw;
                 },
                 [&](const DropColumn& o) {
                   out << " " << Qual(o.schema, o.table) << "." << o.column;
                 },
                 [&](const AlterColumn& o) {
                   out << " " << Qual(o.schema, o.table) << "." << o.column;
                   if (o.type) out << " type=" << o.type->raw;
                   if (o.nullable)
                     out << " nullable=" << (*o.nullable ? "true" : "false");
                   if (o.server_default.kind == DefaultChange::kSet)
                     out << " server_default=" << o.server_default.expression;
                   if (o.server_default.kind == DefaultChange::kDrop)
                     out << " server_default=drop";
                   if (!o.new_name.empty()) out << " new_name=" << o.new_name;
                 },
                 [&](const CreateIndex& o) {
                   out << " " << o.name << " on " << Qual(o.schema, o.table) << "("
                       << IndexColumns(o.columns) << ")";
                 },
                 [&](const DropIndex& o) { out << " " << Qual(o.schema, o.name); },
                 [&](const AddConstraint& o) {
                   out << " " << o.constraint.name << " on " << Qual(o.schema, o.table);
                 },
                 [&](const DropConstraint& o) {
                   out << " " << o.name << " on " << Qual(o.schema, o.table);
                 },
                 [&](const CreateSchema& o) { out << " " << o.name; },
                 [&](const DropSchema& o) { out << " " << o.name; },
                 [&](const CreateEnum& o) {
                   out << " " << Qual(o.schema, o.name) << "("
                       << util::Join(o.values, ", ") << ")";
                 },
                 [&](const DropEnum& o) { out << " " << Qual(o.schema, o.name); },
                 [&](const AddEnumValue& o) {
                   out << " " << Qual(o.schema, o.name) << " " << o.value;
                 },
                 [&](const BatchAlterTable& o) {
                   out << " " << Qual(o.schema, o.table) << " {";
                   for (size_t i = 0; i < o.ops.size(); ++i)
                     out << (i ? "; " : " ") << DebugString(ToOp(o.ops[i]));
                   out << " }";
                 },
                 [&](const ExecuteSql& o) { out << " " << o.sql; },
             },
             op);
  return out.str();
}

std::string ValueDebugString(const Value& v) {
  return std::visit(
      Overloaded{
          [](const Null&) { return std::string("NULL"); },
          [](bool b) { return std::string(b ? "true" : "false"); },
          [](int64_t i) { return std::to_string(i); },
          [](double d) {
            std::ostringstream s;
            s << d;
            return s.str();
          },
          [](const std::string& s) { return "'" + s + "'"; },
          [](const Blob& b) { return "<" + std::to_string(b.bytes.size()) + " bytes>"; },
      },
      v);
}

}  // namespace luamig::ops
