// SPDX-License-Identifier: MIT
#include "runtime/offline_script.h"

#include "db/sql_sink.h"
#include "graph/planner.h"
#include "luamig/version.h"
#include "runtime/runner.h"
#include "runtime/step_info.h"

namespace luamig::runtime {

Result<RunRequest> OfflineRequest(const graph::RevisionMap& graph,
                                  graph::Direction direction, std::string_view range) {
  const bool up = direction == graph::Direction::kUpgrade;
  RunRequest out;
  out.kind = up ? RunKind::kUpgrade : RunKind::kDowngrade;
  size_t colon = range.find(':');
  if (colon == std::string_view::npos) {
    if (!up) {
      return Status::Usage(
          "downgrade --sql needs a range FROM:TO (e.g. head:base): an "
          "offline run does not read the database, so it cannot know "
          "where to start");
    }
    out.targets = {std::string(range)};
    return out;
  }
  std::string from(range.substr(0, colon));
  out.targets = {std::string(range.substr(colon + 1))};
  if (out.targets[0].empty())
    return Status::Usage("range '" + std::string(range) + "' names no target after ':'");
  if (from.empty() || from == "base") return out;
  // Resolved the way `stamp` resolves its targets: the rows a database at
  // `from` has.
  LUAMIG_ASSIGN_OR_RETURN(graph::Plan stamp,
                          graph::Planner(graph).Stamp({}, {from}, false));
  out.assumed_heads = stamp.heads_after;
  return out;
}

Result<OfflineScript> WriteOfflineScript(const RunContext& ctx,
                                         graph::Direction direction,
                                         std::string_view range) {
  LUAMIG_ASSIGN_OR_RETURN(RunRequest request,
                          OfflineRequest(ctx.graph, direction, range));
  const dialect::Dialect& dialect = ctx.tables.dialect();
  auto literal = [&dialect](const ops::Value& v) { return dialect.QuoteLiteral(v); };
  db::ScriptSink sink(literal);
  Runner runner(ctx, sink);
  LUAMIG_ASSIGN_OR_RETURN(RunResult run, runner.Run(request));
  db::ScriptSink header(literal);
  header.Comment("luamig " + std::string(LUAMIG_VERSION_STRING) + " offline " +
                 (direction == graph::Direction::kUpgrade ? "upgrade" : "downgrade") +
                 " script for " + dialect.name() + ": " + RevisionList(run.heads_before) +
                 " -> " + RevisionList(run.heads_after));
  OfflineScript out;
  out.sql = header.text() + sink.text();
  out.run = std::move(run);
  return out;
}

}  // namespace luamig::runtime
