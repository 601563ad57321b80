#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""luamig and Alembic 1.8 taking turns on one PostgreSQL version table.

With `version_table = "alembic_version"` both tools write the same table.
PostgreSQL's heap order is not an order (an UPDATE writes a new tuple
wherever there is room), so luamig keeps the rows' write order in a column of
its own, `luamig_order`, whose identity default numbers every inserted row:
Alembic's INSERT (version_num only) gets the next number and its UPDATE keeps
the row's number, which is exactly SQLite's rowid rule. This test checks,
with the real Alembic writing in between, that

  * Alembic can create, read and write the table before and after luamig
    added the column (and when luamig created the table),
  * reading (`luamig current`) never alters the table,
  * luamig reads the rows in write order, so `downgrade -1` with several rows
    walks from the row written earliest and kept by UPDATEs since, whichever
    tool wrote it, and an Alembic unmerge leaves the merge's row first.

Needs LUAMIG_TEST_PG_URL (scripts/test.sh starts a server and sets
LUAMIG_TEST_PG_REQUIRED=1, under which a missing URL fails) and a Python with
alembic and psycopg2. Exit codes: 0 passed, 1 failed, 77 skipped.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_graph  # noqa: E402

SKIP = 77
GRAPH = "a; b<-a; c<-a; m<-b,c"


def find_python():
    for py in [sys.executable, "/usr/bin/python3", shutil.which("python3")]:
        if py and os.path.exists(py) and subprocess.run(
                [py, "-c", "import alembic, sqlalchemy, psycopg2"],
                capture_output=True).returncode == 0:
            return py
    return None


class Failed(Exception):
    pass


