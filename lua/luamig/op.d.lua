---@meta
-- SPDX-License-Identifier: MIT
-- LuaLS annotations for the `op` table a revision's upgrade(op) and
-- downgrade(op) receive. Editor support only: this file is never loaded.
-- Kept in step with src/lua/op_binding.cc by tests/lua/op_annotations_test.cc
-- (every bound function, batch function and option must appear here).
--
-- Names (tables, columns, indexes, constraints, schemas, enums) are
-- identifiers: always quoted, never SQL. Values (`default`, enum labels,
-- comments) are literals: always escaped. Fields documented as "raw SQL"
-- (`server_default`, `using`, `where`, `check`, a create_check_constraint
-- condition, `{ expr = ... }` index columns, op.sql(...), and type strings
-- outside the portable vocabulary) are SQL sent as written, by design.

---An SQL expression marker made by op.sql("..."): raw SQL, not a value.
---@class luamig.SqlExpr
---@field sql string

---A portable type (`integer`, `bigint`, `serial`, `bigserial`, `text`,
---`string(n)`, `boolean`, `real`, `double`, `numeric(p,s)`, `date`,
---`timestamp`, `timestamptz`, `json`, `uuid`, `blob`) or any type string,
---passed through unchanged.
---@alias luamig.Type string

---A column: `{ "name", "type", option = ... }`.
---@class luamig.Column
---@field [1] string column name
---@field [2] luamig.Type column type
---@field primary_key? boolean part of the primary key (several make a composite key)
---@field nullable? boolean default true; primary-key columns are NOT NULL
---@field unique? boolean a column UNIQUE constraint
---@field default? any a literal value (escaped), or op.sql("...") for an expression
---@field server_default? string|luamig.SqlExpr an SQL expression (raw SQL), e.g. "CURRENT_TIMESTAMP"
---@field references? string "table.column" or "table"
---@field comment? string column comment (PostgreSQL; ignored by SQLite)

---A table constraint in create_table's `constraints`: exactly one of
---primary_key, unique, check, foreign_key.
---@class luamig.Constraint
---@field primary_key? string[] key columns
---@field unique? string[] unique columns
---@field check? string|luamig.SqlExpr a boolean SQL expression (raw SQL)
---@field foreign_key? string[] local columns
---@field name? string constraint name (the database names it when absent)
---@field referent? string foreign_key: referenced table
---@field remote_cols? string[] foreign_key: referenced columns
---@field referent_schema? string foreign_key: referenced table's schema
---@field on_delete? luamig.FkAction
---@field on_update? luamig.FkAction
---@field deferrable? boolean
---@field initially? "deferred"|"immediate"

---@alias luamig.FkAction "cascade"|"restrict"|"set null"|"set default"|"no action"

---@class luamig.CreateTableOptions
---@field if_not_exists? boolean
---@field schema? string
---@field constraints? luamig.Constraint[]

---@class luamig.DropTableOptions
---@field if_exists? boolean
---@field schema? string

---@class luamig.SchemaOption
---@field schema? string

---@class luamig.AlterColumnOptions
---@field type? luamig.Type new type
---@field using? string|luamig.SqlExpr PostgreSQL USING expression (raw SQL); needs type
---@field nullable? boolean
---@field server_default? string|luamig.SqlExpr|false new default (raw SQL); false drops it
---@field new_name? string rename the column
---@field comment? string|false new comment; false removes it (PostgreSQL)
---@field existing_type? luamig.Type the type before (makes the op reversible)
---@field existing_nullable? boolean
---@field existing_server_default? string|luamig.SqlExpr|false false = had none
---@field existing_comment? string|false
---@field schema? string

---An index column: a name, `{ expr = "lower(name)" }` or op.sql("lower(name)").
---@alias luamig.IndexColumn string|{ expr: string }|luamig.SqlExpr

---@class luamig.CreateIndexOptions
---@field unique? boolean
---@field where? string|luamig.SqlExpr partial-index predicate (raw SQL)
---@field concurrently? boolean PostgreSQL CREATE INDEX CONCURRENTLY (use inside op.autocommit); ignored by SQLite
---@field if_not_exists? boolean
---@field schema? string

