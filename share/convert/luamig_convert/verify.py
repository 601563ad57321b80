# SPDX-License-Identifier: MIT
"""`luamig convert … --verify URL`: the two histories, step by step.

Two scratch databases are made from URL (SQLite: two files next to the one
named; PostgreSQL: two schemas in the database named, reached through
search_path). Alembic applies its own history to the first, one migration
per run (the first step of its own `upgrade heads` plan, then of its
`downgrade base` plan), through the project's env.py with sqlalchemy.url
pointed at the scratch database; luamig applies the converted history to the
second (the library, asked over the protocol: `upgrade REV` for the revision
Alembic just applied, one step of `downgrade base` on the way down). After
every step the two databases are dumped (catalog.py) and compared, with the
version rows; the first difference ends the run.
"""

import os
import urllib.parse

from alembic.runtime.environment import EnvironmentContext

from . import catalog
from .project import ProjectError, dialect_of_url

SCHEMAS = ("luamig_verify_alembic", "luamig_verify_luamig")


class Scratch:
    """The two scratch databases: URLs for each tool and DB-API connections."""

    def __init__(self, url, keep):
        self.url, self.keep = url, keep
        self.dialect = dialect_of_url(url)
        if self.dialect == "sqlite":
            self._sqlite()
        elif self.dialect == "postgresql":
            self._postgres()
        else:
            raise ProjectError("--verify needs a sqlite:/// or postgresql:// URL, got %s" %
                               _mask(url))

    def _sqlite(self):
        rest = self.url.split(":", 1)[1]
        if not rest.startswith("///") or rest in ("///", "///:memory:"):
            raise ProjectError("--verify needs a SQLite file (sqlite:///path.db): two files "
                               "are made next to it")
        path = os.path.abspath(rest[3:].split("?", 1)[0])
        stem, ext = os.path.splitext(path)
        self.paths = [stem + ".alembic" + (ext or ".db"), stem + ".luamig" + (ext or ".db")]
        for p in self.paths:
            for suffix in ("", "-journal", "-wal", "-shm"):
                if os.path.exists(p + suffix):
                    os.remove(p + suffix)
        self.alembic_url = "sqlite:///" + self.paths[0]
        self.luamig_url = "sqlite:///" + self.paths[1]

    def _postgres(self):
        import psycopg2  # Debian python3-psycopg2
        self.psycopg2 = psycopg2
        base = _libpq_url(self.url)
        conn = psycopg2.connect(base)
        try:
            with conn.cursor() as cur:
                for s in SCHEMAS:
                    cur.execute('DROP SCHEMA IF EXISTS "%s" CASCADE' % s)
                    cur.execute('CREATE SCHEMA "%s"' % s)
            conn.commit()
        finally:
            conn.close()
        self.alembic_url = _with_search_path(self.url, SCHEMAS[0])
        self.luamig_url = _with_search_path(base, SCHEMAS[1])

    def databases(self):
        if self.dialect == "sqlite":
            return [catalog.Database("sqlite", catalog.connect_sqlite(p)) for p in self.paths]
        out = []
        for s in SCHEMAS:
            # With the schema on the search path the catalog functions print
            # names unqualified, as each tool's own session sees them.
            conn = self.psycopg2.connect(_with_search_path(_libpq_url(self.url), s))
            out.append(catalog.Database("postgresql", conn, s))
        return out

    def cleanup(self):
        if self.keep:
            return
        if self.dialect == "sqlite":
            for p in self.paths:
                if os.path.exists(p):
                    os.remove(p)
            return
        conn = self.psycopg2.connect(_libpq_url(self.url))
        try:
            with conn.cursor() as cur:
                for s in SCHEMAS:
                    cur.execute('DROP SCHEMA IF EXISTS "%s" CASCADE' % s)
            conn.commit()
        finally:
            conn.close()

    def describe(self):
        if self.dialect == "sqlite":
            return " and ".join(self.paths)
        return "schemas %s and %s of %s" % (SCHEMAS[0], SCHEMAS[1], _mask(self.url))


def _libpq_url(url):
    scheme, rest = url.split(":", 1)
    return "postgresql:" + rest if scheme.split("+")[0] in ("postgresql", "postgres") else url


def _with_search_path(url, schema):
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    options = [v for k, v in query if k == "options"]
    query = [(k, v) for k, v in query if k != "options"]
    query.append(("options", " ".join(options + ["-csearch_path=%s" % schema])))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _first_line(e):
    text = str(e).strip().splitlines()
    return "%s: %s" % (type(e).__name__, text[0] if text else "")


def _mask(url):
    return __import__("re").sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)


