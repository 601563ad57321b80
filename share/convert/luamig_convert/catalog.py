# SPDX-License-Identifier: MIT
"""A database's schema and rows as plain values, for comparing two databases
that should be equal: one migrated by Alembic, one by luamig.

SQLite: sqlite_master and the table_info / index_list / foreign_key_list
pragmas, plus the constraint names and CHECK conditions read from each
table's CREATE TABLE text. PostgreSQL: pg_catalog (format_type,
pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef) for one
schema. Spelling that does not change what the database does is normalized
(identifier quotes, case and spaces outside literals, redundant outer
parentheses); everything else must match."""

import re
import sqlite3


class Database:
    """A DB-API connection to a verify database and what to leave out."""

    def __init__(self, dialect, conn, schema=None):
        self.dialect, self.conn, self.schema = dialect, conn, schema

    def close(self):
        self.conn.close()

    def query(self, sql, params=()):
        cur = self.conn.cursor()
        try:
            cur.execute(sql, params)
            return cur.fetchall()
        finally:
            cur.close()

    def version_rows(self, table):
        try:
            name = (quote(self.schema) + "." if self.schema else "") + quote(table)
            return sorted(r[0] for r in self.query("SELECT version_num FROM %s" % name))
        except Exception:  # noqa: BLE001 - no version table yet: no rows
            self.rollback()
            return []

    def rollback(self):
        try:
            self.conn.rollback()
        except Exception:  # noqa: BLE001
            pass

    def dump(self, skip):
        try:
            if self.dialect == "sqlite":
                return dump_sqlite(self, skip)
            return dump_postgres(self, skip)
        finally:
            self.rollback()


def quote(name):
    return '"' + name.replace('"', '""') + '"'


# ---- normalizing SQL text --------------------------------------------------------


def tokens(sql):
    """SQL tokens: quoted identifiers (unquoted), 'strings', words, symbols."""
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c.isspace():
            i += 1
        elif c == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"`[":
            end = {"\"": "\"", "`": "`", "[": "]"}[c]
            j, buf = i + 1, []
            while j < n:
                if sql[j] == end and sql[j + 1:j + 2] == end and end != "]":
                    buf.append(end)
                    j += 2
                elif sql[j] == end:
                    break
                else:
                    buf.append(sql[j])
                    j += 1
            out.append(("ident", "".join(buf)))
            i = j + 1
        elif c == "'":
            j = i + 1
            while j < n:
                if sql[j] == "'" and sql[j + 1:j + 2] == "'":
                    j += 2
                elif sql[j] == "'":
                    break
                else:
                    j += 1
            out.append(("string", sql[i:j + 1]))
            i = j + 1
        elif c.isalnum() or c == "_":
            j = i
            while j < n and (sql[j].isalnum() or sql[j] in "_$."):
                j += 1
            word = sql[i:j]
            out.append(("word", word.lower()))
            i = j
        else:
            if sql.startswith(("<>", "<=", ">=", "!=", "||", "::"), i):
                out.append(("sym", sql[i:i + 2]))
                i += 2
            else:
                out.append(("sym", c))
                i += 1
    return out


def norm(sql):
    """Normalized SQL text: identifiers unquoted and lower-cased words, one
    space between tokens, redundant outer parentheses removed."""
    toks = tokens(sql)
    while len(toks) >= 2 and toks[0] == ("sym", "(") and toks[-1] == ("sym", ")") and \
            _encloses(toks):
        toks = toks[1:-1]
    return " ".join(t[1] if t[0] != "ident" else t[1].lower() for t in toks)


def _encloses(toks):
    depth = 0
    for i, t in enumerate(toks):
        if t == ("sym", "("):
            depth += 1
        elif t == ("sym", ")"):
            depth -= 1
            if depth == 0 and i != len(toks) - 1:
                return False
    return True


