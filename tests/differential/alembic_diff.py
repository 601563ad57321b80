#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Differential test: luamig against Alembic 1.8 on revision graphs.

Graphs are seeded random DAGs (gen_graph.py) plus the fixed repros in FIXED.
Each is written as an Alembic and as a luamig project; every revision's
upgrade/downgrade appends (rev, dir) to a `trace` table. Command sequences run
with both tools, each on its own fresh SQLite file, and after every command
the two must agree on:

  * success or failure,
  * the ordered (rev, dir) rows the command appended to `trace`,
  * the version-table rows *in their order* (rowid order: what Alembic's
    unordered SELECT returns, and where `downgrade -N` with several rows
    starts walking),
  * for `current`: the revisions printed and their marks -- (head),
    (effective head), (branchpoint), (mergepoint). luamig also marks the
    version-table rows "(current)"; those marks must name exactly the rows
    that are shown.

Per graph there is one random sequence (upgrades, downgrades, stamps and
`current`, in every target form) and one shaped sequence aimed at what random
sequences rarely reach: several rows made by separate upgrades followed by
`downgrade -N`, the unmerge of a merge of three or more parents, and `current`
after upgrades that pull in depends_on targets and after stamps. The run counts
those situations and, with --require-coverage, fails when one never occurred.

A disagreement is either explained by a counterfactual in DIFFERENCES (each
one a section of docs/alembic-differences.md) or it fails the run, printing a
minimized repro: graph, the commands before it and the command itself.

Alembic is Debian's unpatched 1.8.1. To save an interpreter start per command
it runs in a child forked from this process, which has Alembic and SQLAlchemy
imported but has never run a command (so `python3 -m alembic` would behave the
same); the driver re-executes itself under PYTHONHASHSEED=0 so that Alembic's
set orders are reproducible.

Exit codes: 0 no unexplained difference, 1 unexplained differences (or missing
coverage), 77 skipped (no Python with alembic and sqlalchemy importable).
"""

import argparse
import concurrent.futures
import itertools
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_graph  # noqa: E402

SKIP = 77
TIMEOUT_S = 60

# The issue-9 repros, run on every invocation (notation of gen_graph.parse_notation).
FIXED = [
    ("a; b<-a; c ~a", "upgrade c; current; stamp b; current; stamp base; stamp c; current"),
    ("a; b<-a; c<-a", "upgrade c; upgrade b; downgrade -1; current"),
    ("a; b<-a; c<-a; m<-b,c; d<-a", "upgrade m; upgrade d; downgrade -1; current"),
    ("a; b<-a; c<-a; d<-a; m<-b,c,d", "upgrade m; downgrade b; current; downgrade -1"),
    ("a; b<-a; c<-b", "upgrade b; upgrade b-2; current"),
]


# --------------------------------------------------------------------------
# Running one command with each tool


@dataclass
class Outcome:
    ok: bool
    trace: List[Tuple[str, str]]
    rows: Tuple[str, ...]
    output: str
    current: Optional[frozenset] = None  # `current`: {(rev, marks)}
    marks_rows: bool = True              # luamig: "(current)" marks == rows

    def same_as(self, other) -> bool:
        return (self.ok, self.trace, self.rows, self.current) == (
            other.ok, other.trace, other.rows, other.current) and (
            self.marks_rows and other.marks_rows)


def _db_state(path, version_table, since):
    con = sqlite3.connect(path)
    try:
        trace = con.execute("SELECT rev, dir FROM trace WHERE seq > ? ORDER BY seq",
                            (since,)).fetchall()
        try:
            rows = tuple(r[0] for r in con.execute(
                "SELECT version_num FROM %s ORDER BY rowid" % version_table))
        except sqlite3.OperationalError:  # table not created yet
            rows = ()
        return [tuple(t) for t in trace], rows
    finally:
        con.close()


def _max_seq(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COALESCE(MAX(seq), 0) FROM trace").fetchone()[0]
    finally:
        con.close()


def fresh_db(path):
    con = sqlite3.connect(path)
    con.execute(gen_graph.TRACE_DDL)
    con.commit()
    con.close()


_MARKS = {"head", "effective head", "branchpoint", "mergepoint"}


def parse_current(stdout):
    """`current` lines "rev (mark) (mark)[, message]" -> ({(rev, marks)}, rows
    marked "(current)")."""
    revs, marked = set(), set()
    for line in stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        rev, rest = (line.split(" ", 1) + [""])[:2]
        marks = re.match(r"((?: \([^)]*\))*)", " " + rest).group(1)
        marks = set(re.findall(r"\(([^)]*)\)", marks))
        if "current" in marks:
            marked.add(rev)
        revs.add((rev.rstrip(","), frozenset(marks & _MARKS)))
    return frozenset(revs), marked


def run_forked(argv, env, timeout):
    """Alembic's command line in a forked child: (exit code, stdout, stderr)."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:  # the child never returns
        code = 1
        try:
            os.environ.clear()
            os.environ.update(env)
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            signal.alarm(timeout)
            import alembic.util.messaging
            alembic.util.messaging.TERMWIDTH = None  # no wrapping, as in a pipe
            from alembic.config import main as alembic_main
            try:
                alembic_main(argv=argv, prog="alembic")
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            except BaseException:  # what the interpreter would print and exit 1 on
                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code & 0xFF)
    _, status = os.waitpid(pid, 0)
    texts = []
    for f in (out, err):
        f.seek(0)
        texts.append(f.read().decode("utf-8", "replace"))
        f.close()
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status), texts[0], texts[1] + "\nkilled (timeout?)"
    return os.WEXITSTATUS(status), texts[0], texts[1]


