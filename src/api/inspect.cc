// SPDX-License-Identifier: MIT
// current, heads, branches, history and show: questions about the graph and
// the version table, answered as values.
#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "api/migrator_impl.h"
#include "graph/planner.h"
#include "graph/target.h"
#include "luamig/migrator.h"
#include "util/strings.h"

namespace luamig {
namespace {

// The script's leading comment block ("-- text" lines before the first code
// line; blank lines inside it kept), without the markers.
std::vector<std::string> LeadingComment(const std::string& source) {
  std::vector<std::string> doc;
  for (const auto& line : util::Split(source, '\n')) {
    std::string_view t = util::Trim(line);
    if (t.empty() && doc.empty()) continue;
    if (t.empty()) break;
    if (!util::StartsWith(t, "--")) break;
    t.remove_prefix(2);
    if (!t.empty() && t[0] == ' ') t.remove_prefix(1);
    doc.emplace_back(t);
  }
  while (!doc.empty() && util::Trim(doc.back()).empty()) doc.pop_back();
  return doc;
}

using RangeSides = Migrator::Impl::RangeSides;

// "A:B" with empty sides meaning base / heads. Anything else goes to the
// planner unchanged so its error message is the one users see.
bool SplitSides(std::string_view range, RangeSides* out) {
  if (range.empty()) {
    *out = {"base", "heads"};
    return true;
  }
  std::vector<std::string> parts = util::Split(range, ':');
  if (parts.size() != 2) return false;
  *out = {parts[0].empty() ? "base" : parts[0], parts[1].empty() ? "heads" : parts[1]};
  return true;
}

// A side like "-1", "+2" or "ecs@-1" counts from the version-table rows.
bool CountsFromRows(const std::string& side) {
  auto t = graph::Target::Parse(side);
  return t.ok() && t->relative() && t->symbol.empty();
}

void MarkCurrent(std::vector<RevisionInfo>& revs, const std::vector<std::string>& rows) {
  for (auto& r : revs)
    r.is_current = std::find(rows.begin(), rows.end(), r.id) != rows.end();
}

}  // namespace

RevisionInfo Migrator::Impl::Info(const graph::Revision& rev) const {
  RevisionInfo info;
  info.id = rev.id;
  info.down_revisions = rev.down_revisions;
  info.branch_labels = rev.branch_labels;
  info.depends_on = rev.depends_on;
  info.inherited_labels = InheritedLabels(rev.id);
  info.message = rev.message;
  info.file = rev.source;
  info.create_date = CreateDate(rev.id);
  info.children = graph.Children(rev.id);
  info.is_head = info.children.empty();
  info.is_effective_head = info.is_head && !graph.Dependents(rev.id).empty();
  info.is_branch_point = info.children.size() > 1;
  info.is_merge = rev.down_revisions.size() > 1;
  return info;
}

Result<std::vector<std::string>> Migrator::Impl::ReadRows(bool best_effort) {
  if (MissingSqliteFile()) {  // reading must not create the file
    if (best_effort || !options.require_existing_database)
      return std::vector<std::string>{};
    return RequireDatabaseFile();
  }
  Status s = Connect();
  Result<std::vector<std::string>> rows =
      s.ok() ? Versions().Heads() : Result<std::vector<std::string>>(s);
  if (!rows.ok() && best_effort) return std::vector<std::string>{};
  return rows;
}

Result<std::vector<RevisionInfo>> Migrator::Current() {
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> rows, impl_->ReadRows(false));
  std::vector<RevisionInfo> out;
  for (const auto& id : rows) {
    // A row no script defines (the database is ahead of this checkout) is
    // described from the history table's stored copy.
    if (impl_->graph.Find(id) == nullptr) {
      out.push_back(impl_->UnknownRevisionInfo(id));
      out.back().is_current = true;
    }
  }
  for (const auto& id : impl_->graph.AppliedTips(rows)) {
    RevisionInfo info = impl_->Info(*impl_->graph.Find(id));
    info.is_current = std::find(rows.begin(), rows.end(), id) != rows.end();
    info.is_implied = !info.is_current;
    out.push_back(std::move(info));
  }
  return out;
}

Result<std::vector<RevisionInfo>> Migrator::Pending(std::string_view target) {
  std::vector<std::string> rows;
  if (!impl_->MissingSqliteFile()) {
    LUAMIG_ASSIGN_OR_RETURN(rows, impl_->ReadRows(false));
  }
  graph::Planner planner(impl_->graph);
  LUAMIG_ASSIGN_OR_RETURN(graph::Plan plan, planner.Upgrade(rows, target));
  std::vector<RevisionInfo> out;
  for (const auto& step : plan.steps) {
    if (step.stamp_only) continue;
    if (const graph::Revision* rev = impl_->graph.Find(step.revision))
      out.push_back(impl_->Info(*rev));
  }
  return out;
}

Result<std::vector<RevisionInfo>> Migrator::Heads() {
  std::vector<RevisionInfo> out;
  for (const auto& id : impl_->graph.Heads())
    out.push_back(impl_->Info(*impl_->graph.Find(id)));
  return out;
}

Result<std::vector<RevisionInfo>> Migrator::History(std::string_view range) {
  HistoryOptions options;
  options.range = std::string(range);
  return History(options);
}

