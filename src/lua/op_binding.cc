// SPDX-License-Identifier: MIT
#include "lua/op_binding.h"

#include <lua.hpp>

#include "lua/stack.h"
#include "util/edit_distance.h"

namespace luamig::lua {
namespace {

// A handler reads arguments and runs its op. It returns the number of Lua
// results, or -1 with the error kept in `args`. It never raises a Lua error.
using Handler = int (*)(lua_State* L, OpBinding& b, ArgReader& args);
using Names = std::vector<std::string>;

// ---- Option vocabularies (also reported by OptionNames) ---------------------

const Names kColumnOptions = {"primary_key", "nullable",   "default", "server_default",
                              "unique",      "references", "comment"};
const Names kConstraintKeys = {
    "primary_key", "unique",    "check",       "foreign_key",
    "name",        "referent",  "remote_cols", "referent_schema",
    "on_delete",   "on_update", "deferrable",  "initially"};
const Names kFkActions = {"cascade", "restrict", "set null", "set default", "no action"};
const Names kInitially = {"deferred", "immediate"};
const Names kConstraintTypes = {"primary",    "primary_key", "unique",
                                "foreignkey", "foreign_key", "check"};

const Names kCreateTableOpts = {"if_not_exists", "schema", "constraints"};
const Names kDropTableOpts = {"if_exists", "schema"};
const Names kSchemaOnly = {"schema"};
const Names kAlterColumnOpts = {"type",
                                "using",
                                "nullable",
                                "server_default",
                                "new_name",
                                "comment",
                                "existing_type",
                                "existing_nullable",
                                "existing_server_default",
                                "existing_comment",
                                "schema"};
const Names kCreateIndexOpts = {"unique", "where", "concurrently", "if_not_exists",
                                "schema"};
const Names kDropIndexOpts = {"table", "if_exists", "concurrently", "schema"};
const Names kUniqueOpts = {"schema", "deferrable", "initially"};
const Names kForeignKeyOpts = {"on_delete", "on_update",     "deferrable",
                               "initially", "source_schema", "referent_schema"};
const Names kDropConstraintOpts = {"type_", "if_exists", "schema"};
const Names kCreateSchemaOpts = {"if_not_exists"};
const Names kDropSchemaOpts = {"if_exists", "cascade"};
const Names kCreateEnumOpts = {"schema", "if_not_exists"};
const Names kDropEnumOpts = {"schema", "if_exists"};
const Names kAddEnumValueOpts = {"schema", "if_not_exists", "before", "after"};

// Validates the options table at `idx` (nil allowed) and replaces nil with an
// empty table, so the option reads below can index it.
bool Opts(lua_State* L, ArgReader& args, int idx, const Names& allowed,
          const char* what) {
  if (!args.Options(idx, allowed, what)) return false;
  if (lua_gettop(L) < idx) lua_settop(L, idx);
  if (lua_isnil(L, idx)) {
    lua_newtable(L);
    lua_replace(L, idx);
  }
  return true;
}

// Sets a collected batch op's table and schema to the batch's.
template <typename T>
void ToBatch(OpBinding& b, T op) {
  op.table = b.batch()->table;
  op.schema = b.batch()->schema;
  b.batch()->ops.emplace_back(std::move(op));
}

template <typename T>
int Run(OpBinding& b, ArgReader& args, T op) {
  if constexpr (std::is_constructible_v<ops::BatchOp, T>) {
    if (b.in_batch_call()) {
      ToBatch(b, std::move(op));
      return 0;
    }
  }
  Status s = b.executor().Apply(ops::Op{std::move(op)});
  if (s.ok()) return 0;
  std::string msg = s.message();
  b.set_last_error(std::move(s));
  args.Fail(msg);
  return -1;
}

// ---- Columns and constraints ------------------------------------------------

bool ReadColumnOptions(lua_State* L, int idx, ArgReader& args, ops::ColumnSpec* c) {
  bool has_default = false, has_server_default = false, has_ref = false,
       has_comment = false;
  ops::Value def;
  std::string server_default, ref, comment, expr;
  bool ok = args.OnlyOptions(idx, kColumnOptions, 2, "column definition") &&
            args.BoolOpt(idx, "primary_key", &c->primary_key) &&
            args.BoolOpt(idx, "nullable", &c->nullable) &&
            args.BoolOpt(idx, "unique", &c->unique) &&
            args.SqlOpt(idx, "server_default", &server_default, &has_server_default) &&
            args.StringOpt(idx, "references", &ref, &has_ref) &&
            args.StringOpt(idx, "comment", &comment, &has_comment);
  if (!ok) return false;
  lua_pushstring(L, "default");
  lua_rawget(L, idx);
  bool default_is_sql = SqlExprAt(L, -1, &expr);
  lua_pop(L, 1);
  if (!default_is_sql && !args.ValueOpt(idx, "default", &def, &has_default)) return false;
  if ((has_default || default_is_sql) && has_server_default)
    return args.Fail("give default or server_default, not both");
  if (c->primary_key) c->nullable = false;
  if (has_default) c->default_value = def;
  if (default_is_sql) c->server_default = expr;
  if (has_server_default) c->server_default = server_default;
  if (has_ref) c->references = ref;
  if (has_comment) c->comment = comment;
  return true;
}

// `{ "name", "type", option = … }` at `idx` → ColumnSpec. Errors after the
// name is known say which column.
bool ReadColumn(lua_State* L, int idx, ArgReader& args, ops::ColumnSpec* c) {
  if (!args.Table(idx, "column", false)) return false;
  lua_rawgeti(L, idx, 1);
  lua_rawgeti(L, idx, 2);
  std::string type;
  bool ok = args.Name(-2, "column name (entry 1)", &c->name) &&
            args.Name(-1, "column type (entry 2)", &type);
  lua_pop(L, 2);
  if (!ok) return false;
  c->type = ops::SqlType::Parse(type);
  if (!ReadColumnOptions(L, idx, args, c))
    return args.Prefix("column '" + c->name + "': ");
  return true;
}

// on_delete, on_update, deferrable, initially of the table at `idx`.
bool ReadConstraintTiming(int idx, ArgReader& args, ops::ConstraintSpec* k) {
  return args.ChoiceOpt(idx, "on_delete", kFkActions, &k->on_delete) &&
         args.ChoiceOpt(idx, "on_update", kFkActions, &k->on_update) &&
         args.OptionalBoolOpt(idx, "deferrable", &k->deferrable) &&
         args.ChoiceOpt(idx, "initially", kInitially, &k->initially);
}

// One entry of create_table's `constraints`: exactly one of primary_key,
// unique, check, foreign_key, plus its options.
bool ReadConstraint(int idx, ArgReader& args, ops::ConstraintSpec* k) {
  if (!args.Table(idx, "constraint", false) ||
      !args.OnlyOptions(idx, kConstraintKeys, 0, "constraint"))
    return false;
  bool pk = false, uq = false, fk = false, ck = false;
  if (!args.StringListOpt(idx, "primary_key", &k->columns, &pk) ||
      !args.StringListOpt(idx, "unique", &k->columns, &uq) ||
      !args.StringListOpt(idx, "foreign_key", &k->columns, &fk) ||
      !args.SqlOpt(idx, "check", &k->condition, &ck) ||
      !args.StringOpt(idx, "name", &k->name) ||
      !args.StringOpt(idx, "referent", &k->referent) ||
      !args.StringOpt(idx, "referent_schema", &k->referent_schema) ||
      !args.StringListOpt(idx, "remote_cols", &k->remote_columns) ||
      !ReadConstraintTiming(idx, args, k))
    return false;
  if (pk + uq + fk + ck != 1) {
    return args.Fail(
        "a constraint needs exactly one of primary_key, unique, check, foreign_key");
  }
  k->kind = pk   ? ops::ConstraintKind::kPrimaryKey
            : uq ? ops::ConstraintKind::kUnique
            : fk ? ops::ConstraintKind::kForeignKey
                 : ops::ConstraintKind::kCheck;
  if (!ck && k->columns.empty())
    return args.Fail("a constraint needs at least one column");
  if (fk && k->referent.empty())
    return args.Fail("a foreign_key constraint needs referent");
  return true;
}

bool ReadConstraints(lua_State* L, int opts, ArgReader& args,
                     std::vector<ops::ConstraintSpec>* out) {
  lua_pushstring(L, "constraints");
  lua_rawget(L, opts);
  int idx = lua_gettop(L);
  bool ok = args.Table(idx, "option 'constraints'", true);
  int n = ok && lua_istable(L, idx) ? static_cast<int>(lua_objlen(L, idx)) : 0;
  for (int i = 1; ok && i <= n; ++i) {
    lua_rawgeti(L, idx, i);
    ok = ReadConstraint(lua_gettop(L), args, &out->emplace_back());
    lua_pop(L, 1);
    if (!ok) args.Prefix("constraints[" + std::to_string(i) + "]: ");
  }
  lua_pop(L, 1);
  return ok;
}

// Positional column list: a string or an array of strings, not empty.
bool Columns(ArgReader& args, int idx, std::vector<std::string>* out) {
  if (!args.StringList(idx, "columns", out)) return false;
  if (out->empty()) return args.Fail("columns must name at least one column");
  return true;
}

// ---- Handlers: SQL and data -------------------------------------------------

int Execute(lua_State*, OpBinding& b, ArgReader& args) {
  ops::ExecuteSql op;
  if (!args.Name(1, "sql", &op.sql) || !args.Params(2, &op.params)) return -1;
  return Run(b, args, std::move(op));
}

void PushRows(lua_State* L, const ops::Rows& rows) {
  lua_createtable(L, static_cast<int>(rows.rows.size()), 0);
  for (size_t r = 0; r < rows.rows.size(); ++r) {
    lua_createtable(L, 0, static_cast<int>(rows.columns.size()));
    for (size_t c = 0; c < rows.columns.size(); ++c) {
      PushValue(L, rows.rows[r][c]);
      lua_setfield(L, -2, rows.columns[c].c_str());
    }
    lua_rawseti(L, -2, static_cast<int>(r + 1));
  }
}

int Query(lua_State* L, OpBinding& b, ArgReader& args) {
  std::string sql;
  std::vector<ops::Value> params;
  if (!args.Name(1, "sql", &sql) || !args.Params(2, &params)) return -1;
  auto rows = b.executor().Query(sql, params);
  if (!rows.ok()) {
    args.Fail(rows.status().message());
    b.set_last_error(rows.status());
    return -1;
  }
  PushRows(L, *rows);
  return 1;
}

int Sql(lua_State* L, OpBinding&, ArgReader& args) {
  std::string text;
  if (!args.Name(1, "sql", &text)) return -1;
  PushSqlExpr(L, text);
  return 1;
}

int Log(lua_State*, OpBinding& b, ArgReader& args) {
  std::string message;
  if (!args.String(1, "message", &message)) return -1;
  b.executor().Log(message);
  return 0;
}

// ---- Handlers: tables and columns -------------------------------------------

int CreateTable(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::CreateTable op;
  if (!args.Name(1, "table name", &op.table) || !args.Table(2, "columns", false) ||
      !Opts(L, args, 3, kCreateTableOpts, "create_table options") ||
      !args.BoolOpt(3, "if_not_exists", &op.if_not_exists) ||
      !args.StringOpt(3, "schema", &op.schema) ||
      !ReadConstraints(L, 3, args, &op.constraints)) {
    return -1;
  }
  int n = static_cast<int>(lua_objlen(L, 2));
  if (n == 0) return args.Fail("columns must list at least one column"), -1;
  if (!args.OnlyOptions(2, {}, n, "columns")) return -1;
  for (int i = 1; i <= n; ++i) {
    lua_rawgeti(L, 2, i);
    bool ok = ReadColumn(L, lua_gettop(L), args, &op.columns.emplace_back());
    lua_pop(L, 1);
    if (!ok) return -1;
  }
  return Run(b, args, std::move(op));
}

int DropTable(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::DropTable op;
  if (!args.Name(1, "table name", &op.table) ||
      !Opts(L, args, 2, kDropTableOpts, "drop_table options") ||
      !args.BoolOpt(2, "if_exists", &op.if_exists) ||
      !args.StringOpt(2, "schema", &op.schema))
    return -1;
  return Run(b, args, std::move(op));
}

int RenameTable(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::RenameTable op;
  if (!args.Name(1, "table name", &op.table) || !args.Name(2, "new name", &op.new_name) ||
      !Opts(L, args, 3, kSchemaOnly, "rename_table options") ||
      !args.StringOpt(3, "schema", &op.schema))
    return -1;
  return Run(b, args, std::move(op));
}

int AddColumn(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::AddColumn op;
  if (!args.Name(1, "table name", &op.table) || !ReadColumn(L, 2, args, &op.column) ||
      !Opts(L, args, 3, kSchemaOnly, "add_column options") ||
      !args.StringOpt(3, "schema", &op.schema))
    return -1;
  return Run(b, args, std::move(op));
}

int DropColumn(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::DropColumn op;
  if (!args.Name(1, "table name", &op.table) ||
      !args.Name(2, "column name", &op.column) ||
      !Opts(L, args, 3, kSchemaOnly, "drop_column options") ||
      !args.StringOpt(3, "schema", &op.schema))
    return -1;
  return Run(b, args, std::move(op));
}

// server_default / existing_server_default: an SQL expression, or false for
// "no default". *present tells whether the option was given.
bool DefaultOpt(lua_State* L, ArgReader& args, int idx, const char* key,
                std::optional<std::string>* out, bool* present) {
  lua_pushstring(L, key);
  lua_rawget(L, idx);
  bool is_false = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
  lua_pop(L, 1);
  *present = is_false;
  if (is_false) {
    out->reset();
    return true;
  }
  std::string expr;
  if (!args.SqlOpt(idx, key, &expr, present)) return false;
  if (*present) *out = expr;
  return true;
}

// comment / existing_comment: a string, or false for "no comment".
bool CommentOpt(lua_State* L, ArgReader& args, int idx, const char* key,
                std::optional<std::optional<std::string>>* out) {
  lua_pushstring(L, key);
  lua_rawget(L, idx);
  bool is_false = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
  lua_pop(L, 1);
  if (is_false) {
    *out = std::optional<std::string>();
    return true;
  }
  std::string text;
  bool present = false;
  if (!args.StringOpt(idx, key, &text, &present)) return false;
  if (present) *out = std::optional<std::string>(text);
  return true;
}

bool TypeOpt(ArgReader& args, int idx, const char* key,
             std::optional<ops::SqlType>* out) {
  std::string type;
  bool present = false;
  if (!args.StringOpt(idx, key, &type, &present)) return false;
  if (present) *out = ops::SqlType::Parse(type);
  return true;
}

bool ReadAlterOptions(lua_State* L, ArgReader& args, ops::AlterColumn* op) {
  std::optional<std::string> def, existing_def;
  bool has_def = false, has_existing_def = false, has_using = false;
  if (!TypeOpt(args, 3, "type", &op->type) ||
      !args.SqlOpt(3, "using", &op->using_expr, &has_using) ||
      !args.OptionalBoolOpt(3, "nullable", &op->nullable) ||
      !DefaultOpt(L, args, 3, "server_default", &def, &has_def) ||
      !args.StringOpt(3, "new_name", &op->new_name) ||
      !CommentOpt(L, args, 3, "comment", &op->comment) ||
      !TypeOpt(args, 3, "existing_type", &op->existing_type) ||
      !args.OptionalBoolOpt(3, "existing_nullable", &op->existing_nullable) ||
      !DefaultOpt(L, args, 3, "existing_server_default", &existing_def,
                  &has_existing_def) ||
      !CommentOpt(L, args, 3, "existing_comment", &op->existing_comment) ||
      !args.StringOpt(3, "schema", &op->schema))
    return false;
  if (has_def) {
    op->server_default.kind = def ? ops::DefaultChange::kSet : ops::DefaultChange::kDrop;
    op->server_default.expression = def.value_or("");
  }
  if (has_existing_def) op->existing_server_default = existing_def;
  if (!op->using_expr.empty() && !op->type)
    return args.Fail("option 'using' needs 'type'");
  if (!op->type && !op->nullable && !has_def && op->new_name.empty() && !op->comment) {
    return args.Fail(
        "nothing to change: give type, nullable, server_default, new_name or comment");
  }
  return true;
}

int AlterColumn(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::AlterColumn op;
  if (!args.Name(1, "table name", &op.table) ||
      !args.Name(2, "column name", &op.column) ||
      !Opts(L, args, 3, kAlterColumnOpts, "alter_column options") ||
      !ReadAlterOptions(L, args, &op))
    return -1;
  return Run(b, args, std::move(op));
}

// ---- Handlers: indexes and constraints --------------------------------------

// create_index's columns: a name, or an array of names, { expr = "…" } tables
// and op.sql(…) values.
bool IndexColumns(lua_State* L, ArgReader& args, int idx,
                  std::vector<ops::IndexColumn>* out) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    out->push_back({lua_tostring(L, idx), false});
  } else if (!args.Table(idx, "columns", false)) {
    return false;
  } else {
    int n = static_cast<int>(lua_objlen(L, idx));
    for (int i = 1; i <= n; ++i) {
      lua_rawgeti(L, idx, i);
      ops::IndexColumn c;
      bool ok = true;
      if (lua_type(L, -1) == LUA_TSTRING) {
        c.text = lua_tostring(L, -1);
      } else if (SqlExprAt(L, -1, &c.text)) {
        c.expression = true;
      } else if (lua_istable(L, -1)) {
        c.expression = true;
        std::string what = "columns[" + std::to_string(i) + "]";
        ok = args.OnlyOptions(lua_gettop(L), {"expr"}, 0, what.c_str()) &&
             args.StringOpt(-1, "expr", &c.text);
      } else {
        ok = args.Fail("columns[" + std::to_string(i) +
                       "] must be a column name, { expr = \"…\" } or op.sql(\"…\")");
      }
      lua_pop(L, 1);
      if (!ok) return false;
      if (c.text.empty()) return args.Fail("columns[" + std::to_string(i) + "] is empty");
      out->push_back(std::move(c));
    }
  }
  if (out->empty()) return args.Fail("columns must name at least one column");
  return true;
}

