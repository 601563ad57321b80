// SPDX-License-Identifier: MIT
#include "runtime/offline_runner.h"

#include "graph/planner.h"
#include "luamig/version.h"
#include "runtime/error_location.h"
#include "runtime/history_table.h"
#include "runtime/offline_executor.h"
#include "runtime/version_table.h"

namespace luamig::runtime {
namespace {

std::string Join(const std::vector<std::string>& ids) {
  if (ids.empty()) return "<base>";
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

const char* Verb(graph::Direction d) {
  return d == graph::Direction::kUpgrade ? "upgrade" : "downgrade";
}

}  // namespace

Result<OfflineRunner::Range> OfflineRunner::ParseRange(graph::Direction direction,
                                                       std::string_view range) const {
  size_t colon = range.find(':');
  if (colon == std::string_view::npos) {
    if (direction == graph::Direction::kDowngrade) {
      return Status::Usage(
          "downgrade --sql needs a range FROM:TO (e.g. head:base): an "
          "offline run does not read the database, so it cannot know "
          "where to start");
    }
    return Range{{}, std::string(range)};
  }
  std::string from(range.substr(0, colon));
  Range out{{}, std::string(range.substr(colon + 1))};
  if (out.target.empty())
    return Status::Usage("range '" + std::string(range) + "' names no target after ':'");
  if (from.empty() || from == "base") return out;
  // Resolved the way `stamp` resolves its targets: the rows a database at
  // `from` has.
  LUAMIG_ASSIGN_OR_RETURN(graph::Plan stamp,
                          graph::Planner(ctx_.graph).Stamp({}, {from}, false));
  out.start = stamp.heads_after;
  return out;
}

bool OfflineRunner::IsTransactional(const graph::Step& step) const {
  auto it = ctx_.scripts.by_revision.find(step.revision);
  return it == ctx_.scripts.by_revision.end() || it->second.transactional;
}

Status OfflineRunner::CallScript(const graph::Step& step) {
  auto it = ctx_.scripts.by_revision.find(step.revision);
  if (it == ctx_.scripts.by_revision.end())
    return Status::Internal("no script loaded for revision " + step.revision);
  const char* fn = Verb(step.direction);
  OfflineExecutor executor(*sink_, ctx_.dialect, ctx_.events, step.revision);
  Status s = ctx_.lua.CallMigration(it->second.lua_id, fn, executor, ctx_.x);
  if (s.ok()) return s;
  s = WithFullScriptName(std::move(s), it->second.file);
  return std::move(s.WithRevision(step.revision));
}

// The same bookkeeping as an online step. The history row's started_at is
// when the script was generated (the script cannot know when it will run)
// and its duration 0.
Status OfflineRunner::Record(const graph::Step& step, const std::string& started_at) {
  VersionTable versions(*sink_, ctx_.dialect, ctx_.version_schema, ctx_.version_table);
  LUAMIG_RETURN_IF_ERROR(versions.Apply(step.delta));
  if (!ctx_.history) return Status::Ok();
  HistoryTable history(*sink_, ctx_.dialect, ctx_.version_schema,
                       HistoryTableName(ctx_.version_table));
  HistoryRow row;
  row.revision = step.revision;
  row.direction = Verb(step.direction);
  if (auto it = ctx_.scripts.by_revision.find(step.revision);
      it != ctx_.scripts.by_revision.end()) {
    row.checksum = it->second.checksum;
    row.source = it->second.source;
  }
  if (const graph::Revision* rev = ctx_.graph.Find(step.revision))
    row.message = rev->message;
  row.started_at = started_at;
  row.luamig_version = LUAMIG_VERSION_STRING;
  return history.Append(row);
}

Status OfflineRunner::WriteStep(const graph::Step& step, const std::string& started_at) {
  std::string title = std::string("Running ") + Verb(step.direction) + " " +
                      Join(step.delta.removed) + " -> " + Join(step.delta.added);
  if (const graph::Revision* rev = ctx_.graph.Find(step.revision);
      rev && !rev->message.empty())
    title += ": " + rev->message;
  sink_->Comment(title);
  const bool whole_run = !ctx_.transaction_per_migration;
  if (IsTransactional(step)) {
    if (!whole_run) LUAMIG_RETURN_IF_ERROR(sink_->Begin());
    LUAMIG_RETURN_IF_ERROR(CallScript(step));
    LUAMIG_RETURN_IF_ERROR(Record(step, started_at));
    return whole_run ? Status::Ok() : sink_->Commit();
  }
  // transactional = false: what came before commits; the script runs outside
  // any transaction, its bookkeeping in one of its own.
  if (whole_run) LUAMIG_RETURN_IF_ERROR(sink_->Commit());
  LUAMIG_RETURN_IF_ERROR(CallScript(step));
  LUAMIG_RETURN_IF_ERROR(sink_->Begin());
  LUAMIG_RETURN_IF_ERROR(Record(step, started_at));
  LUAMIG_RETURN_IF_ERROR(sink_->Commit());
  return whole_run ? sink_->Begin() : Status::Ok();
}

Status OfflineRunner::Write(const graph::Plan& plan, const std::string& started_at) {
  if (plan.heads_before.empty() && !plan.steps.empty() &&
      plan.steps.front().direction == graph::Direction::kUpgrade) {
    VersionTable versions(*sink_, ctx_.dialect, ctx_.version_schema, ctx_.version_table);
    LUAMIG_RETURN_IF_ERROR(versions.Create());
    if (ctx_.history) {
      HistoryTable history(*sink_, ctx_.dialect, ctx_.version_schema,
                           HistoryTableName(ctx_.version_table));
      LUAMIG_RETURN_IF_ERROR(history.Create());
    }
  }
  if (!ctx_.transaction_per_migration) LUAMIG_RETURN_IF_ERROR(sink_->Begin());
  for (const auto& step : plan.steps) LUAMIG_RETURN_IF_ERROR(WriteStep(step, started_at));
  if (!ctx_.transaction_per_migration) LUAMIG_RETURN_IF_ERROR(sink_->Commit());
  return Status::Ok();
}

Result<OfflineResult> OfflineRunner::Run(graph::Direction direction,
                                         std::string_view range) {
  LUAMIG_ASSIGN_OR_RETURN(Range r, ParseRange(direction, range));
  graph::Planner planner(ctx_.graph);
  LUAMIG_ASSIGN_OR_RETURN(graph::Plan plan, direction == graph::Direction::kUpgrade
                                                ? planner.Upgrade(r.start, r.target)
                                                : planner.Downgrade(r.start, r.target));
  const dialect::Dialect& dialect = ctx_.dialect;
  sink_ = std::make_unique<db::ScriptSink>(
      [&dialect](const ops::Value& v) { return dialect.QuoteLiteral(v); });
  sink_->Comment("luamig " + std::string(LUAMIG_VERSION_STRING) + " offline " +
                 Verb(direction) + " script for " + dialect.name() + ": " +
                 Join(plan.heads_before) + " -> " + Join(plan.heads_after));
  LUAMIG_RETURN_IF_ERROR(Write(plan, UtcTimestamp()));
  OfflineResult out;
  out.sql = sink_->text();
  out.plan = std::move(plan);
  return out;
}

}  // namespace luamig::runtime
