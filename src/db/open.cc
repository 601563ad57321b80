// SPDX-License-Identifier: MIT
#include "db/open.h"

#include "db/backend_loader.h"
#include "db/sqlite_connection.h"

namespace luamig::db {
namespace {

// PostgreSQL lives in a backend module (luamig_pg.so), loaded here on the
// first postgresql:// URL, so nothing else maps libpqxx or libpq.
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& target) {
#if LUAMIG_WITH_POSTGRESQL
  LUAMIG_ASSIGN_OR_RETURN(const BackendModule* backend, LoadBackend("postgresql"));
  Status error;
  std::unique_ptr<Connection> conn(backend->open(target.c_str(), &error));
  if (!conn) return error;
  return conn;
#else
  (void)target;
  return Status::Usage(
      "this luamig was built without PostgreSQL support (-DLUAMIG_WITH_POSTGRESQL=OFF)");
#endif
}

}  // namespace

Result<std::unique_ptr<Connection>> OpenConnection(
    const util::DatabaseUrl& url, std::chrono::milliseconds busy_timeout) {
  if (url.scheme == "sqlite") {
    LUAMIG_ASSIGN_OR_RETURN(auto conn, SqliteConnection::Open(url.target, busy_timeout));
    return std::unique_ptr<Connection>(std::move(conn));
  }
  if (url.scheme == "postgresql") return OpenPostgres(url.target);
  return Status::Usage("no connection adapter for scheme '" + url.scheme + "'");
}

}  // namespace luamig::db
