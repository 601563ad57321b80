// SPDX-License-Identifier: MIT
#include "runtime/step_info.h"

namespace luamig::runtime {

StepInfo Describe(const graph::RevisionMap& graph, const graph::Step& step) {
  StepInfo info;
  info.revision = step.revision;
  info.direction = step.direction == graph::Direction::kUpgrade ? Direction::kUpgrade
                                                                : Direction::kDowngrade;
  info.stamp_only = step.stamp_only;
  if (const graph::Revision* rev = graph.Find(step.revision)) {
    info.message = rev->message;
    info.file = rev->source;
  }
  return info;
}

const char* DirectionName(const graph::Step& step) {
  bool up = step.direction == graph::Direction::kUpgrade;
  if (step.stamp_only) return up ? "stamp-upgrade" : "stamp-downgrade";
  return up ? "upgrade" : "downgrade";
}

std::string RevisionList(const std::vector<std::string>& ids) {
  if (ids.empty()) return "<base>";
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

std::string StepTitle(const graph::RevisionMap& graph, const graph::Step& step) {
  const graph::Revision* rev = graph.Find(step.revision);
  std::vector<std::string> parents = rev ? rev->down_revisions : step.delta.removed;
  std::vector<std::string> self{step.revision};
  const bool up = step.direction == graph::Direction::kUpgrade;
  std::string title = std::string("Running ") + (up ? "upgrade " : "downgrade ") +
                      RevisionList(up ? parents : self) + " -> " +
                      RevisionList(up ? self : parents);
  if (rev && !rev->message.empty()) title += ": " + rev->message;
  return title;
}

}  // namespace luamig::runtime
