-- The luamig Lua module under a real LuaJIT host.
-- SPDX-License-Identifier: MIT
--
--   LUA_CPATH=<build>/?.so luajit tests/luamod/module_test.lua <tmpdir>
--
-- Prints one line per failed check and "N passed, N failed"; exits 1 when
-- anything failed. <tmpdir> must exist; each test uses its own files in it.
local luamig = require "luamig"

local tmp = assert(arg[1], "usage: module_test.lua TMPDIR")
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local versions = here .. "/versions"

-- ---- A tiny assertion helper ------------------------------------------------

local passed, failed, current = 0, 0, "?"

local function check(cond, what)
  if cond then
    passed = passed + 1
  else
    failed = failed + 1
    print(("FAIL [%s] %s"):format(current, what))
  end
  return cond
end

local function eq(got, want, what)
  return check(got == want, ("%s: got %s, want %s"):format(what, tostring(got), tostring(want)))
end

local function list_eq(got, want, what)
  local ok = type(got) == "table" and #got == #want
  for i = 1, #want do ok = ok and got[i] == want[i] end
  local shown = type(got) == "table" and table.concat(got, ",") or tostring(got)
  return check(ok, ("%s: got {%s}, want {%s}"):format(what, shown, table.concat(want, ",")))
end

local function matches(s, pattern, what)
  return check(type(s) == "string" and s:find(pattern) ~= nil,
               ("%s: %q does not match %q"):format(what, tostring(s), pattern))
end

-- Runs f and expects it to raise an error matching `pattern` (plain text).
local function raises(pattern, what, f, ...)
  local ok, err = pcall(f, ...)
  if not check(not ok, what .. ": raised no error") then return end
  check(tostring(err):find(pattern, 1, true) ~= nil,
        ("%s: error %q does not mention %q"):format(what, tostring(err), pattern))
end

local function test(name, f)
  current = name
  local ok, err = xpcall(f, debug.traceback)
  check(ok, "error: " .. tostring(err))
end

-- ---- Fixtures ---------------------------------------------------------------

local n = 0
local function db_path()
  n = n + 1
  local p = ("%s/module_%d.db"):format(tmp, n)
  os.remove(p)
  return p
end

local function url(path) return "sqlite:///" .. path end  -- path is absolute

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- The three scripts of tests/luamod/versions as name = source.
local function memory_scripts()
  return {
    ["001_users.lua"] = read(versions .. "/001_users.lua"),
    ["002_posts.lua"] = read(versions .. "/002_posts.lua"),
    ["003_tags.lua"] = read(versions .. "/003_tags.lua"),
  }
end

local function script(rev, down, up_body)
  return ([[
-- Revision %s
revision = %q
down_revision = %s
function upgrade(op)
%s
end
function downgrade(op) end
]]):format(rev, rev, down and ("%q"):format(down) or "nil", up_body)
end

