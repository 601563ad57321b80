// SPDX-License-Identifier: MIT
// Schemas and enum types (PostgreSQL).
#include <lua.hpp>

#include "lua/op_table.h"

namespace luamig::lua {
namespace {

int CreateSchema(OpCall& c) {
  ArgReader& args = c.args;
  ops::CreateSchema op;
  if (!args.Name(1, "schema name", &op.name) ||
      !c.Options(2) ||
      !args.BoolOpt(2, "if_not_exists", &op.if_not_exists))
    return -1;
  return c.Run(std::move(op));
}

int DropSchema(OpCall& c) {
  ArgReader& args = c.args;
  ops::DropSchema op;
  if (!args.Name(1, "schema name", &op.name) ||
      !c.Options(2) ||
      !args.BoolOpt(2, "if_exists", &op.if_exists) ||
      !args.BoolOpt(2, "cascade", &op.cascade))
    return -1;
  return c.Run(std::move(op));
}

int CreateEnum(OpCall& c) {
  ArgReader& args = c.args;
  ops::CreateEnum op;
  if (!args.Name(1, "enum name", &op.name) || !args.StringList(2, "values", &op.values) ||
      !c.Options(3) ||
      !args.StringOpt(3, "schema", &op.schema) ||
      !args.BoolOpt(3, "if_not_exists", &op.if_not_exists))
    return -1;
  if (op.values.empty()) return c.Fail("values must list at least one value");
  return c.Run(std::move(op));
}

int DropEnum(OpCall& c) {
  ArgReader& args = c.args;
  ops::DropEnum op;
  if (!args.Name(1, "enum name", &op.name) ||
      !c.Options(2) ||
      !args.StringOpt(2, "schema", &op.schema) ||
      !args.BoolOpt(2, "if_exists", &op.if_exists))
    return -1;
  return c.Run(std::move(op));
}

int AddEnumValue(OpCall& c) {
  ArgReader& args = c.args;
  ops::AddEnumValue op;
  if (!args.Name(1, "enum name", &op.name) || !args.String(2, "value", &op.value) ||
      !c.Options(3) ||
      !args.StringOpt(3, "schema", &op.schema) ||
      !args.BoolOpt(3, "if_not_exists", &op.if_not_exists) ||
      !args.StringOpt(3, "before", &op.before) || !args.StringOpt(3, "after", &op.after))
    return -1;
  if (!op.before.empty() && !op.after.empty())
    return c.Fail("give before or after, not both");
  return c.Run(std::move(op));
}

}  // namespace

const std::vector<OpSpec>& SchemaOps() {
  static const std::vector<OpSpec> kOps = {
      {"create_schema", CreateSchema, {"if_not_exists"}},
      {"drop_schema", DropSchema, {"if_exists", "cascade"}},
      {"create_enum", CreateEnum, {"schema", "if_not_exists"}},
      {"drop_enum", DropEnum, {"schema", "if_exists"}},
      {"add_enum_value", AddEnumValue, {"schema", "if_not_exists", "before", "after"}},
  };
  return kOps;
}

}  // namespace luamig::lua
