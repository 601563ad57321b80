// SPDX-License-Identifier: MIT
// Checked reads of op arguments and option tables. None of these raise Lua
// errors: they return false and leave a message naming the option, which the
// op binding turns into one Lua error at its trampoline.
#ifndef LUAMIG_LUA_STACK_H_
#define LUAMIG_LUA_STACK_H_

#include <optional>
#include <string>
#include <vector>

#include "ops/value.h"

struct lua_State;

namespace luamig::lua {

/// Reads arguments of one op call. The first failure is kept in error().
class ArgReader {
 public:
  explicit ArgReader(lua_State* L) : L_(L) {}

  /// Positional argument `idx` must be a non-empty string named `what`.
  bool Name(int idx, const char* what, std::string* out);
  /// Positional argument `idx` must be a string (may be empty).
  bool String(int idx, const char* what, std::string* out);
  /// Positional argument `idx` must be a table; `optional` allows nil/none.
  bool Table(int idx, const char* what, bool optional);
  /// Positional argument `idx`: nil/none or an array of strings.
  bool StringList(int idx, const char* what, std::vector<std::string>* out);
  /// Positional argument `idx`: nil/none or an array of SQL values.
  bool Params(int idx, std::vector<ops::Value>* out);

  /// Checks that the table at `idx` uses only string keys from `allowed`
  /// (positional entries allowed when `positional` > 0, up to that many).
  bool OnlyOptions(int idx, const std::vector<std::string>& allowed, int positional,
                   const char* what);
  /// Options of the table at `idx` (absent keys leave *out unchanged). Read
  /// raw: no metamethod of the caller's table runs inside C++ frames.
  bool BoolOpt(int idx, const char* key, bool* out);
  bool StringOpt(int idx, const char* key, std::string* out, bool* present = nullptr);
  bool ValueOpt(int idx, const char* key, ops::Value* out, bool* present);
  /// nil, true or false (absent leaves *out unset).
  bool OptionalBoolOpt(int idx, const char* key, std::optional<bool>* out);
  /// nil, a string or an array of strings.
  bool StringListOpt(int idx, const char* key, std::vector<std::string>* out,
                     bool* present = nullptr);
  /// nil or one of `choices` (compared case-insensitively; stored lower-case).
  /// For words spliced into SQL as keywords (ON DELETE CASCADE, …).
  bool ChoiceOpt(int idx, const char* key, const std::vector<std::string>& choices,
                 std::string* out);
  /// nil, a string or an op.sql(...) value: raw SQL text.
  bool SqlOpt(int idx, const char* key, std::string* out, bool* present);
  /// Positional argument `idx` must be a function.
  bool Function(int idx, const char* what);
  /// Positional argument `idx`: nil/none or a table of options from `allowed`.
  bool Options(int idx, const std::vector<std::string>& allowed, const char* what);

  bool Fail(std::string message);
  /// Fails with a message that is raised as is (no "file:line: op:" prefix),
  /// for errors that already carry their location (autocommit, batch bodies).
  bool FailRaw(std::string message);
  bool raw() const { return raw_; }
  /// Prefixes the kept error with `context` (e.g. "column 'id': "); false.
  bool Prefix(const std::string& context);
  const std::string& error() const { return error_; }

 private:
  lua_State* L_;
  std::string error_;
  bool raw_ = false;
};

/// Lua value at `idx` → SQL value. op.NULL and nil become NULL; integral
/// numbers with magnitude up to 2^53 (exact in a Lua number) become int64,
/// other numbers double; strings keep every byte (zero bytes included). False with *error
/// on other types.
bool ToValue(lua_State* L, int idx, ops::Value* out, std::string* error);
/// Pushes `v` (NULL as op.NULL's sentinel when `null_sentinel`, else nil).
void PushValue(lua_State* L, const ops::Value& v);

/// The light userdata used as op.NULL.
void* NullSentinel();

/// Pushes op.sql(text): a table { sql = text } marked as an SQL expression.
void PushSqlExpr(lua_State* L, const std::string& text);
/// Whether the value at `idx` is an op.sql(...) value; its text in *out.
bool SqlExprAt(lua_State* L, int idx, std::string* out);

/// Lua type name of the value at `idx`.
const char* TypeNameAt(lua_State* L, int idx);

}  // namespace luamig::lua

#endif  // LUAMIG_LUA_STACK_H_
