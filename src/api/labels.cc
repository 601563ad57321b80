// SPDX-License-Identifier: MIT
// What `heads` and `history` show beside an id: the branch labels a revision
// inherits, and the create date its script's comment records.
#include <algorithm>
#include <deque>
#include <set>

#include "api/migrator_impl.h"
#include "util/strings.h"

namespace luamig {
namespace {

void AddLabels(std::vector<std::string>& to, const std::vector<std::string>& labels) {
  for (const auto& l : labels)
    if (std::find(to.begin(), to.end(), l) == to.end()) to.push_back(l);
}

}  // namespace

// Alembic's RevisionMap._add_branches: a label reaches every descendant of
// the revision that declares it, and its ancestors up to the nearest branch
// point or merge.
const std::vector<std::string>& Migrator::Impl::InheritedLabels(
    const std::string& id) const {
  if (!inherited_labels_ready) {
    std::unordered_map<std::string, std::vector<std::string>> all;
    for (const auto& rev : graph.revisions()) {
      if (rev.branch_labels.empty()) continue;
      std::deque<std::string> todo{rev.id};
      std::set<std::string> seen{rev.id};
      while (!todo.empty()) {
        std::string at = todo.front();
        todo.pop_front();
        AddLabels(all[at], rev.branch_labels);
        for (auto& child : graph.Children(at))
          if (seen.insert(child).second) todo.push_back(child);
      }
      const graph::Revision* up = &rev;
      while (up->down_revisions.size() == 1) {
        up = graph.Find(up->down_revisions[0]);
        if (up == nullptr || graph.Children(up->id).size() > 1 ||
            up->down_revisions.size() > 1)
          break;
        AddLabels(all[up->id], rev.branch_labels);
      }
    }
    for (auto& [rid, labels] : all) {
      const graph::Revision* rev = graph.Find(rid);
      labels.erase(std::remove_if(labels.begin(), labels.end(),
                                  [&](const std::string& l) {
                                    return std::find(rev->branch_labels.begin(),
                                                     rev->branch_labels.end(),
                                                     l) != rev->branch_labels.end();
                                  }),
                   labels.end());
    }
    inherited_labels = std::move(all);
    inherited_labels_ready = true;
  }
  static const std::vector<std::string> kNone;
  auto it = inherited_labels.find(id);
  return it == inherited_labels.end() ? kNone : it->second;
}

std::string Migrator::Impl::CreateDate(const std::string& id) const {
  auto it = loaded.by_revision.find(id);
  if (it == loaded.by_revision.end()) return "";
  const std::string& src = it->second.source;
  size_t at = 0;
  while (at < src.size()) {
    size_t end = src.find('\n', at);
    if (end == std::string::npos) end = src.size();
    std::string_view line = util::Trim(std::string_view(src).substr(at, end - at));
    at = end + 1;
    if (line.empty()) continue;
    if (!util::StartsWith(line, "--")) break;
    line.remove_prefix(2);
    line = util::Trim(line);
    if (util::StartsWith(line, "Create Date:")) {
      line.remove_prefix(12);
      return std::string(util::Trim(line));
    }
  }
  return "";
}

}  // namespace luamig
