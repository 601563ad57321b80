// luamig — start here.
//
// luamig migrates a database along a graph of revision scripts written in
// Lua. A host builds a Migrator from a Config (or a luamig.lua file), a
// ScriptSource (a directory, or scripts held in memory) and optionally an
// EventSink, then calls Upgrade("head"). Every call returns a Status or a
// Result<T>; nothing throws and nothing prints.
//
//   luamig::MigratorOptions opts;
//   opts.url = "sqlite:///save.db";
//   opts.scripts = luamig::NewMemorySource({{"001_init.lua", kInitLua}});
//   auto m = luamig::Migrator::Open(std::move(opts));
//   if (!m.ok()) return Fail(m.status().ToString());
//   auto run = (*m)->Upgrade("head");
#ifndef LUAMIG_LUAMIG_H_
#define LUAMIG_LUAMIG_H_

#include "luamig/config.h"
#include "luamig/events.h"
#include "luamig/migrator.h"
#include "luamig/results.h"
#include "luamig/script_source.h"
#include "luamig/status.h"
#include "luamig/version.h"

#endif  // LUAMIG_LUAMIG_H_
