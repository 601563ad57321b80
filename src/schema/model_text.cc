// SPDX-License-Identifier: MIT
#include "schema/model_text.h"

#include "util/strings.h"

namespace luamig::schema {
namespace {

std::string Cols(const std::vector<std::string>& cols) {
  return "(" + util::Join(cols, ", ") + ")";
}

std::string Key(const ops::ConstraintSpec& k) {
  std::string name = k.name.empty() ? "" : k.name + " ";
  switch (k.kind) {
    case ops::ConstraintKind::kPrimaryKey:
      return "primary key " + name + Cols(k.columns);
    case ops::ConstraintKind::kUnique:
      return "unique constraint " + name + Cols(k.columns);
    case ops::ConstraintKind::kCheck:
      return "check constraint " + name + "(" + k.condition + ")";
    case ops::ConstraintKind::kForeignKey: {
      std::string out = "foreign key " + name + Cols(k.columns) + " references " +
                        QualifiedName(k.referent_schema, k.referent) + " " +
                        Cols(k.remote_columns);
      if (!k.on_delete.empty()) out += " on delete " + k.on_delete;
      if (!k.on_update.empty()) out += " on update " + k.on_update;
      if (k.deferrable) out += *k.deferrable ? " deferrable" : " not deferrable";
      if (!k.initially.empty()) out += " initially " + k.initially;
      return out;
    }
  }
  return "";
}

}  // namespace

std::string ToText(const Model& m) {
  std::string out;
  for (const auto& s : m.schemas) out += "schema " + s + "\n";
  for (const auto& e : m.enums) {
    std::vector<std::string> q;
    for (const auto& v : e.values) q.push_back("'" + v + "'");
    out += "enum " + QualifiedName(e.schema, e.name) + " (" + util::Join(q, ", ") + ")\n";
  }
  for (const auto& t : m.tables) {
    out += "table " + QualifiedName(t.schema, t.name) + "\n";
    if (t.comment) out += "  comment '" + *t.comment + "'\n";
    for (const auto& c : t.columns) {
      out += "  column " + c.name + " " + c.type;
      if (!c.identity.empty()) out += " generated " + c.identity + " as identity";
      if (!c.nullable) out += " NOT NULL";
      if (c.default_sql) out += " default " + *c.default_sql;
      if (c.comment) out += " comment '" + *c.comment + "'";
      out += "\n";
    }
    if (!t.primary_key.columns.empty()) out += "  " + Key(t.primary_key) + "\n";
    for (const auto& k : t.constraints) out += "  " + Key(k) + "\n";
    for (const auto& i : t.indexes) {
      std::vector<std::string> cols;
      for (const auto& c : i.columns) cols.push_back(c.text);
      out += std::string("  ") + (i.unique ? "unique index " : "index ") + i.name + " " +
             Cols(cols) + (i.where.empty() ? "" : " WHERE " + i.where) + "\n";
    }
  }
  for (const auto& o : m.others)
    out += o.kind + " " + QualifiedName(o.schema, o.name) + "\n";
  return out;
}

}  // namespace luamig::schema
