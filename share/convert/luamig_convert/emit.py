# SPDX-License-Identifier: MIT
"""Alembic operations (recorded MigrateOperation objects) → luamig `op` calls.

Each emitter either returns Lua lines that do exactly what Alembic does on
every target dialect, or raises Untranslatable naming the detail it cannot
say; the caller then falls back to Alembic's own SQL for that statement.
What "exactly" means: the same catalog (types as each dialect stores them,
nullability, defaults, keys, constraints and their names, indexes) and the
same rows."""

import datetime
import decimal
import re

import sqlalchemy as sa
from alembic.operations import ops
from alembic.operations.schemaobj import SchemaObjects
from alembic.util import sqla_compat
from sqlalchemy.sql import elements

from . import lua
from .sqltypes import Untranslatable, luamig_type, make_dialect, sa_type_sql

_FK_ACTIONS = {"cascade", "restrict", "set null", "set default", "no action"}
_INITIALLY = {"deferred", "immediate"}
_BIND_RE = elements.TextClause._bind_params_regex


def table_of(op):
    """The Table of a recorded CreateTableOp (built once, by the recorder:
    to_table attaches the op's columns and constraints, which it can do only
    once)."""
    table = getattr(op, "_luamig_table", None)
    if table is None:
        table = op._luamig_table = op.to_table()
    return table


def quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


def qualified(schema, name):
    return (quote_ident(schema) + "." if schema else "") + quote_ident(name)


