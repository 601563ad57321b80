// SPDX-License-Identifier: MIT
#include "script/op_writer.h"

#include <cstdio>

#include "script/revision_writer.h"
#include "util/overloaded.h"
#include "util/strings.h"

namespace luamig::script {
namespace {

using Fields = std::vector<std::string>;

std::string Pad(int n) { return std::string(static_cast<size_t>(n), ' '); }

std::string List(const std::vector<std::string>& items) {
  if (items.empty()) return "{}";
  std::vector<std::string> q;
  for (const auto& i : items) q.push_back(LuaString(i));
  return "{ " + util::Join(q, ", ") + " }";
}

// `{ a = 1, b = 2 }`, or "" when there is nothing to say.
std::string Options(const Fields& fields) {
  if (fields.empty()) return "";
  return "{ " + util::Join(fields, ", ") + " }";
}

// "f(a, b, opts)" without a trailing empty options table.
std::string Call(const std::string& fn, Fields args, const Fields& options) {
  std::string o = Options(options);
  if (!o.empty()) args.push_back(o);
  return fn + "(" + util::Join(args, ", ") + ")";
}

void Schema(Fields& f, const std::string& schema, const char* key = "schema") {
  if (!schema.empty()) f.push_back(std::string(key) + " = " + LuaString(schema));
}

std::string Literal(const ops::Value& v) {
  return std::visit(util::Overloaded{
                        [](const ops::Null&) { return std::string("op.NULL"); },
                        [](bool b) { return std::string(b ? "true" : "false"); },
                        [](int64_t i) { return std::to_string(i); },
                        [](double d) {
                          char buf[64];
                          std::snprintf(buf, sizeof buf, "%.17g", d);
                          return std::string(buf);
                        },
                        [](const std::string& s) { return LuaString(s); },
                        [](const ops::Blob& b) { return LuaString(b.bytes); },
                    },
                    v);
}

std::string Column(const ops::ColumnSpec& c) {
  Fields f{LuaString(c.name), LuaString(c.type.raw)};
  if (c.primary_key) f.push_back("primary_key = true");
  if (!c.nullable && !c.primary_key) f.push_back("nullable = false");
  if (c.unique) f.push_back("unique = true");
  if (c.server_default) {
    f.push_back("server_default = " + LuaString(*c.server_default));
  } else if (c.default_value) {
    f.push_back("default = " + Literal(*c.default_value));
  }
  if (c.references) f.push_back("references = " + LuaString(*c.references));
  if (c.comment) f.push_back("comment = " + LuaString(*c.comment));
  return "{ " + util::Join(f, ", ") + " }";
}

void Timing(Fields& f, const ops::ConstraintSpec& k) {
  if (!k.on_delete.empty()) f.push_back("on_delete = " + LuaString(k.on_delete));
  if (!k.on_update.empty()) f.push_back("on_update = " + LuaString(k.on_update));
  if (k.deferrable) f.push_back(std::string("deferrable = ") + (*k.deferrable ? "true" : "false"));
  if (!k.initially.empty()) f.push_back("initially = " + LuaString(k.initially));
}

// An entry of create_table's `constraints`.
std::string ConstraintEntry(const ops::ConstraintSpec& k) {
  Fields f;
  switch (k.kind) {
    case ops::ConstraintKind::kPrimaryKey:
      f.push_back("primary_key = " + List(k.columns));
      break;
    case ops::ConstraintKind::kUnique:
      f.push_back("unique = " + List(k.columns));
      break;
    case ops::ConstraintKind::kCheck:
      f.push_back("check = " + LuaString(k.condition));
      break;
    case ops::ConstraintKind::kForeignKey:
      f.push_back("foreign_key = " + List(k.columns));
      f.push_back("referent = " + LuaString(k.referent));
      if (!k.remote_columns.empty()) f.push_back("remote_cols = " + List(k.remote_columns));
      Schema(f, k.referent_schema, "referent_schema");
      break;
  }
  if (!k.name.empty()) f.push_back("name = " + LuaString(k.name));
  Timing(f, k);
  return "{ " + util::Join(f, ", ") + " }";
}

std::string IndexColumns(const std::vector<ops::IndexColumn>& cols) {
  Fields f;
  for (const auto& c : cols)
    f.push_back(c.expression ? "{ expr = " + LuaString(c.text) + " }" : LuaString(c.text));
  return "{ " + util::Join(f, ", ") + " }";
}

const char* TypeName(ops::ConstraintKind kind) {
  switch (kind) {
    case ops::ConstraintKind::kPrimaryKey:
      return "primary";
    case ops::ConstraintKind::kUnique:
      return "unique";
    case ops::ConstraintKind::kForeignKey:
      return "foreign_key";
    case ops::ConstraintKind::kCheck:
      return "check";
  }
  return "";
}

std::string DefaultValue(const std::optional<std::string>& d) {
  return d ? LuaString(*d) : "false";
}

// The call for an op; `self` is "op." or "batch." (a batch call leaves the
// table out: the batch supplies it).
class Writer {
 public:
  explicit Writer(int indent) : indent_(indent) {}