class Verifier:
    def __init__(self, project, luamig_dir, url, proto, keep=False):
        self.project, self.luamig_dir, self.url = project, os.path.abspath(luamig_dir), url
        self.proto, self.keep = proto, keep
        self.script = project.script
        self.steps = 0

    def run(self):
        scratch = Scratch(self.url, self.keep)
        self.proto.emit("verify-scratch", scratch.describe())
        try:
            return self._run(scratch)
        finally:
            scratch.cleanup()

    def _run(self, scratch):
        reply = self.proto.request("open", self.luamig_dir, scratch.luamig_url)
        if reply[0] != "ok":
            raise ProjectError("luamig cannot open %s: %s" % (self.luamig_dir, reply[1]))
        luamig_version, history = reply[1], reply[3]
        env = self.project.env_options(scratch.dialect)
        alembic_version = env.get("version_table", "alembic_version")
        self.project.cfg.set_main_option("sqlalchemy.url", scratch.alembic_url.replace("%", "%%"))
        os.environ["DATABASE_URL"] = scratch.alembic_url
        self.dbs = scratch.databases()
        self.urls = (_libpq_url(scratch.alembic_url), scratch.luamig_url)
        self.skip = ({alembic_version}, {luamig_version, history})
        self.tables = (alembic_version, luamig_version)
        try:
            diff = self.compare("before the first step")
            if diff:
                return self.differ("upgrade", "", diff)
            rc = self.walk("upgrade")
            if rc == 0:
                rc = self.walk("downgrade")
            if rc == 0:
                self.proto.emit("verify-done", str(self.steps))
            return rc
        finally:
            for db in self.dbs:
                db.close()

    def walk(self, direction):
        while True:
            if direction == "upgrade":
                rc = self.step_up()
            else:
                rc = self.step_down()
            if rc is not None:
                return rc

    def step_up(self):
        """Alembic takes the first step of its `upgrade heads`; luamig applies
        the same revision. None while steps remain, else the exit code."""
        try:
            rev = self.alembic_step("upgrade")
        except Exception as e:  # noqa: BLE001 - Alembic's own failure, reported
            return self.differ("upgrade", "", "Alembic failed: %s" % _first_line(e))
        if rev is None:
            return 0
        self.steps += 1
        reply = self.proto.request("upgrade", rev)
        if reply[0] != "ok":
            return self.differ("upgrade", rev, "luamig failed: %s" % reply[1])
        ran = reply[1].split(",") if reply[1] else []
        if ran != [rev]:
            return self.differ("upgrade", rev, "Alembic ran %s, luamig ran %s" % (
                rev, ", ".join(ran) or "nothing"))
        return self.checked("upgrade", rev)

    def step_down(self):
        """luamig takes the first step of its `downgrade base` (the library has
        no "downgrade exactly this revision"); Alembic runs its step for the
        same revision, which its own plan must contain."""
        reply = self.proto.request("downgrade-step")
        if reply[0] == "error":
            return self.differ("downgrade", "", "luamig failed: %s" % reply[1])
        rev = reply[1] if reply[0] == "ok" else None
        if rev is not None:
            self.steps += 1
        try:
            ran, first = self.alembic_step("downgrade", want=rev)
        except Exception as e:  # noqa: BLE001
            return self.differ("downgrade", rev or "", "Alembic failed: %s" % _first_line(e))
        if rev is None:
            if first is None:
                return 0
            return self.differ("downgrade", first, "luamig is at base; Alembic would still "
                               "downgrade %s" % first)
        if ran is None:
            return self.differ("downgrade", rev, "luamig downgraded %s; Alembic's downgrade "
                               "plan has no such step now" % rev)
        if first != rev:
            self.proto.log("step %d: luamig downgrades %s where Alembic's plan starts with %s "
                           "(independent branches; see docs/alembic-differences.md)" % (
                               self.steps, rev, first))
        return self.checked("downgrade", rev)

    def checked(self, direction, rev):
        diff = self.compare("after %s %s" % (direction, rev))
        if diff:
            return self.differ(direction, rev, diff)
        self.proto.emit("verify-step", str(self.steps), direction, rev)
        return None

    def alembic_step(self, direction, want=None):
        """Runs one step of Alembic's own plan: the first, or the one for
        revision `want`. Upgrade: returns the revision run (None at the end).
        Downgrade: returns (revision run or None, first revision of the plan)."""
        chosen, plan = [], []

        def one_step(rev, context):
            if direction == "upgrade":
                steps = list(self.script._upgrade_revs("heads", rev))
            else:
                steps = list(self.script._downgrade_revs("base", rev))
            plan.extend(steps)
            pick = steps[:1] if want is None else [
                s for s in steps if s.revision.revision == want][:1]
            chosen.extend(pick)
            return pick

        with EnvironmentContext(self.project.cfg, self.script, fn=one_step, as_sql=False,
                                destination_rev="heads" if direction == "upgrade" else "base"):
            if direction == "upgrade" or want is not None:
                self.script.run_env()
            else:
                one_step(self._current_heads(), None)
        ran = chosen[0].revision.revision if chosen else None
        if direction == "upgrade":
            return ran
        return ran, plan[0].revision.revision if plan else None

    def _current_heads(self):
        return tuple(self.dbs[0].version_rows(self.tables[0]))

    def compare(self, when):
        """The first difference: version rows; the schemas as luamig's own
        reflection (luamig/schema.h) sees them; then this module's catalog
        dump, which also holds every table's rows."""
        rows = [db.version_rows(t) for db, t in zip(self.dbs, self.tables)]
        if rows[0] != rows[1]:
            return "version rows: %s in Alembic's, %s in luamig's" % (rows[0] or "none",
                                                                        rows[1] or "none")
        reply = self.proto.request("compare-schemas", self.urls[0], ",".join(self.skip[0]),
                                   self.urls[1], ",".join(self.skip[1]))
        if reply[0] == "error":
            raise ProjectError("luamig cannot read a scratch database: %s" % reply[1])
        if reply[0] == "differ":
            return "schemas differ (Alembic's → luamig's): %s" % reply[1]
        dumps = [db.dump(skip) for db, skip in zip(self.dbs, self.skip)]
        return catalog.first_difference(dumps[0], dumps[1])

    def differ(self, direction, rev, text):
        self.proto.emit("verify-diff", direction, rev, str(self.steps), text)
        return 1
