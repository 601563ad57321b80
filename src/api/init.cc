// SPDX-License-Identifier: MIT
// `init`: a new project from a template (generic, or several databases).
#include <cstdio>
#include <filesystem>
#include <random>

#include "api/migrator_impl.h"
#include "util/atomic_file.h"

namespace luamig {
namespace {

namespace fs = std::filesystem;

// Every key of ConfigKeys(), commented out, with its default: uncommenting a
// line changes nothing until its value is edited (tests/e2e checks this).
constexpr char kGenericConfig[] =
    R"(-- luamig project configuration (plain Lua; os.getenv is available).
-- Every key is optional; each line below shows its default.

-- Where the database is: --url > $DATABASE_URL (see url_env) > database_url.
-- database_url = "sqlite:///luamig.db"   -- or "postgresql://user@host/db"
-- url_env = "DATABASE_URL"               -- the variable that overrides database_url
-- version_locations = { "versions" }     -- directories of revision scripts, in load order
-- version_table = "luamig_version"       -- one row per applied head
-- version_table_schema = nil             -- nil: the connection's default schema
-- file_template = "%Y%m%d_%H%M-{rev}_{slug}"  -- names of new revision files
-- transaction_per_migration = true       -- false: the whole run is one transaction
-- busy_timeout_ms = 5000                 -- SQLite: wait this long for a locked file
-- lock_timeout = nil                     -- PostgreSQL: e.g. "5s"; nil: the server's
-- statement_timeout = nil                -- PostgreSQL: e.g. "10min"; nil: the server's
-- lock_retries = 0                       -- retries of a step that hit lock_timeout
-- sqlite_trusted_scripts = false        -- SQLite: allow ATTACH, VACUUM INTO (docs/security.md)

-- The desired schema for `revision --autogenerate` and drift in `check`
-- (docs/autogenerate.md); nil: schema.lua in the project directory, if any.
-- schema_file = nil
-- autogenerate = { exclude_tables = {}, schemas = {}, compare_server_defaults = true }

-- Many databases with this one history (docs/fleet.md): a list of URLs or
-- { name =, url =, version_table_schema =, search_path = }, or a function
-- returning one; run with --targets all.
-- targets = {}                           -- e.g. { "sqlite:///saves/a.db", "sqlite:///saves/b.db" }

-- Named settings selected with --env NAME (or --env a,b / --env all); an
-- environment's own database_url beats $DATABASE_URL.
-- environments = {}                      -- e.g. { ci = { database_url = "sqlite:///ci.db" } }
-- environment_order = {}                 -- the order of --env all (default: by name)
)";

constexpr char kMultidbConfig[] =
    R"(-- luamig project with several databases (plain Lua; os.getenv is available).
--
-- Each database is an environment; each domain has its own version directory
-- whose first revision carries the domain's branch label. Run one with
-- `luamig --env main upgrade head`, several with `--env e2e,main`, every one
-- with `--env all` (in environment_order: the e2e databases first).
-- An environment's own database_url beats $DATABASE_URL; --url beats both.

environments = {
  ecs     = { database_url = "sqlite:///ecs.db",     version_locations = { "versions/ecs" } },
  ecs_e2e = { database_url = "sqlite:///ecs_e2e.db", version_locations = { "versions/ecs" } },
  main    = { database_url = "sqlite:///main.db",    version_locations = { "versions/main" } },
  e2e     = { database_url = "sqlite:///e2e.db",     version_locations = { "versions/main" } },
}
environment_order = { "ecs_e2e", "e2e", "ecs", "main" }

-- Without --env, commands see every domain (heads, history) on luamig.db.
version_locations = { "versions/main", "versions/ecs" }

-- Every other key, with its default:
-- database_url = "sqlite:///luamig.db"
-- url_env = "DATABASE_URL"
-- version_table = "luamig_version"
-- version_table_schema = nil
-- file_template = "%Y%m%d_%H%M-{rev}_{slug}"
-- transaction_per_migration = true
-- busy_timeout_ms = 5000
-- lock_timeout = nil
-- statement_timeout = nil
-- lock_retries = 0
-- sqlite_trusted_scripts = false
-- schema_file = nil
-- autogenerate = { exclude_tables = {}, schemas = {}, compare_server_defaults = true }
)";

std::string RandomId() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
  char buf[16];
  std::snprintf(buf, sizeof buf, "%012llx",
                static_cast<unsigned long long>(gen() & 0xffffffffffffULL));
  return buf;
}

std::string DomainBase(const std::string& id, const std::string& domain) {
  return "-- Start of the " + domain + " schema\n" + "--\n-- Revision ID: " + id +
         "\n-- Revises: <base>\n\n" + "revision = \"" + id + "\"\n" +
         "down_revision = nil\n" + "branch_labels = { \"" + domain + "\" }\n\n" +
         "function upgrade(op)\n  -- pass\nend\n\n" +
         "function downgrade(op)\n  -- pass\nend\n";
}

// Creates `path` with `text`, whole or not at all; fails if it exists.
Status WriteNew(const fs::path& path, const std::string& text) {
  return util::WriteFileAtomically(path.string(), text, false);
}

Status MakeDir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Project("cannot create " + dir.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

Result<InitResult> Migrator::Init(const std::string& dir) {
  InitOptions options;
  options.dir = dir;
  return Init(options);
}

Result<InitResult> Migrator::Init(const InitOptions& options) {
  bool multidb = options.template_name == "multidb";
  if (!multidb && options.template_name != "generic")
    return Status::Usage("unknown init template '" + options.template_name +
                         "': use generic or multidb");
  fs::path root(options.dir.empty() ? "." : options.dir);
  std::error_code ec;
  // An empty versions/ without luamig.lua is what an interrupted init
  // leaves: carry on from there.
  const fs::path config = root / "luamig.lua", versions = root / "versions";
  bool empty_versions = fs::is_directory(versions, ec) && fs::is_empty(versions, ec);
  if (fs::exists(config, ec) || (fs::exists(versions, ec) && !empty_versions)) {
    return Status::Usage(root.string() + " is already a luamig project (" +
                         (fs::exists(config, ec) ? config : versions).string() +
                         " exists)");
  }
  InitResult out;
  out.dir = root.string();
  LUAMIG_RETURN_IF_ERROR(MakeDir(versions));
  LUAMIG_RETURN_IF_ERROR(WriteNew(config, multidb ? kMultidbConfig : kGenericConfig));
  out.created = {config.string(), versions.string()};
  if (!multidb) {
    out.next_steps = {"Next: luamig revision -m \"first revision\""};
    return out;
  }
  for (const char* domain : {"main", "ecs"}) {
    fs::path dir = root / "versions" / domain;
    LUAMIG_RETURN_IF_ERROR(MakeDir(dir));
    std::string id = RandomId();
    fs::path script = dir / (id + "_" + domain + "_start.lua");
    LUAMIG_RETURN_IF_ERROR(WriteNew(script, DomainBase(id, domain)));
    out.created.push_back(dir.string());
    out.created.push_back(script.string());
  }
  out.next_steps = {"Next: luamig --env main revision -m \"create users\"",
                    "      luamig --env all upgrade head",
                    "      luamig --env all status --exit-code"};
  return out;
}

}  // namespace luamig