def split_top(toks, sep=","):
    """Token lists between top-level separators."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t == ("sym", "("):
            depth += 1
        elif t == ("sym", ")"):
            depth -= 1
        if depth == 0 and t == ("sym", sep):
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def text_of(toks):
    return " ".join(t[1] if t[0] != "ident" else t[1].lower() for t in toks)


def paren_group(toks, start):
    """(tokens inside the parentheses opening at toks[start], index after)."""
    depth = 0
    for j in range(start, len(toks)):
        if toks[j] == ("sym", "("):
            depth += 1
        elif toks[j] == ("sym", ")"):
            depth -= 1
            if depth == 0:
                return toks[start + 1:j], j + 1
    return toks[start + 1:], len(toks)


def names_in(toks):
    return tuple(t[1].lower() for t in toks if t[0] in ("ident", "word"))


# ---- SQLite ------------------------------------------------------------------------

_CONSTRAINT_WORDS = ("constraint", "primary", "unique", "check", "foreign")


def sqlite_constraints(create_sql):
    """Named and unnamed PRIMARY KEY / UNIQUE / CHECK / FOREIGN KEY clauses of
    a CREATE TABLE statement, column-level ones included, as sorted tuples."""
    toks = tokens(create_sql)
    try:
        start = toks.index(("sym", "("))
    except ValueError:
        return []
    body, _ = paren_group(toks, start)
    out = []
    for part in split_top(body):
        if not part:
            continue
        first = part[0]
        if first[0] == "word" and first[1] in _CONSTRAINT_WORDS:
            out += _clauses(part, None)
        else:
            out += _clauses(part[1:], first[1].lower())
    return sorted(out)


def _clauses(toks, column):
    """Constraint clauses in a table constraint or a column definition."""
    out, i, name = [], 0, ""
    while i < len(toks):
        t = toks[i]
        if t == ("word", "constraint") and i + 1 < len(toks):
            name = toks[i + 1][1]
            i += 2
            continue
        if t == ("word", "check") and i + 1 < len(toks) and toks[i + 1] == ("sym", "("):
            inner, i = paren_group(toks, i + 1)
            out.append(("check", name, norm(text_of(inner))))
            name = ""
            continue
        if t[0] == "word" and t[1] in ("primary", "unique", "foreign", "references"):
            kind = {"primary": "primary key", "unique": "unique", "foreign": "foreign key",
                    "references": "foreign key"}[t[1]]
            j = i + 1
            while j < len(toks) and toks[j][0] == "word" and toks[j][1] in ("key",):
                j += 1
            cols = (column,) if column else ()
            if j < len(toks) and toks[j] == ("sym", "(") and t[1] != "references":
                inner, j = paren_group(toks, j)
                cols = tuple(c.split()[0] for c in (text_of(p) for p in split_top(inner)))
            if kind == "foreign key":
                # REFERENCES t (cols): read by foreign_key_list; keep the name here
                while j < len(toks) and toks[j] != ("word", "constraint"):
                    j += 1
            out.append((kind, name, cols))
            name = ""
            i = j
            continue
        i += 1
    return out


def dump_sqlite(db, skip):
    out = {"tables": {}, "indexes": {}, "views": {}, "triggers": {}}
    rows = db.query("SELECT type, name, tbl_name, sql FROM sqlite_master "
                    "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    for kind, name, table, sql in rows:
        if table in skip:
            continue
        if kind == "table":
            out["tables"][name] = sqlite_table(db, name, sql)
        elif kind == "index" and sql:
            out["indexes"][name] = norm_index(sql)
        elif kind == "view":
            out["views"][name] = norm(sql)
        elif kind == "trigger":
            out["triggers"][name] = norm(sql)
    return out


def sqlite_table(db, name, sql):
    cols = []
    for cid, cname, ctype, notnull, default, pk in db.query(
            "SELECT * FROM pragma_table_info(?)", (name,)):
        cols.append({"name": cname, "type": " ".join(ctype.upper().split()),
                     "not null": bool(notnull),
                     "default": None if default is None else norm(default),
                     "primary key position": pk})
    fks = {}
    for row in db.query("SELECT * FROM pragma_foreign_key_list(?)", (name,)):
        fid, seq, ref, frm, to, on_update, on_delete, match = row
        fk = fks.setdefault(fid, {"references": ref, "columns": [], "remote": [],
                                  "on update": on_update, "on delete": on_delete})
        fk["columns"].append(frm)
        fk["remote"].append(to)
    uniques = []
    for _, iname, unique, origin, partial in db.query(
            "SELECT * FROM pragma_index_list(?)", (name,)):
        if origin == "u":
            uniques.append(tuple(r[2] for r in db.query(
                "SELECT * FROM pragma_index_info(?) ORDER BY seqno", (iname,))))
    rowid = "without rowid" not in norm(sql)
    return {
        "columns": cols,
        "constraints": sqlite_constraints(sql),
        "foreign keys": sorted((f["references"], tuple(f["columns"]), tuple(f["remote"]),
                                f["on update"], f["on delete"]) for f in fks.values()),
        "unique indexes": sorted(uniques),
        "rowid": rowid,
        "rows": rows_of(db, name, cols),
    }


def norm_index(sql):
    """CREATE INDEX text with each column expression's own parentheses gone."""
    toks = tokens(sql)
    try:
        start = toks.index(("sym", "("))
    except ValueError:
        return norm(sql)
    inner, after = paren_group(toks, start)
    cols = ", ".join(norm(text_of(p)) for p in split_top(inner))
    head = text_of(toks[:start])
    head = head.replace(" if not exists", "")
    head = re.sub(r"\bon main \. ", "on ", head)
    tail = toks[after:]
    where = ""
    if tail and tail[0] == ("word", "where"):
        where = " where " + norm(text_of(tail[1:]))
    return "%s (%s)%s" % (head, cols, where)


