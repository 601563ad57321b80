#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Times luamig against Alembic on histories made by gen_history.py.

For each history directory: `heads`, `history` and `upgrade head` on a fresh
SQLite file (no-op bodies), best of --runs, wall-clock and CPU (user+sys of
the child). Prints one table; ratio = Alembic time / luamig time (>1 means
luamig is faster). Called by run.sh; builds nothing.
"""

import argparse
import os
import resource
import subprocess
import sys
import time


def measure(argv, cwd, env, runs, before=None):
    """Best wall and best CPU seconds over `runs` runs of argv."""
    best_wall = best_cpu = float("inf")
    for _ in range(runs):
        if before:
            before()
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode != 0:
            sys.exit("bench: %s failed (%d):\n%s" % (" ".join(argv), p.returncode,
                                                     p.stderr[-2000:]))
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
    return best_wall, best_cpu


def rm(path):
    def go():
        if os.path.exists(path):
            os.remove(path)
    return go


def bench_history(root, luamig, alembic, runs):
    a_dir, l_dir = os.path.join(root, "alembic"), os.path.join(root, "luamig")
    env = dict(os.environ)
    a_db, l_db = os.path.join(a_dir, "bench.db"), os.path.join(l_dir, "bench.db")
    a = alembic + ["-c", os.path.join(a_dir, "alembic.ini")]
    l = [luamig, "-q", "-c", os.path.join(l_dir, "luamig.lua"), "--url", "sqlite:///" + l_db]
    rows = []
    for name, args, before_a, before_l in [
            ("heads", ["heads"], None, None),
            ("history", ["history"], None, None),
            ("upgrade head", ["upgrade", "head"], rm(a_db), rm(l_db))]:
        aw, ac = measure(a + args, a_dir, env, runs, before_a)
        lw, lc = measure(l + args, l_dir, env, runs, before_l)
        rows.append((name, aw, lw, ac, lc))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--luamig", required=True)
    ap.add_argument("--alembic", required=True, help="alembic command, e.g. 'alembic'")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("histories", nargs="+", help="SIZE=DIR pairs")
    args = ap.parse_args()
    alembic = args.alembic.split()
    print("%-7s %-13s %10s %10s %7s   %10s %10s %7s" % (
        "revs", "command", "alembic s", "luamig s", "ratio", "alembic cpu", "luamig cpu",
        "ratio"))
    for item in args.histories:
        size, root = item.split("=", 1)
        for name, aw, lw, ac, lc in bench_history(root, args.luamig, alembic, args.runs):
            print("%-7s %-13s %10.3f %10.3f %6.1fx   %10.3f %10.3f %6.1fx" % (
                size, name, aw, lw, aw / lw, ac, lc, ac / max(lc, 1e-3)))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
