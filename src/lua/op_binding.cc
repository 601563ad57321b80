#include "lua/op_binding.h"

#include <lua.hpp>

#include "lua/stack.h"

namespace luamig::lua {
namespace {

// A handler reads arguments and runs its op. It returns the number of Lua
// results, or -1 with *error set. It never raises a Lua error itself.
using Handler = int (*)(lua_State* L, OpBinding& b, ArgReader& args);

int Run(OpBinding& b, ArgReader& args, const ops::Op& op) {
  Status s = b.executor().Apply(op);
  if (s.ok()) return 0;
  std::string msg = s.message();
  b.set_last_error(std::move(s));
  args.Fail(msg);
  return -1;
}

const std::vector<std::string> kColumnOptions = {
    "primary_key", "nullable", "default", "server_default", "unique", "references"};

bool ReadColumnOptions(int idx, ArgReader& args, ops::ColumnSpec* c) {
  bool has_default = false, has_server_default = false, has_ref = false;
  ops::Value def;
  std::string server_default, ref;
  bool ok = args.OnlyOptions(idx, kColumnOptions, 2, "column definition") &&
            args.BoolOpt(idx, "primary_key", &c->primary_key) &&
            args.BoolOpt(idx, "nullable", &c->nullable) &&
            args.BoolOpt(idx, "unique", &c->unique) &&
            args.ValueOpt(idx, "default", &def, &has_default) &&
            args.StringOpt(idx, "server_default", &server_default, &has_server_default) &&
            args.StringOpt(idx, "references", &ref, &has_ref);
  if (!ok) return false;
  if (has_default && has_server_default)
    return args.Fail("give default or server_default, not both");
  if (c->primary_key) c->nullable = false;
  if (has_default) c->default_value = def;
  if (has_server_default) c->server_default = server_default;
  if (has_ref) c->references = ref;
  return true;
}

// `{ "name", "type", option = … }` at `idx` → ColumnSpec. Errors after the
// name is known say which column.
bool ReadColumn(lua_State* L, int idx, ArgReader& args, ops::ColumnSpec* c) {
  if (!args.Table(idx, "column", false)) return false;
  lua_rawgeti(L, idx, 1);
  lua_rawgeti(L, idx, 2);
  std::string type;
  bool ok = args.Name(-2, "column name (entry 1)", &c->name) &&
            args.Name(-1, "column type (entry 2)", &type);
  lua_pop(L, 2);
  if (!ok) return false;
  c->type = ops::SqlType::Parse(type);
  if (!ReadColumnOptions(idx, args, c)) return args.Prefix("column '" + c->name + "': ");
  return true;
}

int Execute(lua_State*, OpBinding& b, ArgReader& args) {
  ops::ExecuteSql op;
  if (!args.Name(1, "sql", &op.sql) || !args.Params(2, &op.params)) return -1;
  return Run(b, args, op);
}

int Query(lua_State* L, OpBinding& b, ArgReader& args) {
  std::string sql;
  std::vector<ops::Value> params;
  if (!args.Name(1, "sql", &sql) || !args.Params(2, &params)) return -1;
  auto rows = b.executor().Query(sql, params);
  if (!rows.ok()) {
    args.Fail(rows.status().message());
    b.set_last_error(rows.status());
    return -1;
  }
  lua_createtable(L, static_cast<int>(rows->rows.size()), 0);
  for (size_t r = 0; r < rows->rows.size(); ++r) {
    lua_createtable(L, 0, static_cast<int>(rows->columns.size()));
    for (size_t c = 0; c < rows->columns.size(); ++c) {
      PushValue(L, rows->rows[r][c]);
      lua_setfield(L, -2, rows->columns[c].c_str());
    }
    lua_rawseti(L, -2, static_cast<int>(r + 1));
  }
  return 1;
}

int CreateTable(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::CreateTable op;
  if (!args.Name(1, "table name", &op.table) || !args.Table(2, "columns", false))
    return -1;
  if (!args.Table(3, "options", true)) return -1;
  if (lua_istable(L, 3) &&
      (!args.OnlyOptions(3, {"if_not_exists"}, 0, "create_table options") ||
       !args.BoolOpt(3, "if_not_exists", &op.if_not_exists))) {
    return -1;
  }
  int n = static_cast<int>(lua_objlen(L, 2));
  if (n == 0) return args.Fail("columns must list at least one column"), -1;
  if (!args.OnlyOptions(2, {}, n, "columns")) return -1;
  for (int i = 1; i <= n; ++i) {
    lua_rawgeti(L, 2, i);
    bool ok = ReadColumn(L, lua_gettop(L), args, &op.columns.emplace_back());
    lua_pop(L, 1);
    if (!ok) return -1;
  }
  return Run(b, args, op);
}

int DropTable(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::DropTable op;
  if (!args.Name(1, "table name", &op.table) || !args.Table(2, "options", true))
    return -1;
  if (lua_istable(L, 2) &&
      (!args.OnlyOptions(2, {"if_exists"}, 0, "drop_table options") ||
       !args.BoolOpt(2, "if_exists", &op.if_exists))) {
    return -1;
  }
  return Run(b, args, op);
}

int AddColumn(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::AddColumn op;
  if (!args.Name(1, "table name", &op.table) || !ReadColumn(L, 2, args, &op.column)) {
    return -1;
  }
  return Run(b, args, op);
}

int DropColumn(lua_State*, OpBinding& b, ArgReader& args) {
  ops::DropColumn op;
  if (!args.Name(1, "table name", &op.table) ||
      !args.Name(2, "column name", &op.column)) {
    return -1;
  }
  return Run(b, args, op);
}

int CreateIndex(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::CreateIndex op;
  if (!args.Name(1, "index name", &op.name) || !args.Name(2, "table name", &op.table) ||
      !args.StringList(3, "columns", &op.columns) || !args.Table(4, "options", true)) {
    return -1;
  }
  if (op.columns.empty()) return args.Fail("columns must name at least one column"), -1;
  if (lua_istable(L, 4) &&
      (!args.OnlyOptions(4, {"unique", "if_not_exists"}, 0, "create_index options") ||
       !args.BoolOpt(4, "unique", &op.unique) ||
       !args.BoolOpt(4, "if_not_exists", &op.if_not_exists))) {
    return -1;
  }
  return Run(b, args, op);
}

int DropIndex(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::DropIndex op;
  if (!args.Name(1, "index name", &op.name) || !args.Table(2, "options", true)) return -1;
  if (lua_istable(L, 2) &&
      (!args.OnlyOptions(2, {"if_exists", "table"}, 0, "drop_index options") ||
       !args.BoolOpt(2, "if_exists", &op.if_exists) ||
       !args.StringOpt(2, "table", &op.table))) {
    return -1;
  }
  return Run(b, args, op);
}

int Log(lua_State*, OpBinding& b, ArgReader& args) {
  std::string message;
  if (!args.String(1, "message", &message)) return -1;
  b.executor().Log(message);
  return 0;
}

struct Entry {
  const char* name;
  Handler fn;
};
const Entry kOps[] = {
    {"execute", Execute},
    {"query", Query},
    {"create_table", CreateTable},
    {"drop_table", DropTable},
    {"add_column", AddColumn},
    {"drop_column", DropColumn},
    {"create_index", CreateIndex},
    {"drop_index", DropIndex},
    {"log", Log},
};

// Runs the handler with every C++ object scoped inside; catches everything.
// Returns the result count, or -1 with the error message pushed.
int Invoke(lua_State* L) noexcept {
  auto* box = static_cast<OpBinding**>(lua_touserdata(L, lua_upvalueindex(1)));
  const Entry& entry = kOps[lua_tointeger(L, lua_upvalueindex(2))];
  OpBinding* binding = box != nullptr ? *box : nullptr;
  int n = -1;
  std::string error;
  try {
    ArgReader args(L);
    if (binding == nullptr) {
      args.Fail("op used after its migration returned (keep no reference to op)");
    } else if (!binding->last_error().ok() && entry.fn != Log) {
      args.Fail("not run: an earlier op failed (" + binding->last_error().message() +
                ")");
    } else {
      n = entry.fn(L, *binding, args);
    }
    if (n < 0) error = args.error();
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unexpected C++ exception";
  }
  if (n >= 0) return n;
  luaL_where(L, 1);
  lua_pushfstring(L, "%s: %s", entry.name, error.c_str());
  lua_concat(L, 2);
  if (binding != nullptr && !binding->last_error().ok() &&
      binding->raised_message().empty()) {
    binding->set_raised_message(lua_tostring(L, -1));
  }
  return -1;
}

// The trampoline: no C++ objects live here when lua_error unwinds.
int Trampoline(lua_State* L) {
  int n = Invoke(L);
  if (n < 0) return lua_error(L);
  return n;
}

}  // namespace

std::vector<std::string> OpBinding::FunctionNames() {
  std::vector<std::string> out;
  for (const Entry& e : kOps) out.push_back(e.name);
  return out;
}

OpBinding::~OpBinding() {
  if (L_ == nullptr) return;
  lua_rawgeti(L_, LUA_REGISTRYINDEX, box_ref_);
  auto* box = static_cast<OpBinding**>(lua_touserdata(L_, -1));
  if (box != nullptr) *box = nullptr;
  lua_pop(L_, 1);
  luaL_unref(L_, LUA_REGISTRYINDEX, box_ref_);
}

void OpBinding::Push(lua_State* L, const std::map<std::string, std::string>& x) {
  auto** box = static_cast<OpBinding**>(lua_newuserdata(L, sizeof(OpBinding*)));
  *box = this;
  L_ = L;
  box_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_newtable(L);
  for (size_t i = 0; i < sizeof(kOps) / sizeof(kOps[0]); ++i) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, box_ref_);
    lua_pushinteger(L, static_cast<lua_Integer>(i));
    lua_pushcclosure(L, Trampoline, 2);
    lua_setfield(L, -2, kOps[i].name);
  }
  lua_pushstring(L, executor_.DialectName().c_str());
  lua_setfield(L, -2, "dialect");
  lua_pushboolean(L, executor_.Offline());
  lua_setfield(L, -2, "offline");
  lua_pushlightuserdata(L, NullSentinel());
  lua_setfield(L, -2, "NULL");
  lua_newtable(L);
  for (const auto& [k, v] : x) {
    lua_pushstring(L, v.c_str());
    lua_setfield(L, -2, k.c_str());
  }
  lua_setfield(L, -2, "x");
}

}  // namespace luamig::lua
