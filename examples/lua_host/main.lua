-- A LuaJIT host (a game, a tool) migrating its databases with luamig:
-- SPDX-License-Identifier: MIT
--
--   LUA_CPATH='build/?.so' luajit examples/lua_host/main.lua /tmp/save.db
--
-- 1. the save file, from revision scripts shipped inside the host as a Lua
--    table (name -> source), with progress printed from on_event;
-- 2. a content database next to it, from the scripts in versions/ here;
-- 3. what a failing migration and a wrong call look like.

-- The current directory may be a luamig project, whose config file
-- luamig.lua the default "./?.lua" entry of package.path would load instead
-- of the module. Hosts that run from a project directory drop that entry.
package.path = package.path:gsub("%./%?%.lua;?", "")
local luamig = require "luamig"

local here = arg[0]:match("^(.*)/[^/]*$") or "."
local save_db = arg[1] or "save.db"
local content_db = save_db:gsub("%.db$", "") .. "_content.db"

-- sqlite:/// + a relative path is relative to the current directory;
-- sqlite:/// + "/abs/path" is an absolute path.
local function sqlite_url(path) return "sqlite:///" .. path end

-- on_event handler printing progress lines tagged with `tag`.
local function progress(tag)
  return function(ev)
    if ev.type == "plan" then
      print(("[%s] plan: %d step(s)"):format(tag, #ev.steps))
    elseif ev.type == "step_started" then
      print(("[%s] %d/%d %s %s: %s"):format(tag, ev.index, ev.total, ev.direction,
                                           ev.revision, ev.message))
    elseif ev.type == "step_finished" then
      -- ev.duration_ms is there for a real progress bar.
      print(("[%s] %d/%d done"):format(tag, ev.index, ev.total))
    elseif ev.type == "log" then
      print(("[%s] %s: %s"):format(tag, ev.revision, ev.message))
    elseif ev.type == "waiting_for_lock" then
      print(("[%s] waiting for %s"):format(tag, ev.what))
    elseif ev.type == "warning" then
      print(("[%s] warning: %s"):format(tag, ev.message))
    end
  end
end

local function heads_text(heads)
  return #heads == 0 and "base" or table.concat(heads, ",")
end

-- ---- 1. The save file, from scripts compiled into the host ------------------

local SAVE_SCRIPTS = {
  ["001_create_player.lua"] = [[
-- Create the player table
revision      = "5a7e00000001"
down_revision = nil

function upgrade(op)
  op.create_table("player", {
    { "id",   "integer", primary_key = true },
    { "name", "text",    nullable = false },
  })
  op.execute("INSERT INTO player (id, name) VALUES (1, 'hero')")
end

function downgrade(op)
  op.drop_table("player")
end
]],
  ["002_add_gold.lua"] = [[
-- Track the player's gold
revision      = "5a7e00000002"
down_revision = "5a7e00000001"

function upgrade(op)
  op.add_column("player", { "gold", "integer", nullable = false, default = 0 })
  op.execute("UPDATE player SET gold = $1", { tonumber(op.x.starting_gold) })
  op.log("starting gold: " .. op.x.starting_gold)
end

function downgrade(op)
  op.drop_column("player", "gold")
end
]],
}

local save, err = luamig.open {
  url = sqlite_url(save_db),
  scripts = SAVE_SCRIPTS,
  x = { starting_gold = 50 },
  on_event = progress("save"),
}
if not save then
  io.stderr:write("cannot open the save migrations:\n", tostring(err), "\n")
  os.exit(1)
end

local run
run, err = save:upgrade("head")
if not run then
  io.stderr:write("the save file could not be migrated:\n", tostring(err), "\n")
  os.exit(1)
end
print(("[save] %s -> %s (%d step(s))"):format(heads_text(run.heads_before),
                                             heads_text(run.heads_after), #run.steps))
save:close()

-- ---- 2. The content database, from a directory ------------------------------

local content = assert(luamig.open {
  url = sqlite_url(content_db),
  scripts = here .. "/versions",
  on_event = progress("content"),
})
run = assert(content:upgrade("head"))
print(("[content] %s -> %s (%d step(s))"):format(heads_text(run.heads_before),
                                                heads_text(run.heads_after), #run.steps))
for _, rev in ipairs(assert(content:history())) do
  print(("[content] history: %s %s%s"):format(rev.id, rev.message,
                                             rev.is_head and " (head)" or ""))
end
content:close()

-- ---- 3. Errors --------------------------------------------------------------

-- A revision that fails: luamig.open succeeds (the script loads), the
-- upgrade returns nil and an error table; the failing step is rolled back.
local broken_scripts = {}
for name, source in pairs(SAVE_SCRIPTS) do broken_scripts[name] = source end
broken_scripts["003_broken.lua"] = [[
-- A revision with a bug
revision      = "5a7e00000003"
down_revision = "5a7e00000002"

function upgrade(op)
  op.add_column("player", { "level", "integer" })
  op.execute("UPDATE player SET levle = 1")
end

function downgrade(op)
  op.drop_column("player", "level")
end
]]
local broken = assert(luamig.open { url = sqlite_url(save_db), scripts = broken_scripts,
                                    x = { starting_gold = 50 } })
run, err = broken:upgrade("head")
if run then
  print("[errors] unexpected success")
  os.exit(1)
end
print(("[errors] upgrade failed: code=%s revision=%s file=%s line=%s"):format(
  err.code, tostring(err.revision), tostring(err.file), tostring(err.line)))
print("[errors] sql: " .. tostring(err.sql))
print("[errors] still at " .. heads_text((function()
  local ids = {}
  for i, rev in ipairs(assert(broken:current())) do ids[i] = rev.id end
  return ids
end)()))
broken:close()

-- A wrong call raises a Lua error (a bug in the host, not a migration
-- problem); so does using a closed migrator.
local function without_position(msg) return (msg:gsub("^[^:]*:%d+: ", "")) end
local ok, msg = pcall(function() broken:upgrade("head") end)
print("[errors] after close: " .. tostring(ok) .. " " .. without_position(msg))
ok, msg = pcall(function() luamig.open { url = 42 } end)
print("[errors] wrong type: " .. tostring(ok) .. " " .. without_position(msg))