int CreateIndex(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::CreateIndex op;
  bool has_where = false;
  if (!args.Name(1, "index name", &op.name) || !args.Name(2, "table name", &op.table) ||
      !IndexColumns(L, args, 3, &op.columns) ||
      !Opts(L, args, 4, kCreateIndexOpts, "create_index options") ||
      !args.BoolOpt(4, "unique", &op.unique) ||
      !args.SqlOpt(4, "where", &op.where, &has_where) ||
      !args.BoolOpt(4, "concurrently", &op.concurrently) ||
      !args.BoolOpt(4, "if_not_exists", &op.if_not_exists) ||
      !args.StringOpt(4, "schema", &op.schema))
    return -1;
  return Run(b, args, std::move(op));
}

int DropIndex(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::DropIndex op;
  if (!args.Name(1, "index name", &op.name) ||
      !Opts(L, args, 2, kDropIndexOpts, "drop_index options") ||
      !args.BoolOpt(2, "if_exists", &op.if_exists) ||
      !args.BoolOpt(2, "concurrently", &op.concurrently) ||
      !args.StringOpt(2, "table", &op.table) || !args.StringOpt(2, "schema", &op.schema))
    return -1;
  return Run(b, args, std::move(op));
}

int AddKeyConstraint(lua_State* L, OpBinding& b, ArgReader& args,
                     ops::ConstraintKind kind, const Names& allowed, const char* what) {
  ops::AddConstraint op;
  op.constraint.kind = kind;
  if (!args.Name(1, "constraint name", &op.constraint.name) ||
      !args.Name(2, "table name", &op.table) ||
      !Columns(args, 3, &op.constraint.columns) || !Opts(L, args, 4, allowed, what) ||
      !args.StringOpt(4, "schema", &op.schema))
    return -1;
  if (kind == ops::ConstraintKind::kUnique &&
      (!args.OptionalBoolOpt(4, "deferrable", &op.constraint.deferrable) ||
       !args.ChoiceOpt(4, "initially", kInitially, &op.constraint.initially)))
    return -1;
  return Run(b, args, std::move(op));
}

