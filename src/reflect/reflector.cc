// SPDX-License-Identifier: MIT
#include "reflect/reflector.h"

#include "schema/normalize.h"

namespace luamig::reflect {

bool GlobMatch(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Result<schema::Model> Reflect(db::Connection& conn, std::string_view dialect,
                              const Options& options) {
  Result<schema::Model> model =
      dialect == "sqlite" ? ReflectSqlite(conn, options)
      : dialect == "postgresql"
          ? ReflectPostgres(conn, options)
          : Result<schema::Model>(Status::Usage("no schema reflection for dialect '" +
                                                std::string(dialect) + "'"));
  if (!model.ok()) return model;
  schema::Canonicalize(&*model);
  return model;
}

}  // namespace luamig::reflect
