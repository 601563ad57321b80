// SPDX-License-Identifier: MIT
// PostgreSQL: pg_catalog queries, one set per schema read. Objects that
// belong to an extension (PostGIS's spatial_ref_sys, …) are the
// extension's, not the schema's, and are left out. A column whose
// default is nextval() of a sequence it owns is a serial column; that
// sequence is part of the column, not an object of its own.
#include <algorithm>
#include <map>
#include <set>

#include "dialect/row_values.h"
#include "reflect/reflector.h"
#include "util/strings.h"

namespace luamig::reflect {
namespace {

using dialect::CellBool;
using dialect::CellInt;
using dialect::CellString;
using dialect::CellText;
using K = ops::ConstraintKind;

const char kTables[] =
    "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 "
    "AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND NOT EXISTS (SELECT 1 FROM "
    "pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND "
    "d.objid = c.oid AND d.deptype = 'e') ORDER BY 1";

const char kColumns[] =
    "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
    "NOT a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, "
    "pg_catalog.col_description(c.oid, a.attnum), a.attgenerated, "
    "(SELECT sn.nspname || '.' || s.relname FROM pg_catalog.pg_depend dep JOIN "
    "pg_catalog.pg_class s ON s.oid = dep.objid JOIN pg_catalog.pg_namespace sn ON "
    "sn.oid = s.relnamespace WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND "
    "dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'a' AND "
    "s.relkind = 'S' LIMIT 1) "
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid LEFT JOIN "
    "pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
    "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND "
    "a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum";

const char kConstraints[] =
    "SELECT c.relname, k.conname, k.contype, k.condeferrable, k.condeferred, "
    "k.confupdtype, k.confdeltype, rn.nspname, rc.relname, "
    "pg_catalog.pg_get_expr(k.conbin, k.conrelid), "
    "pg_catalog.pg_get_constraintdef(k.oid) "
    "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_catalog.pg_class rc ON rc.oid = k.confrelid "
    "LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "
    "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY 1, 2";

const char kConstraintColumns[] =
    "SELECT c.relname, k.conname, a.attname, fa.attname "
    "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord) "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum "
    "LEFT JOIN pg_catalog.pg_attribute fa ON fa.attrelid = k.confrelid AND "
    "fa.attnum = k.confkey[u.ord] "
    "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND k.contype IN ('p', 'u', 'f') "
    "ORDER BY 1, 2, u.ord";

const char kIndexes[] =
    "SELECT c.relname, i.relname, x.indisunique, "
    "pg_catalog.pg_get_expr(x.indpred, x.indrelid), "
    "CASE WHEN x.indkey[s.n - 1] <> 0 THEN a.attname END, "
    "pg_catalog.pg_get_indexdef(x.indexrelid, s.n, true) "
    "FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indrelid "
    "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "CROSS JOIN LATERAL generate_series(1, x.indnkeyatts) AS s(n) "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND "
    "a.attnum = x.indkey[s.n - 1] "
    "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT EXISTS (SELECT 1 FROM "
    "pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = c.oid "
    "AND k.contype IN ('p', 'u', 'x')) ORDER BY 1, 2, s.n";

const char kEnums[] =
    "SELECT t.typname, e.enumlabel FROM pg_catalog.pg_type t "
    "JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 "
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = t.oid AND "
    "d.deptype = 'e') ORDER BY t.typname, e.enumsortorder";

// Objects the model does not cover: kind, name, definition. Members of
// extensions are left out (the extension owns them).
const char kOthers[] =
    "SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' "
    "WHEN 'f' THEN 'foreign table' ELSE 'sequence' END, c.relname, "
    "CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) ELSE '' END "
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = $1 AND c.relkind IN ('v', 'm', 'f', 'S') "
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = c.oid AND "
    "d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i', 'e')) "
    "UNION ALL "
    "SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' "
    "ELSE 'function' END, p.proname || '(' || "
    "pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', p.prosrc "
    "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
    "WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE "
    "d.objid = p.oid AND d.deptype = 'e') "
    "UNION ALL "
    "SELECT 'trigger', c.relname || '.' || t.tgname, pg_catalog.pg_get_triggerdef(t.oid) "
    "FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = $1 AND NOT t.tgisinternal "
    "UNION ALL "
    "SELECT 'policy', c.relname || '.' || p.polname, "
    "COALESCE(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '') || ' / ' || "
    "COALESCE(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '') "
    "FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 "
    "UNION ALL "
    "SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, t.typname, "
    "pg_catalog.format_type(t.typbasetype, t.typtypmod) "
    "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
    "WHERE n.nspname = $1 AND (t.typtype = 'd' OR (t.typtype = 'c' AND EXISTS (SELECT 1 "
    "FROM pg_catalog.pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c'))) "
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = t.oid AND "
    "d.deptype = 'e') ORDER BY 1, 2";

std::string Action(const std::string& code) {
  if (code == "r") return "restrict";
  if (code == "c") return "cascade";
  if (code == "n") return "set null";
  if (code == "d") return "set default";
  return "";  // "a": no action, the default
}

bool Excluded(const Options& o, const std::string& table) {
  for (const auto& p : o.exclude_tables) {
    if (GlobMatch(p, table)) return true;
  }
  return false;
}

// "((a > 0))" → "a > 0": PostgreSQL wraps deparsed conditions in parentheses.
std::string StripOuterParens(std::string s) {
  for (;;) {
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') return s;
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '\'') in_string = !in_string;
      if (in_string) continue;
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0 && i + 1 < s.size()) return s;  // closes early
    }
    s = std::string(util::Trim(std::string_view(s).substr(1, s.size() - 2)));
  }
}