int CreatePrimaryKey(lua_State* L, OpBinding& b, ArgReader& args) {
  return AddKeyConstraint(L, b, args, ops::ConstraintKind::kPrimaryKey, kSchemaOnly,
                          "create_primary_key options");
}

int CreateUniqueConstraint(lua_State* L, OpBinding& b, ArgReader& args) {
  return AddKeyConstraint(L, b, args, ops::ConstraintKind::kUnique, kUniqueOpts,
                          "create_unique_constraint options");
}

int CreateForeignKey(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::AddConstraint op;
  ops::ConstraintSpec& k = op.constraint;
  k.kind = ops::ConstraintKind::kForeignKey;
  if (!args.Name(1, "constraint name", &k.name) ||
      !args.Name(2, "source table", &op.table) ||
      !args.Name(3, "referent table", &k.referent) || !Columns(args, 4, &k.columns) ||
      !args.StringList(5, "remote columns", &k.remote_columns) ||
      !Opts(L, args, 6, kForeignKeyOpts, "create_foreign_key options") ||
      !args.StringOpt(6, "source_schema", &op.schema) ||
      !args.StringOpt(6, "referent_schema", &k.referent_schema) ||
      !ReadConstraintTiming(6, args, &k))
    return -1;
  if (k.remote_columns.size() != k.columns.size())
    return args.Fail("local and remote column lists differ in length"), -1;
  return Run(b, args, std::move(op));
}