class Tool:
    """One tool bound to one project and one database file."""

    def __init__(self, name, runner, db, version_table):
        self.name, self.runner, self.db, self.version_table = name, runner, db, version_table

    def run(self, command: str, extra_env=None, db=None) -> Outcome:
        db = db or self.db
        since = _max_seq(db)
        env = dict(os.environ, **(extra_env or {}))
        env["DIFF_DB_URL"] = "sqlite:///" + db
        rc, stdout, stderr = self.runner(db, command.split(), env)
        trace, rows = _db_state(db, self.version_table, since)
        o = Outcome(rc == 0, trace, rows, (stdout + stderr).strip())
        if command == "current" and o.ok:
            o.current, marked = parse_current(stdout)
            if self.name == "luamig":  # (a row below another row is not shown)
                o.marks_rows = marked == set(rows) & {rev for rev, _ in o.current}
        return o


def make_tools(work, luamig):
    adb, ldb = os.path.join(work, "alembic.db"), os.path.join(work, "luamig.db")
    ini = os.path.join(work, "alembic", "alembic.ini")
    cfg = os.path.join(work, "luamig", "luamig.lua")

    def alembic_runner(db, args, env):
        return run_forked(["-c", ini] + args, env, TIMEOUT_S)

    def luamig_runner(db, args, env):
        argv = [luamig, "-q", "-c", cfg, "--url", "sqlite:///" + db] + args
        try:
            p = subprocess.run(argv, env=env, capture_output=True, text=True,
                               timeout=TIMEOUT_S)
            return p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired:
            return -1, "", "TIMEOUT after %ds" % TIMEOUT_S

    return (Tool("alembic", alembic_runner, adb, "alembic_version"),
            Tool("luamig", luamig_runner, ldb, "luamig_version"))


# --------------------------------------------------------------------------
# Command generation


def _applied(history_trace):
    applied = set()
    for rev, d in history_trace:
        (applied.add if d == "up" else applied.discard)(rev)
    return applied


def _rev_ref(rng, rid):
    """A full id, or a unique prefix (4..11 chars; gen_graph keeps 4-char
    prefixes unique)."""
    return rid if rng.random() < 0.7 else rid[:rng.randint(4, 11)]