  std::string operator()(const ops::CreateTable& o) const {
    std::string out = "op.create_table(" + LuaString(o.table) + ", {\n";
    for (const auto& c : o.columns) out += Pad(indent_ + 2) + Column(c) + ",\n";
    out += Pad(indent_) + "}";
    Fields f;
    if (o.if_not_exists) f.push_back("if_not_exists = true");
    Schema(f, o.schema);
    if (o.constraints.empty()) {
      return out + (f.empty() ? "" : ", " + Options(f)) + ")";
    }
    out += ", {\n";
    for (const auto& x : f) out += Pad(indent_ + 2) + x + ",\n";
    out += Pad(indent_ + 2) + "constraints = {\n";
    for (const auto& k : o.constraints)
      out += Pad(indent_ + 4) + ConstraintEntry(k) + ",\n";
    out += Pad(indent_ + 2) + "},\n" + Pad(indent_) + "})";
    return out;
  }
  std::string operator()(const ops::DropTable& o) const {
    Fields f;
    if (o.if_exists) f.push_back("if_exists = true");
    Schema(f, o.schema);
    return Call("op.drop_table", {LuaString(o.table)}, f);
  }
  std::string operator()(const ops::RenameTable& o) const {
    Fields f;
    Schema(f, o.schema);
    return Call("op.rename_table", {LuaString(o.table), LuaString(o.new_name)}, f);
  }
  std::string operator()(const ops::AddColumn& o) const { return AddColumn(o, "op.", true); }
  std::string operator()(const ops::DropColumn& o) const { return DropColumn(o, "op.", true); }
  std::string operator()(const ops::AlterColumn& o) const {
    return AlterColumn(o, "op.", true);
  }
  std::string operator()(const ops::CreateIndex& o) const {
    return CreateIndex(o, "op.", true);
  }
  std::string operator()(const ops::DropIndex& o) const { return DropIndex(o, "op.", true); }
  std::string operator()(const ops::AddConstraint& o) const {
    return AddConstraint(o, "op.", true);
  }
  std::string operator()(const ops::DropConstraint& o) const {
    return DropConstraint(o, "op.", true);
  }
  std::string operator()(const ops::CreateSchema& o) const {
    return Call("op.create_schema", {LuaString(o.name)},
                o.if_not_exists ? Fields{"if_not_exists = true"} : Fields{});
  }
  std::string operator()(const ops::DropSchema& o) const {
    Fields f;
    if (o.if_exists) f.push_back("if_exists = true");
    if (o.cascade) f.push_back("cascade = true");
    return Call("op.drop_schema", {LuaString(o.name)}, f);
  }
  std::string operator()(const ops::CreateEnum& o) const {
    Fields f;
    Schema(f, o.schema);
    if (o.if_not_exists) f.push_back("if_not_exists = true");
    return Call("op.create_enum", {LuaString(o.name), List(o.values)}, f);
  }
  std::string operator()(const ops::DropEnum& o) const {
    Fields f;
    Schema(f, o.schema);
    if (o.if_exists) f.push_back("if_exists = true");
    return Call("op.drop_enum", {LuaString(o.name)}, f);
  }
  std::string operator()(const ops::AddEnumValue& o) const {
    Fields f;
    Schema(f, o.schema);
    if (o.if_not_exists) f.push_back("if_not_exists = true");
    if (!o.before.empty()) f.push_back("before = " + LuaString(o.before));
    if (!o.after.empty()) f.push_back("after = " + LuaString(o.after));
    return Call("op.add_enum_value", {LuaString(o.name), LuaString(o.value)}, f);
  }
  std::string operator()(const ops::BatchAlterTable& o) const {
    std::string out =
        "op.batch_alter_table(" + LuaString(o.table) + ", function(batch)\n";
    for (const auto& b : o.ops) {
      out += Pad(indent_ + 2) +
             std::visit([&](const auto& x) { return Batch(x); }, b) + "\n";
    }
    out += Pad(indent_) + "end";
    Fields f;
    Schema(f, o.schema);
    return out + (f.empty() ? "" : ", " + Options(f)) + ")";
  }
  std::string operator()(const ops::ExecuteSql& o) const {
    Fields args{LuaString(o.sql)};
    if (!o.params.empty()) {
      Fields p;
      for (const auto& v : o.params) p.push_back(Literal(v));
      args.push_back("{ " + util::Join(p, ", ") + " }");
    }
    return Call("op.execute", args, {});
  }