int CreateCheckConstraint(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::AddConstraint op;
  op.constraint.kind = ops::ConstraintKind::kCheck;
  if (!args.Name(1, "constraint name", &op.constraint.name) ||
      !args.Name(2, "table name", &op.table) ||
      !args.Name(3, "condition", &op.constraint.condition) ||
      !Opts(L, args, 4, kSchemaOnly, "create_check_constraint options") ||
      !args.StringOpt(4, "schema", &op.schema))
    return -1;
  return Run(b, args, std::move(op));
}

int DropConstraint(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::DropConstraint op;
  std::string type;
  if (!args.Name(1, "constraint name", &op.name) ||
      !args.Name(2, "table name", &op.table) ||
      !Opts(L, args, 3, kDropConstraintOpts, "drop_constraint options") ||
      !args.ChoiceOpt(3, "type_", kConstraintTypes, &type) ||
      !args.BoolOpt(3, "if_exists", &op.if_exists) ||
      !args.StringOpt(3, "schema", &op.schema))
    return -1;
  if (type == "primary" || type == "primary_key")
    op.type = ops::ConstraintKind::kPrimaryKey;
  if (type == "unique") op.type = ops::ConstraintKind::kUnique;
  if (type == "foreignkey" || type == "foreign_key")
    op.type = ops::ConstraintKind::kForeignKey;
  if (type == "check") op.type = ops::ConstraintKind::kCheck;
  return Run(b, args, std::move(op));
}