Result<std::vector<RevisionInfo>> Migrator::Impl::HistoryOf(
    const std::string& lower, const std::string& upper,
    const std::vector<std::string>& rows) const {
  graph::Planner planner(graph);
  LUAMIG_ASSIGN_OR_RETURN(auto revs, planner.History(lower + ":" + upper, rows));
  std::vector<RevisionInfo> out;
  for (const graph::Revision* rev : revs) out.push_back(Info(*rev));
  return out;
}

// "current" as a side stands for every row: the result is the union of the
// per-row ranges (as Alembic walks a tuple of bases or heads), in the order
// of the whole history.
Result<std::vector<RevisionInfo>> Migrator::Impl::HistoryOverRows(
    const RangeSides& sides, const std::vector<std::string>& rows) const {
  std::vector<std::string> lowers{sides.lower}, uppers{sides.upper};
  if (sides.lower == "current")
    lowers = rows.empty() ? std::vector<std::string>{"base"} : rows;
  if (sides.upper == "current") uppers = rows;
  std::vector<std::string> wanted;
  Status first_error;
  for (const auto& l : lowers) {
    for (const auto& u : uppers) {
      auto part = HistoryOf(l, u, rows);
      if (!part.ok()) {
        if (first_error.ok()) first_error = part.status();
        continue;
      }
      for (const auto& r : *part) wanted.push_back(r.id);
    }
  }
  if (wanted.empty() && !first_error.ok()) return first_error;
  LUAMIG_ASSIGN_OR_RETURN(std::vector<RevisionInfo> all, HistoryOf("base", "heads", {}));
  std::vector<RevisionInfo> out;
  for (auto& r : all) {
    if (std::find(wanted.begin(), wanted.end(), r.id) != wanted.end())
      out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<RevisionInfo>> Migrator::History(const HistoryOptions& options) {
  RangeSides sides;
  if (!SplitSides(options.range, &sides)) {
    graph::Planner planner(impl_->graph);
    return planner.History(options.range, {}).status();  // the planner's message
  }
  bool names_current = sides.lower == "current" || sides.upper == "current";
  bool needs_rows =
      names_current || CountsFromRows(sides.lower) || CountsFromRows(sides.upper);
  std::vector<std::string> rows;
  if (needs_rows || options.indicate_current) {
    LUAMIG_ASSIGN_OR_RETURN(rows, impl_->ReadRows(options.best_effort && !needs_rows));
  }
  std::vector<RevisionInfo> out;
  if (names_current) {
    LUAMIG_ASSIGN_OR_RETURN(out, impl_->HistoryOverRows(sides, rows));
  } else {
    LUAMIG_ASSIGN_OR_RETURN(
        out, impl_->HistoryOf(sides.lower, sides.upper,
                              needs_rows ? rows : std::vector<std::string>{}));
  }
  if (needs_rows || options.indicate_current) MarkCurrent(out, rows);
  return out;
}

Result<std::vector<BranchPoint>> Migrator::Branches() {
  LUAMIG_ASSIGN_OR_RETURN(std::vector<RevisionInfo> all,
                          impl_->HistoryOf("base", "heads", {}));
  std::vector<BranchPoint> out;
  for (auto& rev : all) {
    if (!rev.is_branch_point) continue;
    BranchPoint bp;
    for (const auto& child : rev.children)
      bp.children.push_back(impl_->Info(*impl_->graph.Find(child)));
    bp.revision = std::move(rev);
    out.push_back(std::move(bp));
  }
  return out;
}

Result<std::vector<const graph::Revision*>> Migrator::Impl::Named(
    std::string_view rev) const {
  std::vector<const graph::Revision*> out;
  if (rev == "heads") {
    for (const auto& id : graph.Heads()) out.push_back(graph.Find(id));
    return out;
  }
  if (rev == "head") {
    LUAMIG_ASSIGN_OR_RETURN(std::string id, graph.SingleHead());
    return std::vector<const graph::Revision*>{graph.Find(id)};
  }
  std::string r(rev);
  if (rev == "base" || rev.find(':') != std::string_view::npos)
    return Status::Usage("'" + r + "' does not name a revision")
        .WithHint("show takes an id, prefix, label, head, heads, LABEL@head or current");
  LUAMIG_ASSIGN_OR_RETURN(graph::Target t, graph::Target::Parse(rev));
  if (t.relative())
    return Status::Usage("show takes a revision, not a relative target like '" + r + "'");
  if (!t.branch.empty()) {  // LABEL@head, LABEL@REV: the planner's grammar
    graph::Planner planner(graph);
    return planner.History(r + ":" + r, {});
  }
  LUAMIG_ASSIGN_OR_RETURN(const graph::Revision* found, graph.Lookup(rev));
  return std::vector<const graph::Revision*>{found};
}

Result<std::vector<RevisionInfo>> Migrator::Show(std::string_view rev) {
  std::vector<RevisionInfo> out;
  if (rev == "current") {
    LUAMIG_ASSIGN_OR_RETURN(out, Current());
  } else {
    LUAMIG_ASSIGN_OR_RETURN(auto revs, impl_->Named(rev));
    for (const graph::Revision* r : revs) out.push_back(impl_->Info(*r));
  }
  if (out.empty()) return out;
  LUAMIG_ASSIGN_OR_RETURN(std::vector<ScriptFile> files, impl_->scripts->List());
  std::unordered_map<std::string, const ScriptFile*> by_name;
  for (const auto& f : files) by_name[f.name] = &f;
  for (auto& info : out) {
    auto it = by_name.find(info.file);
    if (it != by_name.end()) info.doc = LeadingComment(it->second->source);
  }
  return out;
}

}  // namespace luamig