def next_command(rng, graph, applied, first):
    ids = [r.id for r in graph.revs]
    labels = graph.labels()
    applied = sorted(applied)
    n = rng.choice([1, 1, 2, 3])
    roll = rng.random()
    if not first and roll < 0.12:
        return "current"
    if not first and roll < 0.20:
        forms = ["stamp {rev}", "stamp {rev}", "stamp heads", "stamp base"]
        if labels:
            forms.append("stamp {label}@head")
        pool = ids
    elif first or not applied or rng.random() < 0.55:
        forms = ["upgrade heads"] * 3 + ["upgrade head", "upgrade {rev}", "upgrade {rev}",
                                         "upgrade +{n}", "upgrade {rev}+{n}"]
        if labels:
            forms += ["upgrade {label}@head"] * 2 + ["upgrade {label}@+{n}",
                                                    "upgrade {label}@{rev}"]
        pool = ids
    else:
        forms = ["downgrade -{n}", "downgrade -{n}", "downgrade {rev}", "downgrade {rev}",
                 "downgrade base", "downgrade {rev}-{n}"]
        if labels:
            forms += ["downgrade {label}@base", "downgrade {label}@-{n}",
                      "downgrade {label}@{rev}"]
        pool = applied if rng.random() < 0.8 else ids
    form = rng.choice(forms)
    rid = rng.choice(pool)
    label = rng.choice(labels) if labels else ""
    return form.format(rev=_rev_ref(rng, rid), n=n, label=label)


def _unrelated(graph, rng, k):
    """Up to k revisions none of which is below another (through
    down_revisions), so separate upgrades to them leave several rows."""
    by_id = {r.id: r for r in graph.revs}
    below = {r.id: gen_graph._ancestors(by_id, r.id) for r in graph.revs}
    picked = []
    for rid in rng.sample([r.id for r in graph.revs], len(graph.revs)):
        if all(rid not in below[p] and p not in below[rid] for p in picked):
            picked.append(rid)
        if len(picked) == k:
            break
    return picked


def shaped_commands(rng, graph):
    """One of the sequences random commands rarely produce (see the module
    doc), from fresh databases."""
    merges3 = [r for r in graph.revs if len(r.down) >= 3]
    with_deps = [r for r in graph.revs if r.depends_on]
    kinds = ["several-rows"] + (["unmerge-3"] * 2 if merges3 else []) + (
        ["deps-current"] if with_deps else [])
    kind = rng.choice(kinds)
    if kind == "unmerge-3":
        m = rng.choice(merges3)
        parent = rng.choice(m.down)
        return ["upgrade " + m.id, "downgrade " + parent, "current",
                "downgrade -1", "current", "downgrade -%d" % rng.choice([1, 2])]
    if kind == "deps-current":
        r = rng.choice(with_deps)
        other = rng.choice(graph.revs).id
        return ["upgrade " + r.id, "current", "stamp " + other, "current",
                "stamp " + r.id, "current", "downgrade -1", "current"]
    revs = _unrelated(graph, rng, rng.choice([2, 3]))
    cmds = ["upgrade " + r for r in revs] + ["current", "downgrade -%d" % rng.choice([1, 1, 2])]
    return cmds + ["current", "downgrade -1"]


# --------------------------------------------------------------------------
# Documented differences (docs/alembic-differences.md). Each is a
# counterfactual: an env.py patch that makes Alembic behave as luamig
# deliberately does, plus a cheap precondition. A disagreement is explained
# only if re-running the command on Alembic's pre-command database with some
# combination of applicable patches yields exactly luamig's outcome.


@dataclass
class Case:
    graph: str
    index: int
    command: str
    before: List[str]
    alembic: Outcome
    luamig: Outcome
    rows_before: Tuple[str, ...] = ()
    stamped: bool = False
    reason: Optional[str] = None


DIFFERENCES = {
    # Alembic keeps a revision's normalized dependencies, and the parents a
    # merge or unmerge writes when other rows exist, in sets: their order is
    # string-hash order. luamig keeps the written order.
    "written-order": ("DIFF_WRITTEN_ORDER", lambda case, graph: True),
    # Alembic's merge step deletes/updates every parent not below another
    # head, including dependency parents that are no rows: KeyError.
    # luamig removes only the parent rows that exist.
    "merge-missing-parent": (
        "DIFF_LENIENT_MERGE",
        lambda case, graph: "KeyError" in case.alembic.output
        and "update_to_step" in case.alembic.output),
}