// ---- Handlers: schemas and enums ----------------------------------------------

int CreateSchema(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::CreateSchema op;
  if (!args.Name(1, "schema name", &op.name) ||
      !Opts(L, args, 2, kCreateSchemaOpts, "create_schema options") ||
      !args.BoolOpt(2, "if_not_exists", &op.if_not_exists))
    return -1;
  return Run(b, args, std::move(op));
}

int DropSchema(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::DropSchema op;
  if (!args.Name(1, "schema name", &op.name) ||
      !Opts(L, args, 2, kDropSchemaOpts, "drop_schema options") ||
      !args.BoolOpt(2, "if_exists", &op.if_exists) ||
      !args.BoolOpt(2, "cascade", &op.cascade))
    return -1;
  return Run(b, args, std::move(op));
}

int CreateEnum(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::CreateEnum op;
  if (!args.Name(1, "enum name", &op.name) || !args.StringList(2, "values", &op.values) ||
      !Opts(L, args, 3, kCreateEnumOpts, "create_enum options") ||
      !args.StringOpt(3, "schema", &op.schema) ||
      !args.BoolOpt(3, "if_not_exists", &op.if_not_exists))
    return -1;
  if (op.values.empty()) return args.Fail("values must list at least one value"), -1;
  return Run(b, args, std::move(op));
}

int DropEnum(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::DropEnum op;
  if (!args.Name(1, "enum name", &op.name) ||
      !Opts(L, args, 2, kDropEnumOpts, "drop_enum options") ||
      !args.StringOpt(2, "schema", &op.schema) ||
      !args.BoolOpt(2, "if_exists", &op.if_exists))
    return -1;
  return Run(b, args, std::move(op));
}

