// SPDX-License-Identifier: MIT
#include "lua/lua_state.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace luamig::lua {
namespace {

// Records log lines; every op succeeds.
class LogExecutor : public ops::OpExecutor {
 public:
  Status Apply(const ops::Op&) override { return Status::Ok(); }
  Result<ops::Rows> Query(const std::string&, const std::vector<ops::Value>&) override {
    return ops::Rows{};
  }
  std::string DialectName() const override { return "sqlite"; }
  void Log(const std::string& message) override { logs.push_back(message); }
  bool Offline() const override { return false; }
  std::vector<std::string> logs;
};

ScriptId MustLoad(LuaState& lua, const std::string& name, const std::string& source) {
  Result<ScriptId> id = lua.LoadScript(name, source);
  INFO(id.status().ToString());
  REQUIRE(id.ok());
  return *id;
}

std::string GlobalString(LuaState& lua, ScriptId id, const std::string& key) {
  Result<Data> d = lua.GetGlobal(id, key);
  REQUIRE(d.ok());
  return d->str() ? *d->str() : std::string("<") + d->TypeName() + ">";
}

TEST_CASE("a global set by one script is invisible to the next", "[lua]") {
  LuaState lua;
  ScriptId a = MustLoad(lua, "a.lua", "shared = 'from a'\nrevision = 'a'");
  ScriptId b = MustLoad(lua, "b.lua", "seen = type(shared)\nrevision = 'b'");
  CHECK(GlobalString(lua, b, "seen") == "nil");
  CHECK(GlobalString(lua, a, "revision") == "a");
  CHECK(GlobalString(lua, b, "revision") == "b");
}

TEST_CASE("a script changing a library table does not change it for the next", "[lua]") {
  LuaState lua;
  MustLoad(lua, "a.lua", "string.upper = nil\ntable.insert = 42\nos.time = nil");
  ScriptId b = MustLoad(lua, "b.lua",
                        "up = string.upper('x')\nti = type(table.insert)\n"
                        "ot = type(os.time)");
  CHECK(GlobalString(lua, b, "up") == "X");
  CHECK(GlobalString(lua, b, "ti") == "function");
  CHECK(GlobalString(lua, b, "ot") == "function");
}

TEST_CASE("scripts cannot reach the shared string library through its metatable",
          "[lua]") {
  LuaState lua;
  ScriptId a = MustLoad(lua, "a.lua", "mt = type(getmetatable(''))\nm = ('ab'):upper()");
  CHECK(GlobalString(lua, a, "mt") == "boolean");
  CHECK(GlobalString(lua, a, "m") == "AB");
}

TEST_CASE("the sandbox lacks io, os.execute, require, load, dofile and debug", "[lua]") {
  LuaState lua;
  ScriptId id = MustLoad(lua, "probe.lua", R"lua(
    io_t = type(io)
    exec_t = type(os.execute)
    require_t = type(require)
    load_t = type(load)
    loadstring_t = type(loadstring)
    dofile_t = type(dofile)
    loadfile_t = type(loadfile)
    debug_t = type(debug)
    g_t = type(_G)
    getfenv_t = type(getfenv)
  )lua");
  for (const char* key : {"io_t", "exec_t", "require_t", "load_t", "loadstring_t",
                          "dofile_t", "loadfile_t", "debug_t", "g_t", "getfenv_t"}) {
    INFO(key);
    CHECK(GlobalString(lua, id, key) == "nil");
  }
}

TEST_CASE("the sandbox has string, table, math, os.time and os.getenv", "[lua]") {
  LuaState lua;
  ScriptId id = MustLoad(lua, "probe.lua", R"lua(
    s = string.format("%03d", 7)
    t = table.concat({"a", "b"}, ",")
    m = tostring(math.max(2, 9))
    now = type(os.time())
    env = type(os.getenv("PATH"))
    p = pcall(error, "x") and "yes" or "no"
  )lua");
  CHECK(GlobalString(lua, id, "s") == "007");
  CHECK(GlobalString(lua, id, "t") == "a,b");
  CHECK(GlobalString(lua, id, "m") == "9");
  CHECK(GlobalString(lua, id, "now") == "number");
  CHECK(GlobalString(lua, id, "env") == "string");
  CHECK(GlobalString(lua, id, "p") == "no");
}

TEST_CASE("a syntax error is a project error with the file name and line", "[lua]") {
  LuaState lua;
  Result<ScriptId> id = lua.LoadScript(
      "versions/bad.lua", "revision = 'a'\n\nfunction upgrade(op)\n  x = = 1\nend\n");
  REQUIRE_FALSE(id.ok());
  CHECK(id.status().code() == StatusCode::kProject);
  CHECK(id.status().file() == "versions/bad.lua");
  CHECK(id.status().line() == 4);
}

TEST_CASE("a runtime error while loading names the file and line", "[lua]") {
  LuaState lua;
  Result<ScriptId> id =
      lua.LoadScript("versions/boom.lua", "revision = 'a'\nlocal t = nil\nprint(t.x)\n");
  REQUIRE_FALSE(id.ok());
  CHECK(id.status().code() == StatusCode::kProject);
  CHECK(id.status().file() == "versions/boom.lua");
  CHECK(id.status().line() == 3);
  CHECK_THAT(id.status().message(), Catch::Contains("index"));
}

TEST_CASE("a long script path is reported whole, not as LuaJIT's shortened name",
          "[lua]") {
  LuaState lua;
  std::string name(120, 'd');
  name = "/tmp/" + name + "/20250101_0900-abc_create_players.lua";
  Result<ScriptId> id = lua.LoadScript(name, "revision = 'a'\nerror('nope')\n");
  REQUIRE_FALSE(id.ok());
  CHECK(id.status().file() == name);
  CHECK(id.status().line() == 2);
}

TEST_CASE("error() in upgrade is a migration error with file, line and traceback",
          "[lua]") {
  LuaState lua;
  ScriptId id = MustLoad(lua, "versions/r1.lua",
                         "revision = 'r1'\n"
                         "local function helper()\n"
                         "  error('backfill went wrong')\n"
                         "end\n"
                         "function upgrade(op)\n"
                         "  helper()\n"
                         "end\n");
  LogExecutor ex;
  Status s = lua.CallMigration(id, "upgrade", ex, {});
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kMigration);
  CHECK(s.file() == "versions/r1.lua");
  CHECK(s.line() == 3);
  CHECK_THAT(s.message(), Catch::Contains("backfill went wrong"));
  CHECK_THAT(s.hint(), Catch::Contains("stack traceback"));
  CHECK_THAT(s.hint(), Catch::Contains("helper"));
}

