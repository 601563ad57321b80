// SPDX-License-Identifier: MIT
#include "lua/op_table.h"

#include <lua.hpp>

#include "lua/op_args.h"

namespace luamig::lua {

int BatchTableArgument(BatchUse use) {
  switch (use) {
    case BatchUse::kTableFirst:
      return 1;
    case BatchUse::kTableSecond:
      return 2;
    case BatchUse::kNone:
    case BatchUse::kSameArgs:
      break;
  }
  return 0;
}

bool OpCall::Options(int idx) {
  std::string what = std::string(spec.name) + " options";
  if (!args.Options(idx, spec.options, what.c_str())) return false;
  if (lua_gettop(L) < idx) lua_settop(L, idx);
  if (lua_isnil(L, idx)) {
    lua_newtable(L);
    lua_replace(L, idx);
  }
  return true;
}

int OpCall::Fail(std::string message) {
  args.Fail(std::move(message));
  return -1;
}

int OpCall::Apply(ops::Op op) {
  Status s = binding.executor().Apply(op);
  if (s.ok()) return 0;
  std::string msg = s.message();
  binding.set_last_error(std::move(s));
  return Fail(std::move(msg));
}

const std::vector<OpSpec>& OpTable() {
  static const std::vector<OpSpec> kTable = [] {
    std::vector<OpSpec> all;
    for (const auto* family :
         {&SqlOps(), &TableOps(), &KeyOps(), &SchemaOps(), &BlockOps(), &InspectionOps()})
      all.insert(all.end(), family->begin(), family->end());
    return all;
  }();
  return kTable;
}

std::vector<OptionShape> OptionShapes() {
  return {{"column", ColumnOptions()}, {"constraint", ConstraintKeys()}};
}

}  // namespace luamig::lua