class Session:
    """One fresh schema, one Alembic and one luamig project on it."""

    def __init__(self, luamig, python, url, work):
        import psycopg2
        self.luamig, self.python, self.work = luamig, python, work
        self.schema = "luamig_shared_%012x" % random.getrandbits(48)
        self.admin = psycopg2.connect(url)
        self.admin.autocommit = True
        self.sql("CREATE SCHEMA " + self.schema)
        self.sql("CREATE TABLE %s.trace(seq SERIAL PRIMARY KEY, rev TEXT, dir TEXT)"
                 % self.schema)
        sep = "&" if "?" in url else "?"
        self.url = url + sep + "options=-csearch_path%3D" + self.schema
        graph = gen_graph.parse_notation(GRAPH)
        gen_graph.write_alembic(graph, os.path.join(work, "alembic"))
        gen_graph.write_luamig(graph, os.path.join(work, "luamig"), "alembic_version")

    def close(self):
        self.sql("DROP SCHEMA IF EXISTS %s CASCADE" % self.schema)
        self.admin.close()

    def sql(self, text):
        with self.admin.cursor() as cur:
            cur.execute(text)
            return cur.fetchall() if cur.description else None

    def alembic(self, *args):
        env = dict(os.environ, PYTHONHASHSEED="0", DIFF_DB_URL=self.url)
        p = subprocess.run([self.python, "-m", "alembic", "-c",
                            os.path.join(self.work, "alembic", "alembic.ini")] + list(args),
                           env=env, capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            raise Failed("alembic %s failed:\n%s%s" % (" ".join(args), p.stdout, p.stderr))
        return p.stdout

    def luamig_run(self, *args):
        p = subprocess.run([self.luamig, "-q", "-c",
                            os.path.join(self.work, "luamig", "luamig.lua"),
                            "--url", self.url] + list(args),
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            raise Failed("luamig %s failed:\n%s%s" % (" ".join(args), p.stdout, p.stderr))
        return p.stdout

    def has_order_column(self):
        return bool(self.sql(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = '%s' AND "
            "table_name = 'alembic_version' AND column_name = 'luamig_order'"
            % self.schema))

    def rows(self):
        order = " ORDER BY luamig_order" if self.has_order_column() else ""
        return [r[0] for r in self.sql("SELECT version_num FROM %s.alembic_version%s"
                                       % (self.schema, order))]

    def last_trace(self):
        r = self.sql("SELECT rev, dir FROM %s.trace ORDER BY seq DESC LIMIT 1" % self.schema)
        return tuple(r[0]) if r else None


def expect(what, got, want):
    print("  %-60s %s" % (what, got))
    if got != want:
        raise Failed("%s: got %r, want %r" % (what, got, want))


def alembic_first(s):
    print("table created by Alembic:")
    s.alembic("upgrade", "a")
    expect("no order column yet", s.has_order_column(), False)
    expect("luamig current reads it", s.luamig_run("current").split()[0], "a")
    expect("reading added no column", s.has_order_column(), False)
    s.luamig_run("upgrade", "c")
    expect("a luamig run adds the column", s.has_order_column(), True)
    s.alembic("upgrade", "b")  # INSERT b: numbered after c
    expect("rows after alembic upgrade b", s.rows(), ["c", "b"])
    expect("alembic current still works",
           sorted(s.alembic("current").split()), ["b", "c"])
    s.luamig_run("downgrade", "-1")
    expect("luamig downgrade -1 reverts the first row", s.last_trace(), ("c", "down"))
    s.alembic("upgrade", "c")
    expect("rows after alembic upgrade c", s.rows(), ["b", "c"])
    s.luamig_run("downgrade", "-1")
    expect("luamig downgrade -1 reverts b now", s.last_trace(), ("b", "down"))
    s.alembic("upgrade", "m")  # INSERT b, then UPDATE c -> m, DELETE b
    expect("rows after alembic upgrade m", s.rows(), ["m"])
    s.alembic("downgrade", "b")  # unmerge: INSERT b, UPDATE m -> c
    expect("rows after alembic unmerge", s.rows(), ["c", "b"])
    expect("luamig current lists them in that order",
           [ln.split()[0] for ln in s.luamig_run("current").splitlines()], ["c", "b"])
    s.luamig_run("downgrade", "-1")
    expect("luamig downgrade -1 reverts the merge's old row", s.last_trace(),
           ("c", "down"))
    s.alembic("downgrade", "base")
    expect("alembic empties the table", s.rows(), [])


def luamig_first(s):
    print("table created by luamig:")
    s.luamig_run("upgrade", "b")
    expect("luamig creates the order column", s.has_order_column(), True)
    s.alembic("upgrade", "c")
    expect("alembic inserts after luamig's row", s.rows(), ["b", "c"])
    expect("alembic reads both", sorted(s.alembic("current").split()),
           ["b", "c"])
    s.alembic("upgrade", "heads")
    s.luamig_run("downgrade", "b")  # luamig's unmerge: UPDATE m -> c, INSERT b
    expect("rows after luamig unmerge", s.rows(), ["c", "b"])
    s.alembic("downgrade", "-1")  # Alembic walks from its own first row
    expect("alembic downgrade -1 still runs", s.last_trace()[1], "down")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--luamig", required=True)
    args = ap.parse_args()
    url = os.environ.get("LUAMIG_TEST_PG_URL", "")
    if not url:
        if os.environ.get("LUAMIG_TEST_PG_REQUIRED") == "1":
            print("alembic_shared_pg: FAILED - LUAMIG_TEST_PG_REQUIRED=1 but "
                  "LUAMIG_TEST_PG_URL is not set")
            return 1
        print("alembic_shared_pg: SKIPPED - LUAMIG_TEST_PG_URL is not set")
        return SKIP
    python = find_python()
    if not python:
        print("alembic_shared_pg: SKIPPED - no python3 imports alembic and psycopg2")
        return SKIP
    if os.path.realpath(python) != os.path.realpath(sys.executable):
        os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])
    luamig = os.path.abspath(args.luamig)
    for scenario in (alembic_first, luamig_first):
        work = tempfile.mkdtemp(prefix="luamig-shared-")
        s = Session(luamig, python, url, work)  # fails loudly without a server
        try:
            scenario(s)
        except Failed as e:
            print("alembic_shared_pg: FAILED - %s" % e)
            return 1
        finally:
            s.close()
            shutil.rmtree(work, ignore_errors=True)
    print("alembic_shared_pg: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
