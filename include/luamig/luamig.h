// SPDX-License-Identifier: MIT
// luamig — start here.
//
// luamig migrates a database along a graph of revision scripts written in
// Lua. A host builds a Migrator (migrator.h) from MigratorOptions: a Config
// (or a luamig.lua file: Migrator::OpenProject), a ScriptSource
// (script_source.h: a directory, or scripts held in memory), a database URL
// or the host's own sqlite3* handle, and optionally an EventSink (events.h)
// and a spdlog logger. Then it calls Upgrade("head") — or BeginUpgrade and
// one MigrationRun::Step() per frame (migration_run.h). Every call returns a
// Status or a Result<T> (status.h) with values from results.h; nothing
// throws and nothing prints. docs/embedding.md walks through a game.
//
//   luamig::MigratorOptions opts;
//   opts.url = "sqlite:///save.db";
//   opts.scripts = luamig::NewMemorySource({{"001_init.lua", kInitLua}});
//   opts.backup_before_migrate = true;  // a failed run restores the file
//   auto m = luamig::Migrator::Open(std::move(opts));
//   if (!m.ok()) return Fail(m.status().ToString());
//   auto pending = (*m)->Pending("head");  // what would run
//   auto run = (*m)->Upgrade("head");
//
// Many databases with one graph (shards, tenants, save files): FleetRunner
// (fleet.h) runs a command over a list of targets in parallel and reports
// on each; docs/fleet.md.
//
// Thread-safety: one thread at a time per Migrator; separate Migrators on
// separate databases run concurrently.
#ifndef LUAMIG_LUAMIG_H_
#define LUAMIG_LUAMIG_H_

#include "luamig/config.h"
#include "luamig/convert.h"
#include "luamig/events.h"
#include "luamig/fleet.h"
#include "luamig/migration_run.h"
#include "luamig/migrator.h"
#include "luamig/results.h"
#include "luamig/schema.h"
#include "luamig/script_source.h"
#include "luamig/secrets.h"
#include "luamig/status.h"
#include "luamig/suggest.h"
#include "luamig/version.h"

#endif  // LUAMIG_LUAMIG_H_