---@class luamig.DropIndexOptions
---@field table? string
---@field if_exists? boolean
---@field concurrently? boolean PostgreSQL only
---@field schema? string

---@class luamig.UniqueOptions
---@field schema? string
---@field deferrable? boolean
---@field initially? "deferred"|"immediate"

---@class luamig.ForeignKeyOptions
---@field on_delete? luamig.FkAction
---@field on_update? luamig.FkAction
---@field deferrable? boolean
---@field initially? "deferred"|"immediate"
---@field source_schema? string
---@field referent_schema? string

---@class luamig.DropConstraintOptions
---@field type_? "primary"|"primary_key"|"unique"|"foreignkey"|"foreign_key"|"check"
---@field if_exists? boolean
---@field schema? string

---@class luamig.CreateSchemaOptions
---@field if_not_exists? boolean

---@class luamig.DropSchemaOptions
---@field if_exists? boolean
---@field cascade? boolean

---@class luamig.CreateEnumOptions
---@field schema? string
---@field if_not_exists? boolean

---@class luamig.DropEnumOptions
---@field schema? string
---@field if_exists? boolean

---@class luamig.AddEnumValueOptions
---@field schema? string
---@field if_not_exists? boolean
---@field before? string
---@field after? string

---@class luamig.ColumnInfo
---@field name string
---@field type string as the catalog spells it
---@field nullable boolean
---@field default? string the default as SQL text
---@field primary_key boolean

---@class luamig.IndexInfo
---@field name string
---@field columns string[] names; an expression column is its SQL ("(expression)" on SQLite)
---@field unique boolean
---@field constraint boolean backs a UNIQUE constraint rather than CREATE INDEX

---The object batch_alter_table passes to its function: the same ops without
---the table argument. Collected, then run together when the function returns.
---@class luamig.Batch
local batch = {}

---@param column luamig.Column
function batch.add_column(column) end
---@param column string
function batch.drop_column(column) end
---@param column string
---@param options luamig.AlterColumnOptions
function batch.alter_column(column, options) end
---@param name string
---@param columns luamig.IndexColumn|luamig.IndexColumn[]
---@param options? luamig.CreateIndexOptions
function batch.create_index(name, columns, options) end
---@param name string
---@param options? luamig.DropIndexOptions
function batch.drop_index(name, options) end
---@param name string
---@param columns string|string[]
---@param options? luamig.SchemaOption
function batch.create_primary_key(name, columns, options) end
---@param name string
---@param columns string|string[]
---@param options? luamig.UniqueOptions
function batch.create_unique_constraint(name, columns, options) end
---@param name string
---@param referent string
---@param local_cols string|string[]
---@param remote_cols string|string[]
---@param options? luamig.ForeignKeyOptions
function batch.create_foreign_key(name, referent, local_cols, remote_cols, options) end
---@param name string
---@param condition string raw SQL
---@param options? luamig.SchemaOption
function batch.create_check_constraint(name, condition, options) end
---@param name string
---@param options? luamig.DropConstraintOptions
function batch.drop_constraint(name, options) end

---@class luamig.Op
---@field dialect "sqlite"|"postgresql" the database's dialect
---@field offline boolean true when printing SQL (--sql), not running it
---@field x table<string, string> the -x key=value arguments
---@field NULL lightuserdata the SQL NULL as a parameter or result cell
local op = {}

---Runs `sql` with `params` bound ($1, $2, ...; never spliced).
---@param sql string
---@param params? any[]
function op.execute(sql, params) end

---Runs a query and returns its rows (NULL cells are op.NULL).
---@param sql string
---@param params? any[]
---@return table[]
function op.query(sql, params) end

---Marks `text` as an SQL expression (raw SQL) for defaults and index columns.
---@param text string
---@return luamig.SqlExpr
function op.sql(text) end

---A line for the run's log and event sink.
---@param message string
function op.log(message) end

