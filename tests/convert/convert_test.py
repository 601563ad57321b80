#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end test of `luamig convert alembic` on a realistic Alembic project.

    convert_test.py --luamig BUILD/luamig --backend sqlite|postgresql [--keep]

The project is generated with Alembic itself (make_alembic_project.py: 45
revisions, most of them `alembic revision --autogenerate`, two version
directories, a branch label, a cross-branch depends_on, a merge, batch
operations, data migrations). Then, with the built luamig binary:

 1. convert it: the summary's figures, one .lua per revision with the same
    file stem, ids and graph (`heads`, `history`, `branches` as Alembic's);
 2. the revision that needs a human refuses to run (an error naming
    TODO(convert), never a silent no-op) until review.py writes it;
 3. `convert verify` applies both histories step by step, up and down, and
    finds them equal; after a one-character change to a converted script it
    reports the step and the column that differ;
 4. a database Alembic migrated half-way (two heads) is finished by luamig
    and ends equal, schema and rows, to one Alembic migrated to the end;
    `luamig current` and `luamig check` agree with it, check notices a
    script changed after it ran, and luamig downgrades it to base as Alembic
    downgrades its own;
 5. a small hand-written project (make_ops_project.py) using every op call
    the application does not, for the run's dialect: each revision's
    translation is the expected one, and verify finds both histories equal;
 6. (sqlite run) usage errors exit 2 with a message saying what is wrong.

PostgreSQL runs use $LUAMIG_TEST_PG_URL (scripts/test.sh starts a server).
Exit 77 (skipped) when no Python can import alembic, or for the postgresql
run when LUAMIG_TEST_PG_URL is unset.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


def alembic_python():
    for py in (sys.executable, "/usr/bin/python3", shutil.which("python3")):
        if py and subprocess.run([py, "-c", "import alembic, sqlalchemy"],
                                 capture_output=True).returncode == 0:
            return py
    return None


class Failure(Exception):
    pass


def check(cond, what, output=""):
    if not cond:
        raise Failure(what + ("\n--- output ---\n" + output if output else ""))


class Run:
    def __init__(self, args, work):
        self.luamig = os.path.abspath(args.luamig)
        self.backend = args.backend
        self.work = work
        self.app = os.path.join(work, "app")
        self.out = os.path.join(work, "converted")
        self.py = sys.executable
        self.pg_url = os.environ.get("LUAMIG_TEST_PG_URL", "")
        self.env = dict(os.environ)
        self.env.pop("DATABASE_URL", None)

    # -- tools

    def luamig_run(self, *args, cwd=None, expect=0, env=None):
        e = dict(self.env, **(env or {}))
        p = subprocess.run([self.luamig, *args], cwd=cwd or self.out, env=e,
                           capture_output=True, text=True)
        # Notes (the Database: line) are on stderr and come first, as on a terminal.
        out = p.stderr + p.stdout
        check(expect is None or p.returncode == expect,
              "luamig %s exited %d, expected %s" % (" ".join(args), p.returncode, expect), out)
        return out

    def alembic(self, *args):
        p = subprocess.run([self.py, "-m", "alembic", *args], cwd=self.app, env=self.env,
                           capture_output=True, text=True)
        check(p.returncode == 0, "alembic %s failed" % " ".join(args), p.stdout + p.stderr)
        return p.stdout

    def alembic_api(self, url, *commands):
        """Runs alembic.command functions against `url` (env.py reads
        sqlalchemy.url, which the CLI cannot override)."""
        code = ["from alembic.config import Config", "from alembic import command",
                "cfg = Config('alembic.ini')", "cfg.set_main_option('sqlalchemy.url', %r)" %
                url.replace("%", "%%")]
        code += ["command.%s(cfg, %r)" % c for c in commands]  # (name, revision)
        p = subprocess.run([self.py, "-c", "\n".join(code)], cwd=self.app, env=self.env,
                           capture_output=True, text=True)
        check(p.returncode == 0, "alembic %s failed" % (commands,), p.stdout + p.stderr)

    # -- scratch databases

    def scratch_url(self, name):
        if self.backend == "sqlite":
            return "sqlite:///" + os.path.join(self.work, name + ".db")
        import psycopg2
        schema = "convert_test_" + name
        conn = psycopg2.connect(self.pg_url)
        with conn.cursor() as cur:
            cur.execute('DROP SCHEMA IF EXISTS "%s" CASCADE' % schema)
            cur.execute('CREATE SCHEMA "%s"' % schema)
        conn.commit()
        conn.close()
        self.schemas.append(schema)
        sep = "&" if "?" in self.pg_url else "?"
        return self.pg_url + sep + "options=-csearch_path%3D" + schema

    def database(self, url):
        sys.path.insert(0, os.path.join(os.path.dirname(HERE), "..", "share", "convert"))
        from luamig_convert import catalog
        if self.backend == "sqlite":
            return catalog, catalog.Database("sqlite", catalog.connect_sqlite(url[10:]))
        import psycopg2
        schema = re.search(r"search_path%3D(\w+)", url).group(1)
        return catalog, catalog.Database("postgresql", psycopg2.connect(url), schema)

    def drop_schemas(self):
        if self.backend != "postgresql" or not self.schemas:
            return
        import psycopg2
        conn = psycopg2.connect(self.pg_url)
        with conn.cursor() as cur:
            for s in self.schemas:
                cur.execute('DROP SCHEMA IF EXISTS "%s" CASCADE' % s)
        conn.commit()
        conn.close()

    # -- the steps

    def generate(self):
        p = subprocess.run([self.py, os.path.join(HERE, "make_alembic_project.py"), self.app],
                           env=self.env, capture_output=True, text=True)
        check(p.returncode == 0, "make_alembic_project.py failed", p.stdout + p.stderr)

    def convert(self):
        out = self.luamig_run("convert", "alembic", self.app, "--output", self.out,
                              "--dialect", "sqlite", "--dialect", "postgresql", cwd=self.work)
        check("Revisions: 43 translated exactly, 1 rendered as SQL, 1 need a human." in out,
              "unexpected translation figures", out)
        check(re.search(r"d4a5e0000027  human  fill project slugs", out) and
              "op.get_bind()" in out, "the human revision and its reason are not listed", out)
        check(re.search(r"a1c0ffee0018  sql  default tags", out) and "a for loop" in out,
              "the SQL revision and its reason are not listed", out)
        print(out.strip().splitlines()[-2])
        py = sorted(glob.glob(os.path.join(self.app, "alembic", "*", "*.py")))
        lua = sorted(glob.glob(os.path.join(self.out, "*", "*.lua")))
        stems = lambda files: sorted(os.path.relpath(os.path.splitext(f)[0], d) for f, d in files)
        check(stems((f, os.path.join(self.app, "alembic")) for f in py) ==
              stems((f, self.out) for f in lua), "file names differ: %s vs %s" % (py, lua))
        check(len(lua) == 45, "expected 45 revisions, got %d" % len(lua))
        config = open(os.path.join(self.out, "luamig.lua")).read()
        check('version_table = "alembic_version"' in config and
              'version_locations = { "versions", "reports" }' in config and
              'file_template = "%Y%m%d_{rev}_{slug}"' in config, "luamig.lua", config)

    def graph_agrees(self):
        # Alembic prints a branch label on every revision of its branch,
        # luamig only on the revision that declares it: compare without them.
        def strip_labels(text):
            return text.replace(" (reports)", "")
        a, b = strip_labels(self.alembic("heads")), strip_labels(self.luamig_run("heads"))
        check(a == b, "heads differ", a + "\n" + b)
        a, b = strip_labels(self.alembic("history")), strip_labels(self.luamig_run("history"))
        check(a == b, "history differs", "Alembic:\n" + a + "\nluamig:\n" + b)
        branch = lambda t: sorted(t.split())
        check(branch(self.alembic("branches")) == branch(self.luamig_run("branches")),
              "branches differ")
        shown = self.luamig_run("show", "reports@head")
        check("e5f0e5000003" in shown, "reports@head does not name e5f0e5000003", shown)
        dep = open(glob.glob(os.path.join(self.out, "reports", "*e5f0e5000001*"))[0]).read()
        check('depends_on = { "a1c0ffee0014" }' in dep and 'branch_labels = { "reports" }' in dep,
              "the reports base lost its label or dependency", dep)
        merge = open(glob.glob(os.path.join(self.out, "versions", "*d4a5e0000023*"))[0]).read()
        check('down_revision = { "b2feed000020", "c3beef000022" }' in merge, "merge", merge)

    def human_revision_refuses(self):
        url = self.scratch_url("unreviewed")
        out = self.luamig_run("--url", url, "upgrade", "heads", expect=1)
        check("TODO(convert)" in out and "d4a5e0000027" in out,
              "the unconverted revision did not stop the run", out)

    def review(self):
        p = subprocess.run([self.py, os.path.join(HERE, "review.py"), self.out],
                           capture_output=True, text=True)
        check(p.returncode == 0, "review.py failed", p.stdout + p.stderr)

    def verify(self):
        url = self.verify_url("verify")
        out = self.luamig_run("convert", "verify", self.app, self.out, url, cwd=self.work)
        check("OK: 90 steps" in out, "verify did not check 90 steps", out)
        print(out.strip().splitlines()[-1])

    def verify_url(self, name):
        if self.backend == "sqlite":
            return "sqlite:///" + os.path.join(self.work, name + ".db")
        return self.pg_url

    def verify_finds_a_change(self):
        """A one-word change to a converted script is found at its step: in the
        schema (a column type) and in the rows (a seeded value)."""
        cases = [("a1c0ffee0001", '{ "email", "string(255)"', '{ "email", "string(256)"',
                  "DIFFERENT at step 1 (upgrade a1c0ffee0001): schemas differ",
                  "column users.email differs: type varchar(255) → varchar(256)"),
                 ("a1c0ffee0004", '"Ken O\'Hara"', '"Ken"',
                  "DIFFERENT at step 4 (upgrade a1c0ffee0004): table users: rows differ",
                  "\"Ken O'Hara\"")]
        for i, (rev, old, new, where, what) in enumerate(cases):
            tampered = os.path.join(self.work, "tampered%d" % i)
            shutil.copytree(self.out, tampered)
            path = glob.glob(os.path.join(tampered, "versions", "*%s*" % rev))[0]
            text = open(path).read()
            check(old in text, "%s not found in %s" % (old, path), text)
            open(path, "w").write(text.replace(old, new))
            out = self.luamig_run("convert", "verify", self.app, tampered,
                                  self.verify_url("tampered"), cwd=self.work, expect=1)
            check(where in out and what in out, "verify did not find the change", out)

    def take_over(self):
        half, full = self.scratch_url("half"), self.scratch_url("full")
        self.alembic_api(half, ("upgrade", "c3beef000022"), ("upgrade", "e5f0e5000002"))
        self.alembic_api(full, ("upgrade", "heads"))
        rows = self.luamig_run("--url", half, "current")
        check("c3beef000022" in rows and "e5f0e5000002" in rows, "current after Alembic", rows)
        self.luamig_run("--url", half, "upgrade", "heads")
        current = self.luamig_run("--url", half, "current")
        check("d4a5e0000042" in current and "e5f0e5000003" in current, "current", current)
        out = self.luamig_run("--url", half, "check")
        check(out.strip().endswith(".") and "OK:" in out and "0 changed" in out, "check", out)
        self.same(full, half, "the database luamig finished")
        # check notices a script changed after luamig applied it
        path = glob.glob(os.path.join(self.out, "versions", "*d4a5e0000037*"))[0]
        with open(path, "a") as f:
            f.write("-- edited after it ran\n")
        out = self.luamig_run("--url", half, "check", expect=1)
        check("changed: d4a5e0000037" in out, "check missed the change", out)
        # and luamig takes the database back down through what Alembic applied
        self.luamig_run("--url", half, "downgrade", "base")
        self.alembic_api(full, ("downgrade", "base"))
        self.same(full, half, "the database luamig downgraded")

    def same(self, alembic_url, luamig_url, what):
        catalog, a = self.database(alembic_url)
        _, b = self.database(luamig_url)
        try:
            skip_a, skip_b = {"alembic_version"}, {"alembic_version", "alembic_history"}
            diff = catalog.first_difference(a.dump(skip_a), b.dump(skip_b))
            check(diff is None, "%s differs from Alembic's: %s" % (what, diff))
            check(a.version_rows("alembic_version") == b.version_rows("alembic_version"),
                  "%s: version rows differ" % what)
        finally:
            a.close()
            b.close()

    def ops_project(self):
        sys.path.insert(0, HERE)
        import make_ops_project
        app, out = os.path.join(self.work, "ops"), os.path.join(self.work, "ops-converted")
        make_ops_project.build(app, self.backend)
        self.luamig_run("convert", "alembic", app, "--output", out, cwd=self.work)
        words = {"translated exactly": "exact", "rendered as SQL": "sql",
                 "needs a human": "human"}
        expected = make_ops_project.EXPECTED[self.backend]
        for rev, kinds in expected.items():
            path = glob.glob(os.path.join(out, "versions", rev + "_*.lua"))[0]
            text = open(path).read()
            m = re.search(r"\(upgrade: ([\w ]+), downgrade: ([\w ]+)\)", text)
            got = (words[m.group(1)], words[m.group(2)]) if m else None
            check(got == kinds, "%s: expected %s, converted as %s" % (rev, kinds, got), text)
        if self.backend == "postgresql":  # the review of the revision that needs a human
            path = glob.glob(os.path.join(out, "versions", "p08_*.lua"))[0]
            text = open(path).read()
            start = text.index("function upgrade(op)")
            end = text.index("\nend\n", start) + 5
            open(path, "w").write(text[:start] + (
                "function upgrade(op)\n  if not op.offline then\n"
                "    op.execute(\"UPDATE accounts SET balance = balance + 1\")\n  end\nend\n") +
                text[end:])
        result = self.luamig_run("convert", "verify", app, out, self.verify_url("ops"),
                                 cwd=self.work)
        check("OK: %d steps" % (2 * len(expected)) in result, "verify of the ops project", result)

    def usage_errors(self):
        out = self.luamig_run("convert", "alembic", self.work + "/nothing", "--output",
                              self.work + "/x", cwd=self.work, expect=2)
        check("holds no alembic.ini" in out, "missing project", out)
        # the script_location names the same project as its alembic.ini
        out = self.luamig_run("convert", "alembic", os.path.join(self.app, "alembic"),
                              "--output", self.work + "/by-script-location", cwd=self.work)
        check("Revisions: 43 translated exactly" in out, "convert by script_location", out)
        out = self.luamig_run("convert", "alembic", self.app, "--output", self.out,
                              cwd=self.work, expect=2)
        check("is not empty" in out, "non-empty output", out)
        out = self.luamig_run("convert", "alembic", self.app, "--output", self.work + "/y",
                              cwd=self.work, expect=2, env={"LUAMIG_PYTHON": "/bin/false"})
        check("no Python with Alembic found" in out and "apt-get install alembic" in out,
              "missing Alembic", out)

    def run(self):
        self.schemas = []
        try:
            self.generate()
            self.convert()
            self.graph_agrees()
            self.human_revision_refuses()
            self.review()
            self.verify()
            self.verify_finds_a_change()
            self.take_over()
            self.ops_project()
            if self.backend == "sqlite":
                self.usage_errors()
        finally:
            self.drop_schemas()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--luamig", required=True)
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], required=True)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    py = alembic_python()
    if py is None:
        print("convert_test: SKIPPED - no python3 can import alembic and sqlalchemy "
              "(Debian: apt-get install alembic)")
        return SKIP
    if py != sys.executable:
        os.execv(py, [py] + sys.argv)
    if args.backend == "postgresql" and not os.environ.get("LUAMIG_TEST_PG_URL"):
        print("convert_test: SKIPPED - LUAMIG_TEST_PG_URL is not set (scripts/test.sh sets it)")
        return SKIP
    base = os.environ.get("LUAMIG_TEST_TMP") or tempfile.gettempdir()
    os.makedirs(base, exist_ok=True)
    work = tempfile.mkdtemp(prefix="convert_%s_" % args.backend, dir=base)
    try:
        Run(args, work).run()
    except Failure as e:
        print("convert_test: FAILED: %s\n(work directory kept: %s)" % (e, work))
        return 1
    if args.keep:
        print("work directory kept: %s" % work)
    else:
        shutil.rmtree(work)
    print("convert_test: %s: OK" % args.backend)
    return 0


if __name__ == "__main__":
    sys.exit(main())