TEST_CASE("an error without a location still names the script", "[lua]") {
  LuaState lua;
  ScriptId id = MustLoad(lua, "versions/r2.lua",
                         "function upgrade(op) error('plain', 0) end\n"
                         "function downgrade(op) error({}) end\n");
  LogExecutor ex;
  Status s = lua.CallMigration(id, "upgrade", ex, {});
  CHECK(s.code() == StatusCode::kMigration);
  CHECK(s.file() == "versions/r2.lua");
  CHECK(s.line() == 0);
  CHECK(s.message() == "plain");
  Status t = lua.CallMigration(id, "downgrade", ex, {});
  CHECK(t.code() == StatusCode::kMigration);
  CHECK(t.file() == "versions/r2.lua");
}

TEST_CASE("calling a function the script does not define is a project error", "[lua]") {
  LuaState lua;
  ScriptId id = MustLoad(lua, "versions/r3.lua", "function upgrade(op) end");
  LogExecutor ex;
  Status s = lua.CallMigration(id, "downgrade", ex, {});
  CHECK(s.code() == StatusCode::kProject);
  CHECK(s.file() == "versions/r3.lua");
  CHECK_THAT(s.message(), Catch::Contains("downgrade"));
  CHECK(lua.CallMigration(id, "upgrade", ex, {}).ok());
}

TEST_CASE("print inside a migration goes to the executor's log, not stdout", "[lua]") {
  LuaState lua;
  ScriptId id = MustLoad(lua, "p.lua",
                         "print('loading')\n"
                         "function upgrade(op) print('rows', 3, nil, true) end");
  LogExecutor ex;
  REQUIRE(lua.CallMigration(id, "upgrade", ex, {}).ok());
  REQUIRE(ex.logs.size() == 1);
  CHECK(ex.logs[0] == "rows\t3\tnil\ttrue");
}

TEST_CASE("print after a migration returned reaches no executor", "[lua]") {
  LuaState lua;
  ScriptId id = MustLoad(lua, "p.lua",
                         "function upgrade(op) saved = print end\n"
                         "function downgrade(op) end");
  LogExecutor ex;
  REQUIRE(lua.CallMigration(id, "upgrade", ex, {}).ok());
  ScriptId other = MustLoad(lua, "q.lua", "print('during load')");
  (void)other;
  CHECK(ex.logs.empty());
}

TEST_CASE("GetGlobal copies data and drops functions", "[lua]") {
  LuaState lua;
  ScriptId id = MustLoad(lua, "d.lua",
                         "n = 12.5\nb = false\nl = {'x', 'y'}\n"
                         "m = {k = 'v'}\nf = function() end\nempty = {}");
  CHECK(*lua.GetGlobal(id, "n")->number() == 12.5);
  CHECK(*lua.GetGlobal(id, "b")->boolean() == false);
  Data l = *lua.GetGlobal(id, "l");
  REQUIRE(l.list());
  CHECK(l.list()->size() == 2);
  CHECK(*(*l.list())[1].str() == "y");
  CHECK(*(*lua.GetGlobal(id, "m"))["k"].str() == "v");
  CHECK(lua.GetGlobal(id, "f")->is_nil());
  Data empty = *lua.GetGlobal(id, "empty");
  CHECK(empty.list() != nullptr);
  CHECK(empty.map() != nullptr);
  CHECK(lua.HasFunction(id, "f"));
  CHECK_FALSE(lua.HasFunction(id, "n"));
}

