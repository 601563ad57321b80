// SPDX-License-Identifier: MIT
// One-line graph notation → revisions, for graph tests.
//
//   "a; b<-a; c1<-b; c2<-b; d<-c1,c2 @data; e<-d ~x @ops; x"
//
// Entries are separated by ';' and listed in load order. Each entry is
//   ID [<- DOWN[,DOWN…]] [@LABEL]… [~DEPENDS_ON]…
// where DOWN are down_revisions (two or more: a merge), @LABEL adds a branch
// label and ~DEP adds a depends_on entry (a revision id or a label). Spaces
// around "<-" and between tokens are optional; an entry's source is "ID.lua".
#ifndef LUAMIG_TESTS_SUPPORT_GRAPH_BUILDER_H_
#define LUAMIG_TESTS_SUPPORT_GRAPH_BUILDER_H_

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "graph/revision.h"
#include "graph/revision_map.h"

namespace luamig::testing {

inline std::vector<std::string> SplitGraphList(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, sep)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

inline graph::Revision ParseGraphEntry(std::string entry) {
  for (size_t at = entry.find("<-"); at != std::string::npos;
       at = entry.find("<-", at + 4)) {
    entry.replace(at, 2, " <- ");
  }
  std::istringstream in(entry);
  std::vector<std::string> tokens;
  for (std::string t; in >> t;) tokens.push_back(t);
  graph::Revision rev;
  rev.id = tokens.at(0);
  rev.source = rev.id + ".lua";
  for (size_t i = 1; i < tokens.size(); ++i) {
    if (tokens[i] == "<-") {
      rev.down_revisions = SplitGraphList(tokens.at(++i), ',');
    } else if (tokens[i][0] == '@') {
      rev.branch_labels.push_back(tokens[i].substr(1));
    } else if (tokens[i][0] == '~') {
      rev.depends_on.push_back(tokens[i].substr(1));
    } else {
      FAIL("graph notation: unexpected token '" << tokens[i] << "' in '" << entry << "'");
    }
  }
  return rev;
}

/// Parses the notation above; FAILs the test on a syntax error.
inline std::vector<graph::Revision> ParseGraph(const std::string& text) {
  std::vector<graph::Revision> out;
  for (const std::string& entry : SplitGraphList(text, ';')) {
    if (entry.find_first_not_of(" \t\n") == std::string::npos) continue;
    out.push_back(ParseGraphEntry(entry));
  }
  return out;
}

/// Parses and builds; REQUIREs that Build succeeds.
inline graph::RevisionMap BuildGraph(const std::string& text) {
  auto map = graph::RevisionMap::Build(ParseGraph(text));
  INFO(map.status().ToString());
  REQUIRE(map.ok());
  return std::move(map).value();
}

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_GRAPH_BUILDER_H_