_VOLATILE = re.compile(
    r"now|current_timestamp|current_date|current_time|localtime|localtimestamp|random|"
    r"uuid|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|"
    r"datetime|strftime|julianday|unixepoch", re.I)


def rows_of(db, table, columns, schema=None):
    """The table's rows, sorted. Cells of columns whose default is the time
    or a random value differ between any two runs: they are compared only
    for being NULL or not."""
    volatile = [bool(c["default"] and _VOLATILE.search(c["default"])) for c in columns]
    name = (quote(schema) + "." if schema else "") + quote(table)
    rows = db.query("SELECT * FROM %s" % name)
    return sorted((tuple(_cell(v, vol) for v, vol in zip(r, volatile)) for r in rows), key=repr)


def _cell(v, volatile=False):
    if volatile:
        return None if v is None else "<set by its default>"
    if isinstance(v, memoryview):
        return bytes(v)
    return v


# ---- PostgreSQL ------------------------------------------------------------------


def dump_postgres(db, skip):
    schema = db.schema
    out = {"tables": {}, "indexes": {}, "views": {}, "sequences": [], "enums": {}}
    for (name,) in db.query(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY 1", (schema,)):
        if name not in skip:
            out["tables"][name] = pg_table(db, schema, name)
    for name, definition, table in db.query(
            "SELECT i.relname, pg_get_indexdef(i.oid), t.relname FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid) "
            "ORDER BY 1", (schema,)):
        if table not in skip:
            out["indexes"][name] = _unqualify(definition, schema)
    for name, definition in db.query(
            "SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('v', 'm') "
            "ORDER BY 1", (schema,)):
        out["views"][name] = norm(_unqualify(definition, schema))
    out["sequences"] = [r[0] for r in db.query(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind = 'S' ORDER BY 1", (schema,))
        if not any(r[0].startswith(s + "_") for s in skip)]
    for name, labels in db.query(
            "SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_type t "
            "JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid "
            "WHERE n.nspname = %s GROUP BY t.typname ORDER BY 1", (schema,)):
        out["enums"][name] = list(labels)
    return out


def pg_table(db, schema, name):
    cols = []
    for cname, ctype, notnull, default, comment in db.query(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum) "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 "
            "AND NOT a.attisdropped ORDER BY a.attnum", (schema, name)):
        cols.append({"name": cname, "type": ctype, "not null": notnull,
                     "default": None if default is None else _unqualify(default, schema),
                     "comment": comment})
    constraints = sorted(
        (cname, ctype, _unqualify(definition, schema)) for cname, ctype, definition in db.query(
            "SELECT k.conname, k.contype, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname = %s", (schema, name)))
    comment = db.query("SELECT obj_description(c.oid, 'pg_class') FROM pg_class c "
                       "JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname = %s AND c.relname = %s", (schema, name))[0][0]
    return {"columns": cols, "constraints": constraints, "comment": comment,
            "rows": rows_of(db, name, cols, schema)}


def _unqualify(text, schema):
    for q in ('"%s".' % schema.replace('"', '""'), "%s." % schema):
        text = text.replace(q, "")
    return text


# ---- comparing ---------------------------------------------------------------------

_KINDS = {"tables": "table", "indexes": "index", "views": "view", "triggers": "trigger",
          "enums": "enum type", "sequences": "sequence"}


def first_difference(a, b, names=("Alembic", "luamig")):
    """A sentence naming the first place where dumps `a` and `b` differ, or
    None when they are equal."""
    for section in list(a) + [k for k in b if k not in a]:
        x, y, kind = a.get(section, {}), b.get(section, {}), _KINDS.get(section, section)
        if isinstance(x, list):
            x, y = dict.fromkeys(x, True), dict.fromkeys(y, True)
        for name in sorted(set(x) | set(y)):
            if name not in y:
                return "%s %s exists only in %s's database" % (kind, name, names[0])
            if name not in x:
                return "%s %s exists only in %s's database" % (kind, name, names[1])
            if section == "tables":
                d = _table_diff(name, x[name], y[name], names)
            else:
                d = None if x[name] == y[name] else "%s %s: %s" % (
                    kind, name, _versus(x[name], y[name], names))
            if d:
                return d
    return None


def _table_diff(table, a, b, names):
    ca, cb = a["columns"], b["columns"]
    for i in range(max(len(ca), len(cb))):
        if i >= len(ca) or i >= len(cb):
            who, extra = (names[1], cb[i]) if i >= len(ca) else (names[0], ca[i])
            return "table %s: only %s's has column %s" % (table, who, extra["name"])
        if ca[i]["name"] != cb[i]["name"]:
            return "table %s: column %d is %s in %s's, %s in %s's" % (
                table, i + 1, ca[i]["name"], names[0], cb[i]["name"], names[1])
        for key in ca[i]:
            if ca[i][key] != cb[i].get(key):
                return "table %s, column %s: %s %s" % (table, ca[i]["name"], key, _versus(
                    ca[i][key], cb[i].get(key), names))
    for key in a:
        if key != "columns" and a[key] != b.get(key):
            what = "rows" if key == "rows" else key
            return "table %s: %s differ: %s" % (table, what, _versus(a[key], b.get(key), names))
    return None


def _versus(x, y, names):
    if isinstance(x, list) and isinstance(y, list):
        only_x = [v for v in x if v not in y]
        only_y = [v for v in y if v not in x]
        if only_x or only_y:
            return "only in %s's: %s; only in %s's: %s" % (
                names[0], _show(only_x), names[1], _show(only_y))
    return "%s in %s's, %s in %s's" % (_show(x), names[0], _show(y), names[1])


def _show(v):
    text = repr(v)
    return text if len(text) < 600 else text[:600] + "…"


def connect_sqlite(path):
    return sqlite3.connect(path)