int AddEnumValue(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::AddEnumValue op;
  if (!args.Name(1, "enum name", &op.name) || !args.String(2, "value", &op.value) ||
      !Opts(L, args, 3, kAddEnumValueOpts, "add_enum_value options") ||
      !args.StringOpt(3, "schema", &op.schema) ||
      !args.BoolOpt(3, "if_not_exists", &op.if_not_exists) ||
      !args.StringOpt(3, "before", &op.before) || !args.StringOpt(3, "after", &op.after))
    return -1;
  if (!op.before.empty() && !op.after.empty())
    return args.Fail("give before or after, not both"), -1;
  return Run(b, args, std::move(op));
}

// ---- Handlers: functions that run Lua ---------------------------------------

int Traceback(lua_State* L) {
  const char* msg = lua_tostring(L, 1);
  luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
  return 1;
}

// Calls the function at `idx` with the value on top of the stack (if `arg`)
// under a traceback handler. On error returns false with the message (first
// line) in *error.
bool CallLua(lua_State* L, int idx, bool arg, std::string* error) {
  lua_pushcfunction(L, Traceback);
  int handler = lua_gettop(L);
  lua_pushvalue(L, idx);
  if (arg) lua_pushvalue(L, handler - 1);
  int rc = lua_pcall(L, arg ? 1 : 0, 0, handler);
  if (rc == 0) {
    lua_settop(L, handler - 1);
    return true;
  }
  const char* m = lua_tostring(L, -1);
  *error = m ? m : "unknown Lua error";
  *error = error->substr(0, error->find("\nstack traceback:"));
  lua_settop(L, handler - 1);
  return false;
}

int BatchAlterTable(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::BatchAlterTable op;
  if (!args.Name(1, "table name", &op.table) || !args.Function(2, "batch function") ||
      !Opts(L, args, 3, kSchemaOnly, "batch_alter_table options") ||
      !args.StringOpt(3, "schema", &op.schema))
    return -1;
  if (b.batch() != nullptr) return args.Fail("batch_alter_table cannot be nested"), -1;
  b.set_batch(&op);
  b.PushBatch(L);
  std::string error;
  bool ok = CallLua(L, 2, true, &error);
  lua_pop(L, 1);
  b.set_batch(nullptr);
  if (!ok) return args.FailRaw(error), -1;
  if (!b.last_error().ok()) return args.Fail("an op in the batch failed"), -1;
  if (op.ops.empty()) return 0;
  return Run(b, args, std::move(op));
}

int Autocommit(lua_State* L, OpBinding& b, ArgReader& args) {
  if (!args.Function(1, "autocommit function")) return -1;
  if (b.batch() != nullptr) return args.Fail("autocommit cannot run inside a batch"), -1;
  std::string error;
  Status s = b.executor().Autocommit([&]() -> Status {
    if (CallLua(L, 1, false, &error)) return Status::Ok();
    return Status::Migration(error);
  });
  if (s.ok()) return 0;
  if (!error.empty()) return args.FailRaw(error), -1;  // the body's own error
  b.set_last_error(s);
  return args.Fail(s.message()), -1;
}

// ---- Handlers: introspection ------------------------------------------------

// Reads the table at 1 (schema option at `opts`) and inspects it.
bool Inspect(lua_State* L, OpBinding& b, ArgReader& args, int opts, ops::TableInfo* out) {
  std::string table, schema;
  if (!args.Name(1, "table name", &table) ||
      !Opts(L, args, opts, kSchemaOnly, "options") ||
      !args.StringOpt(opts, "schema", &schema))
    return false;
  auto info = b.executor().Inspect(schema, table);
  if (!info.ok()) return args.Fail(info.status().message());
  *out = std::move(info).value();
  return true;
}

int HasTable(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::TableInfo t;
  if (!Inspect(L, b, args, 2, &t)) return -1;
  lua_pushboolean(L, t.exists);
  return 1;
}

int HasColumn(lua_State* L, OpBinding& b, ArgReader& args) {
  std::string column;
  ops::TableInfo t;
  if (!args.Name(2, "column name", &column) || !Inspect(L, b, args, 3, &t)) return -1;
  bool found = false;
  for (const auto& c : t.columns) found = found || c.name == column;
  lua_pushboolean(L, found);
  return 1;
}

void PushStrings(lua_State* L, const std::vector<std::string>& v) {
  lua_createtable(L, static_cast<int>(v.size()), 0);
  for (size_t i = 0; i < v.size(); ++i) {
    lua_pushlstring(L, v[i].data(), v[i].size());
    lua_rawseti(L, -2, static_cast<int>(i + 1));
  }
}

int Columns(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::TableInfo t;
  if (!Inspect(L, b, args, 2, &t)) return -1;
  lua_createtable(L, static_cast<int>(t.columns.size()), 0);
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const auto& c = t.columns[i];
    lua_createtable(L, 0, 5);
    lua_pushstring(L, c.name.c_str());
    lua_setfield(L, -2, "name");
    lua_pushstring(L, c.type.c_str());
    lua_setfield(L, -2, "type");
    lua_pushboolean(L, c.nullable);
    lua_setfield(L, -2, "nullable");
    if (c.default_sql) {
      lua_pushstring(L, c.default_sql->c_str());
      lua_setfield(L, -2, "default");
    }
    lua_pushboolean(L, c.pk_position > 0);
    lua_setfield(L, -2, "primary_key");
    lua_rawseti(L, -2, static_cast<int>(i + 1));
  }
  return 1;
}