// serial = integer whose default is nextval() of the sequence it owns.
void SerialColumn(schema::Column* c, const std::optional<std::string>& owned_seq) {
  if (!owned_seq || !c->default_sql) return;
  const std::string& d = *c->default_sql;
  if (!util::StartsWith(d, "nextval(")) return;
  std::string seq = owned_seq->substr(owned_seq->find('.') + 1);
  if (d.find(seq) == std::string::npos) return;
  const char* serial = c->type == "integer"    ? "serial"
                       : c->type == "bigint"   ? "bigserial"
                       : c->type == "smallint" ? "smallserial"
                                               : nullptr;
  if (serial == nullptr) return;
  c->type = serial;
  c->default_sql.reset();
}

class PgReader {
 public:
  PgReader(db::Connection& conn, const Options& o) : conn_(conn), o_(o) {}

  Result<schema::Model> Read() {
    LUAMIG_ASSIGN_OR_RETURN(ops::Rows cur, conn_.Query("SELECT current_schema()"));
    if (cur.rows.empty() || !CellText(cur.rows[0][0]))
      return Status::Database("no current schema (search_path names no existing schema)");
    default_ = CellString(cur.rows[0][0]);
    std::vector<std::string> schemas{default_};
    if (o_.all_schemas) {
      LUAMIG_ASSIGN_OR_RETURN(
          ops::Rows all,
          conn_.Query(
              "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT LIKE "
              "'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1"));
      for (const auto& r : all.rows) schemas.push_back(CellString(r[0]));
    }
    for (const auto& s : o_.schemas) schemas.push_back(s);
    std::set<std::string> seen;
    for (const auto& s : schemas) {
      if (!seen.insert(s).second) continue;
      LUAMIG_ASSIGN_OR_RETURN(ops::Rows exists,
                              conn_.Query("SELECT 1 FROM pg_catalog.pg_namespace WHERE "
                                          "nspname = $1",
                                          {s}));
      if (exists.rows.empty()) continue;
      if (s != default_) model_.schemas.push_back(s);
      LUAMIG_RETURN_IF_ERROR(Schema(s));
    }
    return std::move(model_);
  }

 private:
  std::string Local(const std::string& schema) const {
    return schema == default_ ? "" : schema;
  }

  schema::Table* TableOf(const std::string& schema, const std::string& name) {
    return model_.FindTable(Local(schema), name);
  }

  Status Schema(const std::string& s) {
    std::vector<ops::Value> p{s};
    LUAMIG_ASSIGN_OR_RETURN(ops::Rows tables, conn_.Query(kTables, p));
    for (const auto& r : tables.rows) {
      std::string name = CellString(r[0]);
      if (Excluded(o_, name)) continue;
      schema::Table t;
      t.schema = Local(s);
      t.name = name;
      t.comment = CellText(r[1]);
      model_.tables.push_back(std::move(t));
    }
    LUAMIG_ASSIGN_OR_RETURN(ops::Rows cols, conn_.Query(kColumns, p));
    for (const auto& r : cols.rows) {
      schema::Table* t = TableOf(s, CellString(r[0]));
      if (t == nullptr) continue;
      schema::Column c;
      c.name = CellString(r[1]);
      c.type = CellString(r[2]);
      c.nullable = CellBool(r[3]);
      c.default_sql = CellText(r[4]);
      std::string identity = CellString(r[5]);
      c.identity = identity == "a" ? "always" : identity == "d" ? "by default" : "";
      c.comment = CellText(r[6]);
      if (CellString(r[7]) == "s" && c.default_sql) {
        c.type += " generated always as (" + *c.default_sql + ") stored";
        c.default_sql.reset();
      }
      SerialColumn(&c, CellText(r[8]));
      t->columns.push_back(std::move(c));
    }
    LUAMIG_RETURN_IF_ERROR(Constraints(s, p));
    LUAMIG_RETURN_IF_ERROR(Indexes(s, p));
    LUAMIG_ASSIGN_OR_RETURN(ops::Rows enums, conn_.Query(kEnums, p));
    for (const auto& r : enums.rows) {
      std::string name = CellString(r[0]);
      if (model_.enums.empty() || model_.enums.back().name != name ||
          model_.enums.back().schema != Local(s))
        model_.enums.push_back({Local(s), name, {}});
      model_.enums.back().values.push_back(CellString(r[1]));
    }
    LUAMIG_ASSIGN_OR_RETURN(ops::Rows others, conn_.Query(kOthers, p));
    for (const auto& r : others.rows) {
      std::string kind = CellString(r[0]), name = CellString(r[1]);
      if ((kind == "trigger" || kind == "policy") &&
          Excluded(o_, name.substr(0, name.find('.'))))
        continue;
      model_.others.push_back({kind, Local(s), name, CellString(r[2])});
    }
    return Status::Ok();
  }

