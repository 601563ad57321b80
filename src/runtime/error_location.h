// SPDX-License-Identifier: MIT
// Lua shortens long chunk names in its messages ("...tail/of/path.lua:7: …",
// LUA_IDSIZE). These helpers put the full script name back into a Status so
// users see a path they can open.
#ifndef LUAMIG_RUNTIME_ERROR_LOCATION_H_
#define LUAMIG_RUNTIME_ERROR_LOCATION_H_

#include <string>
#include <vector>

#include "luamig/script_source.h"
#include "luamig/status.h"

namespace luamig::runtime {

/// `s` with its file set to `full_name` when its file is empty or is Lua's
/// shortened form of `full_name` (the message is fixed the same way).
Status WithFullScriptName(Status s, const std::string& full_name);

/// The same for an error whose script is not known yet (loading): the
/// shortened name is matched against every name in `files`.
Status WithFullScriptName(Status s, const std::vector<ScriptFile>& files);

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_ERROR_LOCATION_H_
