// SPDX-License-Identifier: MIT
// The only module that includes lua.h. Owns a LuaJIT state, gives each
// revision script its own sandboxed environment, and turns Lua errors into
// Status values that name the file and line.
//
// Sandbox: scripts and config files see assert, error, ipairs, next, pairs,
// pcall, xpcall, select, tonumber, tostring, type, unpack, raw*, (get|set)
// metatable, string, table, math, bit, print and os.{time,date,clock,getenv,
// difftime}; not io, load*, dofile, require, debug, os.execute, _G. Each
// script gets its own copies of the library tables, so `string.x = …` in one
// script is invisible to the next; the shared string metatable is locked.
//
// os.getenv: a config file reads every variable (it builds the database URL
// from them). A revision script gets nil for every variable that holds or
// may hold a secret (see VisibleEnv).
//
// print(...): the library never writes to stdout. Inside CallMigration a
// print line (arguments tab-separated, as Lua's print) goes to the
// executor's Log, like op.log; while a script or config file is being loaded
// it is dropped.
#ifndef LUAMIG_LUA_LUA_STATE_H_
#define LUAMIG_LUA_LUA_STATE_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "luamig/secrets.h"
#include "luamig/status.h"
#include "ops/executor.h"

struct lua_State;

namespace luamig::lua {

class OpBinding;

/// A plain copy of Lua data (no functions): config files and script headers.
struct Data {
  using List = std::vector<Data>;
  using Map = std::map<std::string, Data>;
  std::variant<std::monostate, bool, double, std::string, std::shared_ptr<List>,
               std::shared_ptr<Map>>
      v;
  bool is_nil() const { return std::holds_alternative<std::monostate>(v); }
  const std::string* str() const { return std::get_if<std::string>(&v); }
  const bool* boolean() const { return std::get_if<bool>(&v); }
  const double* number() const { return std::get_if<double>(&v); }
  /// A table with keys 1..n (an empty table is a list too).
  const List* list() const;
  /// A table with string keys (an empty table is a map too).
  const Map* map() const;
  /// Field of a map, or nil.
  const Data& operator[](const std::string& key) const;
  /// "nil", "boolean", "number", "string", "table".
  const char* TypeName() const;
};

/// A function a config file may call (e.g. `glob` for a `targets` function):
/// its arguments copied to Data, its result (or error message) back to Lua.
using ConfigHelper = std::function<Result<Data>(const std::vector<Data>& args)>;

/// What EvalConfig calls: a setting that may be written as a function.
struct ConfigCalls {
  /// Where such a function may sit, as keys from the file's globals; "*"
  /// stands for every key of that table (e.g. {"environments", "*",
  /// "targets"}). A function found there is called with one argument, a
  /// table of `helpers`, and its result replaces it.
  std::vector<std::vector<std::string>> paths;
  std::map<std::string, ConfigHelper> helpers;
};

/// Handle to one loaded script's environment inside a LuaState.
using ScriptId = int;

/// One LuaJIT state. Not thread-safe; use one per thread (a Migrator owns one).
class LuaState {
 public:
  LuaState();
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  /// Compiles and runs `source` (named `name` in errors) in a fresh sandboxed
  /// environment, keeping the environment for later calls. Errors (kProject)
  /// name the file and line.
  Result<ScriptId> LoadScript(const std::string& name, const std::string& source);

  /// A global of the script's environment, copied (functions become nil).
  Result<Data> GetGlobal(ScriptId script, const std::string& key);
  /// Lua's name for the type of the script's global `key` ("nil",
  /// "function", "table", …); "nil" for a bad id.
  std::string GlobalType(ScriptId script, const std::string& key);
  /// Whether the script defines a function named `key`.
  bool HasFunction(ScriptId script, const std::string& key);

  /// Calls `fn(op)` of the script, with `op` bound to `executor`. `x` becomes
  /// op.x. A Lua error returns kMigration naming file and line (the script's
  /// name when Lua knows no line), with the traceback in hint(). A failed op
  /// returns the executor's Status (its code, SQL and database message) with
  /// the file and line of the script line that called the op. Once an op has
  /// failed, later ops in the same call are refused and the call fails even
  /// if the script caught the error with pcall. `op` stops working when the
  /// call returns (a script that kept it gets a Lua error, never a crash).
  Status CallMigration(ScriptId script, const std::string& fn, ops::OpExecutor& executor,
                       const std::map<std::string, std::string>& x);

  /// Runs a declarative file (schema.lua) in a fresh sandboxed environment
  /// whose global `global` is an op table bound to `executor`: its top-level
  /// calls (`schema.create_table(…)`) reach the executor as they are made.
  /// Errors (kProject) name the file and line: a syntax or Lua error, or an
  /// op the executor refused (its message, located at the calling line).
  /// The environment is not kept.
  Status RunDeclarations(const std::string& name, const std::string& source,
                         const std::string& global, ops::OpExecutor& executor);

  /// Whether the script's function `key` exists and has an empty body
  /// (`function downgrade(op) end`, comments only). False when LuaJIT's
  /// jit.util cannot tell.
  bool IsEmptyFunction(ScriptId script, const std::string& key);

  /// Evaluates a config file in a restricted environment (os.getenv allowed)
  /// and returns its globals as a map.
  Result<Data> EvalConfig(const std::string& name, const std::string& source);
  /// EvalConfig, first calling the functions `calls` names (see ConfigCalls).
  /// A function that raises an error, or a helper that fails, is kProject
  /// naming the file and line.
  Result<Data> EvalConfig(const std::string& name, const std::string& source,
                          const ConfigCalls& calls);

  /// Also hides from revision scripts the variables `names` (the URL
  /// variable) and every variable whose value holds one of `secrets`.
  void HideEnvironment(std::vector<std::string> names,
                       std::shared_ptr<const SecretSet> secrets);
  /// What os.getenv(name) returns to a revision script: the variable's value,
  /// or nullptr when it is unset, its name says it is a secret
  /// (IsSecretVariableName: PGPASSWORD, *TOKEN*, …), HideEnvironment named
  /// it, its value holds a URL or keyword string with a password, or it
  /// holds a known secret.
  const char* VisibleEnv(const char* name) const noexcept;

  lua_State* raw() const { return L_; }

 private:
  Result<ScriptId> Load(const std::string& name, const std::string& source, bool config);
  // Pushes the script's environment; false (nothing pushed) for a bad id.
  bool PushEnv(ScriptId script);
  // Where print() lines go (an ops::OpExecutor*); nullptr drops them.
  void SetPrintTarget(void* executor);
  static Status OpFailure(const OpBinding& binding, const std::string& name,
                          bool script_ok, const std::string& error,
                          const std::string& trace);

  lua_State* L_;
  std::vector<int> env_refs_;       // registry refs of script environments
  std::vector<std::string> names_;  // script names, parallel to env_refs_
  std::vector<std::string> hidden_names_;
  std::shared_ptr<const SecretSet> secrets_;
};

/// Splits "file:line: message" from a Lua error into a Status (code `code`).
/// The message is kept whole. Without a location the file is `fallback_file`;
/// a location LuaJIT shortened ("...tail.lua", names over 60 bytes) is
/// restored to `fallback_file` when that ends with the tail.
Status LuaErrorToStatus(StatusCode code, const std::string& lua_message,
                        const std::string& fallback_file);

}  // namespace luamig::lua

#endif  // LUAMIG_LUA_LUA_STATE_H_
