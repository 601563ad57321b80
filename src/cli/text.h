// SPDX-License-Identifier: MIT
// Result values as text for people. Shapes follow Alembic's:
// "<base> -> a1 (ecs) (head) (current), message" lines and "Rev: …" blocks.
#ifndef LUAMIG_CLI_TEXT_H_
#define LUAMIG_CLI_TEXT_H_

#include <ostream>
#include <string>
#include <vector>

#include "cli/terminal.h"
#include "luamig/luamig.h"

namespace luamig::cli {

/// Which parts a one-line revision shows (Alembic's Script._head_only).
struct LineStyle {
  bool parents = false;  ///< "a1 -> b2" (history)
  bool labels = true;    ///< own and inherited branch labels
  bool tree = true;      ///< (branchpoint), (mergepoint)
  bool doc = true;       ///< ", message"

  static LineStyle History();
  static LineStyle Heads();
  static LineStyle Current();
};

std::string Comma(const std::vector<std::string>& v);
/// "a1, b2", or "<base>" for none.
std::string HeadsText(const std::vector<std::string>& ids);
std::string RevisionLine(const RevisionInfo& r, const LineStyle& style);
/// Alembic's Script.log_entry: Rev/Parent/…/Path, then the doc (or message
/// and create date) indented; ends with a blank line.
std::string RevisionBlock(const RevisionInfo& r);
/// The error report on `err` (stderr, so in stderr's colour): message,
/// revision, file:line, SQL, hint. A Lua stack traceback is shown only when
/// `verbose`.
void PrintError(std::ostream& err, const Terminal& t, const Status& s, bool verbose);

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_TEXT_H_
