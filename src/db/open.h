// SPDX-License-Identifier: MIT
// URL → connection.
#ifndef LUAMIG_DB_OPEN_H_
#define LUAMIG_DB_OPEN_H_

#include <chrono>
#include <memory>

#include "db/connection.h"
#include "util/url.h"

namespace luamig::db {

/// Opens the connection a parsed URL names. sqlite URLs open in process;
/// postgresql URLs load the PostgreSQL backend module on first use
/// (db/backend_loader.h), and fail with kUsage, saying where it was looked
/// for, when it is not installed or the build has no PostgreSQL support.
Result<std::unique_ptr<Connection>> OpenConnection(
    const util::DatabaseUrl& url, std::chrono::milliseconds busy_timeout);

}  // namespace luamig::db

#endif  // LUAMIG_DB_OPEN_H_
