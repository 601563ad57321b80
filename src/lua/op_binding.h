// SPDX-License-Identifier: MIT
// Builds the `op` table a revision's upgrade/downgrade receives. Each op
// function turns its Lua arguments into an ops::Op and hands it to an
// OpExecutor. Errors name the op and option; the trampoline raises them.
// Which functions exist, their options and handlers: op_table.h.
#ifndef LUAMIG_LUA_OP_BINDING_H_
#define LUAMIG_LUA_OP_BINDING_H_

#include <map>
#include <string>
#include <vector>

#include "luamig/status.h"
#include "ops/executor.h"

struct lua_State;

namespace luamig::lua {

/// One `op` table's connection to an executor, for one migration call.
/// Once the executor has refused an op, every later op of this binding (but
/// op.log) raises "an earlier op failed" without reaching the executor.
class OpBinding {
 public:
  explicit OpBinding(ops::OpExecutor& executor) : executor_(executor) {}
  /// Detaches the op tables pushed by Push: calling their functions later
  /// raises a Lua error instead of touching a dead object.
  ~OpBinding();
  OpBinding(const OpBinding&) = delete;
  OpBinding& operator=(const OpBinding&) = delete;

  /// Pushes a new `op` table bound to this object. REQUIRES: called at most
  /// once per OpBinding.
  void Push(lua_State* L, const std::map<std::string, std::string>& x);
  /// Pushes a `batch` object whose functions add to batch(). REQUIRES: Push
  /// was called.
  void PushBatch(lua_State* L);

  /// The Status of the op the executor refused (ok when none).
  const Status& last_error() const { return last_error_; }
  /// The Lua error message raised for that op ("file:line: op: message").
  const std::string& raised_message() const { return raised_message_; }

  ops::OpExecutor& executor() { return executor_; }
  void set_last_error(Status s) { last_error_ = std::move(s); }
  void set_raised_message(std::string m) { raised_message_ = std::move(m); }

  /// The batch being collected by batch_alter_table's function (nullptr
  /// outside one); batch.* calls add to it instead of applying.
  ops::BatchAlterTable* batch() { return batch_; }
  void set_batch(ops::BatchAlterTable* b) { batch_ = b; }
  /// True while a batch.* function runs (its op is collected, not applied).
  bool in_batch_call() const { return in_batch_call_; }
  void set_in_batch_call(bool v) { in_batch_call_ = v; }

 private:
  ops::OpExecutor& executor_;
  Status last_error_;
  std::string raised_message_;
  ops::BatchAlterTable* batch_ = nullptr;
  bool in_batch_call_ = false;
  lua_State* L_ = nullptr;
  int box_ref_ = -2;  // registry ref of the userdata holding `this` (LUA_NOREF)
};

}  // namespace luamig::lua

#endif  // LUAMIG_LUA_OP_BINDING_H_