  Status Constraints(const std::string& s, const std::vector<ops::Value>& p) {
    LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, conn_.Query(kConstraints, p));
    LUAMIG_ASSIGN_OR_RETURN(ops::Rows cols, conn_.Query(kConstraintColumns, p));
    std::map<std::pair<std::string, std::string>, ops::ConstraintSpec> keys;
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& r : rows.rows) {
      std::string table = CellString(r[0]), name = CellString(r[1]);
      std::string type = CellString(r[2]);
      schema::Table* t = TableOf(s, table);
      if (t == nullptr) continue;
      if (type != "p" && type != "u" && type != "f" && type != "c") {
        // Exclusion constraints and constraint triggers: not modelled.
        model_.others.push_back({type == "x" ? "exclusion constraint" : "constraint",
                                 Local(s), table + "." + name, CellString(r[10])});
        continue;
      }
      ops::ConstraintSpec k;
      k.name = name;
      k.kind = type == "p"   ? K::kPrimaryKey
               : type == "u" ? K::kUnique
               : type == "f" ? K::kForeignKey
                             : K::kCheck;
      if (CellBool(r[3])) k.deferrable = true;
      if (CellBool(r[4])) k.initially = "deferred";
      if (k.kind == K::kForeignKey) {
        k.on_update = Action(CellString(r[5]));
        k.on_delete = Action(CellString(r[6]));
        k.referent_schema = Local(CellString(r[7]));
        k.referent = CellString(r[8]);
      }
      if (k.kind == K::kCheck) k.condition = StripOuterParens(CellString(r[9]));
      keys[{table, name}] = std::move(k);
      order.emplace_back(table, name);
    }
    for (const auto& r : cols.rows) {
      auto it = keys.find({CellString(r[0]), CellString(r[1])});
      if (it == keys.end()) continue;
      it->second.columns.push_back(CellString(r[2]));
      if (it->second.kind == K::kForeignKey)
        it->second.remote_columns.push_back(CellString(r[3]));
    }
    for (const auto& id : order) {
      schema::Table* t = TableOf(s, id.first);
      ops::ConstraintSpec& k = keys[id];
      if (k.kind == K::kPrimaryKey) {
        t->primary_key = std::move(k);
      } else {
        t->constraints.push_back(std::move(k));
      }
    }
    return Status::Ok();
  }

  Status Indexes(const std::string& s, const std::vector<ops::Value>& p) {
    LUAMIG_ASSIGN_OR_RETURN(ops::Rows rows, conn_.Query(kIndexes, p));
    schema::Table* t = nullptr;
    for (const auto& r : rows.rows) {
      std::string table = CellString(r[0]), name = CellString(r[1]);
      if (t == nullptr || t->name != table) t = TableOf(s, table);
      if (t == nullptr) continue;
      if (t->indexes.empty() || t->indexes.back().name != name) {
        schema::Index i;
        i.name = name;
        i.unique = CellBool(r[2]);
        i.where = StripOuterParens(CellString(r[3]));
        t->indexes.push_back(std::move(i));
      }
      std::optional<std::string> col = CellText(r[4]);
      t->indexes.back().columns.push_back(col ? ops::IndexColumn{*col, false}
                                              : ops::IndexColumn{CellString(r[5]), true});
    }
    return Status::Ok();
  }

  db::Connection& conn_;
  const Options& o_;
  std::string default_;
  schema::Model model_;
};

}  // namespace

Result<schema::Model> ReflectPostgres(db::Connection& conn, const Options& options) {
  return PgReader(conn, options).Read();
}

}  // namespace luamig::reflect
