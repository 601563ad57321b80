// SPDX-License-Identifier: MIT
// Finds and loads a backend module (db/backend_module.h) on first use.
#ifndef LUAMIG_DB_BACKEND_LOADER_H_
#define LUAMIG_DB_BACKEND_LOADER_H_

#include <string>
#include <vector>

#include "db/backend_module.h"

namespace luamig::db {

/// The file a backend for `scheme` is built as ("postgresql" → "luamig_pg.so").
std::string BackendFileName(const std::string& scheme);

/// The directories searched for backend modules, in order: only
/// $LUAMIG_BACKEND_DIR when it is set; otherwise the directory of the binary
/// that holds this code (the executable, libluamig.so or the Lua module), its
/// luamig/ subdirectory, the backend directory relative to an installed
/// executable (../lib/…/luamig), and the configured install directory.
std::vector<std::string> BackendSearchDirs();

/// Loads the backend module for `scheme` (dlopen, once per process: a loaded
/// module is never unloaded, since connections it made point into its code)
/// and checks that it comes from this build. Errors (kUsage) name the file and
/// the directories searched, or the loader's reason.
Result<const BackendModule*> LoadBackend(const std::string& scheme);

}  // namespace luamig::db

#endif  // LUAMIG_DB_BACKEND_LOADER_H_