int Indexes(lua_State* L, OpBinding& b, ArgReader& args) {
  ops::TableInfo t;
  if (!Inspect(L, b, args, 2, &t)) return -1;
  lua_newtable(L);
  int n = 0;
  for (const auto& i : t.indexes) {
    if (i.primary) continue;
    lua_createtable(L, 0, 4);
    lua_pushstring(L, i.name.c_str());
    lua_setfield(L, -2, "name");
    PushStrings(L, i.columns);
    lua_setfield(L, -2, "columns");
    lua_pushboolean(L, i.unique);
    lua_setfield(L, -2, "unique");
    lua_pushboolean(L, i.constraint);
    lua_setfield(L, -2, "constraint");
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

// ---- The tables -------------------------------------------------------------

struct Entry {
  const char* name;
  Handler fn;
  const Names* options;  // for OptionNames
  // As a batch.* function: 0 = not one; N = the batch's table name is
  // inserted as argument N; -1 = a batch function that takes no table.
  int batch_table_arg;
};

const Names kNone = {};
const Entry kOps[] = {
    {"execute", Execute, &kNone, 0},
    {"query", Query, &kNone, 0},
    {"sql", Sql, &kNone, 0},
    {"log", Log, &kNone, 0},
    {"create_table", CreateTable, &kCreateTableOpts, 0},
    {"drop_table", DropTable, &kDropTableOpts, 0},
    {"rename_table", RenameTable, &kSchemaOnly, 0},
    {"add_column", AddColumn, &kSchemaOnly, 1},
    {"drop_column", DropColumn, &kSchemaOnly, 1},
    {"alter_column", AlterColumn, &kAlterColumnOpts, 1},
    {"create_index", CreateIndex, &kCreateIndexOpts, 2},
    {"drop_index", DropIndex, &kDropIndexOpts, -1},
    {"create_primary_key", CreatePrimaryKey, &kSchemaOnly, 2},
    {"create_unique_constraint", CreateUniqueConstraint, &kUniqueOpts, 2},
    {"create_foreign_key", CreateForeignKey, &kForeignKeyOpts, 2},
    {"create_check_constraint", CreateCheckConstraint, &kSchemaOnly, 2},
    {"drop_constraint", DropConstraint, &kDropConstraintOpts, 2},
    {"create_schema", CreateSchema, &kCreateSchemaOpts, 0},
    {"drop_schema", DropSchema, &kDropSchemaOpts, 0},
    {"create_enum", CreateEnum, &kCreateEnumOpts, 0},
    {"drop_enum", DropEnum, &kDropEnumOpts, 0},
    {"add_enum_value", AddEnumValue, &kAddEnumValueOpts, 0},
    {"batch_alter_table", BatchAlterTable, &kSchemaOnly, 0},
    {"autocommit", Autocommit, &kNone, 0},
    {"has_table", HasTable, &kSchemaOnly, 0},
    {"has_column", HasColumn, &kSchemaOnly, 0},
    {"columns", Columns, &kSchemaOnly, 0},
    {"indexes", Indexes, &kSchemaOnly, 0},
};
constexpr size_t kOpCount = sizeof(kOps) / sizeof(kOps[0]);

// Upvalues: 1 = box (OpBinding**), 2 = entry index, 3 = batch function?
// Runs the handler with every C++ object scoped inside; catches everything.
// Returns the result count, or -1 with the error message pushed.
int Invoke(lua_State* L) noexcept {
  auto* box = static_cast<OpBinding**>(lua_touserdata(L, lua_upvalueindex(1)));
  const Entry& entry = kOps[lua_tointeger(L, lua_upvalueindex(2))];
  const bool batch_fn = lua_toboolean(L, lua_upvalueindex(3)) != 0;
  OpBinding* binding = box != nullptr ? *box : nullptr;
  int n = -1;
  bool raw = false;
  std::string error;
  try {
    ArgReader args(L);
    if (binding == nullptr) {
      args.Fail("op used after its migration returned (keep no reference to op)");
    } else if (!binding->last_error().ok() && entry.fn != Log) {
      args.Fail("not run: an earlier op failed (" + binding->last_error().message() +
                ")");
    } else if (batch_fn && binding->batch() == nullptr) {
      args.Fail("batch used outside its batch_alter_table function");
    } else {
      if (batch_fn && entry.batch_table_arg > 0) {
        if (lua_gettop(L) < entry.batch_table_arg - 1)
          lua_settop(L, entry.batch_table_arg - 1);
        lua_pushstring(L, binding->batch()->table.c_str());
        lua_insert(L, entry.batch_table_arg);
      }
      bool outer = binding->in_batch_call();
      binding->set_in_batch_call(batch_fn);
      n = entry.fn(L, *binding, args);
      binding->set_in_batch_call(outer);
    }
    if (n < 0) {
      error = args.error();
      raw = args.raw();
    }
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unexpected C++ exception";
  }
  if (n >= 0) return n;
  if (raw) {
    lua_pushstring(L, error.c_str());
    return -1;
  }
  luaL_where(L, 1);
  lua_pushfstring(L, "%s%s: %s", batch_fn ? "batch." : "", entry.name, error.c_str());
  lua_concat(L, 2);
  if (binding != nullptr && !binding->last_error().ok() &&
      binding->raised_message().empty()) {
    binding->set_raised_message(lua_tostring(L, -1));
  }
  return -1;
}

// The trampoline: no C++ objects live here when lua_error unwinds.
int Trampoline(lua_State* L) {
  int n = Invoke(L);
  if (n < 0) return lua_error(L);
  return n;
}

// __index of the op table (upvalue 1 false) and of batch objects (true): an
// unknown name is an error with a suggestion. Pushes the message; returns
// false if it could not be built.
bool UnknownOpMessage(lua_State* L) noexcept {
  try {
    const bool batch = lua_toboolean(L, lua_upvalueindex(1)) != 0;
    const char* key = lua_tostring(L, 2);
    std::string name = key ? key : "?";
    std::vector<std::string> known =
        batch ? OpBinding::BatchFunctionNames() : OpBinding::FunctionNames();
    if (!batch) {
      for (const char* field : {"dialect", "offline", "x", "NULL"})
        known.push_back(field);
    }
    std::string msg = (batch ? "batch." : "op.") + name + " does not exist" +
                      util::DidYouMean(name, known);
    luaL_where(L, 1);
    lua_pushstring(L, msg.c_str());
    lua_concat(L, 2);
    return true;
  } catch (...) {
    return false;
  }
}

int UnknownOp(lua_State* L) {
  if (lua_type(L, 2) != LUA_TSTRING) return 0;  // op[1], op[true]: plain nil
  if (!UnknownOpMessage(L)) lua_pushstring(L, "op: unknown field");
  return lua_error(L);
}

// Pushes a metatable whose __index raises for unknown op/batch names.
void PushUnknownOpMeta(lua_State* L, bool batch) {
  lua_createtable(L, 0, 1);
  lua_pushboolean(L, batch);
  lua_pushcclosure(L, UnknownOp, 1);
  lua_setfield(L, -2, "__index");
}

void PushClosure(lua_State* L, int box_ref, size_t index, bool batch_fn) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, box_ref);
  lua_pushinteger(L, static_cast<lua_Integer>(index));
  lua_pushboolean(L, batch_fn);
  lua_pushcclosure(L, Trampoline, 3);
}

}  // namespace