---@param table string
---@param columns luamig.Column[]
---@param options? luamig.CreateTableOptions
function op.create_table(table, columns, options) end

---@param table string
---@param options? luamig.DropTableOptions
function op.drop_table(table, options) end

---@param table string
---@param new_name string
---@param options? luamig.SchemaOption
function op.rename_table(table, new_name, options) end

---@param table string
---@param column luamig.Column
---@param options? luamig.SchemaOption
function op.add_column(table, column, options) end

---@param table string
---@param column string
---@param options? luamig.SchemaOption
function op.drop_column(table, column, options) end

---SQLite: only a rename (and comment, ignored) outside batch_alter_table.
---@param table string
---@param column string
---@param options luamig.AlterColumnOptions
function op.alter_column(table, column, options) end

---@param name string
---@param table string
---@param columns luamig.IndexColumn|luamig.IndexColumn[]
---@param options? luamig.CreateIndexOptions
function op.create_index(name, table, columns, options) end

---@param name string
---@param options? luamig.DropIndexOptions
function op.drop_index(name, options) end

---SQLite: only inside batch_alter_table.
---@param name string
---@param table string
---@param columns string|string[]
---@param options? luamig.SchemaOption
function op.create_primary_key(name, table, columns, options) end

---SQLite: only inside batch_alter_table.
---@param name string
---@param table string
---@param columns string|string[]
---@param options? luamig.UniqueOptions
function op.create_unique_constraint(name, table, columns, options) end

---SQLite: only inside batch_alter_table.
---@param name string
---@param source string
---@param referent string
---@param local_cols string|string[]
---@param remote_cols string|string[]
---@param options? luamig.ForeignKeyOptions
function op.create_foreign_key(name, source, referent, local_cols, remote_cols, options) end

---SQLite: only inside batch_alter_table.
---@param name string
---@param table string
---@param condition string raw SQL
---@param options? luamig.SchemaOption
function op.create_check_constraint(name, table, condition, options) end

---SQLite: only inside batch_alter_table (named constraints only).
---@param name string
---@param table string
---@param options? luamig.DropConstraintOptions
function op.drop_constraint(name, table, options) end

---PostgreSQL only.
---@param name string
---@param options? luamig.CreateSchemaOptions
function op.create_schema(name, options) end

---PostgreSQL only.
---@param name string
---@param options? luamig.DropSchemaOptions
function op.drop_schema(name, options) end

---PostgreSQL only.
---@param name string
---@param values string[]
---@param options? luamig.CreateEnumOptions
function op.create_enum(name, values, options) end

---PostgreSQL only.
---@param name string
---@param options? luamig.DropEnumOptions
function op.drop_enum(name, options) end

---PostgreSQL only (cannot be undone: PostgreSQL cannot drop an enum value).
---@param name string
---@param value string
---@param options? luamig.AddEnumValueOptions
function op.add_enum_value(name, value, options) end

---SQLite: recreates the table once for every op of the batch (rows,
---indexes and triggers kept). Elsewhere: plain ALTERs in order.
---@param table string
---@param fn fun(batch: luamig.Batch)
---@param options? luamig.SchemaOption
function op.batch_alter_table(table, fn, options) end

---Runs `fn` outside the migration's transaction (commit, run, begin again).
---@param fn fun()
function op.autocommit(fn) end

---@param table string
---@param options? luamig.SchemaOption
---@return boolean
function op.has_table(table, options) end

---@param table string
---@param column string
---@param options? luamig.SchemaOption
---@return boolean
function op.has_column(table, column, options) end

---@param table string
---@param options? luamig.SchemaOption
---@return luamig.ColumnInfo[]
function op.columns(table, options) end

---Indexes other than the primary key's.
---@param table string
---@param options? luamig.SchemaOption
---@return luamig.IndexInfo[]
function op.indexes(table, options) end

---In schema.lua (docs/autogenerate.md): the op functions that declare the
---desired schema — create_table, add_column, create_index, the create_*
---constraint functions, create_enum, create_schema, sql — with op's syntax.
---@type luamig.Op
schema = op

return op
