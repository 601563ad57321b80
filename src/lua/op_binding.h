// Builds the `op` table a revision's upgrade/downgrade receives. Each op
// function turns its Lua arguments into an ops::Op and hands it to an
// OpExecutor. Errors name the op and option; the trampoline raises them.
#ifndef LUAMIG_LUA_OP_BINDING_H_
#define LUAMIG_LUA_OP_BINDING_H_

#include <map>
#include <string>
#include <vector>

#include "luamig/status.h"
#include "ops/executor.h"

struct lua_State;

namespace luamig::lua {

class OpBinding {
 public:
  explicit OpBinding(ops::OpExecutor& executor) : executor_(executor) {}
  OpBinding(const OpBinding&) = delete;
  OpBinding& operator=(const OpBinding&) = delete;

  /// Pushes a new `op` table bound to this object (which must outlive its use).
  void Push(lua_State* L, const std::map<std::string, std::string>& x);

  /// The Status of the last op the executor refused (ok when none).
  const Status& last_error() const { return last_error_; }

  /// Names of every function in the op table (for annotation checks).
  static std::vector<std::string> FunctionNames();

  ops::OpExecutor& executor() { return executor_; }
  void set_last_error(Status s) { last_error_ = std::move(s); }

 private:
  ops::OpExecutor& executor_;
  Status last_error_;
};

}  // namespace luamig::lua

#endif  // LUAMIG_LUA_OP_BINDING_H_