TEST_CASE("an unknown script id is an error, not a crash", "[lua]") {
  LuaState lua;
  LogExecutor ex;
  CHECK_FALSE(lua.GetGlobal(7, "x").ok());
  CHECK_FALSE(lua.HasFunction(-1, "upgrade"));
  CHECK(lua.CallMigration(3, "upgrade", ex, {}).code() == StatusCode::kInternal);
}

TEST_CASE("EvalConfig returns the file's globals only", "[lua]") {
  LuaState lua;
  Result<Data> d = lua.EvalConfig("luamig.lua",
                                  "database_url = 'sqlite:///x.db'\n"
                                  "local hidden = 1\n");
  REQUIRE(d.ok());
  REQUIRE(d->map());
  CHECK(d->map()->size() == 1);
  CHECK(*(*d)["database_url"].str() == "sqlite:///x.db");
  Result<Data> empty = lua.EvalConfig("luamig.lua", "-- nothing\n");
  REQUIRE(empty.ok());
  REQUIRE(empty->map());
  CHECK(empty->map()->empty());
}

TEST_CASE("LuaErrorToStatus splits name:line: message", "[lua]") {
  Status s = LuaErrorToStatus(StatusCode::kMigration, "versions/a.lua:12: boom", "x");
  CHECK(s.code() == StatusCode::kMigration);
  CHECK(s.file() == "versions/a.lua");
  CHECK(s.line() == 12);
  CHECK_THAT(s.message(), Catch::Contains("boom"));

  Status win = LuaErrorToStatus(StatusCode::kProject, "C:\\p\\a.lua:7: bad", "x");
  CHECK(win.file() == "C:\\p\\a.lua");
  CHECK(win.line() == 7);

  Status none = LuaErrorToStatus(StatusCode::kProject, "no location here", "f.lua");
  CHECK(none.file() == "f.lua");
  CHECK(none.line() == 0);

  Status clock = LuaErrorToStatus(StatusCode::kProject, "at 12:30 it broke", "f.lua");
  CHECK(clock.file() == "f.lua");
  CHECK(clock.line() == 0);

  Status shortened = LuaErrorToStatus(StatusCode::kProject, "...ns/x.lua:4: bad",
                                      "/long/versions/x.lua");
  CHECK(shortened.file() == "/long/versions/x.lua");
  CHECK(shortened.line() == 4);
}

}  // namespace
}  // namespace luamig::lua

namespace luamig::lua {

TEST_CASE("scripts get nil from os.getenv for secrets; a config file reads them",
          "[lua][secrets]") {
  setenv("PGPASSWORD", "pg-pw", 1);
  setenv("LUAMIG_T_API_TOKEN", "tok", 1);
  setenv("LUAMIG_T_DB", "postgresql://u:pw@h/db", 1);
  setenv("LUAMIG_T_URL_VAR", "sqlite:///plain.db", 1);
  setenv("LUAMIG_T_HOLDS", "x hunter2 y", 1);
  setenv("LUAMIG_T_PLAIN", "eu-west", 1);
  auto secrets = std::make_shared<SecretSet>();
  secrets->Add("hunter2");
  LuaState lua;
  lua.HideEnvironment({"LUAMIG_T_URL_VAR"}, secrets);
  const std::string probe =
      "revision = 'a'\n"
      "seen = table.concat({ tostring(os.getenv('PGPASSWORD')),\n"
      "  tostring(os.getenv('LUAMIG_T_API_TOKEN')), tostring(os.getenv('LUAMIG_T_DB')),\n"
      "  tostring(os.getenv('LUAMIG_T_URL_VAR')), "
      "tostring(os.getenv('LUAMIG_T_HOLDS')),\n"
      "  tostring(os.getenv('LUAMIG_T_PLAIN')) }, ',')\n";
  ScriptId id = MustLoad(lua, "a.lua", probe);
  CHECK(GlobalString(lua, id, "seen") == "nil,nil,nil,nil,nil,eu-west");
  Result<Data> config = lua.EvalConfig("luamig.lua", probe);
  REQUIRE(config.ok());
  CHECK(*(*config)["seen"].str() ==
        "pg-pw,tok,postgresql://u:pw@h/db,sqlite:///plain.db,x hunter2 y,eu-west");
  for (const char* v : {"PGPASSWORD", "LUAMIG_T_API_TOKEN", "LUAMIG_T_DB",
                        "LUAMIG_T_URL_VAR", "LUAMIG_T_HOLDS", "LUAMIG_T_PLAIN"})
    unsetenv(v);
}

}  // namespace luamig::lua
