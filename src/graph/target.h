// SPDX-License-Identifier: MIT
// A parsed revision target (the command-line grammar), not yet resolved
// against a graph.
#ifndef LUAMIG_GRAPH_TARGET_H_
#define LUAMIG_GRAPH_TARGET_H_

#include <string>
#include <string_view>

#include "luamig/status.h"

namespace luamig::graph {

/// One of:
///   [LABEL@]SYMBOL          SYMBOL = head | heads | base | id | id prefix | label
///   [LABEL@][SYMBOL]+N      N steps up from SYMBOL (or from the current rows)
///   [LABEL@][SYMBOL]-N      N steps down from SYMBOL (or from the current rows)
/// LABEL may also be a revision id. Ranges (`A:B`) are split by the caller.
struct Target {
  enum class Kind { kSymbol, kRelative };

  Kind kind = Kind::kSymbol;
  std::string branch;  ///< text before '@'; empty when absent
  std::string symbol;  ///< may be empty for kRelative ("relative to current")
  int steps = 0;       ///< kRelative only: +N or -N

  /// Parses `text`. Errors (StatusCode::kUsage): empty text, empty label or
  /// symbol around '@', more than one '@', whitespace or ':' anywhere, a
  /// relative part that is not [+-]digits, a symbol with '+' or '-' in it.
  static Result<Target> Parse(std::string_view text);

  bool relative() const { return kind == Kind::kRelative; }
  /// Canonical text, e.g. "ecs@+2", "abc-1", "heads".
  std::string DebugString() const;
};

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_TARGET_H_
