// SPDX-License-Identifier: MIT
#include "util/edit_distance.h"

#include <catch2/catch.hpp>

using luamig::util::DidYouMean;
using luamig::util::EditDistance;
using luamig::util::Suggest;

TEST_CASE("edit distance counts insertions, deletions and substitutions", "[util]") {
  CHECK(EditDistance("", "") == 0);
  CHECK(EditDistance("abc", "abc") == 0);
  CHECK(EditDistance("upgrade", "upgarde") == 1);  // one transposition
  CHECK(EditDistance("tabel", "table") == 1);
  CHECK(EditDistance("head", "heads") == 1);
  CHECK(EditDistance("", "abc") == 3);
}

TEST_CASE("suggestions rank the closest candidates first and cut off far ones",
          "[util]") {
  std::vector<std::string> cmds = {"upgrade", "downgrade", "current", "history", "heads"};
  CHECK(Suggest("upgrdae", cmds) == std::vector<std::string>{"upgrade"});
  CHECK(Suggest("hist", cmds).empty());
  CHECK(Suggest("xyz", cmds).empty());
  CHECK(DidYouMean("curent", cmds) == " (did you mean 'current'?)");
  CHECK(DidYouMean("zzzzzz", cmds).empty());
  CHECK(DidYouMean("tabel", {"table", "index"}) == " (did you mean 'table'?)");
}
