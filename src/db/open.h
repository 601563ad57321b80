// SPDX-License-Identifier: MIT
// URL → connection.
#ifndef LUAMIG_DB_OPEN_H_
#define LUAMIG_DB_OPEN_H_

#include <chrono>
#include <memory>

#include "db/connection.h"
#include "util/url.h"

namespace luamig::db {

/// Opens the connection a parsed URL names.
Result<std::unique_ptr<Connection>> OpenConnection(
    const util::DatabaseUrl& url, std::chrono::milliseconds busy_timeout);

}  // namespace luamig::db

#endif  // LUAMIG_DB_OPEN_H_
