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

std::string Plan::DebugString() const {
  std::string out;
  if (purge) out += "purge\n";
  for (const Step& step : steps) out += step.DebugString() + "\n";
  return out;
}

}  // namespace luamig::graph
