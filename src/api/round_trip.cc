// SPDX-License-Identifier: MIT
// `luamig test`: every revision upgraded, downgraded and upgraded again on a
// scratch database, with the catalog compared after each move.
#include <algorithm>

#include "api/migrator_impl.h"
#include "api/schema_snapshot.h"
#include "autogen/scratch_database.h"
#include "graph/planner.h"
#include "luamig/migrator.h"
#include "runtime/run_context.h"
#include "runtime/runner.h"
#include "util/strings.h"
#include "util/url.h"

namespace luamig {
namespace {

struct Range {
  std::string from = "base", to = "heads";
};

Result<Range> ParseRange(const std::string& text) {
  Range r;
  if (text.empty()) return r;
  std::vector<std::string> sides = util::Split(text, ':');
  if (sides.size() == 1) {
    r.to = sides[0];
    return r;
  }
  if (sides.size() != 2)
    return Status::Usage("test takes a range A:B (either side may be empty), not '" +
                         text + "'");
  if (!sides[0].empty()) r.from = sides[0];
  if (!sides[1].empty()) r.to = sides[1];
  return r;
}

graph::Plan OneStep(const graph::Step& step, const std::vector<std::string>& before,
                    const std::vector<std::string>& after) {
  graph::Plan p;
  p.steps = {step};
  p.heads_before = before;
  p.heads_after = after;
  return p;
}

// The step that undoes `up` exactly: the heads it added go, those it
// removed come back.
graph::Step Inverse(const graph::Step& up) {
  graph::Step down = up;
  down.direction = graph::Direction::kDowngrade;
  down.delta.removed = up.delta.added;
  down.delta.added = up.delta.removed;
  down.reason = "undo the step under test";
  return down;
}

}  // namespace

Result<RunResult> Migrator::Impl::RunPlan(graph::Plan plan) {
  LUAMIG_RETURN_IF_ERROR(CheckNoRunOpen());
  LUAMIG_RETURN_IF_ERROR(Connect());
  runtime::RunContext ctx = Context(*tables, loaded, graph, RunSettings());
  runtime::Runner runner(ctx, *sink);
  runtime::RunRequest request;
  request.kind =
      !plan.steps.empty() && plan.steps[0].direction == graph::Direction::kDowngrade
          ? runtime::RunKind::kDowngrade
          : runtime::RunKind::kUpgrade;
  request.plan = std::move(plan);
  LUAMIG_RETURN_IF_ERROR(runner.Begin(request));
  return runner.Finish();
}

Result<TestReport> Migrator::Test(const TestOptions& options) {
  Impl& m = *impl_;
  LUAMIG_RETURN_IF_ERROR(m.CheckNoRunOpen());
  if (options.scratch_url.empty() && m.parsed_url.scheme != "sqlite") {
    return Status::Usage("the project's database is " + m.parsed_url.scheme +
                         ": luamig test needs a scratch server")
        .WithHint(
            "give --scratch-url postgresql://user@host/postgres (a server where the "
            "role may CREATE DATABASE); luamig creates a temporary database there "
            "and drops it afterwards");
  }
  LUAMIG_ASSIGN_OR_RETURN(Range range, ParseRange(options.range));
  graph::Planner planner(m.graph);
  graph::Plan setup;
  if (range.from != "base") {
    LUAMIG_ASSIGN_OR_RETURN(setup, planner.Upgrade({}, range.from));
  }
  LUAMIG_ASSIGN_OR_RETURN(graph::Plan plan, planner.Upgrade(setup.heads_after, range.to));

  LUAMIG_ASSIGN_OR_RETURN(std::unique_ptr<autogen::ScratchDatabase> scratch,
                          autogen::ScratchDatabase::Create(options.scratch_url));
  if (options.keep_scratch) scratch->Keep();
  TestReport report;
  report.scratch = scratch->Describe();
  MigratorOptions so = m.options;
  so.url = scratch->url();
  so.scripts = m.scripts;
  so.sqlite_handle = nullptr;
  so.events = nullptr;
  so.logger = nullptr;
  so.backup_before_migrate = false;
  LUAMIG_ASSIGN_OR_RETURN(std::unique_ptr<Migrator> s, Open(std::move(so)));
  Impl& x = *s->impl_;
  if (!setup.empty()) {
    Result<RunResult> r = x.RunPlan(setup);
    if (!r.ok())
      return Status(r.status().code(), "upgrading the scratch database to " + range.from +
                                           " failed: " + r.status().message())
          .WithRevision(r.status().revision())
          .WithFile(r.status().file(), r.status().line());
  }
  LUAMIG_RETURN_IF_ERROR(x.Connect());
  const ReflectOptions reflect_options = [&] {
    ReflectOptions o = x.ReflectOptionsFor({});
    o.all_schemas = true;
    return o;
  }();
  auto snapshot = [&]() { return Snapshot(*x.conn, x.dialect->name(), reflect_options); };

  std::vector<std::string> heads = setup.heads_after;
  for (const graph::Step& step : plan.steps) {
    if (step.stamp_only) continue;
    RoundTrip rt;
    rt.revision = m.Info(*m.graph.Find(step.revision));
    const script::LoadedScript& script = x.loaded.by_revision.at(step.revision);
    rt.defines_downgrade = x.lua.HasFunction(script.lua_id, "downgrade");
    rt.has_downgrade =
        rt.defines_downgrade && !x.lua.IsEmptyFunction(script.lua_id, "downgrade");
    graph::Plan up = OneStep(step, heads, heads);
    for (const auto& r : step.delta.removed)
      up.heads_after.erase(std::remove(up.heads_after.begin(), up.heads_after.end(), r),
                           up.heads_after.end());
    for (const auto& a : step.delta.added) up.heads_after.push_back(a);
    graph::Plan down = OneStep(Inverse(step), up.heads_after, heads);

    LUAMIG_ASSIGN_OR_RETURN(SchemaSnapshot before, snapshot());
    Result<RunResult> r = x.RunPlan(up);
    if (!r.ok()) {
      rt.failed_step = "upgrade";
      rt.error = r.status();
      report.revisions.push_back(std::move(rt));
      break;  // later revisions build on this one
    }
    LUAMIG_ASSIGN_OR_RETURN(SchemaSnapshot after, snapshot());
    if (!rt.defines_downgrade) {  // nothing to run; it stays applied
      heads = up.heads_after;
      report.revisions.push_back(std::move(rt));
      continue;
    }
    r = x.RunPlan(down);
    if (!r.ok()) {  // rolled back: the revision is still applied
      rt.failed_step = "downgrade";
      rt.error = r.status();
      heads = up.heads_after;
      report.revisions.push_back(std::move(rt));
      continue;
    }
    LUAMIG_ASSIGN_OR_RETURN(SchemaSnapshot back, snapshot());
    rt.left_behind = CompareSchemas(before, back);
    r = x.RunPlan(up);
    if (!r.ok()) {
      rt.failed_step = "second upgrade";
      rt.error = r.status();
      report.revisions.push_back(std::move(rt));
      break;
    }
    LUAMIG_ASSIGN_OR_RETURN(SchemaSnapshot again, snapshot());
    rt.second_upgrade = CompareSchemas(after, again);
    heads = up.heads_after;
    report.revisions.push_back(std::move(rt));
  }
  return report;
}

}  // namespace luamig
