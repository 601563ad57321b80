// SPDX-License-Identifier: MIT
// Keeps SQL run on a SQLite connection inside its database file: an
// authorizer (sqlite3_set_authorizer) refuses ATTACH of a file, VACUUM INTO
// a file and PRAGMAs that write the schema or move temporary files, and
// SQLITE_DBCONFIG_DEFENSIVE disables what can corrupt the database on
// purpose (writable_schema, journal_mode=OFF, sqlite_dbpage writes)
// (issue 12, item 7).
#ifndef LUAMIG_DB_SQLITE_GUARD_H_
#define LUAMIG_DB_SQLITE_GUARD_H_

#include <string>

struct sqlite3;

namespace luamig::db {

/// Installed on a connection luamig opened (never on a host's handle).
/// Not copyable: the authorizer keeps a pointer to it.
class SqliteGuard {
 public:
  /// Installs the authorizer and the defensive flag on `db`.
  explicit SqliteGuard(sqlite3* db);
  ~SqliteGuard();
  SqliteGuard(const SqliteGuard&) = delete;
  SqliteGuard& operator=(const SqliteGuard&) = delete;

  /// `trusted` (config sqlite_trusted_scripts = true): allow everything, as
  /// plain SQLite does. Default false.
  void SetTrusted(bool trusted);

  /// Why the last refused statement was refused ("" when none was), and
  /// forgets it.
  std::string TakeRefusal();

 private:
  static int Authorize(void* self, int action, const char* a, const char* b,
                       const char* db_name, const char* trigger);
  int Decide(int action, const char* a, const char* b);

  sqlite3* db_;
  bool trusted_ = false;
  std::string refusal_;
};

}  // namespace luamig::db

#endif  // LUAMIG_DB_SQLITE_GUARD_H_