def explain(case, ctx):
    """Returns (reason, rerun database) or (None, None)."""
    names = [n for n, (_, pre) in DIFFERENCES.items() if pre(case, ctx.graph)]
    combos = [c for k in range(1, len(names) + 1)
              for c in itertools.combinations(names, k)]
    for combo in combos:
        env = {DIFFERENCES[n][0]: "1" for n in combo}
        db = ctx.snapshot_copy()
        rerun = ctx.alembic.run(case.command, extra_env=env, db=db)
        if rerun.same_as(case.luamig):
            return "+".join(combo), db
    return None, None


# --------------------------------------------------------------------------
# Coverage: the situations the test must reach (counted on Alembic's side)


def coverage_of(case, graph):
    out = []
    if case.command == "current" and case.alembic.current is not None:
        if {rev for rev, _ in case.alembic.current} != set(case.alembic.rows):
            out.append("current shows a revision that is no row")
        if case.stamped:
            out.append("current after a stamp")
    if re.fullmatch(r"downgrade -\d+", case.command) and len(set(case.rows_before)) >= 2:
        out.append("downgrade -N from several rows")
    by_id = {r.id: r for r in graph.revs}
    for rev, d in case.alembic.trace:
        if d == "down" and rev in case.rows_before and len(by_id[rev].down) >= 3:
            out.append("unmerge of a merge of 3+ parents")
    if case.command.startswith("upgrade") and any(
            by_id[rev].depends_on for rev, d in case.alembic.trace if d == "up"):
        out.append("upgrade through depends_on")
    return out


REQUIRED = ["current shows a revision that is no row", "current after a stamp",
            "downgrade -N from several rows", "unmerge of a merge of 3+ parents"]


# --------------------------------------------------------------------------
# One graph: generate, run the command sequences, compare


class GraphRun:
    def __init__(self, name, graph, luamig, root):
        self.name = name
        self.graph = graph
        self.work = tempfile.mkdtemp(prefix="diff_%s_" % name, dir=root)
        gen_graph.write_alembic(self.graph, os.path.join(self.work, "alembic"))
        gen_graph.write_luamig(self.graph, os.path.join(self.work, "luamig"))
        self.alembic, self.luamig = make_tools(self.work, luamig)
        self.snapshot = os.path.join(self.work, "alembic.before.db")

    def reset(self):
        for db in (self.alembic.db, self.luamig.db):
            if os.path.exists(db):
                os.remove(db)
            fresh_db(db)

    def snapshot_copy(self):
        path = os.path.join(self.work, "alembic.rerun.db")
        shutil.copyfile(self.snapshot, path)
        return path

    def step(self, command):
        shutil.copyfile(self.alembic.db, self.snapshot)
        return self.alembic.run(command), self.luamig.run(command)

    def replay(self, commands):
        """Runs `commands` from fresh databases; returns the last outcomes, or
        None when an earlier command already disagrees."""
        self.reset()
        for i, cmd in enumerate(commands):
            a, l = self.step(cmd)
            if i < len(commands) - 1 and not a.same_as(l):
                return None
        return a, l

    def run(self, commands):
        """Runs one sequence from fresh databases. `commands` is a list, or a
        function (applied revisions, index) -> command."""
        self.reset()
        cases, history, trace, rows, stamped = [], [], [], (), False
        n = len(commands) if isinstance(commands, list) else commands.count
        for i in range(n):
            cmd = commands[i] if isinstance(commands, list) else commands(_applied(trace), i)
            a, l = self.step(cmd)
            case = Case(self.name, i, cmd, list(history), a, l, rows, stamped)
            cases.append(case)
            history.append(cmd)
            stamped = stamped or cmd.startswith("stamp")
            if a.same_as(l):
                trace += a.trace
                rows = a.rows
                continue
            case.reason, rerun_db = explain(case, self)
            if case.reason is None:
                case.before = self.minimize(history[:-1], cmd)
                break  # the databases diverged; later commands prove nothing
            # Continue from the counterfactual state, which equals luamig's.
            shutil.copyfile(rerun_db, self.alembic.db)
            trace += l.trace
            rows = l.rows
        return cases

    def minimize(self, before, cmd):
        """Greedily drops earlier commands while the difference persists."""
        kept = list(before)
        i = 0
        while i < len(kept):
            trial = kept[:i] + kept[i + 1:]
            out = self.replay(trial + [cmd])
            if out and not out[0].same_as(out[1]):
                kept = trial
            else:
                i += 1
        return kept

    def cleanup(self):
        shutil.rmtree(self.work, ignore_errors=True)


