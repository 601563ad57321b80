#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Differential test: luamig against Alembic 1.8 on random revision graphs.

For each seed, gen_graph.py builds a random DAG and writes it as an Alembic
and as a luamig project; each revision's upgrade/downgrade appends
(rev, dir) to a `trace` table. A seeded sequence of upgrade/downgrade
commands runs with both tools, each on its own fresh SQLite file, and after
every command the two must agree on:

  * success or failure,
  * the ordered (rev, dir) rows the command appended to `trace`,
  * the set of version-table rows.

A disagreement is either explained by a counterfactual in DIFFERENCES (each
one a section of docs/alembic-differences.md) or it fails the run, printing a minimized
repro: seed, graph, the commands before it and the command itself.

Exit codes: 0 no unexplained difference, 1 unexplained differences,
77 skipped (no Python with alembic and sqlalchemy importable).
"""

import argparse
import concurrent.futures
import itertools
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_graph  # noqa: E402

SKIP = 77
TIMEOUT_S = 60


# --------------------------------------------------------------------------
# Running one command with each tool


@dataclass
class Outcome:
    ok: bool
    trace: List[Tuple[str, str]]
    rows: frozenset
    output: str

    def same_as(self, other) -> bool:
        return (self.ok, self.trace, self.rows) == (other.ok, other.trace, other.rows)


def _db_state(path, version_table, since):
    con = sqlite3.connect(path)
    try:
        trace = con.execute("SELECT rev, dir FROM trace WHERE seq > ? ORDER BY seq",
                            (since,)).fetchall()
        try:
            rows = frozenset(r[0] for r in con.execute(
                "SELECT version_num FROM %s" % version_table))
        except sqlite3.OperationalError:  # table not created yet
            rows = frozenset()
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


class Tool:
    """One tool bound to one project and one database file."""

    def __init__(self, argv_prefix, db, version_table, env=None):
        self.argv_prefix, self.db, self.version_table = argv_prefix, db, version_table
        self.env = env

    def run(self, command: str, extra_env=None, db=None) -> Outcome:
        db = db or self.db
        since = _max_seq(db)
        env = dict(os.environ, **(self.env or {}), **(extra_env or {}))
        env["DIFF_DB_URL"] = "sqlite:///" + db
        argv = self.argv_prefix(db) + command.split()
        try:
            p = subprocess.run(argv, env=env, capture_output=True, text=True,
                               timeout=TIMEOUT_S)
            ok, output = p.returncode == 0, (p.stdout + p.stderr).strip()
        except subprocess.TimeoutExpired:
            ok, output = False, "TIMEOUT after %ds" % TIMEOUT_S
        trace, rows = _db_state(db, self.version_table, since)
        return Outcome(ok, trace, rows, output)


def make_tools(work, luamig, alembic_python):
    adb, ldb = os.path.join(work, "alembic.db"), os.path.join(work, "luamig.db")
    ini = os.path.join(work, "alembic", "alembic.ini")
    cfg = os.path.join(work, "luamig", "luamig.lua")
    alembic = Tool(lambda db: [alembic_python, "-m", "alembic", "-c", ini],
                   adb, "alembic_version", env={"PYTHONHASHSEED": "0"})
    lm = Tool(lambda db: [luamig, "-q", "-c", cfg, "--url", "sqlite:///" + db],
              ldb, "luamig_version")
    return alembic, lm


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
    up = first or not applied or rng.random() < 0.55
    if up:
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


# --------------------------------------------------------------------------
# Documented differences (docs/alembic-differences.md). Each rule gets the
# case and returns a reason (the doc section) when it explains the case.


@dataclass
class Case:
    seed: int
    index: int
    command: str
    before: List[str]
    alembic: Outcome
    luamig: Outcome
    reason: Optional[str] = None


# Each documented difference is a counterfactual: an env.py patch that makes
# Alembic behave as luamig deliberately does, plus a cheap precondition. A
# disagreement is explained only if re-running the command on Alembic's
# pre-command database with some combination of applicable patches yields
# exactly luamig's outcome (success, trace order, rows).
DIFFERENCES = {
    # Alembic keeps a revision's normalized dependencies in a set: with two or
    # more, the walk order between them is hash order. luamig: written order.
    "dependency-order": (
        "DIFF_ORDERED_DEPS",
        lambda case, graph: any(len(r.depends_on) >= 2 for r in graph.revs)),
    # Alembic's merge step deletes/updates every parent not below another
    # head, including dependency parents that are no rows: KeyError.
    # luamig removes only the parent rows that exist.
    "merge-missing-parent": (
        "DIFF_LENIENT_MERGE",
        lambda case, graph: "KeyError" in case.alembic.output
        and "update_to_step" in case.alembic.output),
    # "downgrade -N" with several rows starts from the first row: Alembic's is
    # the table's storage order, luamig's the sorted order.
    "downgrade-multiple-heads": (
        "DIFF_SORTED_ROWS",
        lambda case, graph: "from multiple heads is ambiguous" in case.alembic.output),
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
# One graph: generate, run the command sequence, compare


class GraphRun:
    def __init__(self, seed, luamig, alembic_python, root):
        self.seed = seed
        self.graph = gen_graph.generate(seed)
        self.work = tempfile.mkdtemp(prefix="diff%d_" % seed, dir=root)
        gen_graph.write_alembic(self.graph, os.path.join(self.work, "alembic"))
        gen_graph.write_luamig(self.graph, os.path.join(self.work, "luamig"))
        self.alembic, self.luamig = make_tools(self.work, luamig, alembic_python)
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

    def run(self, n_commands):
        rng = random.Random(self.seed * 7919 + 17)
        self.reset()
        cases, history, trace = [], [], []
        for i in range(n_commands):
            cmd = next_command(rng, self.graph, _applied(trace), first=(i == 0))
            a, l = self.step(cmd)
            case = Case(self.seed, i, cmd, list(history), a, l)
            cases.append(case)
            history.append(cmd)
            trace += a.trace
            if a.same_as(l):
                continue
            case.reason, rerun_db = explain(case, self)
            if case.reason is None:
                case.before = self.minimize(history[:-1], cmd)
                break  # the databases diverged; later commands prove nothing
            # Continue from the counterfactual state, which equals luamig's.
            shutil.copyfile(rerun_db, self.alembic.db)
            trace = trace[:len(trace) - len(a.trace)] + l.trace
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


def run_graph(args):
    seed, n_commands, luamig, alembic_python, root, keep = args
    g = GraphRun(seed, luamig, alembic_python, root)
    try:
        cases = g.run(n_commands)
        return seed, g.graph.notation(), cases, (g.work if keep else None)
    finally:
        if not keep:
            g.cleanup()


# --------------------------------------------------------------------------
# Reporting and main


def _fmt_outcome(name, o):
    lines = ["  %s: %s" % (name, "ok" if o.ok else "FAILED")]
    lines.append("    trace: %s" % (" ".join("%s:%s" % t for t in o.trace) or "(none)"))
    lines.append("    rows:  %s" % (" ".join(sorted(o.rows)) or "(empty)"))
    out = o.output.strip().splitlines()[-6:]
    lines += ["    | " + ln for ln in out]
    return "\n".join(lines)


def report_difference(case, notation, luamig):
    print("=" * 72)
    print("UNEXPLAINED DIFFERENCE  seed=%d  command #%d: %s" % (case.seed, case.index,
                                                              case.command))
    print("graph (id<-parents [labels] deps:(...) @file, in load order):")
    print("  " + notation.replace("\n", "\n  "))
    print("minimal repro from fresh databases:")
    for c in case.before + [case.command]:
        print("  $ %s" % c)
    print(_fmt_outcome("alembic", case.alembic))
    print(_fmt_outcome("luamig ", case.luamig))
    print("rerun: %s --luamig %s --seed %d --keep" % (sys.argv[0], luamig, case.seed))


def find_alembic_python(forced=None):
    candidates = [forced] if forced else [sys.executable, "/usr/bin/python3",
                                          shutil.which("python3")]
    for py in candidates:
        if not py or not os.path.exists(py):
            continue
        r = subprocess.run([py, "-c", "import alembic, sqlalchemy"], capture_output=True)
        if r.returncode == 0:
            return py
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--luamig", required=True, help="path of the luamig binary")
    ap.add_argument("--cases", type=int, default=200, help="graph/command cases (default 200)")
    ap.add_argument("--commands", type=int, default=5, help="commands per graph (default 5)")
    ap.add_argument("--seed-base", type=int, default=1, help="first seed (default 1)")
    ap.add_argument("--seed", help="run only these seeds (comma-separated)")
    ap.add_argument("--jobs", type=int, default=2, help="graphs run in parallel (default 2)")
    ap.add_argument("--python", help="Python that runs Alembic (default: the first of "
                    "this one, /usr/bin/python3, python3 that imports alembic)")
    ap.add_argument("--keep", action="store_true", help="keep the generated projects")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case")
    args = ap.parse_args()

    py = find_alembic_python(args.python)
    if not py:
        print("differential: SKIPPED - no python3 can import alembic and sqlalchemy "
              "(apt-get install alembic)")
        return SKIP
    luamig = os.path.abspath(args.luamig)
    if not os.access(luamig, os.X_OK):
        print("differential: luamig binary not found: %s" % luamig)
        return 2

    seeds = [int(x) for x in args.seed.split(",")] if args.seed else list(
        range(args.seed_base, args.seed_base + -(-args.cases // args.commands)))
    root = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    root = tempfile.mkdtemp(prefix="luamig-diff-", dir=root)
    started = time.time()
    total, unexplained, explained = 0, [], {}
    work_dirs = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        jobs = [(s, args.commands, luamig, py, root, args.keep) for s in seeds]
        for seed, notation, cases, work in pool.map(run_graph, jobs):
            if work:
                work_dirs.append(work)
            for case in cases:
                total += 1
                same = case.alembic.same_as(case.luamig)
                if args.verbose:
                    tag = "same" if same else (case.reason or "DIFF")
                    print("seed %d #%d %-32s %s alembic=%s luamig=%s" % (
                        seed, case.index, case.command, tag,
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
        total, len(seeds), len(unexplained),
        "; documented: " + doc if doc else "", time.time() - started))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
