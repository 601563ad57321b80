// SPDX-License-Identifier: MIT
// Everything one run needs, passed explicitly (no globals: many Migrators may
// run in one process).
#ifndef LUAMIG_RUNTIME_CONTEXT_H_
#define LUAMIG_RUNTIME_CONTEXT_H_

#include <chrono>
#include <map>
#include <string>

#include "db/connection.h"
#include "dialect/dialect.h"
#include "graph/revision_map.h"
#include "lua/lua_state.h"
#include "luamig/events.h"
#include "runtime/history_table.h"
#include "runtime/version_table.h"
#include "script/script_loader.h"

namespace luamig::runtime {

struct MigrationContext {
  db::Connection& conn;
  const dialect::Dialect& dialect;
  lua::LuaState& lua;
  const script::LoadedScripts& scripts;
  const graph::RevisionMap& graph;
  VersionTable& version_table;
  EventSink* events = nullptr;  ///< may be null
  std::map<std::string, std::string> x;
  bool transaction_per_migration = true;
  /// How long to wait for another runner (the run lock); negative = forever.
  std::chrono::milliseconds lock_timeout{-1};
  /// Where each step is recorded; null = no history (tests of the bare runner).
  HistoryTable* history = nullptr;
  /// Config-wide statement limits; a revision's own settings override them.
  db::StatementLimits limits;
  /// Retries of a migration that failed on a lock (a revision may override).
  int lock_retries = 0;
  /// First wait before a retry; doubled each time, at most 30 s.
  std::chrono::milliseconds retry_backoff{200};
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_CONTEXT_H_
