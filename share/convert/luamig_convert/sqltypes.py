# SPDX-License-Identifier: MIT
"""Column types: what SQLAlchemy renders per dialect, and the luamig type
string that renders the same (ops/sql_type.cc and the dialects' type maps,
mirrored here; the verify step and tests/convert catch any drift)."""

import re

from sqlalchemy import types as satypes
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect


class Untranslatable(Exception):
    """A detail luamig's op API cannot say exactly; the reason is the text."""


def make_dialect(name):
    if name == "postgresql":
        return pg_dialect.dialect(paramstyle="named")
    if name == "sqlite":
        return sqlite_dialect.dialect(paramstyle="named")
    raise ValueError("unknown dialect %s" % name)


# luamig's portable vocabulary: name → (kind, rendering per dialect).
_PORTABLE = {
    "integer": {"postgresql": "integer", "sqlite": "INTEGER"},
    "int": {"postgresql": "integer", "sqlite": "INTEGER"},
    "bigint": {"postgresql": "bigint", "sqlite": "BIGINT"},
    "serial": {"postgresql": "serial", "sqlite": "INTEGER"},
    "bigserial": {"postgresql": "bigserial", "sqlite": "INTEGER"},
    "text": {"postgresql": "text", "sqlite": "TEXT"},
    "string": {"postgresql": "varchar", "sqlite": "VARCHAR"},
    "boolean": {"postgresql": "boolean", "sqlite": "BOOLEAN"},
    "bool": {"postgresql": "boolean", "sqlite": "BOOLEAN"},
    "real": {"postgresql": "real", "sqlite": "REAL"},
    "float": {"postgresql": "real", "sqlite": "REAL"},
    "double": {"postgresql": "double precision", "sqlite": "DOUBLE PRECISION"},
    "numeric": {"postgresql": "numeric", "sqlite": "NUMERIC"},
    "decimal": {"postgresql": "numeric", "sqlite": "NUMERIC"},
    "date": {"postgresql": "date", "sqlite": "DATE"},
    "timestamp": {"postgresql": "timestamp", "sqlite": "TIMESTAMP"},
    "timestamptz": {"postgresql": "timestamptz", "sqlite": "TIMESTAMP"},
    "json": {"postgresql": "jsonb", "sqlite": "JSON"},
    "uuid": {"postgresql": "uuid", "sqlite": "CHAR(36)"},
    "blob": {"postgresql": "bytea", "sqlite": "BLOB"},
}
# Tried in this order when choosing a readable name.
_CANDIDATES = ["integer", "bigint", "serial", "bigserial", "text", "boolean", "real",
               "double", "date", "timestamp", "timestamptz", "json", "uuid", "blob"]


def luamig_renders(text, dialect):
    """What luamig writes for the type string `text` (SqlType::Parse)."""
    t = text.strip()
    m = re.fullmatch(r"([^()]*?)\s*(?:\((.*)\))?", t, re.S)
    if not m:
        return t
    name = m.group(1).strip().lower()
    args = None if m.group(2) is None else [a.strip() for a in m.group(2).split(",")]
    base = _PORTABLE.get(name)
    if base is None:
        return t
    if name == "string" and (args is None or (len(args) == 1 and _small_int(args[0]))):
        return base[dialect] + ("" if args is None else "(%d)" % int(args[0]))
    if name in ("numeric", "decimal") and (args is None or (
            len(args) <= 2 and all(_small_int(a) for a in args))):
        if args is None:
            return base[dialect]
        p, s = int(args[0]), int(args[1]) if len(args) > 1 else 0
        return base[dialect] + ("(%d, %d)" % (p, s) if p > 0 else "")
    if args is None:
        return base[dialect]
    return t


def _small_int(s):
    return s.isdigit() and len(s) <= 6


_PG_SYNONYMS = {
    "INT": "INTEGER", "INT4": "INTEGER", "INT8": "BIGINT", "INT2": "SMALLINT",
    "TIMESTAMP WITHOUT TIME ZONE": "TIMESTAMP", "TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE",
    "BOOL": "BOOLEAN", "FLOAT8": "DOUBLE PRECISION", "FLOAT": "DOUBLE PRECISION",
    "FLOAT4": "REAL", "DECIMAL": "NUMERIC", "SERIAL4": "SERIAL", "SERIAL8": "BIGSERIAL",
    "CHARACTER VARYING": "VARCHAR", "TIME WITHOUT TIME ZONE": "TIME",
    "TIMETZ": "TIME WITH TIME ZONE",
}


