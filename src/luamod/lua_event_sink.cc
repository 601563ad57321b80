// SPDX-License-Identifier: MIT
#include "luamod/lua_event_sink.h"

#include <lua.hpp>

namespace luamig::luamod {
namespace {

using Event = LuaEventSink::Event;

// Message handler: the error with a traceback of the handler's frames.
int Traceback(lua_State* L) {
  const char* msg = lua_tostring(L, 1);
  if (msg == nullptr) msg = "(error object is not a string)";
  luaL_traceback(L, L, msg, 1);
  return 1;
}

// Fields of a step on the table at the top of the stack.
void SetStepFields(lua_State* L, const StepInfo& s) {
  lua_pushlstring(L, s.revision.data(), s.revision.size());
  lua_setfield(L, -2, "revision");
  lua_pushstring(L, s.direction == Direction::kUpgrade ? "upgrade" : "downgrade");
  lua_setfield(L, -2, "direction");
  lua_pushlstring(L, s.message.data(), s.message.size());
  lua_setfield(L, -2, "message");
  lua_pushlstring(L, s.file.data(), s.file.size());
  lua_setfield(L, -2, "file");
  lua_pushboolean(L, s.stamp_only ? 1 : 0);
  lua_setfield(L, -2, "stamp_only");
}

void SetPlan(lua_State* L, const std::vector<StepInfo>& plan) {
  lua_createtable(L, static_cast<int>(plan.size()), 0);
  for (size_t i = 0; i < plan.size(); ++i) {
    lua_createtable(L, 0, 5);
    SetStepFields(L, plan[i]);
    lua_rawseti(L, -2, static_cast<int>(i + 1));
  }
  lua_setfield(L, -2, "steps");
}

void PushEventTable(lua_State* L, const Event& e) {
  lua_createtable(L, 0, 8);
  lua_pushstring(L, e.type);
  lua_setfield(L, -2, "type");
  if (e.plan != nullptr) SetPlan(L, *e.plan);
  if (e.step != nullptr) {
    SetStepFields(L, *e.step);
    lua_pushnumber(L, static_cast<lua_Number>(e.index + 1));
    lua_setfield(L, -2, "index");
    lua_pushnumber(L, static_cast<lua_Number>(e.total));
    lua_setfield(L, -2, "total");
  }
  if (e.duration_ms >= 0) {
    lua_pushnumber(L, e.duration_ms);
    lua_setfield(L, -2, "duration_ms");
  }
  if (e.revision != nullptr) {
    lua_pushlstring(L, e.revision->data(), e.revision->size());
    lua_setfield(L, -2, "revision");
  }
  if (e.text != nullptr) {
    lua_pushlstring(L, e.text->data(), e.text->size());
    lua_setfield(L, -2, e.text_field);
  }
}

// Runs under lua_cpcall: builds the event table and calls the handler with a
// traceback; a handler error is re-raised to the cpcall boundary. Declares
// no C++ objects, so raising here skips no destructor.
int DeliverEvent(lua_State* L) {
  const auto* e = static_cast<const Event*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  lua_pushcfunction(L, Traceback);
  lua_pushlightuserdata(L, const_cast<void*>(e->key));
  lua_rawget(L, LUA_REGISTRYINDEX);
  if (!lua_isfunction(L, 2)) return 0;
  PushEventTable(L, *e);
  if (lua_pcall(L, 1, 0, 1) != 0) return lua_error(L);
  return 0;
}

}  // namespace

void LuaEventSink::Begin(lua_State* L) noexcept { L_ = L; }

std::vector<std::string> LuaEventSink::TakeErrors() {
  std::vector<std::string> out;
  out.swap(errors_);
  if (dropped_ > 0) {
    out.push_back("(" + std::to_string(dropped_) + " more on_event errors not kept)");
    dropped_ = 0;
  }
  return out;
}

void LuaEventSink::Deliver(const Event& e) noexcept {
  if (L_ == nullptr) return;
  int top = lua_gettop(L_);
  if (lua_cpcall(L_, DeliverEvent, const_cast<Event*>(&e)) != 0) {
    const char* msg = lua_tostring(L_, -1);
    try {
      if (errors_.size() < kMaxErrors) {
        errors_.push_back(std::string("on_event (") + e.type + "): " +
                          (msg != nullptr ? msg : "(error object is not a string)"));
      } else {
        ++dropped_;
      }
    } catch (...) {
      ++dropped_;
    }
  }
  lua_settop(L_, top);
}

void LuaEventSink::OnPlan(const std::vector<StepInfo>& steps) {
  Event e;
  e.key = key_;
  e.type = "plan";
  e.plan = &steps;
  Deliver(e);
}

void LuaEventSink::OnStepStarted(const StepInfo& step, size_t index, size_t total) {
  Event e;
  e.key = key_;
  e.type = "step_started";
  e.step = &step;
  e.index = step_index_ = index;
  e.total = step_total_ = total;
  Deliver(e);
}

void LuaEventSink::OnStepFinished(const StepInfo& step,
                                  std::chrono::microseconds duration) {
  Event e;
  e.key = key_;
  e.type = "step_finished";
  e.step = &step;
  e.index = step_index_;
  e.total = step_total_;
  e.duration_ms = static_cast<double>(duration.count()) / 1000.0;
  Deliver(e);
}

void LuaEventSink::OnWaitingForLock(const std::string& what) {
  Event e;
  e.key = key_;
  e.type = "waiting_for_lock";
  e.text = &what;
  e.text_field = "what";
  Deliver(e);
}

void LuaEventSink::OnLog(const std::string& revision, const std::string& message) {
  Event e;
  e.key = key_;
  e.type = "log";
  e.revision = &revision;
  e.text = &message;
  Deliver(e);
}

void LuaEventSink::OnWarning(const std::string& message) {
  Event e;
  e.key = key_;
  e.type = "warning";
  e.text = &message;
  Deliver(e);
}

}  // namespace luamig::luamod
