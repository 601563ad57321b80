// SPDX-License-Identifier: MIT
// The contract between the db layer and a backend module: a shared object
// (luamig_pg.so) that the db layer loads with dlopen the first time a URL of
// its scheme is opened, so that a process that never opens one never maps
// the backend's libraries (libpqxx, libpq and what they pull in).
//
// The module exports one C symbol, kBackendEntrySymbol, returning a
// BackendModule table. The table's functions pass C++ objects (Connection,
// Status), so a module is only ever loaded by the luamig build it came from:
// the loader refuses a table whose abi, version or compiler differ.
#ifndef LUAMIG_DB_BACKEND_MODULE_H_
#define LUAMIG_DB_BACKEND_MODULE_H_

#include <cstdint>

#include "db/connection.h"
#include "luamig/status.h"

namespace luamig::db {

/// Bumped whenever BackendModule or Connection changes shape.
inline constexpr std::uint32_t kBackendAbi = 2;

/// The symbol a backend module exports (C linkage).
inline constexpr const char kBackendEntrySymbol[] = "luamig_backend_v1";

/// Identifies the compiler, so a module built by another one is refused.
#ifdef __VERSION__
inline constexpr const char kBackendCompiler[] = __VERSION__;
#else
inline constexpr const char kBackendCompiler[] = "unknown";
#endif

struct BackendModule {
  std::uint32_t abi;           ///< kBackendAbi of the module's build
  const char* luamig_version;  ///< LUAMIG_VERSION_STRING of the module's build
  const char* compiler;        ///< kBackendCompiler of the module's build
  const char* scheme;          ///< the URL scheme it serves ("postgresql")
  /// Opens a connection from the URL's target (for PostgreSQL, the libpq URI).
  /// On success returns a connection the caller owns (delete through
  /// Connection's virtual destructor) and leaves `*error` alone; on failure
  /// returns null and sets `*error`.
  Connection* (*open)(const char* target, Status* error);
};

/// The entry point's type.
using BackendEntry = const BackendModule* (*)();

}  // namespace luamig::db

#endif  // LUAMIG_DB_BACKEND_MODULE_H_
