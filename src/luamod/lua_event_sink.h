// SPDX-License-Identifier: MIT
// Delivers luamig's events to a Lua function (the on_event option of
// luamig.open) as tables.
#ifndef LUAMIG_LUAMOD_LUA_EVENT_SINK_H_
#define LUAMIG_LUAMOD_LUA_EVENT_SINK_H_

#include <string>
#include <vector>

#include "luamig/events.h"

struct lua_State;

namespace luamig::luamod {

/// An EventSink that calls the Lua function stored in the registry under
/// the light userdata `key`, on the Lua thread given to Begin.
///
/// The events arrive while libluamig's C++ frames are live, so the handler
/// runs under lua_cpcall and lua_pcall: an error it raises (or a yield, or
/// running out of memory while the event table is built) stops at that
/// boundary and never unwinds through C++. Such an error is recorded
/// (message and traceback) and the run goes on: progress display must not
/// decide whether a migration commits. Errors() hands the messages to the
/// method's result as `event_errors`.
///
/// Not thread-safe; used by the one thread running the migrator.
class LuaEventSink final : public EventSink {
 public:
  explicit LuaEventSink(const void* key) : key_(key) {}
  LuaEventSink(const LuaEventSink&) = delete;
  LuaEventSink& operator=(const LuaEventSink&) = delete;

  /// Events go to `L` until End(); outside Begin/End they are dropped.
  void Begin(lua_State* L) noexcept;
  void End() noexcept { L_ = nullptr; }
  /// The errors recorded since the last call, at most kMaxErrors of them
  /// (a last entry says how many more were dropped).
  std::vector<std::string> TakeErrors();

  void OnPlan(const std::vector<StepInfo>& steps) override;
  void OnStepStarted(const StepInfo& step, size_t index, size_t total) override;
  void OnStepFinished(const StepInfo& step, std::chrono::microseconds duration) override;
  void OnWaitingForLock(const std::string& what) override;
  void OnLog(const std::string& revision, const std::string& message) override;
  void OnWarning(const std::string& message) override;

  static constexpr size_t kMaxErrors = 20;

  /// One event, as plain pointers into the caller's values (read by the Lua
  /// side while the caller's frame is live).
  struct Event {
    const void* key = nullptr;
    const char* type = "";
    const std::vector<StepInfo>* plan = nullptr;
    const StepInfo* step = nullptr;
    size_t index = 0;  ///< 0-based; Lua sees index + 1
    size_t total = 0;
    double duration_ms = -1;  ///< < 0: not a step_finished event
    const std::string* revision = nullptr;
    const std::string* text = nullptr;
    const char* text_field = "message";  ///< the field `text` goes to
  };

 private:
  void Deliver(const Event& e) noexcept;

  const void* key_;
  lua_State* L_ = nullptr;
  std::vector<std::string> errors_;
  size_t dropped_ = 0;
  size_t step_index_ = 0;  // of the last step_started, for step_finished
  size_t step_total_ = 0;
};

}  // namespace luamig::luamod

#endif  // LUAMIG_LUAMOD_LUA_EVENT_SINK_H_
