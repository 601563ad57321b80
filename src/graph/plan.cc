// SPDX-License-Identifier: MIT
#include "graph/plan.h"

#include "util/strings.h"

namespace luamig::graph {

std::string Step::DebugString() const {
  std::string verb = direction == Direction::kUpgrade ? "up" : "down";
  if (stamp_only) verb = "stamp " + verb;
  return verb + " " + revision + ": {" + util::Join(delta.removed, ", ") + "} -> {" +
         util::Join(delta.added, ", ") + "}";
}

std::vector<std::string> ApplyDelta(std::vector<std::string> rows,
                                    const HeadsDelta& delta) {
  ApplyToRows(rows, delta.removed, delta.added);
  return rows;
}

bool SameHeads(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

std::string Plan::DebugString() const {
  std::string out;
  if (purge) out += "purge\n";
  for (const Step& step : steps) out += step.DebugString() + "\n";
  return out;
}

}  // namespace luamig::graph
