// SPDX-License-Identifier: MIT
// A revision as the graph sees it: ids and edges, no files, no Lua.
#ifndef LUAMIG_GRAPH_REVISION_H_
#define LUAMIG_GRAPH_REVISION_H_

#include <string>
#include <vector>

namespace luamig::graph {

struct Revision {
  std::string id;                           ///< e.g. "dcd397241ba3"
  std::vector<std::string> down_revisions;  ///< empty: a base; two or more: a merge
  std::vector<std::string> branch_labels;   ///< e.g. {"ecs"}
  std::vector<std::string> depends_on;      ///< revision ids or branch labels
  std::string message;                      ///< first line of the script's doc comment
  std::string source;                       ///< file or script name, for error messages

  std::string DebugString() const;
};

}  // namespace luamig::graph

#endif  // LUAMIG_GRAPH_REVISION_H_
