// SPDX-License-Identifier: MIT
// Shared by the embedding tests: a five-revision history (optionally failing
// at revision 3) and small probes of a SQLite file.
#ifndef LUAMIG_TESTS_API_EMBED_FIXTURE_H_
#define LUAMIG_TESTS_API_EMBED_FIXTURE_H_

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "luamig/luamig.h"
#include "support/sqlite_probe.h"
#include "support/temp_project.h"

namespace luamig::testing {

/// r1 … r5, each creating table t<N> with a row; with `fail_at_3`, r3 runs
/// a statement against a table that does not exist (after creating t3).
inline std::vector<ScriptFile> FiveRevisions(bool fail_at_3 = false) {
  std::vector<ScriptFile> out;
  for (int i = 1; i <= 5; ++i) {
    std::string n = std::to_string(i);
    std::string up = "op.create_table(\"t" + n + "\", { { \"id\", \"integer\" } })\n" +
                     "op.execute(\"INSERT INTO t" + n + " VALUES (" + n + ")\")";
    if (i == 3 && fail_at_3) up += "\nop.execute(\"INSERT INTO missing VALUES (1)\")";
    out.push_back({"00" + n + "_t" + n + ".lua",
                   Script("r" + n, i == 1 ? "" : "r" + std::to_string(i - 1), up,
                          "op.drop_table(\"t" + n + "\")", "table t" + n)});
  }
  return out;
}

/// The whole file, byte for byte ("" when it does not exist).
inline std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

/// What a run leaves: every object of the schema, the version rows and the
/// number of history rows, as comparable text.
inline std::vector<std::string> DatabaseState(const std::string& path) {
  std::vector<std::string> out;
  for (const auto& row : SqliteRows(path,
                                    "SELECT type, name, sql FROM sqlite_master "
                                    "ORDER BY type, name"))
    out.push_back(row[0] + " " + row[1] + " " + row[2]);
  for (const auto& v : SqliteVersions(path)) out.push_back("version " + v);
  auto n = SqliteRows(path, "SELECT count(*) FROM luamig_history");
  out.push_back("history rows " + (n.empty() ? std::string("?") : n[0][0]));
  return out;
}

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_API_EMBED_FIXTURE_H_
