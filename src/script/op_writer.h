// SPDX-License-Identifier: MIT
// Ops as the Lua a person would write in a revision: what
// `revision --autogenerate` puts into upgrade() and downgrade().
#ifndef LUAMIG_SCRIPT_OP_WRITER_H_
#define LUAMIG_SCRIPT_OP_WRITER_H_

#include <string>
#include <vector>

#include "ops/op.h"

namespace luamig::script {

/// One op call, e.g.
///   op.create_table("players", {
///     { "id", "bigserial", primary_key = true },
///     { "name", "text", nullable = false },
///   })
/// Every line but the first starts with `indent` spaces; no trailing
/// newline. The text loads with the op binding and builds `op` again
/// (DebugString-equal). Names, types and SQL are written as Lua strings.
std::string OpToLua(const ops::Op& op, int indent = 2);

/// A function body: each entry's comment lines as "-- …", then its op call
/// (when it has one), indented by `indent` spaces, one per line.
struct BodyLine {
  std::vector<std::string> comments;
  const ops::Op* op = nullptr;
};
std::string FunctionBody(const std::vector<BodyLine>& lines, int indent = 2);

}  // namespace luamig::script

#endif  // LUAMIG_SCRIPT_OP_WRITER_H_
