// SPDX-License-Identifier: MIT
#include "db/open.h"

#include "db/pg_connection.h"
#include "db/sqlite_connection.h"

namespace luamig::db {

Result<std::unique_ptr<Connection>> OpenConnection(
    const util::DatabaseUrl& url, std::chrono::milliseconds busy_timeout) {
  if (url.scheme == "sqlite") {
    LUAMIG_ASSIGN_OR_RETURN(auto conn, SqliteConnection::Open(url.target, busy_timeout));
    return std::unique_ptr<Connection>(std::move(conn));
  }
  if (url.scheme == "postgresql") {
    LUAMIG_ASSIGN_OR_RETURN(auto conn, PgConnection::Open(url.target));
    return std::unique_ptr<Connection>(std::move(conn));
  }
  return Status::Usage("no connection adapter for scheme '" + url.scheme + "'");
}

}  // namespace luamig::db