class Emitter:
    """Lua for one recorded operation. `ctx` is an offline MigrationContext
    configured like env.py (it carries the naming convention)."""

    def __init__(self, ctx, dialects):
        self.ctx = ctx
        self.dialects = list(dialects)
        self.sa_dialects = {d: make_dialect(d) for d in self.dialects}
        self.schema_obj = SchemaObjects(ctx)

    # ---- small pieces ---------------------------------------------------

    def per_dialect(self, fn):
        """Lua expression of fn(dialect name, SQLAlchemy dialect) → Lua text."""
        return lua.per_dialect({d: fn(d, self.sa_dialects[d]) for d in self.dialects},
                               self.dialects)

    def final_name(self, item):
        """The name the dialects give a constraint or index ("" = unnamed)."""
        names = set()
        for d in self.dialects:
            n = sqla_compat._get_constraint_final_name(item, self.sa_dialects[d])
            names.add(n or "")
        if len(names) != 1:
            raise Untranslatable("the name of %s differs between dialects (%s)" % (
                type(item).__name__, ", ".join(sorted(names))))
        return names.pop()

    def type_expr(self, column_or_type, serial=False):
        sql = {d: sa_type_sql(column_or_type, d, self.sa_dialects[d], serial=serial)
               for d in self.dialects}
        return luamig_type(sql, self.dialects)

    def sql_expr(self, clause, d):
        """An SQL expression (CHECK condition, index expression, WHERE) as the
        dialect's DDL compiler writes it."""
        dialect = self.sa_dialects[d]
        ddl = dialect.ddl_compiler(dialect, None)
        if isinstance(clause, str):
            return clause
        return ddl.sql_compiler.process(clause, include_table=False, literal_binds=True)

    def default_options(self, column):
        """(key, Lua) pairs for a column's server default."""
        per = {}
        for d in self.dialects:
            dialect = self.sa_dialects[d]
            per[d] = dialect.ddl_compiler(dialect, None).get_column_default_string(column)
        if all(v is None for v in per.values()):
            return []
        if any(v is None for v in per.values()):
            raise Untranslatable("column %s has a server default on some dialects only" %
                                 column.name)
        values = set(per.values())
        if len(values) == 1:
            lit = _literal_default(values.pop())
            if lit is not None:
                return [("default", lit)]
        return [("server_default", lua.per_dialect(
            {d: lua.string(_strip_parens(v)) for d, v in per.items()}, self.dialects))]

    def column(self, col, serial=False):
        """`{ "name", "type", nullable = false, … }` for a column."""
        if col.computed is not None or getattr(col, "identity", None) is not None:
            raise Untranslatable("column %s is computed or an identity column" % col.name)
        if col.server_onupdate is not None:
            raise Untranslatable("column %s has a server-side ON UPDATE" % col.name)
        if col.dialect_kwargs:
            raise Untranslatable("column %s has dialect options %s" % (
                col.name, sorted(col.dialect_kwargs)))
        parts = [lua.string(col.name), self.type_expr(col, serial=serial)]
        opts = []
        if not col.nullable:
            opts.append(("nullable", "false"))
        opts += self.default_options(col)
        if col.comment is not None:
            opts.append(("comment", lua.string(col.comment)))
        return "{ " + ", ".join(parts + ["%s = %s" % kv for kv in opts]) + " }"

    def columns_of(self, constraint):
        return [c.name for c in constraint.columns]

    def timing(self, c):
        opts = []
        if c.deferrable is not None:
            opts.append(("deferrable", "true" if c.deferrable else "false"))
        if c.initially is not None:
            v = c.initially.lower()
            if v not in _INITIALLY:
                raise Untranslatable("INITIALLY %s" % c.initially)
            opts.append(("initially", lua.string(v)))
        return opts

    def fk_parts(self, c):
        (_, _, source_cols, target_schema, target_table, target_cols, onupdate, ondelete,
         _, _) = sqla_compat._fk_spec(c)
        if c.match or c.use_alter or c.dialect_kwargs:
            raise Untranslatable("foreign key with MATCH, use_alter or dialect options")
        opts = []
        for key, v in (("on_delete", ondelete), ("on_update", onupdate)):
            if v is None:
                continue
            word = " ".join(v.lower().split())
            if word not in _FK_ACTIONS:
                raise Untranslatable("foreign key action %s" % v)
            opts.append((key, lua.string(word)))
        if target_schema:
            opts.append(("referent_schema", lua.string(target_schema)))
        return source_cols, target_table, target_cols, opts + self.timing(c)

    def check_condition(self, c):
        return self.per_dialect(lambda d, _: lua.string(self.sql_expr(c.sqltext, d)))

    # ---- table constraints inside create_table ---------------------------

    def table_constraint(self, c):
        name = self.final_name(c)
        if getattr(c, "_type_bound", False) or c._create_rule is not None:
            raise Untranslatable("a constraint SQLAlchemy derives from a column type")
        if isinstance(c, sa.PrimaryKeyConstraint):
            pairs = [("primary_key", lua.strings(self.columns_of(c)))]
        elif isinstance(c, sa.UniqueConstraint):
            pairs = [("unique", lua.strings(self.columns_of(c)))] + self.timing(c)
        elif isinstance(c, sa.CheckConstraint):
            pairs = [("check", self.check_condition(c))] + self.timing(c)
        elif isinstance(c, sa.ForeignKeyConstraint):
            local, referent, remote, opts = self.fk_parts(c)
            pairs = [("foreign_key", lua.strings(local)), ("referent", lua.string(referent)),
                     ("remote_cols", lua.strings(remote))] + opts
        else:
            raise Untranslatable("a %s" % type(c).__name__)
        if name:
            pairs.append(("name", lua.string(name)))
        return "{ " + ", ".join("%s = %s" % kv for kv in pairs) + " }"

    # ---- indexes -------------------------------------------------------------

    def index_call(self, idx, batch):
        name = self.final_name(idx)
        if not name:
            raise Untranslatable("an index without a name")
        where = {}
        for key in idx.dialect_kwargs:
            if key not in ("postgresql_where", "sqlite_where"):
                raise Untranslatable("index option %s" % key)
        for d in self.dialects:
            clause = idx.dialect_options[d]["where"] if d in ("postgresql", "sqlite") else None
            where[d] = "nil" if clause is None else lua.string(self.sql_expr(clause, d))
        cols = []
        for e in idx.expressions:
            if isinstance(e, sa.Column):
                cols.append(lua.string(e.name))
            elif isinstance(e, str):
                cols.append(lua.string(e))
            else:
                cols.append("{ expr = %s }" % self.per_dialect(
                    lambda d, _: lua.string(self.index_expression(e, d))))
        opts = []
        if idx.unique:
            opts.append(("unique", "true"))
        if any(v != "nil" for v in where.values()):
            opts.append(("where", lua.per_dialect(where, self.dialects)))
        schema = idx.table.schema if idx.table is not None else None
        if schema and not batch:
            opts.append(("schema", lua.string(schema)))
        args = [lua.string(name)]
        if not batch:
            args.append(lua.string(idx.table.name))
        args.append("{ " + ", ".join(cols) + " }")
        if opts:
            args.append(lua.options(opts))
        return "%s.create_index(%s)" % ("batch" if batch else "op", ", ".join(args))

    def index_expression(self, e, d):
        text = _strip_parens(self.sql_expr(e, d))
        # luamig writes an expression in parentheses, where a sort order or a
        # collation is not allowed.
        if re.search(r"(?i)\b(asc|desc|nulls\s+(first|last)|collate\s+\S+)\s*$", text):
            raise Untranslatable("index column %r has a sort order or collation" % text)
        return text

    # ---- one operation ---------------------------------------------------------

    def emit(self, operation, indent, batch=False):
        """Lua lines for `operation` (inside a batch_alter_table when `batch`)."""
        name = type(operation).__name__
        fn = getattr(self, "emit_" + name, None)
        if fn is None:
            raise Untranslatable("luamig has no op for Alembic's %s" % name)
        return [indent + line for line in fn(operation, batch)]

    def schema_opt(self, schema, batch):
        return [("schema", lua.string(schema))] if schema and not batch else []

    def call(self, fname, batch, args, opts=()):
        args = list(args)
        if opts:
            args.append(lua.options(list(opts)))
        return ["%s.%s(%s)" % ("batch" if batch else "op", fname, ", ".join(args))]

    def emit_CreateTableOp(self, o, batch):
        table = table_of(o)
        if table.comment is not None:
            raise Untranslatable("a table comment")
        if table.dialect_kwargs or o.prefixes or table.kwargs:
            raise Untranslatable("table options %s" % sorted(table.kwargs))
        serial = table._autoincrement_column
        if serial is not None and serial.default is not None and not (
                isinstance(serial.default, sa.Sequence) and serial.default.optional):
            serial = None
        out = self.enum_types(table)
        out.append("op.create_table(%s, {" % lua.string(table.name))
        for col in table.columns:
            out.append("  %s," % self.column(col, serial=(col is serial)))
        constraints = [table.primary_key] if table.primary_key.columns else []
        constraints += [c for c in table._sorted_constraints
                        if c is not table.primary_key]
        opts = self.schema_opt(table.schema, False)
        if constraints:
            out.append("}, {")
            for k, v in opts:
                out.append("  %s = %s," % (k, v))
            out.append("  constraints = {")
            for c in constraints:
                out.append("    %s," % self.table_constraint(c))
            out.append("  },")
            out.append("})")
        else:
            out[-1:] = out[-1:]
            out.append("}%s)" % (", " + lua.options(opts) if opts else ""))
        for idx in sorted(table.indexes, key=lambda i: str(i.name)):
            out.append(self.index_call(idx, False))
        return out

    def enum_types(self, table):
        """PostgreSQL ENUM types that Alembic's create_table creates first."""
        if "postgresql" not in self.dialects:
            return []
        pg = self.sa_dialects["postgresql"]
        out, seen = [], set()
        for col in table.columns:
            impl = col.type.dialect_impl(pg)
            if not isinstance(impl, sa.Enum) or not impl.native_enum:
                continue
            if not getattr(impl, "create_type", True) or impl.name in seen:
                continue
            if impl.metadata is not None:
                raise Untranslatable("an Enum bound to a MetaData")
            seen.add(impl.name)
            opts = [("schema", lua.string(impl.schema))] if impl.schema else []
            call = "op.create_enum(%s, %s%s)" % (lua.string(impl.name), lua.strings(impl.enums),
                                                 ", " + lua.options(opts) if opts else "")
            if self.dialects == ["postgresql"]:
                out.append(call)
            else:
                out += ['if op.dialect == "postgresql" then', "  " + call, "end"]
        return out

    def emit_DropTableOp(self, o, batch):
        if o.table_kw:
            raise Untranslatable("drop_table options %s" % sorted(o.table_kw))
        return self.call("drop_table", False, [lua.string(o.table_name)],
                         self.schema_opt(o.schema, False))

    def emit_RenameTableOp(self, o, batch):
        return self.call("rename_table", False,
                         [lua.string(o.table_name), lua.string(o.new_table_name)],
                         self.schema_opt(o.schema, False))

    def emit_AddColumnOp(self, o, batch):
        if o.kw:
            raise Untranslatable("add_column options %s" % sorted(o.kw))
        column = sqla_compat._copy(o.column) if o.column.table is not None else o.column
        t = self.schema_obj.table(o.table_name, column, schema=o.schema)
        if column.primary_key:
            raise Untranslatable("adding a primary-key column")
        table_arg = [] if batch else [lua.string(o.table_name)]
        out = self.call("add_column", batch, table_arg + [self.column(column)],
                        self.schema_opt(o.schema, batch))
        for c in sorted(t.constraints, key=lambda c: c._creation_order):
            if isinstance(c, sa.PrimaryKeyConstraint):
                continue
            out += self.add_constraint(c, o.table_name, o.schema, batch)
        for idx in sorted(t.indexes, key=lambda i: str(i.name)):
            out.append(self.index_call(idx, batch))
        return out

    def add_constraint(self, c, table_name, schema, batch):
        name = self.final_name(c)
        if not name:
            raise Untranslatable("luamig needs a name for a constraint added to a table")
        if getattr(c, "_type_bound", False) or c._create_rule is not None:
            raise Untranslatable("a constraint SQLAlchemy derives from a column type")
        table_arg = [] if batch else [lua.string(table_name)]
        if isinstance(c, sa.ForeignKeyConstraint):
            local, referent, remote, opts = self.fk_parts(c)
            if schema and not batch:
                opts.append(("source_schema", lua.string(schema)))
            return self.call("create_foreign_key", batch,
                             [lua.string(name)] + table_arg +
                             [lua.string(referent), lua.strings(local), lua.strings(remote)],
                             opts)
        if isinstance(c, sa.UniqueConstraint):
            return self.call("create_unique_constraint", batch,
                             [lua.string(name)] + table_arg + [lua.strings(self.columns_of(c))],
                             self.schema_opt(schema, batch) + self.timing(c))
        if isinstance(c, sa.PrimaryKeyConstraint):
            return self.call("create_primary_key", batch,
                             [lua.string(name)] + table_arg + [lua.strings(self.columns_of(c))],
                             self.schema_opt(schema, batch))
        if isinstance(c, sa.CheckConstraint):
            if c.deferrable is not None or c.initially is not None:
                raise Untranslatable("a deferrable CHECK constraint")
            return self.call("create_check_constraint", batch,
                             [lua.string(name)] + table_arg + [self.check_condition(c)],
                             self.schema_opt(schema, batch))
        raise Untranslatable("a %s" % type(c).__name__)

    def emit_DropColumnOp(self, o, batch):
        if o.kw:
            raise Untranslatable("drop_column options %s" % sorted(o.kw))
        table_arg = [] if batch else [lua.string(o.table_name)]
        return self.call("drop_column", batch, table_arg + [lua.string(o.column_name)],
                         self.schema_opt(o.schema, batch))

    def emit_AlterColumnOp(self, o, batch):
        opts = []
        kw = dict(o.kw)
        using = kw.pop("postgresql_using", None)
        kw.pop("autoincrement", None)
        kw.pop("existing_autoincrement", None)
        if kw:
            raise Untranslatable("alter_column options %s" % sorted(kw))
        if o.modify_type is not None:
            if o.existing_type is not None:
                self.no_type_constraints(o.table_name, o.column_name, o.existing_type)
            self.no_type_constraints(o.table_name, o.column_name, o.modify_type)
            opts.append(("type", self.type_expr(o.modify_type)))
            if using is not None:
                if "postgresql" not in self.dialects:
                    pass
                elif self.dialects != ["postgresql"]:
                    opts.append(("using", lua.per_dialect(
                        {d: lua.string(using) if d == "postgresql" else "nil"
                         for d in self.dialects}, self.dialects)))
                else:
                    opts.append(("using", lua.string(using)))
        elif using is not None:
            raise Untranslatable("postgresql_using without a type change")
        if o.modify_nullable is not None:
            opts.append(("nullable", "true" if o.modify_nullable else "false"))
        if o.modify_server_default is not False:
            opts.append(("server_default", self.alter_default(o.modify_server_default)))
        if o.modify_comment is not False:
            opts.append(("comment", "false" if o.modify_comment is None
                         else lua.string(o.modify_comment)))
        if o.modify_name is not None:
            opts.append(("new_name", lua.string(o.modify_name)))
        opts += self.existing_options(o)
        opts += self.schema_opt(o.schema, batch)
        table_arg = [] if batch else [lua.string(o.table_name)]
        return self.call("alter_column", batch, table_arg + [lua.string(o.column_name)], opts)

    def no_type_constraints(self, table_name, column_name, type_):
        t = self.schema_obj.table(table_name, sa.Column(column_name, type_))
        for c in t.constraints:
            if not isinstance(c, sa.PrimaryKeyConstraint):
                raise Untranslatable("a type change that adds or drops the type's CHECK")

    def alter_default(self, default):
        if default is None:
            return "false"

        def one(d, dialect):
            col = sa.Column("x", sa.types.NULLTYPE, server_default=default)
            return lua.string(dialect.ddl_compiler(dialect, None).get_column_default_string(col))
        return self.per_dialect(one)

    def existing_options(self, o):
        opts = []
        if o.existing_type is not None:
            try:
                opts.append(("existing_type", self.type_expr(o.existing_type)))
            except Untranslatable:
                pass  # informational only: luamig uses it to reverse the op
        if o.existing_nullable is not None:
            opts.append(("existing_nullable", "true" if o.existing_nullable else "false"))
        if o.existing_server_default not in (False, None):
            opts.append(("existing_server_default", self.alter_default(
                o.existing_server_default)))
        if o.existing_comment is not None:
            opts.append(("existing_comment", lua.string(o.existing_comment)))
        return opts

    def emit_CreateIndexOp(self, o, batch):
        if o.kw.get("if_not_exists"):
            raise Untranslatable("if_not_exists")
        idx = o.to_index(self.ctx)
        return [self.index_call(idx, batch)]

    def emit_DropIndexOp(self, o, batch):
        extra = {k: v for k, v in o.kw.items() if v is not None}
        if extra:
            raise Untranslatable("drop_index options %s" % sorted(extra))
        idx = o.to_index(self.ctx)
        name = self.final_name(idx)
        opts = []
        if not batch:
            if o.table_name:
                opts.append(("table", lua.string(o.table_name)))
            opts += self.schema_opt(o.schema, False)
        return self.call("drop_index", batch, [lua.string(name)], opts)

    def emit_CreatePrimaryKeyOp(self, o, batch):
        return self.add_constraint(o.to_constraint(self.ctx), o.table_name, o.schema, batch)

    emit_CreateUniqueConstraintOp = emit_CreatePrimaryKeyOp
    emit_CreateCheckConstraintOp = emit_CreatePrimaryKeyOp

    def emit_CreateForeignKeyOp(self, o, batch):
        c = o.to_constraint(self.ctx)
        return self.add_constraint(c, o.source_table, c.parent.schema, batch)

    def emit_DropConstraintOp(self, o, batch):
        c = self.schema_obj.generic_constraint(o.constraint_name, o.table_name,
                                               o.constraint_type, schema=o.schema)
        name = self.final_name(c)
        if not name:
            raise Untranslatable("drop_constraint without a name")
        opts = []
        if o.constraint_type is not None:
            opts.append(("type_", lua.string(o.constraint_type)))
        opts += self.schema_opt(o.schema, batch)
        table_arg = [] if batch else [lua.string(o.table_name)]
        return self.call("drop_constraint", batch, [lua.string(name)] + table_arg, opts)

    def emit_ExecuteSQLOp(self, o, batch):
        if batch:
            raise Untranslatable("execute inside a batch")
        if o.execution_options:
            raise Untranslatable("execution options")
        text = o.sqltext
        if isinstance(text, str):
            sql, params = _text_sql(text, {})
        elif isinstance(text, elements.TextClause):
            sql, params = _text_sql(text.text, {k: b for k, b in text._bindparams.items()})
        else:
            raise Untranslatable("op.execute of a SQLAlchemy %s" % type(text).__name__)
        args = [lua.string(sql)]
        if params:
            args.append("{ " + ", ".join(params) + " }")
        return ["op.execute(%s)" % ", ".join(args)]

    def emit_BulkInsertOp(self, o, batch):
        if batch:
            raise Untranslatable("bulk_insert inside a batch")
        table, rows = o.table, o.rows
        if not rows:
            return []
        keys = set(rows[0])
        if any(set(r) != keys for r in rows):
            raise Untranslatable("bulk_insert rows with different keys")
        names = [c.key for c in table.c if c.key in keys]
        if len(names) != len(keys):
            raise Untranslatable("bulk_insert keys that are not columns of the table")
        target = qualified(getattr(table, "schema", None), table.name)
        sql = "INSERT INTO %s (%s) VALUES (%s)" % (
            target, ", ".join(quote_ident(table.c[n].name) for n in names),
            ", ".join("$%d" % (i + 1) for i in range(len(names))))
        per = {d: self.bound_rows(table, names, rows, d) for d in self.dialects}
        if len(rows) == 1 and len(set(map(tuple, per.values()))) == 1:
            return ["op.execute(%s, { %s })" % (lua.string(sql), per[self.dialects[0]][0])]
        if len(set(map(tuple, per.values()))) == 1:
            out = ["for _, row in ipairs({"]
            out += ["  { %s }," % v for v in per[self.dialects[0]]]
            out.append("}) do")
        else:  # the values are bound differently per dialect
            out = ["for _, row in ipairs(({"]
            for d in self.dialects:
                out.append("  %s = {" % d)
                out += ["    { %s }," % v for v in per[d]]
                out.append("  },")
            out.append("})[op.dialect]) do")
        out.append("  op.execute(%s, row)" % lua.string(sql))
        out.append("end")
        return out

    def bound_rows(self, table, names, rows, d):
        """Each row's values as SQLAlchemy would bind them on dialect `d` (the
        column type's bind processor), as Lua; a date or time becomes its ISO
        text, which the database reads back as the same value."""
        dialect = self.sa_dialects[d]
        procs = []
        for n in names:
            t = table.c[n].type
            if not isinstance(t, _BINDABLE):
                raise Untranslatable("bulk_insert into a %s column" % t)
            procs.append(t.bind_processor(dialect))
        out = []
        for r in rows:
            values = []
            for n, proc in zip(names, procs):
                v = r[n]
                if isinstance(table.c[n].type, sa.Numeric):
                    proc = None  # a number is the same number however it is bound
                if proc is not None and v is not None:
                    v = proc(v)
                values.append(_bindable(v, d))
            out.append(", ".join(values))
        return out


