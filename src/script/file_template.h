// SPDX-License-Identifier: MIT
// Names and ids for new revision scripts: file_template rendering, Alembic's
// slug, random revision ids, and the checks user-given ids and labels pass.
#ifndef LUAMIG_SCRIPT_FILE_TEMPLATE_H_
#define LUAMIG_SCRIPT_FILE_TEMPLATE_H_

#include <ctime>
#include <string>
#include <string_view>

#include "luamig/status.h"

namespace luamig::script {

/// Alembic's slug: the runs of [A-Za-z0-9_] in `message`, lowercased and
/// joined by '_'. Longer than `max_length` (Alembic's truncate_slug_length):
/// cut to max_length, back to the last '_' inside it, and end with '_'.
/// Non-ASCII characters are dropped (Alembic keeps Unicode word characters).
std::string Slug(std::string_view message, size_t max_length = 40);

/// The file name (with ".lua") for a new revision. `file_template` holds
/// strftime codes (%Y, %m, %d, %H, %M, %S, %%, …, local time of `when`) and
/// the placeholders {rev}, {slug} (Slug(message)) and {epoch} (seconds).
/// Errors (kProject): an unknown placeholder (with suggestions), an unclosed
/// '{', a name containing '/' or starting with '.' or '_' (those are not
/// loaded), an empty name.
Result<std::string> RevisionFileName(std::string_view file_template, std::string_view rev,
                                     std::string_view message, std::time_t when);

/// 12 random lowercase hex digits (Alembic: uuid4().hex[-12:]).
std::string NewRevisionId();

/// A revision id given by a person: 1–32 characters of [A-Za-z0-9_], and not
/// a target keyword (head, heads, base, current). Error: kUsage.
Status CheckRevisionId(std::string_view id);
/// A branch label: 1–64 characters of [A-Za-z0-9_], not a target keyword.
/// Error: kUsage.
Status CheckBranchLabel(std::string_view label);

}  // namespace luamig::script

#endif  // LUAMIG_SCRIPT_FILE_TEMPLATE_H_
