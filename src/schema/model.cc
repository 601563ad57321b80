// SPDX-License-Identifier: MIT
#include "schema/model.h"

namespace luamig::schema {

const Column* Table::FindColumn(const std::string& column) const {
  for (const auto& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

Table* Model::FindTable(const std::string& schema, const std::string& name) {
  for (auto& t : tables) {
    if (t.schema == schema && t.name == name) return &t;
  }
  return nullptr;
}

const Table* Model::FindTable(const std::string& schema, const std::string& name) const {
  for (const auto& t : tables) {
    if (t.schema == schema && t.name == name) return &t;
  }
  return nullptr;
}

const Enum* Model::FindEnum(const std::string& schema, const std::string& name) const {
  for (const auto& e : enums) {
    if (e.schema == schema && e.name == name) return &e;
  }
  return nullptr;
}

std::string QualifiedName(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

}  // namespace luamig::schema