std::vector<std::string> OpBinding::FunctionNames() {
  std::vector<std::string> out;
  for (const Entry& e : kOps) out.push_back(e.name);
  return out;
}

std::vector<std::string> OpBinding::BatchFunctionNames() {
  std::vector<std::string> out;
  for (const Entry& e : kOps) {
    if (e.batch_table_arg != 0) out.push_back(e.name);
  }
  return out;
}

std::map<std::string, std::vector<std::string>> OpBinding::OptionNames() {
  std::map<std::string, std::vector<std::string>> out;
  for (const Entry& e : kOps) out[e.name] = *e.options;
  out["column"] = kColumnOptions;
  out["constraint"] = kConstraintKeys;
  return out;
}

OpBinding::~OpBinding() {
  if (L_ == nullptr) return;
  lua_rawgeti(L_, LUA_REGISTRYINDEX, box_ref_);
  auto* box = static_cast<OpBinding**>(lua_touserdata(L_, -1));
  if (box != nullptr) *box = nullptr;
  lua_pop(L_, 1);
  luaL_unref(L_, LUA_REGISTRYINDEX, box_ref_);
}

void OpBinding::Push(lua_State* L, const std::map<std::string, std::string>& x) {
  auto** box = static_cast<OpBinding**>(lua_newuserdata(L, sizeof(OpBinding*)));
  *box = this;
  L_ = L;
  box_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_newtable(L);
  for (size_t i = 0; i < kOpCount; ++i) {
    PushClosure(L, box_ref_, i, false);
    lua_setfield(L, -2, kOps[i].name);
  }
  lua_pushstring(L, executor_.DialectName().c_str());
  lua_setfield(L, -2, "dialect");
  lua_pushboolean(L, executor_.Offline());
  lua_setfield(L, -2, "offline");
  lua_pushlightuserdata(L, NullSentinel());
  lua_setfield(L, -2, "NULL");
  lua_newtable(L);
  for (const auto& [k, v] : x) {
    lua_pushstring(L, v.c_str());
    lua_setfield(L, -2, k.c_str());
  }
  lua_setfield(L, -2, "x");
  PushUnknownOpMeta(L, false);
  lua_setmetatable(L, -2);
}

void OpBinding::PushBatch(lua_State* L) {
  lua_newtable(L);
  for (size_t i = 0; i < kOpCount; ++i) {
    if (kOps[i].batch_table_arg == 0) continue;
    PushClosure(L, box_ref_, i, true);
    lua_setfield(L, -2, kOps[i].name);
  }
  PushUnknownOpMeta(L, true);
  lua_setmetatable(L, -2);
}

}  // namespace luamig::lua
