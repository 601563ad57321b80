---@meta luamig
-- SPDX-License-Identifier: MIT
-- LuaLS annotations for the `luamig` module a LuaJIT host loads with
-- `require "luamig"` (the C library luamig.so built from src/luamod/).
-- Editor support only: this file is never loaded. See docs/embedding.md,
-- "From Lua".
--
-- Conventions: a command that fails for a reason of the project or the
-- database returns `nil, err` (err is a luamig.Error); a wrong call (an
-- argument of the wrong type, an unknown option, a closed migrator) raises a
-- Lua error naming the argument.

---@class luamig
---@field version string luamig's version, e.g. "0.1.0"
local luamig = {}

---Options of luamig.open. Every field is optional.
---@class luamig.OpenOptions
---Database URL (`sqlite:///rel.db`, `sqlite:////abs.db`, `sqlite://:memory:`,
---`postgresql://...`). Precedence as the CLI's --url: this, else the
---variable the config names (DATABASE_URL), else the config's database_url,
---else sqlite:///luamig.db in the project directory.
---@field url? string
---Revision scripts: a directory, an array of directories (version locations
---in load order; relative to the current directory), or a table of
---name = Lua source (scripts shipped inside the host; loaded in name order).
---Default: the config's version_locations (versions/ without a config).
---@field scripts? string|string[]|table<string, string>
---Path of a luamig.lua to read (relative paths in it are taken from its
---directory). Default: none, Config defaults with the current directory.
---@field config? string
---Environment of the config file (its `environments` table); needs `config`.
---@field env? string
---`-x key=value` arguments, visible to scripts as op.x (values become strings).
---@field x? table<string, string|number|boolean>
---Receives progress events. Called with lua_pcall: an error it raises is
---recorded in the command's `event_errors` and the run goes on.
---@field on_event? fun(ev: luamig.Event)
---How long to wait for another runner's migration lock, in milliseconds;
---nil or negative waits forever (the CLI's --lock-timeout).
---@field lock_timeout? number

---An event passed to on_event. `type` says which fields are set.
---@class luamig.Event
---@field type "plan"|"step_started"|"step_finished"|"waiting_for_lock"|"log"|"warning"
---@field steps? luamig.PlannedStep[] plan: the steps that will run, in order
---@field revision? string step_*, log: the revision
---@field direction? "upgrade"|"downgrade" step_*
---@field message? string step_*: the revision's doc line; log, warning: the text
---@field file? string step_*: the script's name
---@field stamp_only? boolean step_*: a stamp, no script runs
---@field index? integer step_*: 1-based position in the plan
---@field total? integer step_*: number of steps in the plan
---@field duration_ms? number step_finished: how long the step took
---@field what? string waiting_for_lock: the lock being waited for

---A step of a plan (in a "plan" event).
---@class luamig.PlannedStep
---@field revision string
---@field direction "upgrade"|"downgrade"
---@field message string
---@field file string
---@field stamp_only boolean

---A step that ran.
---@class luamig.Step: luamig.PlannedStep
---@field duration_ms number

---What upgrade, downgrade and stamp did.
---@class luamig.RunResult
---@field steps luamig.Step[] in the order they ran
---@field heads_before string[] version-table rows before
---@field heads_after string[] version-table rows after
---@field event_errors? string[] errors raised by on_event during the call

---A revision as current, heads, history and show report it.
---@class luamig.Revision
---@field id string
---@field down_revisions string[]
---@field branch_labels string[]
---@field depends_on string[]
---@field message string the doc line
---@field file string the script's name
---@field is_head boolean no revision names it as down_revision
---@field is_effective_head boolean a head that another revision's depends_on names
---@field is_current boolean a version-table row
---@field is_implied boolean current() only: applied and a tip, but not a row
---@field is_branch_point boolean
---@field is_merge boolean
---@field children string[]
---@field doc? string[] show only: the leading comment block

---@class luamig.BranchPoint
---@field revision luamig.Revision
---@field children luamig.Revision[]

---@class luamig.CheckReport
---@field ok boolean nothing changed and no unknown rows
---@field changed { revision: string, file: string, applied_checksum: string, current_checksum: string, applied_at: string }[]
---@field unknown { revision: string, message: string, applied_at: string, source_stored: boolean }[]
---@field verified integer
---@field unverified integer

---An error value. tostring(err) gives the full multi-line description.
---@class luamig.Error
---@field code "usage"|"project"|"migration"|"database"|"lock_timeout"|"internal"
---@field message string
---@field revision? string the revision being run or named
---@field file? string the script involved
---@field line? integer 1-based line in `file`
---@field sql? string the statement the database refused
---@field sqlstate? string SQLSTATE (PostgreSQL) or SQLite result code name
---@field hint? string more explanation (did you mean, a Lua traceback)
---@field revisions? string[] other revisions the error is about
---@field event_errors? string[] errors raised by on_event during the call

---Loads and checks every script and the revision graph. Nothing touches the
---database until a command needs it.
---@param options luamig.OpenOptions
---@return luamig.Migrator|nil migrator
---@return luamig.Error|nil err
function luamig.open(options) end

---A migrator for one project and one database. Use it from one Lua thread
---at a time; several migrators may coexist in one state.
---@class luamig.Migrator
local Migrator = {}

---Applies revisions up to `target` (default "head"): "head", "heads", an id
---or prefix, "+N", "LABEL@head", ... Each migration commits with its
---version-row change; on failure the failing one is rolled back and earlier
---ones stay applied.
---@param target? string
---@return luamig.RunResult|nil result
---@return luamig.Error|nil err
function Migrator:upgrade(target) end

---Reverts revisions down to `target` ("base", an id, "-1", ...).
---@param target string
---@return luamig.RunResult|nil result
---@return luamig.Error|nil err
function Migrator:downgrade(target) end

---The version-table rows as revisions (empty at base).
---@return luamig.Revision[]|nil revisions
---@return luamig.Error|nil err
function Migrator:current() end

---Every head of the graph, in load order.
---@return luamig.Revision[]|nil revisions
---@return luamig.Error|nil err
function Migrator:heads() end

---Branch points, newest first.
---@return luamig.BranchPoint[]|nil branch_points
---@return luamig.Error|nil err
function Migrator:branches() end

---Revisions newest first. `range` is "A:B", "A:" or ":B" (nil: all); a
---table also takes indicate_current (mark version-table rows) and
---best_effort (an unreadable database marks nothing instead of failing).
---@param range? string|{ range?: string, indicate_current?: boolean, best_effort?: boolean }
---@return luamig.Revision[]|nil revisions
---@return luamig.Error|nil err
function Migrator:history(range) end

---Full details of what `rev` names (an id, prefix, label, "head", "heads",
---"current").
---@param rev string
---@return luamig.Revision[]|nil revisions
---@return luamig.Error|nil err
function Migrator:show(rev) end

---Sets the version table to `targets` without running any script.
---@param targets string|string[]
---@param options? { purge?: boolean } purge: empty the table first
---@return luamig.RunResult|nil result
---@return luamig.Error|nil err
function Migrator:stamp(targets, options) end

---Applied scripts whose text changed since they ran, and version rows no
---script defines. Read-only.
---@return luamig.CheckReport|nil report
---@return luamig.Error|nil err
function Migrator:check() end

---The database URL in use, password masked.
---@return string url
function Migrator:database() end

---Closes the database connection and frees the migrator now (garbage
---collection does the same later). Idempotent; any other method of a closed
---migrator raises an error.
function Migrator:close() end

return luamig