_BINDABLE = (sa.types.NullType, sa.Integer, sa.String, sa.Boolean, sa.Date, sa.DateTime,
             sa.Numeric)


def _bindable(v, d):
    if isinstance(v, (datetime.date, datetime.time)) and d == "postgresql":
        if isinstance(v, datetime.datetime) and v.tzinfo is not None:
            raise Untranslatable("bulk_insert of a datetime with a time zone")
        return lua.string(v.isoformat(" ") if isinstance(v, datetime.datetime) else
                          v.isoformat())
    if isinstance(v, decimal.Decimal):
        return lua.string(str(v))
    try:
        return lua.value(v)
    except lua.NotLua as e:
        raise Untranslatable("bulk_insert value: %s" % e)


def _text_sql(text, bindparams):
    """Alembic wraps a string in text(): `:name` are bind parameters and `\\:`
    is a colon. Returns luamig SQL with $N and the Lua parameter values."""
    params, order = [], {}

    def repl(m):
        name = m.group(1)
        if name not in bindparams:
            raise Untranslatable("the SQL names the parameter :%s and gives no value" % name)
        if name not in order:
            b = bindparams[name]
            if b.callable is not None or b.expanding:
                raise Untranslatable("parameter :%s is computed or expanding" % name)
            try:
                params.append(lua.value(b.value))
            except lua.NotLua as e:
                raise Untranslatable("parameter :%s: %s" % (name, e))
            order[name] = len(params)
        return "$%d" % order[name]

    if re.search(r"\$\d", text):
        raise Untranslatable("the SQL contains $N, which luamig reads as a parameter")
    if bindparams and _several_statements(text):
        raise Untranslatable("several statements with parameters")
    sql = _BIND_RE.sub(repl, text)
    sql = sql.replace("\\:", ":")
    return sql, params


def _several_statements(sql):
    """Whether a ';' outside quotes is followed by more SQL."""
    quote = None
    for i, c in enumerate(sql):
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == ";" and sql[i + 1:].strip():
            return True
    return False


def _literal_default(sql):
    """Lua for a default that is a plain literal ('text' or an integer), so it
    reads as `default = …`; None when it is an expression."""
    if re.fullmatch(r"-?\d{1,15}", sql):
        return sql
    m = re.fullmatch(r"'((?:[^']|'')*)'", sql, re.S)
    if m and "\\" not in sql:
        return lua.string(m.group(1).replace("''", "'"))
    return None


def _strip_parens(sql):
    """`(expr)` → `expr` when the parentheses enclose the whole text; luamig
    adds them back where the syntax needs them."""
    s = sql.strip()
    while s.startswith("(") and s.endswith(")") and _closes_at_end(s):
        s = s[1:-1].strip()
    return s


def _closes_at_end(s):
    depth, quote = 0, None
    for i, c in enumerate(s):
        if quote:
            if c == quote:
                quote = None
            continue
        if c in "'\"":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0 and i != len(s) - 1:
                return False
    return depth == 0
