// SPDX-License-Identifier: MIT
#include "dialect/registry.h"

#include "dialect/postgres_dialect.h"
#include "dialect/sqlite_dialect.h"
#include "util/edit_distance.h"

namespace luamig::dialect {
namespace {

struct Entry {
  const char* name;
  std::shared_ptr<const Dialect> (*make)();
};

// New backends (CockroachDB, YugabyteDB, …) are added here as dialects.
const Entry kDialects[] = {
    {"sqlite", [] { return std::shared_ptr<const Dialect>(new SqliteDialect()); }},
    {"postgresql", [] { return std::shared_ptr<const Dialect>(new PostgresDialect()); }},
    {"postgres", [] { return std::shared_ptr<const Dialect>(new PostgresDialect()); }},
};

}  // namespace

std::vector<std::string> DialectNames() {
  std::vector<std::string> out;
  for (const Entry& e : kDialects) out.push_back(e.name);
  return out;
}

Result<std::shared_ptr<const Dialect>> DialectByName(std::string_view name) {
  for (const Entry& e : kDialects) {
    if (name == e.name) return e.make();
  }
  return Status::Usage("unknown dialect '" + std::string(name) + "'" +
                       util::DidYouMean(name, DialectNames()));
}

}  // namespace luamig::dialect
