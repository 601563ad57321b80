// SPDX-License-Identifier: MIT
// luaopen_luamig: the entry point of `require "luamig"` in a host's LuaJIT.
//
// The module drives the public luamig::Migrator API only. Revision scripts
// run in libluamig's own lua_State, never in the host's: the host state only
// sees the luamig table, migrator objects, result tables and its on_event
// calls.
#include <lua.hpp>

#include <exception>

#include "luamig/migrator.h"
#include "luamig/version.h"
#include "luamod/migrator_box.h"
#include "luamod/open_options.h"
#include "luamod/reply.h"

#define LUAMIG_LUAMOD_EXPORT __attribute__((visibility("default")))

namespace luamig::luamod {
namespace {

constexpr int kBoxSlot = kOpenLastSlot + 1;

// Creates the Handle and opens the Migrator; every C++ object lives here.
void OpenGuarded(lua_State* L, Box* box, Reply* r) noexcept {
  try {
    MigratorOptions options;
    Status read = ReadOpenOptions(L, &options);
    if (!read.ok()) {
      r->status = std::move(read);
      return;
    }
    auto handle = std::make_unique<Handle>(box);
    if (lua_isfunction(L, kOnEventSlot)) options.events = &handle->sink;
    handle->sink.Begin(L);
    Result<std::unique_ptr<Migrator>> opened = Migrator::Open(std::move(options));
    handle->sink.End();
    r->event_errors = handle->sink.TakeErrors();
    if (!opened.ok()) {
      r->status = opened.status();
      return;
    }
    handle->migrator = std::move(opened).value();
    box->handle = handle.release();
  } catch (const std::exception& e) {
    r->status = Status(StatusCode::kInternal, std::string());
    try {
      r->status = Status::Internal(std::string("luamig module: ") + e.what());
    } catch (...) {
    }
  } catch (...) {
    r->status = Status(StatusCode::kInternal, std::string());
  }
}

// luamig.open{ url =, scripts =, config =, env =, x =, on_event =,
// lock_timeout = } → migrator | nil, error. The trampoline: options are
// checked (raising) before any C++ object exists.
int Open(lua_State* L) {
  CheckOpenOptions(L);
  Box* box = NewBox(L, kOnEventSlot);
  Reply* r = NewReply(L);
  ArmEvents(L, kBoxSlot);
  OpenGuarded(L, box, r);
  DisarmEvents(L, kBoxSlot);
  if (!r->status.ok()) {
    int n = PushReply(L, *r);
    ClearReply(r);
    return n;
  }
  lua_pushvalue(L, kBoxSlot);
  return 1;
}

}  // namespace
}  // namespace luamig::luamod

extern "C" LUAMIG_LUAMOD_EXPORT int luaopen_luamig(lua_State* L) {
  using namespace luamig::luamod;
  RegisterReplyTypes(L);
  RegisterMigratorType(L);
  lua_createtable(L, 0, 2);
  lua_pushcfunction(L, Open);
  lua_setfield(L, -2, "open");
  lua_pushstring(L, LUAMIG_VERSION_STRING);
  lua_setfield(L, -2, "version");
  return 1;
}