def same_type(a, b, dialect):
    """Whether two type spellings make the same column type on `dialect`:
    PostgreSQL resolves synonyms; SQLite keeps the declared text, so only
    case and spacing may differ."""
    return _canon(a, dialect) == _canon(b, dialect)


def _canon(t, dialect):
    t = " ".join(t.upper().split())
    t = re.sub(r"\s*\(\s*", "(", t)
    t = re.sub(r"\s*,\s*", ", ", t)
    t = re.sub(r"\s*\)", ")", t)
    if dialect != "postgresql":
        return t
    m = re.fullmatch(r"([A-Z0-9 ]+?)(\(.*\))?", t)
    if not m:
        return t
    name, args = m.group(1), m.group(2) or ""
    if name == "FLOAT" and args:  # FLOAT(p): p ≤ 24 is real
        return "REAL" if int(args[1:-1]) <= 24 else "DOUBLE PRECISION"
    return _PG_SYNONYMS.get(name, name) + args


def sa_type_sql(column_or_type, dialect_name, dialect, serial=False):
    """The type SQLAlchemy renders for a column (or a bare type) on a dialect;
    `serial` = the column is PostgreSQL's SERIAL autoincrement column."""
    type_ = getattr(column_or_type, "type", column_or_type)
    if serial and dialect_name == "postgresql":
        # As PGDDLCompiler.get_column_specification decides SERIAL.
        impl = type_.dialect_impl(dialect)
        if isinstance(impl, satypes.TypeDecorator):
            impl = impl.impl
        if isinstance(impl, satypes.BigInteger):
            return "BIGSERIAL"
        if isinstance(impl, satypes.SmallInteger):
            return "SMALLSERIAL"
        return "SERIAL"
    column = column_or_type if column_or_type is not type_ else None
    try:
        return dialect.type_compiler.process(type_, type_expression=column)
    except Exception as e:  # noqa: BLE001 - SQLAlchemy raises many kinds
        raise Untranslatable("type %r has no %s rendering (%s)" % (type_, dialect_name, e))


def luamig_type(sql_by_dialect, dialects):
    """A Lua expression for the luamig type string that renders like
    `sql_by_dialect` (dialect → SQLAlchemy's text) on every dialect."""
    for cand in _readable_candidates(sql_by_dialect):
        if all(same_type(luamig_renders(cand, d), sql_by_dialect[d], d) for d in dialects):
            return '"%s"' % cand
    per = {}
    for d in dialects:
        per[d] = _one_dialect(sql_by_dialect[d], d)
    from . import lua
    return lua.per_dialect(per, dialects)


def _readable_candidates(sql_by_dialect):
    out = list(_CANDIDATES)
    for sql in sql_by_dialect.values():
        m = re.fullmatch(r"\s*(?:VARCHAR|CHARACTER VARYING)\s*\(\s*(\d+)\s*\)\s*", sql, re.I)
        if m:
            out.insert(0, "string(%s)" % m.group(1))
        m = re.fullmatch(r"\s*(?:NUMERIC|DECIMAL)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)\s*", sql,
                         re.I)
        if m:
            out.insert(0, "numeric(%s, %s)" % (m.group(1), m.group(2) or "0"))
        if re.fullmatch(r"\s*VARCHAR\s*", sql, re.I):
            out.insert(0, "string")
    return out


def _one_dialect(sql, d):
    from . import lua
    for cand in _readable_candidates({d: sql}):
        if same_type(luamig_renders(cand, d), sql, d):
            return lua.string(cand)
    if same_type(luamig_renders(sql, d), sql, d):
        return lua.string(sql)
    if d == "postgresql" and re.fullmatch(r"[A-Za-z]+", sql.strip()):
        qualified = "pg_catalog." + sql.strip().lower()  # json, float, … without the collision
        if same_type(luamig_renders(qualified, d), qualified, d):
            return lua.string(qualified)
    raise Untranslatable("luamig cannot spell the %s type %s: the name collides with its "
                         "portable vocabulary" % (d, sql))