class RandomCommands:
    def __init__(self, rng, graph, count):
        self.rng, self.graph, self.count = rng, graph, count

    def __call__(self, applied, i):
        return next_command(self.rng, self.graph, applied, first=(i == 0))


def run_graph(args):
    """One job: a seeded graph (random and shaped sequences) or a FIXED repro."""
    kind, key, n_commands, luamig, root, keep = args
    if kind == "seed":
        graph, name = gen_graph.generate(key), "seed%d" % key
        rng = random.Random(key * 7919 + 17)
        sequences = [RandomCommands(rng, graph, n_commands), shaped_commands(rng, graph)]
    else:
        notation, commands = FIXED[key]
        graph, name = gen_graph.parse_notation(notation), "fixed%d" % key
        sequences = [[c.strip() for c in commands.split(";")]]
    g = GraphRun(name, graph, luamig, root)
    try:
        cases = []
        for seq in sequences:
            got = g.run(seq)
            cases += got
            if got and not got[-1].alembic.same_as(got[-1].luamig) and not got[-1].reason:
                break
        covered = {}
        for case in cases:
            for what in coverage_of(case, graph):
                covered[what] = covered.get(what, 0) + 1
        return name, g.graph.notation(), cases, covered, (g.work if keep else None)
    finally:
        if not keep:
            g.cleanup()


# --------------------------------------------------------------------------
# Reporting and main


def _fmt_outcome(name, o):
    lines = ["  %s: %s" % (name, "ok" if o.ok else "FAILED")]
    lines.append("    trace: %s" % (" ".join("%s:%s" % t for t in o.trace) or "(none)"))
    lines.append("    rows:  %s" % (" ".join(o.rows) or "(empty)"))
    if o.current is not None:
        lines.append("    current: %s" % " ".join(sorted(
            r + "".join(" (%s)" % m for m in sorted(ms)) for r, ms in o.current)))
    if not o.marks_rows:
        lines.append("    (current) marks do not name exactly the version-table rows")
    out = o.output.strip().splitlines()[-6:]
    lines += ["    | " + ln for ln in out]
    return "\n".join(lines)


def report_difference(case, notation, luamig):
    print("=" * 72)
    print("UNEXPLAINED DIFFERENCE  %s  command #%d: %s" % (case.graph, case.index,
                                                        case.command))
    print("graph (id<-parents [labels] deps:(...) @file, in load order):")
    print("  " + notation.replace("\n", "\n  "))
    print("minimal repro from fresh databases:")
    for c in case.before + [case.command]:
        print("  $ %s" % c)
    print(_fmt_outcome("alembic", case.alembic))
    print(_fmt_outcome("luamig ", case.luamig))
    if case.graph.startswith("seed"):
        print("rerun: %s --luamig %s --seed %s --keep" % (sys.argv[0], luamig,
                                                         case.graph[4:]))


def can_import_alembic(py):
    r = subprocess.run([py, "-c", "import alembic, sqlalchemy"], capture_output=True)
    return r.returncode == 0


def find_alembic_python(forced=None):
    candidates = [forced] if forced else [sys.executable, "/usr/bin/python3",
                                          shutil.which("python3")]
    for py in candidates:
        if py and os.path.exists(py) and can_import_alembic(py):
            return py
    return None


