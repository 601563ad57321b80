// SPDX-License-Identifier: MIT
// Reads a SQLite database directly (not through luamig) so tests assert what
// a user would see with the sqlite3 shell.
#ifndef LUAMIG_TESTS_SUPPORT_SQLITE_PROBE_H_
#define LUAMIG_TESTS_SUPPORT_SQLITE_PROBE_H_

#include <sqlite3.h>

#include <string>
#include <vector>

namespace luamig::testing {

/// Rows of `sql` as text cells ("NULL" for null). Empty on any error.
inline std::vector<std::vector<std::string>> SqliteRows(const std::string& path,
                                                        const std::string& sql) {
  std::vector<std::vector<std::string>> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const unsigned char* t = sqlite3_column_text(stmt, i);
        row.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      out.push_back(row);
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

/// User tables (not sqlite_*, not the version table and not luamig_history),
/// sorted.
inline std::vector<std::string> SqliteTables(
    const std::string& path, const std::string& version_table = "luamig_version") {
  std::vector<std::string> out;
  for (const auto& row :
       SqliteRows(path,
                  "SELECT name FROM sqlite_master WHERE type='table' AND name "
                  "NOT LIKE 'sqlite_%' ORDER BY name")) {
    if (row[0] != version_table && row[0] != "luamig_history") out.push_back(row[0]);
  }
  return out;
}

/// Column names of `table`, in order.
inline std::vector<std::string> SqliteColumns(const std::string& path,
                                              const std::string& table) {
  std::vector<std::string> out;
  for (const auto& row :
       SqliteRows(path, "SELECT name FROM pragma_table_info('" + table + "')")) {
    out.push_back(row[0]);
  }
  return out;
}

/// The version table's rows, sorted.
inline std::vector<std::string> SqliteVersions(
    const std::string& path, const std::string& table = "luamig_version") {
  std::vector<std::string> out;
  for (const auto& row : SqliteRows(
           path, "SELECT version_num FROM \"" + table + "\" ORDER BY version_num")) {
    out.push_back(row[0]);
  }
  return out;
}

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_SQLITE_PROBE_H_