-- sqlite3's answer to `sql` on `path`, lines joined with ",".
local function sqlite(path, sql)
  local p = assert(io.popen(("sqlite3 %q %q"):format(path, sql)))
  local out = {}
  for line in p:lines() do out[#out + 1] = line end
  p:close()
  return table.concat(out, ",")
end

local function ids(list)
  local out = {}
  for i, r in ipairs(list) do out[i] = r.id or r.revision end
  return out
end

local function open_ok(opts)
  local m, err = luamig.open(opts)
  check(m ~= nil, "open failed: " .. tostring(err))
  return m
end

-- ---- Tests ------------------------------------------------------------------

test("module table", function()
  eq(type(luamig.open), "function", "luamig.open")
  matches(luamig.version, "^%d+%.%d+%.%d+", "luamig.version")
end)

test("table scripts: upgrade head returns the steps and heads", function()
  local db = db_path()
  local m = open_ok { url = url(db), scripts = memory_scripts() }
  local r, err = m:upgrade("head")
  if not check(r ~= nil, "upgrade: " .. tostring(err)) then return end
  list_eq(ids(r.steps), { "a1", "b2", "c3" }, "steps")
  eq(r.steps[1].direction, "upgrade", "direction")
  eq(r.steps[1].message, "Create users", "message")
  eq(r.steps[1].file, "001_users.lua", "file")
  eq(r.steps[1].stamp_only, false, "stamp_only")
  eq(type(r.steps[1].duration_ms), "number", "duration_ms")
  list_eq(r.heads_before, {}, "heads_before")
  list_eq(r.heads_after, { "c3" }, "heads_after")
  eq(r.event_errors, nil, "event_errors")
  eq(sqlite(db, "SELECT version_num FROM luamig_version"), "c3", "version row")
  eq(sqlite(db, "SELECT name FROM sqlite_master WHERE type='table' AND name IN "
                .. "('users','posts','tags') ORDER BY name"), "posts,tags,users", "tables")
  m:close()
end)

test("upgrade with no target means head; a second upgrade does nothing", function()
  local m = open_ok { url = url(db_path()), scripts = memory_scripts() }
  local r = assert(m:upgrade())
  eq(#r.steps, 3, "first run")
  r = assert(m:upgrade("head"))
  eq(#r.steps, 0, "second run")
  list_eq(r.heads_before, { "c3" }, "heads_before")
end)

test("directory scripts give the same plan as table scripts", function()
  local from_dir = open_ok { url = url(db_path()), scripts = versions }
  local from_list = open_ok { url = url(db_path()), scripts = { versions } }
  local from_mem = open_ok { url = url(db_path()), scripts = memory_scripts() }
  local a, b, c = assert(from_dir:upgrade("head")), assert(from_list:upgrade("head")),
                  assert(from_mem:upgrade("head"))
  list_eq(ids(a.steps), ids(c.steps), "dir vs table")
  list_eq(ids(b.steps), ids(c.steps), "dir list vs table")
  matches(a.steps[1].file, "001_users%.lua$", "dir file name")
end)

test("current, heads, history, show, branches as tables", function()
  local m = open_ok { url = url(db_path()), scripts = memory_scripts() }
  local cur = assert(m:current())
  eq(#cur, 0, "current at base")
  assert(m:upgrade("b2"))
  cur = assert(m:current())
  list_eq(ids(cur), { "b2" }, "current")
  eq(cur[1].message, "Create posts", "current message")
  list_eq(cur[1].down_revisions, { "a1" }, "down_revisions")
  eq(cur[1].is_current, true, "is_current")
  local heads = assert(m:heads())
  list_eq(ids(heads), { "c3" }, "heads")
  eq(heads[1].is_head, true, "is_head")
  list_eq(ids(assert(m:history())), { "c3", "b2", "a1" }, "history")
  list_eq(ids(assert(m:history("a1:b2"))), { "b2", "a1" }, "history a1:b2")
  local marked = assert(m:history { indicate_current = true })
  eq(marked[2].is_current, true, "history marks b2")
  eq(marked[1].is_current, false, "history does not mark c3")
  list_eq(ids(assert(m:history { range = "current:" })), { "c3", "b2" }, "history current:")
  local shown = assert(m:show("a1"))
  list_eq(ids(shown), { "a1" }, "show")
  list_eq(shown[1].children, { "b2" }, "show children")
  eq(type(shown[1].doc), "table", "show doc")
  eq(#assert(m:branches()), 0, "branches")
  matches(m:database(), "^sqlite:////.*module_%d+%.db$", "database")
  matches(tostring(m), "^luamig%.migrator %(sqlite:", "tostring")
end)

test("current reports a dependency target below a row as implied", function()
  -- a <- b, and c (a base) depends on a: after `upgrade c`, a is applied and
  -- has no applied child, so current lists it after the row c (as Alembic).
  local m = open_ok { url = url(db_path()), scripts = {
    ["1_a.lua"] = script("a", nil, ""),
    ["2_b.lua"] = script("b", "a", ""),
    ["3_c.lua"] = 'depends_on = { "a" }\n' .. script("c", nil, ""),
  } }
  assert(m:upgrade("c"))
  local cur = assert(m:current())
  list_eq(ids(cur), { "c", "a" }, "current with an implied revision")
  eq(cur[1].is_current, true, "c is a row")
  eq(cur[1].is_implied, false, "c is not implied")
  eq(cur[2].is_current, false, "a is no row")
  eq(cur[2].is_implied, true, "a is implied")
  eq(cur[2].is_effective_head, false, "a has a child: no head")
  local heads = assert(m:heads())
  list_eq(ids(heads), { "b", "c" }, "heads")
  eq(heads[1].is_effective_head, false, "b: nothing depends on it")
end)

test("downgrade returns reverted steps; base empties the version table", function()
  local db = db_path()
  local m = open_ok { url = url(db), scripts = memory_scripts() }
  assert(m:upgrade("head"))
  local r = assert(m:downgrade("-1"))
  list_eq(ids(r.steps), { "c3" }, "downgrade -1")
  eq(r.steps[1].direction, "downgrade", "direction")
  list_eq(r.heads_after, { "b2" }, "heads_after")
  r = assert(m:downgrade("base"))
  list_eq(ids(r.steps), { "b2", "a1" }, "downgrade base")
  list_eq(r.heads_after, {}, "heads_after at base")
  eq(sqlite(db, "SELECT count(*) FROM sqlite_master WHERE name='users'"), "0", "users dropped")
end)

test("stamp sets the version table without running scripts", function()
  local db = db_path()
  local m = open_ok { url = url(db), scripts = memory_scripts() }
  local r = assert(m:stamp("head"))
  eq(r.steps[#r.steps].stamp_only, true, "stamp_only")
  list_eq(r.heads_after, { "c3" }, "heads_after")
  eq(sqlite(db, "SELECT count(*) FROM sqlite_master WHERE name='users'"), "0", "no table")
  r = assert(m:stamp({ "a1" }, { purge = true }))
  list_eq(r.heads_after, { "a1" }, "stamp with purge")
  list_eq(ids(assert(m:current())), { "a1" }, "current")
end)

test("check reports a clean database", function()
  local m = open_ok { url = url(db_path()), scripts = memory_scripts() }
  assert(m:upgrade("head"))
  local report = assert(m:check())
  eq(report.ok, true, "ok")
  eq(report.verified, 3, "verified")
  eq(#report.changed, 0, "changed")
end)

test("a failing migration returns nil and an error naming revision, file, line", function()
  local db = db_path()
  local scripts = memory_scripts()
  scripts["003_tags.lua"] = nil
  scripts["003_broken.lua"] = script("c3", "b2", [[
  op.create_table("half", { { "x", "integer" } })
  local t = nil
  return t.field]])
  local m = open_ok { url = url(db), scripts = scripts }
  local r, err = m:upgrade("head")
  eq(r, nil, "result")
  if not check(type(err) == "table", "error is a table") then return end
  eq(err.code, "migration", "code")
  eq(err.revision, "c3", "revision")
  eq(err.file, "003_broken.lua", "file")
  eq(err.line, 7, "line")
  matches(err.message, "index local 't'", "message")
  matches(tostring(err), "revision: c3", "tostring has the revision")
  matches(tostring(err), "003_broken.lua:7", "tostring has file:line")
  list_eq(ids(assert(m:current())), { "b2" }, "left at the previous revision")
  eq(sqlite(db, "SELECT count(*) FROM sqlite_master WHERE name='half'"), "0",
     "the failed step's table rolled back")
end)

test("a statement the database refuses names its SQL", function()
  local m = open_ok { url = url(db_path()), scripts = {
    ["001.lua"] = script("a1", nil, [[  op.execute("INSERT INTO nowhere VALUES (1)")]]),
  } }
  local r, err = m:upgrade("head")
  eq(r, nil, "result")
  eq(err.revision, "a1", "revision")
  matches(err.sql, "INSERT INTO nowhere", "sql")
  matches(err.message, "nowhere", "message")
end)

test("open errors: a broken script and a broken graph", function()
  local m, err = luamig.open { url = url(db_path()), scripts = {
    ["001_bad.lua"] = "revision = 'a1'\ndown_revision = nil\nfunction upgrade(op)\n  op.(\nend\n",
  } }
  eq(m, nil, "migrator")
  eq(err and err.code, "project", "syntax error code")
  matches(err and err.file, "001_bad%.lua", "syntax error file")
  eq(err and err.line, 4, "syntax error line")
  m, err = luamig.open { url = url(db_path()),
                         scripts = { ["001.lua"] = script("b2", "zz", "") } }
  eq(m, nil, "migrator")
  eq(err and err.code, "project", "graph error code")
  matches(tostring(err), "zz", "graph error names the missing parent")
  m, err = luamig.open { scripts = memory_scripts(), env = "prod" }
  eq(err and err.code, "usage", "env without config")
  m, err = luamig.open { url = url(db_path()), scripts = tmp .. "/no_such_dir" }
  eq(err and err.code, "project", "missing directory")
  matches(err and err.message, "no_such_dir", "missing directory named")
end)

test("upgrade to an unknown target is a usage error with advice", function()
  local m = open_ok { url = url(db_path()), scripts = memory_scripts() }
  local r, err = m:upgrade("zzzz")
  eq(r, nil, "result")
  eq(err.code, "usage", "code")
  matches(tostring(err), "zzzz", "names the target")
end)

test("wrong argument types raise errors naming the argument", function()
  local m = open_ok { url = url(db_path()), scripts = memory_scripts() }
  raises("bad argument #1 to 'upgrade' (string expected, got number)", "upgrade(5)",
         function() m:upgrade(5) end)
  raises("bad argument #1 to 'downgrade' (string expected, got no value)", "downgrade()",
         function() m:downgrade() end)
  raises("bad argument #1 to 'show'", "show({})", function() m:show({}) end)
  raises("bad argument #1 to 'history'", "history(true)", function() m:history(true) end)
  raises("field 'indicate_current': boolean expected", "history{indicate_current=1}",
         function() m:history { indicate_current = 1 } end)
  raises("bad argument #1 to 'stamp'", "stamp(5)", function() m:stamp(5) end)
  raises("entry 2: string expected", "stamp({'a1', 2})", function() m:stamp({ "a1", 2 }) end)
  raises("bad argument #2 to 'stamp'", "stamp('a1', true)",
         function() m:stamp("a1", true) end)
  raises("luamig.migrator expected, got string", "m.upgrade('head')", function() m.upgrade("head") end)
  raises("bad argument #1 to 'open' (table expected, got string)", "open('x')",
         function() luamig.open("x") end)
  raises("field 'url': string expected, got number", "open{url=5}",
         function() luamig.open { url = 5 } end)
  raises("unknown field 'scirpts'", "open{scirpts=...}",
         function() luamig.open { scirpts = "versions" } end)
  raises("field 'scripts'", "open{scripts={1, 2}}", function() luamig.open { scripts = { 1, 2 } } end)
  raises("not a mix", "open{scripts={'dir', ['a.lua']='...'}}",
         function() luamig.open { scripts = { "dir", ["a.lua"] = "" } } end)
  raises("field 'on_event': function expected, got string", "open{on_event='x'}",
         function() luamig.open { on_event = "x" } end)
  raises("field 'x'", "open{x={1}}", function() luamig.open { x = { 1 } } end)
  raises("field 'lock_timeout': number expected", "open{lock_timeout='1s'}",
         function() luamig.open { lock_timeout = "1s" } end)
end)

test("on_event receives plan and step events in order", function()
  local events = {}
  local m = open_ok { url = url(db_path()), scripts = memory_scripts(),
                      on_event = function(ev) events[#events + 1] = ev end }
  assert(m:upgrade("b2"))
  local types = {}
  for i, ev in ipairs(events) do
    types[i] = ev.type .. (ev.revision and (":" .. ev.revision) or "")
  end
  list_eq(types, { "plan", "step_started:a1", "step_finished:a1",
                   "step_started:b2", "step_finished:b2" }, "event order")
  list_eq(ids(events[1].steps), { "a1", "b2" }, "plan steps")
  eq(events[1].steps[1].direction, "upgrade", "plan direction")
  eq(events[2].index, 1, "index")
  eq(events[2].total, 2, "total")
  eq(events[4].index, 2, "second index")
  eq(events[2].message, "Create users", "step message")
  eq(events[5].index, 2, "finished index")
  eq(type(events[5].duration_ms), "number", "duration_ms")
end)

test("op.log and print in a script arrive as log events", function()
  local logs = {}
  local m = open_ok { url = url(db_path()), scripts = {
    ["001.lua"] = script("a1", nil, [[  op.log("hello from a1")
  print("printed", 42)]]),
  }, on_event = function(ev)
    if ev.type == "log" then logs[#logs + 1] = ev.revision .. ": " .. ev.message end
  end }
  assert(m:upgrade("head"))
  list_eq(logs, { "a1: hello from a1", "a1: printed\t42" }, "log events")
end)

test("an error inside on_event is recorded and the run goes on", function()
  local seen, broke = 0, false
  local m = open_ok { url = url(db_path()), scripts = memory_scripts(), on_event = function(ev)
    seen = seen + 1
    if ev.type == "step_started" and ev.revision == "b2" and not broke then
      broke = true
      error("progress bar broke")
    end
  end }
  local r, err = m:upgrade("head")
  if not check(r ~= nil, "upgrade: " .. tostring(err)) then return end
  list_eq(ids(r.steps), { "a1", "b2", "c3" }, "every step ran")
  eq(#(r.event_errors or {}), 1, "one event error")
  matches(r.event_errors and r.event_errors[1], "progress bar broke", "message")
  matches(r.event_errors and r.event_errors[1], "step_started", "event type")
  matches(r.event_errors and r.event_errors[1], "stack traceback", "traceback")
  eq(seen, 7, "later events still delivered")
  r = assert(m:downgrade("base"))
  eq(r.event_errors, nil, "errors are per call")
end)

test("on_event cannot re-enter or close its own migrator", function()
  local m
  m = open_ok { url = url(db_path()), scripts = memory_scripts(), on_event = function(ev)
    if ev.type == "plan" then m:upgrade("head") end
    if ev.type == "step_started" then m:close() end
    if ev.type == "step_finished" then
      assert(tostring(m):find("luamig.migrator", 1, true))  -- allowed while busy
    end
  end }
  local r, err = m:upgrade("a1")
  if not check(r ~= nil, "upgrade: " .. tostring(err)) then return end
  eq(#r.event_errors, 2, "two refused calls")
  matches(r.event_errors[1], "m:upgrade%(%) while this migrator is running", "re-entry")
  matches(r.event_errors[2], "m:close%(%) while", "close")
  list_eq(ids(assert(m:current())), { "a1" }, "migrator still usable")
end)

test("non-string errors and yields in on_event are contained", function()
  local co = coroutine.wrap(function()
    local m = open_ok { url = url(db_path()), scripts = memory_scripts(), on_event = function(ev)
      if ev.type == "plan" then error({ "a table" }) end
      if ev.type == "step_started" then coroutine.yield("nope") end
    end }
    return m:upgrade("a1")
  end)
  local r, err = co()
  if not check(type(r) == "table", "upgrade in a coroutine: " .. tostring(r) .. tostring(err)) then
    return
  end
  eq(#r.event_errors, 2, "two errors")
  matches(r.event_errors[1], "not a string", "table error")
  matches(r.event_errors[2], "yield", "yield across the C boundary")
end)

test("two migrators in one state on two databases", function()
  local db1, db2 = db_path(), db_path()
  local log = {}
  local m1 = open_ok { url = url(db1), scripts = memory_scripts(),
                       on_event = function(ev) if ev.type == "step_finished" then log[#log + 1] = "1" .. ev.revision end end }
  local m2 = open_ok { url = url(db2), scripts = versions,
                       on_event = function(ev) if ev.type == "step_finished" then log[#log + 1] = "2" .. ev.revision end end }
  assert(m1:upgrade("a1"))
  assert(m2:upgrade("head"))
  assert(m1:upgrade("+1"))
  list_eq(ids(assert(m1:current())), { "b2" }, "m1 current")
  list_eq(ids(assert(m2:current())), { "c3" }, "m2 current")
  list_eq(log, { "1a1", "2a1", "2b2", "2c3", "1b2" }, "each migrator's own handler")
  eq(sqlite(db1, "SELECT version_num FROM luamig_version"), "b2", "db1")
  eq(sqlite(db2, "SELECT version_num FROM luamig_version"), "c3", "db2")
end)

test("a migrator used from another migrator's on_event", function()
  local db2 = db_path()
  local m2 = open_ok { url = url(db2), scripts = memory_scripts() }
  local m1 = open_ok { url = url(db_path()), scripts = memory_scripts(), on_event = function(ev)
    if ev.type == "step_finished" then assert(m2:upgrade("+1")) end
  end }
  local r = assert(m1:upgrade("head"))
  eq(r.event_errors, nil, "no errors")
  list_eq(ids(assert(m2:current())), { "c3" }, "m2 followed m1")
end)

test("close, then use: a clear error; close is idempotent", function()
  local m = open_ok { url = url(db_path()), scripts = memory_scripts() }
  assert(m:upgrade("a1"))
  m:close()
  m:close()
  raises("m:upgrade() on a closed migrator", "upgrade after close", function() m:upgrade() end)
  raises("m:current() on a closed migrator", "current after close", function() m:current() end)
  eq(tostring(m), "luamig.migrator (closed)", "tostring")
end)

test("x arguments reach scripts as op.x", function()
  local db = db_path()
  local m = open_ok { url = url(db), x = { table = "from_x", n = 3, flag = true }, scripts = {
    ["001.lua"] = script("a1", nil, [[
  op.create_table(op.x.table .. "_" .. op.x.n .. "_" .. op.x.flag, { { "id", "integer" } })]]),
  } }
  assert(m:upgrade("head"))
  eq(sqlite(db, "SELECT name FROM sqlite_master WHERE name LIKE 'from_x%'"), "from_x_3_true", "table")
end)

test("a config file sets the URL and version locations", function()
  local dir = tmp .. "/project"
  os.execute(("mkdir -p %q/versions"):format(dir))
  for name, src in pairs(memory_scripts()) do
    local f = assert(io.open(dir .. "/versions/" .. name, "wb"))
    f:write(src)
    f:close()
  end
  os.remove(dir .. "/game.db")
  local f = assert(io.open(dir .. "/luamig.lua", "wb"))
  f:write('database_url = "sqlite:///game.db"\nversion_locations = { "versions" }\n'
          .. 'environments = { test = { database_url = "sqlite:///test.db" } }\n')
  f:close()
  local m = open_ok { config = dir .. "/luamig.lua" }
  eq(m:database(), "sqlite:///" .. dir .. "/game.db", "url from the config")
  list_eq(ids(assert(m:upgrade()).steps), { "a1", "b2", "c3" }, "steps")
  m = open_ok { config = dir .. "/luamig.lua", env = "test" }
  matches(m:database(), "/test%.db$", "environment")
  local other = db_path()
  m = open_ok { config = dir .. "/luamig.lua", url = url(other) }
  eq(m:database(), url(other), "url beats the config")
  local _, err = luamig.open { config = dir .. "/missing.lua" }
  eq(err and err.code, "project", "missing config")
end)

test("error tables render from their fields", function()
  local m = open_ok { url = url(db_path()), scripts = memory_scripts() }
  local _, err = m:downgrade("nope")
  check(getmetatable(err) ~= nil, "has a metatable")
  err.message = "changed"
  matches(tostring(err), "^changed", "__tostring follows the fields")
end)

test("unreferenced migrators are collected", function()
  for _ = 1, 5 do
    local m = open_ok { url = url(db_path()), scripts = memory_scripts(),
                        on_event = function() end }
    assert(m:upgrade("a1"))
  end
  collectgarbage()
  collectgarbage()
  check(true, "no crash")
end)

print(("%d passed, %d failed"):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
