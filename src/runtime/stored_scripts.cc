// SPDX-License-Identifier: MIT
#include "runtime/stored_scripts.h"

#include <set>

namespace luamig::runtime {
namespace {

bool Known(const script::LoadedScripts& s, const std::string& id) {
  return s.by_revision.count(id) > 0;
}

// The revisions `rev` builds on that neither set of scripts defines yet.
void QueueMissing(const graph::Revision& rev, const script::LoadedScripts& a,
                  const script::LoadedScripts& b, std::vector<std::string>* todo) {
  for (const auto& d : rev.down_revisions)
    if (!Known(a, d) && !Known(b, d)) todo->push_back(d);
}

}  // namespace

std::string StoredScriptName(const std::string& history_table,
                             const std::string& revision) {
  return history_table + "[" + revision + "]";
}

Result<StoredScripts> RecoverFromHistory(lua::LuaState& lua, HistoryTable& history,
                                         const script::LoadedScripts& scripts,
                                         const std::vector<std::string>& heads,
                                         EventSink* events) {
  StoredScripts out;
  out.scripts = scripts;
  script::LoadedScripts extra;
  std::vector<std::string> todo;
  for (const auto& h : heads)
    if (!Known(scripts, h)) todo.push_back(h);
  std::set<std::string> tried;
  while (!todo.empty()) {
    std::string id = todo.back();
    todo.pop_back();
    if (!tried.insert(id).second) continue;
    LUAMIG_ASSIGN_OR_RETURN(std::optional<HistoryRow> row, history.LatestUpgrade(id));
    if (!row || row->source.empty()) continue;
    ScriptFile file{StoredScriptName(history.QualifiedName(), id), row->source};
    LUAMIG_ASSIGN_OR_RETURN(script::LoadedScripts one, script::LoadScripts(lua, {file}));
    if (one.revisions.size() != 1 || one.revisions[0].id != id) continue;
    QueueMissing(one.revisions[0], scripts, extra, &todo);
    extra.by_revision.emplace(id, one.by_revision.at(id));
    extra.revisions.push_back(std::move(one.revisions[0]));
    out.recovered.push_back(id);
    if (events) {
      events->OnWarning("revision " + id +
                        " is not defined by any script; using the "
                        "source " +
                        history.QualifiedName() + " kept when it was applied at " +
                        row->started_at);
    }
  }
  // Recovered revisions are oldest-last in `extra`; load order puts parents first.
  for (auto it = extra.revisions.rbegin(); it != extra.revisions.rend(); ++it) {
    out.scripts.revisions.push_back(*it);
    out.scripts.by_revision.emplace(it->id, extra.by_revision.at(it->id));
  }
  LUAMIG_ASSIGN_OR_RETURN(out.graph, graph::RevisionMap::Build(out.scripts.revisions));
  return out;
}

}  // namespace luamig::runtime
