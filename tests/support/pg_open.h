// SPDX-License-Identifier: MIT
// Opens a PostgreSQL connection the way luamig does: through the backend
// module (luamig_pg.so, found via LUAMIG_BACKEND_DIR, which the test
// binaries' environment points at the build directory).
#ifndef LUAMIG_TESTS_SUPPORT_PG_OPEN_H_
#define LUAMIG_TESTS_SUPPORT_PG_OPEN_H_

#include <chrono>
#include <memory>
#include <string>

#include "db/connection.h"
#include "db/open.h"
#include "util/url.h"

namespace luamig::testing {

inline Result<std::unique_ptr<db::Connection>> OpenPg(const std::string& url) {
  LUAMIG_ASSIGN_OR_RETURN(util::DatabaseUrl parsed, util::ParseDatabaseUrl(url));
  return db::OpenConnection(parsed, std::chrono::milliseconds(5000));
}

}  // namespace luamig::testing

#endif  // LUAMIG_TESTS_SUPPORT_PG_OPEN_H_
