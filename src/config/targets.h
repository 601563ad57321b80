// SPDX-License-Identifier: MIT
// The `targets` setting of luamig.lua: default names, and what a function
// written there is given (its helpers) when the config is evaluated.
#ifndef LUAMIG_CONFIG_TARGETS_H_
#define LUAMIG_CONFIG_TARGETS_H_

#include <string>
#include <vector>

#include "lua/lua_state.h"
#include "luamig/config.h"

namespace luamig {

/// The name a target without one gets: a SQLite file's name without its
/// extension; a PostgreSQL database's name, with ".schema" when the target
/// sets version_table_schema; "" when the URL says neither.
std::string DefaultTargetName(const TargetConfig& target);

/// The files and directories matching `pattern` (`*`, `?` and `[…]` in any
/// component, as fnmatch), sorted bytewise. A relative pattern is taken from
/// `base_dir` and its matches are returned relative to it, as written.
std::vector<std::string> GlobFiles(const std::string& pattern,
                                   const std::string& base_dir);

/// `targets` and `environments.*.targets` may be functions; each is called
/// with { glob = function(pattern) … } (GlobFiles from `project_dir`).
lua::ConfigCalls TargetCalls(const std::string& project_dir);

}  // namespace luamig

#endif  // LUAMIG_CONFIG_TARGETS_H_
