// SPDX-License-Identifier: MIT
#include "autogen/rules.h"

#include "schema/normalize.h"
#include "util/strings.h"

namespace luamig::autogen {

std::string PortableSpelling(const dialect::Dialect& dialect, const std::string& canonical) {
  std::string args;
  size_t open = canonical.find('(');
  if (open != std::string::npos) args = canonical.substr(open);
  // In order of preference: the first that renders as `canonical` wins.
  static const char* const kNames[] = {
      "integer", "bigint",      "serial", "bigserial", "text",    "string",
      "boolean", "real",        "double", "numeric",   "date",    "timestamp",
      "timestamptz", "json",    "uuid",   "blob"};
  for (const char* name : kNames) {
    std::string candidate = name;
    if (!args.empty()) {
      if (candidate != "string" && candidate != "numeric") continue;
      candidate += args;
    }
    ops::SqlType t = ops::SqlType::Parse(candidate);
    if (t.kind == ops::TypeKind::kPassthrough) continue;
    if (schema::CanonicalType(dialect.TypeName(t)) == canonical) return candidate;
  }
  return canonical;
}

std::string ConventionalName(const schema::Table& table, const ops::ConstraintSpec& k) {
  std::string name;
  switch (k.kind) {
    case ops::ConstraintKind::kPrimaryKey:
      name = table.name + "_pkey";
      break;
    case ops::ConstraintKind::kUnique:
      name = table.name + "_" + util::Join(k.columns, "_") + "_key";
      break;
    case ops::ConstraintKind::kForeignKey:
      name = table.name + "_" + util::Join(k.columns, "_") + "_fkey";
      break;
    case ops::ConstraintKind::kCheck:
      name = table.name + "_check";
      break;
  }
  return name.size() > 63 ? name.substr(0, 63) : name;
}

schema::DiffOptions DiffOptionsFor(const dialect::Dialect& dialect) {
  schema::DiffOptions o;
  o.batch = dialect.BatchNeedsCatalog();
  o.comments = dialect.capabilities().comments;
  o.type_spelling = [&dialect](const std::string& canonical) {
    return PortableSpelling(dialect, canonical);
  };
  o.constraint_name = [](const schema::Table& t, const ops::ConstraintSpec& k) {
    return ConventionalName(t, k);
  };
  return o;
}

}  // namespace luamig::autogen
