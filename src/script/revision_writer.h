// SPDX-License-Identifier: MIT
// Renders new revision and merge scripts from a template (the built-in
// lua/luamig/revision.lua.tmpl, or a project's templates/revision.lua.tmpl).
#ifndef LUAMIG_SCRIPT_REVISION_WRITER_H_
#define LUAMIG_SCRIPT_REVISION_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

#include "luamig/status.h"

namespace luamig::script {

/// What a new script says about itself.
struct RevisionHeader {
  std::string revision;
  std::vector<std::string> down_revisions;  ///< empty: a base; two or more: a merge
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;      ///< "" renders as "empty message" (Alembic)
  std::string create_date;  ///< e.g. "2025-10-13 22:37:05"
  std::string upgrades;     ///< upgrade body; "" renders as "  -- pass"
  std::string downgrades;   ///< downgrade body; "" renders as "  -- pass"
};

/// The built-in template, compiled in from lua/luamig/revision.lua.tmpl.
std::string_view BuiltinRevisionTemplate();

/// The placeholder names a template may use, for docs and suggestions:
/// ${message} (one line: line breaks become spaces), ${revision} (the id),
/// ${down_revision}, ${branch_labels}, ${depends_on} (Lua values: nil, "a" or
/// { "a", "b" }; branch_labels and depends_on are always nil or a list),
/// ${revises} ("a, b", or "<base>"), ${create_date}, ${upgrades},
/// ${downgrades}. "$$" is a literal "$"; any other "$" is kept as is.
const std::vector<std::string>& RevisionTemplatePlaceholders();

/// Renders `tmpl` for `header`. Errors (kProject, naming `template_name`):
/// an unknown ${name} (with suggestions), a "${" without "}".
Result<std::string> RenderRevision(std::string_view tmpl, const RevisionHeader& header,
                                   std::string_view template_name = "built-in template");

/// `s` as a Lua string literal ("..." with escapes).
std::string LuaString(std::string_view s);

}  // namespace luamig::script

#endif  // LUAMIG_SCRIPT_REVISION_WRITER_H_