def reexec_if_needed(args):
    """Runs this script under the Python that has Alembic, with
    PYTHONHASHSEED=0 (forked Alembic children inherit the hash seed)."""
    py = find_alembic_python(args.python)
    if not py:
        print("differential: SKIPPED - no python3 can import alembic and sqlalchemy "
              "(apt-get install alembic)")
        sys.exit(SKIP)
    same = os.path.realpath(py) == os.path.realpath(sys.executable)
    if same and os.environ.get("PYTHONHASHSEED") == "0":
        return
    env = dict(os.environ, PYTHONHASHSEED="0")
    os.execve(py, [py, os.path.abspath(__file__)] + sys.argv[1:], env)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--luamig", required=True, help="path of the luamig binary")
    ap.add_argument("--cases", type=int, default=200,
                    help="random command cases (default 200); each graph also "
                    "runs one shaped sequence")
    ap.add_argument("--commands", type=int, default=5, help="random commands per graph "
                    "(default 5)")
    ap.add_argument("--seed-base", type=int, default=1, help="first seed (default 1)")
    ap.add_argument("--seed", help="run only these seeds (comma-separated)")
    ap.add_argument("--jobs", type=int, default=2, help="graphs run in parallel (default 2)")
    ap.add_argument("--python", help="Python that runs Alembic (default: the first of "
                    "this one, /usr/bin/python3, python3 that imports alembic)")
    ap.add_argument("--require-coverage", action="store_true",
                    help="fail unless every situation in REQUIRED occurred")
    ap.add_argument("--keep", action="store_true", help="keep the generated projects")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case")
    args = ap.parse_args()
    reexec_if_needed(args)
    # Imported once here, so each forked Alembic command starts warm.
    import alembic.command  # noqa: F401
    import alembic.config  # noqa: F401
    import alembic.runtime.migration  # noqa: F401
    import alembic.script  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401

    luamig = os.path.abspath(args.luamig)
    if not os.access(luamig, os.X_OK):
        print("differential: luamig binary not found: %s" % luamig)
        return 2

    if args.seed:
        jobs = [("seed", int(x)) for x in args.seed.split(",")]
    else:
        n_graphs = -(-args.cases // args.commands)
        jobs = [("fixed", i) for i in range(len(FIXED))] + [
            ("seed", s) for s in range(args.seed_base, args.seed_base + n_graphs)]
    root = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    root = tempfile.mkdtemp(prefix="luamig-diff-", dir=root)
    started = time.time()
    total, unexplained, explained, covered = 0, [], {}, {}
    work_dirs = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        work = [(kind, key, args.commands, luamig, root, args.keep) for kind, key in jobs]
        for name, notation, cases, cov, kept in pool.map(run_graph, work):
            if kept:
                work_dirs.append(kept)
            for what, n in cov.items():
                covered[what] = covered.get(what, 0) + n
            for case in cases:
                total += 1
                same = case.alembic.same_as(case.luamig)
                if args.verbose:
                    tag = "same" if same else (case.reason or "DIFF")
                    print("%s #%d %-32s %s alembic=%s luamig=%s" % (
                        name, case.index, case.command, tag,
                        "ok" if case.alembic.ok else "err", "ok" if case.luamig.ok else "err"))
                if same:
                    continue
                if case.reason:
                    explained[case.reason] = explained.get(case.reason, 0) + 1
                else:
                    unexplained.append(case)
                    report_difference(case, notation, args.luamig)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    else:
        print("projects kept in: %s" % " ".join(work_dirs))
    doc = ", ".join("%s: %d" % kv for kv in sorted(explained.items()))
    print("differential: %d cases over %d graphs, %d unexplained differences%s (%.1fs)" % (
        total, len(jobs), len(unexplained), "; documented: " + doc if doc else "",
        time.time() - started))
    print("covered: " + "; ".join("%s: %d" % (w, covered.get(w, 0))
                                  for w in REQUIRED + sorted(set(covered) - set(REQUIRED))))
    missing = [w for w in REQUIRED if not covered.get(w)]
    if args.require_coverage and missing:
        print("differential: FAILED - never reached: " + "; ".join(missing))
        return 1
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
