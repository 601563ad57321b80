// SPDX-License-Identifier: MIT
// The Lua object luamig.open returns: a userdata (Box) that owns a Migrator
// and the sink of its events.
#ifndef LUAMIG_LUAMOD_MIGRATOR_BOX_H_
#define LUAMIG_LUAMOD_MIGRATOR_BOX_H_

#include <memory>

#include "luamig/migrator.h"
#include "luamod/lua_event_sink.h"

struct lua_State;

namespace luamig::luamod {

inline constexpr char kMigratorMeta[] = "luamig.migrator";

/// The C++ side of one luamig.open.
struct Handle {
  explicit Handle(const void* key) : sink(key) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  LuaEventSink sink;  // declared first: outlives the migrator, as it must
  std::unique_ptr<Migrator> migrator;
  /// A method is running: on_event calling back into the same migrator (or
  /// closing it) is refused instead of re-entering the Migrator.
  bool busy = false;
};

/// The userdata. Plain data, so that a Lua error raised before Open
/// succeeded strands nothing; `handle` is nullptr until then and after
/// close(). The userdata's environment table holds { on_event = function },
/// so a handler that refers back to its migrator forms no uncollectable
/// cycle through the registry.
struct Box {
  Handle* handle;
};

/// Registers the migrator metatable and its methods. Call once from
/// luaopen_luamig.
void RegisterMigratorType(lua_State* L);

/// Pushes a new Box (no handle yet) whose on_event is the value at
/// `on_event_slot` (nil for none). May raise (memory).
Box* NewBox(lua_State* L, int on_event_slot);

/// While a method of the Box at `box_slot` runs, its on_event is reachable
/// by the LuaEventSink under registry[lightuserdata(box)]; Disarm removes it
/// (so no reference outlives the call).
void ArmEvents(lua_State* L, int box_slot);
void DisarmEvents(lua_State* L, int box_slot);

}  // namespace luamig::luamod

#endif  // LUAMIG_LUAMOD_MIGRATOR_BOX_H_
