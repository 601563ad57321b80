// SPDX-License-Identifier: MIT
// A TempProject laid out for the luamig binary: luamig.lua plus revision
// scripts under versions/.
#ifndef LUAMIG_TESTS_SUPPORT_CLI_PROJECT_H_
#define LUAMIG_TESTS_SUPPORT_CLI_PROJECT_H_

#include <algorithm>
#include <filesystem>
#include <string>

#include "support/temp_project.h"

namespace luamig::testing {

/// Three revisions a1 → b2 → c3 creating users, posts and tags.
inline void WriteThreeRevisions(const TempProject& p) {
  p.Write("luamig.lua", "version_table = \"luamig_version\"\n");
  p.Write("versions/001_a1_users.lua",
          Script("a1", "",
                 "op.create_table(\"users\", { { \"id\", \"integer\", primary_key = true "
                 "}, { \"name\", \"text\" } })",
                 "op.drop_table(\"users\")", "Create users"));
  p.Write("versions/002_b2_posts.lua",
          Script("b2", "a1",
                 "op.create_table(\"posts\", { { \"id\", \"integer\", primary_key = true "
                 "}, { \"body\", \"text\" } })",
                 "op.drop_table(\"posts\")", "Create posts"));
  p.Write("versions/003_c3_tags.lua",
          Script("c3", "b2", "op.create_table(\"tags\", { { \"label\", \"text\" } })",
                 "op.drop_table(\"tags\")", "Create tags"));
}

/// Copies the repository's shipped luamig.lua and versions/ into `p`.
inline void CopyShippedProject(const TempProject& p) {
  namespace fs = std::filesystem;
  const fs::path src(LUAMIG_SOURCE_DIR);
  fs::copy_file(src / "luamig.lua", fs::path(p.Path("luamig.lua")),
                fs::copy_options::overwrite_existing);
  fs::copy(src / "versions", fs::path(p.Path("versions")),
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

/// Number of lines in `text` (a last line without '\n' counts).
inline size_t LineCount(const std::string& text) {
  size_t n = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  return n + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_CLI_PROJECT_H_
