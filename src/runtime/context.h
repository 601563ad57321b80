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
  std::chrono::milliseconds lock_timeout{-1};
};

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_CONTEXT_H_
