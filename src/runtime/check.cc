// SPDX-License-Identifier: MIT
#include "runtime/check.h"

#include <map>
#include <set>

namespace luamig::runtime {
namespace {

// `heads` and every revision they build on (down revisions and depends_on),
// as far as the graph knows them.
std::set<std::string> AppliedKnown(const graph::RevisionMap& graph,
                                   const std::vector<std::string>& heads) {
  std::set<std::string> seen;
  std::vector<std::string> todo;
  for (const auto& h : heads)
    if (graph.Find(h)) todo.push_back(h);
  while (!todo.empty()) {
    std::string id = todo.back();
    todo.pop_back();
    const graph::Revision* rev = graph.Find(id);
    if (rev == nullptr || !seen.insert(id).second) continue;
    for (const auto& d : rev->down_revisions) todo.push_back(d);
    for (const auto& d : rev->depends_on) {
      auto dep = graph.Lookup(d);  // a label resolves to its revision
      if (dep.ok()) todo.push_back((*dep)->id);
    }
  }
  return seen;
}

}  // namespace

Result<CheckReport> CheckApplied(VersionTable& versions, HistoryTable& history,
                                 const graph::RevisionMap& graph,
                                 const script::LoadedScripts& scripts) {
  LUAMIG_ASSIGN_OR_RETURN(std::vector<std::string> heads, versions.Heads());
  LUAMIG_ASSIGN_OR_RETURN(std::vector<HistoryRow> rows, history.Rows());
  std::map<std::string, const HistoryRow*> last_upgrade;
  for (const auto& r : rows)
    if (r.direction == "upgrade") last_upgrade[r.revision] = &r;
  CheckReport report;
  for (const auto& id : AppliedKnown(graph, heads)) {
    auto script = scripts.by_revision.find(id);
    auto row = last_upgrade.find(id);
    if (script == scripts.by_revision.end() || row == last_upgrade.end()) {
      ++report.unverified;
    } else if (row->second->checksum == script->second.checksum) {
      ++report.verified;
    } else {
      report.changed.push_back({id, script->second.file, row->second->checksum,
                                script->second.checksum, row->second->started_at});
    }
  }
  for (const auto& id : heads) {
    if (graph.Find(id)) continue;
    UnknownRevision u;
    u.revision = id;
    if (auto row = last_upgrade.find(id); row != last_upgrade.end()) {
      u.message = row->second->message;
      u.applied_at = row->second->started_at;
      u.source_stored = true;
    }
    report.unknown.push_back(std::move(u));
  }
  return report;
}

}  // namespace luamig::runtime
