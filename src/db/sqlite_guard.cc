// SPDX-License-Identifier: MIT
#include "db/sqlite_guard.h"

#include <sqlite3.h>

#include <cstring>

namespace luamig::db {
namespace {

const char kOptIn[] = "; set sqlite_trusted_scripts = true in luamig.lua to allow it";

// PRAGMAs whose setting reaches outside the database or rewrites its schema
// behind SQLite's back.
bool IsGuardedPragma(const char* name) {
  for (const char* p :
       {"writable_schema", "temp_store_directory", "data_store_directory"}) {
    if (sqlite3_stricmp(name, p) == 0) return true;
  }
  return false;
}

void SetFlag(sqlite3* db, int op, int on) { sqlite3_db_config(db, op, on, nullptr); }

}  // namespace

SqliteGuard::SqliteGuard(sqlite3* db) : db_(db) {
  SetTrusted(false);
  sqlite3_set_authorizer(db_, &SqliteGuard::Authorize, this);
}

SqliteGuard::~SqliteGuard() { sqlite3_set_authorizer(db_, nullptr, nullptr); }

void SqliteGuard::SetTrusted(bool trusted) {
  trusted_ = trusted;
  SetFlag(db_, SQLITE_DBCONFIG_DEFENSIVE, trusted ? 0 : 1);
  // Functions and virtual tables named in the schema run only when the
  // schema is trusted; luamig never needs them to.
  SetFlag(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, trusted ? 1 : 0);
  SetFlag(db_, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0);
}

std::string SqliteGuard::TakeRefusal() {
  std::string out;
  out.swap(refusal_);
  return out;
}

// C callback: nothing may throw through SQLite.
int SqliteGuard::Authorize(void* self, int action, const char* a, const char* b,
                           const char* /*db_name*/, const char* /*trigger*/) {
  try {
    return static_cast<SqliteGuard*>(self)->Decide(action, a, b);
  } catch (...) {
    return SQLITE_DENY;
  }
}

int SqliteGuard::Decide(int action, const char* a, const char* b) {
  if (trusted_) return SQLITE_OK;
  if (action == SQLITE_ATTACH) {
    // "" is the temporary database plain VACUUM attaches; ":memory:" writes
    // no file. Anything else (ATTACH 'x.db', VACUUM INTO 'x.db') creates or
    // writes a file beside, or anywhere outside, the database.
    if (a == nullptr || *a == '\0' || std::strcmp(a, ":memory:") == 0) return SQLITE_OK;
    refusal_ = std::string("refused to attach or write the file '") + a +
               "': SQL run by luamig on SQLite may not create or write other files "
               "(ATTACH, VACUUM INTO)" +
               kOptIn;
    return SQLITE_DENY;
  }
  if (action == SQLITE_PRAGMA && a != nullptr && b != nullptr && IsGuardedPragma(a)) {
    refusal_ = std::string("refused PRAGMA ") + a +
               ": SQL run by luamig on SQLite may not change it" + kOptIn;
    return SQLITE_DENY;
  }
  return SQLITE_OK;
}

}  // namespace luamig::db
