#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Seeded large revision histories for bench/graph, as an Alembic and a luamig
project with the same file names.

The shape is what long-lived projects grow: a trunk, and every few dozen
revisions a short side branch (sometimes two at once, sometimes carrying a
branch label) that is merged back; every upgrade/downgrade body is a no-op,
so timing measures the tool (loading, graph, version table), not SQL. The
history ends in a single head, so `upgrade head` works in both tools.

Usage: gen_history.py N OUTDIR [--seed S]
  writes OUTDIR/alembic/{alembic.ini,env.py,versions/*.py}
     and OUTDIR/luamig/{luamig.lua,versions/*.lua}
"""

import argparse
import os
import random

ALEMBIC_INI = """[alembic]
script_location = %(here)s
sqlalchemy.url = sqlite:///%(here)s/bench.db

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %%(levelname)-5.5s %%(message)s
"""

# Alembic's generic template, online mode only.
ENV_PY = '''from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config
connectable = engine_from_config(config.get_section(config.config_ini_section),
                                 prefix="sqlalchemy.", poolclass=pool.NullPool)
with connectable.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
'''


def build(n, seed):
    """Returns [(id, [down ids], [labels])] in creation order."""
    rng = random.Random(seed)
    seen = set()

    def new_id():
        while True:
            rid = "%012x" % rng.getrandbits(48)
            if rid not in seen:
                seen.add(rid)
                return rid

    revs = []
    trunk = None
    open_branches = []  # tips of side branches waiting to be merged
    branch_bases = []   # the trunk revision each open branch started from
    label_no = 0
    while len(revs) < n - 1:
        roll = rng.random()
        if trunk and roll < 0.03 and len(open_branches) < 2:
            labels = []
            if rng.random() < 0.3:
                label_no += 1
                labels = ["side%d" % label_no]
            rid = new_id()
            revs.append((rid, [trunk], labels))
            open_branches.append(rid)
            branch_bases.append(trunk)
        elif open_branches and roll < 0.12:
            i = rng.randrange(len(open_branches))
            rid = new_id()
            revs.append((rid, [open_branches[i]], []))
            open_branches[i] = rid
        elif open_branches and roll < 0.16:
            rid = new_id()
            revs.append((rid, merge_parents(trunk, open_branches, branch_bases), []))
            trunk, open_branches, branch_bases = rid, [], []
        else:
            rid = new_id()
            revs.append((rid, [trunk] if trunk else [], []))
            trunk = rid
    rid = new_id()
    revs.append((rid, merge_parents(trunk, open_branches, branch_bases), []))
    return revs  # a single head at the end


def merge_parents(trunk, tips, bases):
    """The trunk is a parent only if it moved since a branch left it: a merge
    never lists an ancestor of another parent (Alembic 1.8 fails on that with
    KeyError in HeadMaintainer; see docs/alembic-differences.md)."""
    return ([trunk] if trunk not in bases else []) + tips


def alembic_text(rid, down, labels):
    d = "None" if not down else repr(down[0]) if len(down) == 1 else repr(tuple(down))
    return (f'"""{rid}"""\nrevision = {rid!r}\ndown_revision = {d}\n'
            f'branch_labels = {tuple(labels) if labels else None!r}\n'
            'depends_on = None\n\n\ndef upgrade():\n    pass\n\n\n'
            'def downgrade():\n    pass\n')


def luamig_text(rid, down, labels):
    if not down:
        d = "nil"
    elif len(down) == 1:
        d = '"%s"' % down[0]
    else:
        d = "{ " + ", ".join('"%s"' % x for x in down) + " }"
    out = 'revision = "%s"\ndown_revision = %s\n' % (rid, d)
    if labels:
        out += "branch_labels = { " + ", ".join('"%s"' % x for x in labels) + " }\n"
    return out + "\nfunction upgrade(op) end\n\nfunction downgrade(op) end\n"


def write(revs, out):
    a, l = os.path.join(out, "alembic"), os.path.join(out, "luamig")
    os.makedirs(os.path.join(a, "versions"), exist_ok=True)
    os.makedirs(os.path.join(l, "versions"), exist_ok=True)
    with open(os.path.join(a, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI)
    with open(os.path.join(a, "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(a, "script.py.mako"), "w") as f:
        f.write("")
    with open(os.path.join(l, "luamig.lua"), "w") as f:
        f.write('version_locations = { "versions" }\n')
    for i, (rid, down, labels) in enumerate(revs):
        stem = "%05d_%s" % (i, rid)
        with open(os.path.join(a, "versions", stem + ".py"), "w") as f:
            f.write(alembic_text(rid, down, labels))
        with open(os.path.join(l, "versions", stem + ".lua"), "w") as f:
            f.write(luamig_text(rid, down, labels))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    revs = build(args.n, args.seed)
    write(revs, args.outdir)
    merges = sum(1 for _, d, _ in revs if len(d) > 1)
    print("%d revisions (%d merges) in %s" % (len(revs), merges, args.outdir))


if __name__ == "__main__":
    main()
