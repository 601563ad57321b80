// SPDX-License-Identifier: MIT
// luamig_pg.so's entry point: the table the db layer's loader asks for.
#include "db/backend_module.h"
#include "luamig/version.h"
#include "pg/pg_connection.h"

namespace luamig::pg {
namespace {

db::Connection* Open(const char* target, Status* error) {
  auto conn = PgConnection::Open(target);
  if (!conn.ok()) {
    *error = conn.status();
    return nullptr;
  }
  return std::move(conn).value().release();
}

constexpr db::BackendModule kModule = {
    db::kBackendAbi, LUAMIG_VERSION_STRING, db::kBackendCompiler, "postgresql", &Open,
};

}  // namespace
}  // namespace luamig::pg

extern "C" __attribute__((visibility("default"))) const luamig::db::BackendModule*
luamig_backend_v1() {
  return &luamig::pg::kModule;
}