 private:
  template <typename T>
  std::string Batch(const T& o) const {
    if constexpr (std::is_same_v<T, ops::AddColumn>) return AddColumn(o, "batch.", false);
    if constexpr (std::is_same_v<T, ops::DropColumn>) return DropColumn(o, "batch.", false);
    if constexpr (std::is_same_v<T, ops::AlterColumn>) return AlterColumn(o, "batch.", false);
    if constexpr (std::is_same_v<T, ops::CreateIndex>) return CreateIndex(o, "batch.", false);
    if constexpr (std::is_same_v<T, ops::DropIndex>) return DropIndex(o, "batch.", false);
    if constexpr (std::is_same_v<T, ops::AddConstraint>)
      return AddConstraint(o, "batch.", false);
    if constexpr (std::is_same_v<T, ops::DropConstraint>)
      return DropConstraint(o, "batch.", false);
    return "";
  }

  static Fields Leading(const std::string& table, bool with_table) {
    return with_table ? Fields{LuaString(table)} : Fields{};
  }
  static Fields SchemaOf(const std::string& schema, bool with_table) {
    Fields f;
    if (with_table) Schema(f, schema);
    return f;
  }

  std::string AddColumn(const ops::AddColumn& o, const std::string& self, bool t) const {
    Fields args = Leading(o.table, t);
    args.push_back(Column(o.column));
    return Call(self + "add_column", args, SchemaOf(o.schema, t));
  }
  std::string DropColumn(const ops::DropColumn& o, const std::string& self, bool t) const {
    Fields args = Leading(o.table, t);
    args.push_back(LuaString(o.column));
    return Call(self + "drop_column", args, SchemaOf(o.schema, t));
  }
  std::string AlterColumn(const ops::AlterColumn& o, const std::string& self, bool t) const {
    Fields args = Leading(o.table, t);
    args.push_back(LuaString(o.column));
    Fields f;
    if (o.type) f.push_back("type = " + LuaString(o.type->raw));
    if (!o.using_expr.empty()) f.push_back("using = " + LuaString(o.using_expr));
    if (o.nullable) f.push_back(std::string("nullable = ") + (*o.nullable ? "true" : "false"));
    if (o.server_default.kind == ops::DefaultChange::kSet)
      f.push_back("server_default = " + LuaString(o.server_default.expression));
    if (o.server_default.kind == ops::DefaultChange::kDrop)
      f.push_back("server_default = false");
    if (!o.new_name.empty()) f.push_back("new_name = " + LuaString(o.new_name));
    if (o.comment) f.push_back("comment = " + DefaultValue(*o.comment));
    if (o.existing_type) f.push_back("existing_type = " + LuaString(o.existing_type->raw));
    if (o.existing_nullable)
      f.push_back(std::string("existing_nullable = ") +
                  (*o.existing_nullable ? "true" : "false"));
    if (o.existing_server_default)
      f.push_back("existing_server_default = " + DefaultValue(*o.existing_server_default));
    if (o.existing_comment)
      f.push_back("existing_comment = " + DefaultValue(*o.existing_comment));
    if (t) Schema(f, o.schema);
    return Call(self + "alter_column", args, f);
  }
  std::string CreateIndex(const ops::CreateIndex& o, const std::string& self, bool t) const {
    Fields args{LuaString(o.name)};
    if (t) args.push_back(LuaString(o.table));
    args.push_back(IndexColumns(o.columns));
    Fields f;
    if (o.unique) f.push_back("unique = true");
    if (!o.where.empty()) f.push_back("where = " + LuaString(o.where));
    if (o.concurrently) f.push_back("concurrently = true");
    if (o.if_not_exists) f.push_back("if_not_exists = true");
    if (t) Schema(f, o.schema);
    return Call(self + "create_index", args, f);
  }
  std::string DropIndex(const ops::DropIndex& o, const std::string& self, bool t) const {
    Fields f;
    if (t && !o.table.empty()) f.push_back("table = " + LuaString(o.table));
    if (o.if_exists) f.push_back("if_exists = true");
    if (o.concurrently) f.push_back("concurrently = true");
    if (t) Schema(f, o.schema);
    return Call(self + "drop_index", {LuaString(o.name)}, f);
  }
  std::string AddConstraint(const ops::AddConstraint& o, const std::string& self,
                            bool t) const {
    const ops::ConstraintSpec& k = o.constraint;
    Fields args{LuaString(k.name)};
    if (t) args.push_back(LuaString(o.table));
    Fields f;
    switch (k.kind) {
      case ops::ConstraintKind::kPrimaryKey:
        args.push_back(List(k.columns));
        if (t) Schema(f, o.schema);
        return Call(self + "create_primary_key", args, f);
      case ops::ConstraintKind::kUnique:
        args.push_back(List(k.columns));
        if (t) Schema(f, o.schema);
        if (k.deferrable)
          f.push_back(std::string("deferrable = ") + (*k.deferrable ? "true" : "false"));
        if (!k.initially.empty()) f.push_back("initially = " + LuaString(k.initially));
        return Call(self + "create_unique_constraint", args, f);
      case ops::ConstraintKind::kCheck:
        args.push_back(LuaString(k.condition));
        if (t) Schema(f, o.schema);
        return Call(self + "create_check_constraint", args, f);
      case ops::ConstraintKind::kForeignKey:
        args.push_back(LuaString(k.referent));
        args.push_back(List(k.columns));
        args.push_back(List(k.remote_columns));
        Timing(f, k);
        if (t) Schema(f, o.schema, "source_schema");
        Schema(f, k.referent_schema, "referent_schema");
        return Call(self + "create_foreign_key", args, f);
    }
    return "";
  }
  std::string DropConstraint(const ops::DropConstraint& o, const std::string& self,
                             bool t) const {
    Fields args{LuaString(o.name)};
    if (t) args.push_back(LuaString(o.table));
    Fields f;
    if (o.type) f.push_back("type_ = " + LuaString(TypeName(*o.type)));
    if (o.if_exists) f.push_back("if_exists = true");
    if (t) Schema(f, o.schema);
    return Call(self + "drop_constraint", args, f);
  }

  int indent_;
};

}  // namespace

std::string OpToLua(const ops::Op& op, int indent) { return std::visit(Writer(indent), op); }

std::string FunctionBody(const std::vector<BodyLine>& lines, int indent) {
  std::string out;
  for (const auto& l : lines) {
    for (const auto& c : l.comments) out += Pad(indent) + "-- " + c + "\n";
    if (l.op) out += Pad(indent) + OpToLua(*l.op, indent) + "\n";
  }
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace luamig::script
