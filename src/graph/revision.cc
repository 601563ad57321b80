// SPDX-License-Identifier: MIT
#include "graph/revision.h"

#include "util/strings.h"

namespace luamig::graph {

std::string Revision::DebugString() const {
  std::string out = id + " <- [" + util::Join(down_revisions, ", ") + "]";
  if (!branch_labels.empty()) out += " labels=[" + util::Join(branch_labels, ", ") + "]";
  if (!depends_on.empty()) out += " depends_on=[" + util::Join(depends_on, ", ") + "]";
  if (!source.empty()) out += " (" + source + ")";
  return out;
}

}  // namespace luamig::graph
