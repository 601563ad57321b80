// SPDX-License-Identifier: MIT
#include "schema/builder.h"

#include <algorithm>

#include "schema/normalize.h"
#include "util/overloaded.h"
#include "util/strings.h"

namespace luamig::schema {
namespace {

std::string Named(const std::string& schema, const std::string& name) {
  return "\"" + QualifiedName(schema, name) + "\"";
}

}  // namespace

Result<Table*> ModelBuilder::Existing(const std::string& schema,
                                      const std::string& table) {
  Table* t = model_.FindTable(schema, table);
  if (t == nullptr)
    return Status::Project("table " + Named(schema, table) +
                           " is not declared (declare it with create_table first)");
  return t;
}

Status ModelBuilder::AddColumn(Table& t, const ops::ColumnSpec& spec) {
  if (t.FindColumn(spec.name) != nullptr)
    return Status::Project("column \"" + spec.name + "\" of table " +
                           Named(t.schema, t.name) + " is declared twice");
  Column c;
  c.name = spec.name;
  c.type = rendering_.type_name(spec.type);
  c.identity = SplitIdentity(&c.type);
  c.nullable = spec.nullable && !spec.primary_key;
  if (spec.server_default) {
    c.default_sql = *spec.server_default;
  } else if (spec.default_value) {
    c.default_sql = rendering_.literal(*spec.default_value);
  }
  c.comment = spec.comment;
  t.columns.push_back(std::move(c));
  if (spec.unique) {
    ops::ConstraintSpec k = KeyOf(ops::ConstraintKind::kUnique);
    k.columns = {spec.name};
    t.constraints.push_back(std::move(k));
  }
  if (spec.references) {
    ops::ConstraintSpec k = KeyOf(ops::ConstraintKind::kForeignKey);
    k.columns = {spec.name};
    std::vector<std::string> parts = util::Split(*spec.references, '.');
    k.referent = parts[0];
    if (parts.size() > 1) k.remote_columns = {parts[1]};
    t.constraints.push_back(std::move(k));
  }
  return Status::Ok();
}

Status ModelBuilder::AddConstraint(Table& t, const ops::ConstraintSpec& k) {
  for (const auto& col : k.columns) {
    if (t.FindColumn(col) == nullptr)
      return Status::Project(std::string(ops::ConstraintKindName(k.kind)) +
                             " constraint on table " + Named(t.schema, t.name) +
                             " names column \"" + col + "\", which is not declared");
  }
  if (!k.name.empty()) {
    bool taken = t.primary_key.name == k.name;
    for (const auto& other : t.constraints) taken = taken || other.name == k.name;
    if (taken)
      return Status::Project("constraint \"" + k.name + "\" of table " +
                             Named(t.schema, t.name) + " is declared twice");
  }
  if (k.kind == ops::ConstraintKind::kPrimaryKey) {
    if (!t.primary_key.columns.empty())
      return Status::Project("table " + Named(t.schema, t.name) +
                             " already has a primary key");
    t.primary_key = k;
    for (auto& c : t.columns) {
      if (std::find(k.columns.begin(), k.columns.end(), c.name) != k.columns.end())
        c.nullable = false;
    }
    return Status::Ok();
  }
  t.constraints.push_back(k);
  return Status::Ok();
}

Status ModelBuilder::CreateTable(const ops::CreateTable& op) {
  if (model_.FindTable(op.schema, op.table) != nullptr)
    return Status::Project("table " + Named(op.schema, op.table) + " is declared twice");
  Table t;
  t.schema = op.schema;
  t.name = op.table;
  ops::ConstraintSpec pk = KeyOf(ops::ConstraintKind::kPrimaryKey);
  for (const auto& spec : op.columns) {
    LUAMIG_RETURN_IF_ERROR(AddColumn(t, spec));
    if (spec.primary_key) pk.columns.push_back(spec.name);
  }
  if (!pk.columns.empty()) LUAMIG_RETURN_IF_ERROR(AddConstraint(t, pk));
  for (const auto& k : op.constraints) LUAMIG_RETURN_IF_ERROR(AddConstraint(t, k));
  model_.tables.push_back(std::move(t));
  return Status::Ok();
}

Status ModelBuilder::Apply(const ops::Op& op) {
  return std::visit(
      util::Overloaded{
          [&](const ops::CreateTable& o) { return CreateTable(o); },
          [&](const ops::AddColumn& o) -> Status {
            LUAMIG_ASSIGN_OR_RETURN(Table * t, Existing(o.schema, o.table));
            if (o.column.primary_key)
              return Status::Project(
                  "add_column cannot declare a primary-key column; put it in "
                  "create_table");
            return AddColumn(*t, o.column);
          },
          [&](const ops::AddConstraint& o) -> Status {
            LUAMIG_ASSIGN_OR_RETURN(Table * t, Existing(o.schema, o.table));
            return AddConstraint(*t, o.constraint);
          },
          [&](const ops::CreateIndex& o) -> Status {
            LUAMIG_ASSIGN_OR_RETURN(Table * t, Existing(o.schema, o.table));
            for (const auto& i : t->indexes) {
              if (i.name == o.name)
                return Status::Project("index \"" + o.name + "\" is declared twice");
            }
            for (const auto& c : o.columns) {
              if (!c.expression && t->FindColumn(c.text) == nullptr)
                return Status::Project("index \"" + o.name + "\" names column \"" +
                                       c.text + "\", which table " +
                                       Named(t->schema, t->name) + " does not declare");
            }
            t->indexes.push_back({o.name, o.columns, o.unique, o.where});
            return Status::Ok();
          },
          [&](const ops::CreateEnum& o) -> Status {
            if (model_.FindEnum(o.schema, o.name) != nullptr)
              return Status::Project("enum " + Named(o.schema, o.name) +
                                     " is declared twice");
            model_.enums.push_back({o.schema, o.name, o.values});
            return Status::Ok();
          },
          [&](const ops::CreateSchema& o) -> Status {
            if (std::find(model_.schemas.begin(), model_.schemas.end(), o.name) ==
                model_.schemas.end())
              model_.schemas.push_back(o.name);
            return Status::Ok();
          },
          [&](const auto&) -> Status {
            return Status::Project(
                std::string(ops::OpName(op)) +
                " changes a schema; schema.lua only declares one (create_table, "
                "add_column, create_index, create_*_constraint, create_foreign_key, "
                "create_enum, create_schema)");
          },
      },
      op);
}

Model ModelBuilder::Finish() {
  for (auto& t : model_.tables) {
    for (auto& k : t.constraints) {
      if (k.kind != ops::ConstraintKind::kForeignKey || !k.remote_columns.empty())
        continue;
      if (const Table* ref = model_.FindTable(k.referent_schema, k.referent))
        k.remote_columns = ref->primary_key.columns;
    }
  }
  Model out = std::move(model_);
  Canonicalize(&out);
  return out;
}

}  // namespace luamig::schema
