#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Seeded random revision DAGs, written as an Alembic and a luamig project.

A graph has 20-40 revisions: several bases, branches, merges of 2-3 parents
(sometimes also listing an ancestor of another parent, which Alembic
accepts), branch labels and cross-branch depends_on (by id or by label). Both projects
hold the same revisions under the same file stems, so load order -- which
breaks ordering ties in both tools -- is identical:

  * luamig loads each version location's files in sorted name order,
    locations in config order.
  * Alembic 1.8 loads them in os.listdir() order, which is filesystem order,
    not sorted. The generated env.py therefore makes Alembic sort each
    directory listing before the revision map is built (env.py runs before
    the map is first used), so both tools see one well-defined load order.

File stems are NNNN_<id> with NNNN a random permutation, so load order is
usually *not* topological and tie-breaking gets exercised.

Usage: gen_graph.py SEED OUTDIR   (writes OUTDIR/alembic and OUTDIR/luamig)
"""

import os
import random
import sys
from dataclasses import dataclass, field
from typing import List, Optional

TRACE_DDL = ("CREATE TABLE IF NOT EXISTS trace("
             "seq INTEGER PRIMARY KEY AUTOINCREMENT, rev TEXT, dir TEXT)")

LABEL_WORDS = ["ecs", "naming", "agents", "core", "audit", "billing", "geo",
               "chat", "stats", "auth", "feed", "shop"]


@dataclass
class Rev:
    id: str
    down: List[str]                 # [] base, [p] plain, [p, q, ...] merge
    labels: List[str] = field(default_factory=list)
    depends_on: List[str] = field(default_factory=list)  # ids or labels
    stem: str = ""                  # file name without extension
    location: int = 0               # index into Graph.locations


@dataclass
class Graph:
    seed: int
    revs: List[Rev]                 # creation order (parents first)
    locations: List[str]

    def by_id(self, rid: str) -> Rev:
        return next(r for r in self.revs if r.id == rid)

    def labels(self) -> List[str]:
        return [lbl for r in self.revs for lbl in r.labels]

    def label_owner(self, label: str) -> Rev:
        return next(r for r in self.revs if label in r.labels)

    def notation(self) -> str:
        """One line per revision: id<-parents [labels] deps:(...) @file."""
        out = []
        for r in sorted(self.revs, key=lambda r: (r.location, r.stem)):
            s = r.id + ("<-" + ",".join(r.down) if r.down else " (base)")
            if r.labels:
                s += " [" + ",".join(r.labels) + "]"
            if r.depends_on:
                s += " deps:(" + ",".join(r.depends_on) + ")"
            s += "  @%s/%s" % (self.locations[r.location], r.stem)
            out.append(s)
        return "\n".join(out)


def _heads(revs: List[Rev]) -> List[str]:
    parents = {p for r in revs for p in r.down}
    return [r.id for r in revs if r.id not in parents]


def _ancestors(revs_by_id, rid) -> set:
    seen, todo = set(), [rid]
    while todo:
        for p in revs_by_id[todo.pop()].down:
            if p not in seen:
                seen.add(p)
                todo.append(p)
    return seen


def generate(seed: int, n: Optional[int] = None) -> Graph:
    rng = random.Random(seed)
    n = n or rng.randint(20, 40)
    n_bases = rng.choice([1, 2, 2, 3, 3])
    ids = set()

    def new_id():
        while True:
            rid = "%012x" % rng.getrandbits(48)
            # keep every 4-char prefix unique so prefix targets are unambiguous
            if rid[:4] not in {i[:4] for i in ids}:
                ids.add(rid)
                return rid

    revs: List[Rev] = []
    by_id = {}
    words = LABEL_WORDS[:]
    rng.shuffle(words)
    n_children = {}

    def add(rev):
        revs.append(rev)
        by_id[rev.id] = rev
        for p in rev.down:
            n_children[p] = n_children.get(p, 0) + 1

    bases_made = 0
    while len(revs) < n:
        heads = _heads(revs)
        roll = rng.random()
        if bases_made < n_bases and (not revs or roll < 0.12):
            rev = Rev(new_id(), [])
            bases_made += 1
            if words and rng.random() < 0.6:
                rev.labels.append(words.pop())
        elif len(heads) >= 2 and roll < 0.30:
            k = min(len(heads), rng.choice([2, 2, 3]))
            rev = Rev(new_id(), rng.sample(heads, k))
            if rng.random() < 0.15:  # also list an ancestor of a parent
                below = sorted(_ancestors(by_id, rev.down[0]) - set(rev.down))
                if below:
                    rev.down.insert(rng.randrange(len(rev.down) + 1), rng.choice(below))
        elif roll < 0.45:  # branch off anywhere
            parent = rng.choice(revs)
            rev = Rev(new_id(), [parent.id])
            if words and n_children.get(parent.id, 0) >= 1 and rng.random() < 0.5:
                rev.labels.append(words.pop())
        else:  # extend a head
            rev = Rev(new_id(), [rng.choice(heads)])
        add(rev)

    _add_depends_on(rng, revs, by_id)
    _check_labels(revs, by_id)
    locations = ["versions"] if rng.random() < 0.6 else ["versions", "versions_b"]
    order = list(range(len(revs)))
    rng.shuffle(order)
    for pos, rev in zip(order, revs):
        rev.stem = "%04d_%s" % (pos, rev.id)
        rev.location = rng.randrange(len(locations))
    return Graph(seed, revs, locations)


def _add_depends_on(rng, revs, by_id):
    """Cross-branch dependencies on earlier revisions (never a cycle)."""
    for i, rev in enumerate(revs):
        if i < 3 or rng.random() > 0.2:
            continue
        anc = _ancestors(by_id, rev.id)
        candidates = [r for r in revs[:i] if r.id not in anc]
        if not candidates:
            continue
        for dep in rng.sample(candidates, min(len(candidates), rng.choice([1, 1, 2]))):
            if dep.labels and rng.random() < 0.4:
                rev.depends_on.append(dep.labels[0])
            else:
                rev.depends_on.append(dep.id)


def _check_labels(revs, by_id):
    """Alembic propagates a label to the ancestors of its revision up to a
    branch point; two labels may share a lineage, but a label must never end
    up on a revision that already carries it (impossible with unique names)."""
    assert len(set(l for r in revs for l in r.labels)) == sum(len(r.labels) for r in revs)


def parse_notation(text: str) -> Graph:
    """A graph in the notation of tests/support/graph_builder.h, in load order:
    "a; b<-a @label; c<-a ~b" (@LABEL a branch label, ~DEP a depends_on)."""
    revs = []
    for pos, entry in enumerate(e for e in text.split(";") if e.strip()):
        tokens = entry.replace("<-", " <- ").split()
        rev = Rev(tokens[0], [])
        i = 1
        while i < len(tokens):
            t = tokens[i]
            if t == "<-":
                rev.down = tokens[i + 1].split(",")
                i += 1
            elif t[0] == "@":
                rev.labels.append(t[1:])
            elif t[0] == "~":
                rev.depends_on.append(t[1:])
            i += 1
        rev.stem = "%04d_%s" % (pos, rev.id)
        revs.append(rev)
    return Graph(0, revs, ["versions"])


# --------------------------------------------------------------------------
# Writers


def _py_tuple(xs):
    return "(" + "".join(repr(x) + ", " for x in xs) + ")"


def alembic_script(rev: Rev) -> str:
    if not rev.down:
        down = "None"
    elif len(rev.down) == 1:
        down = repr(rev.down[0])
    else:
        down = _py_tuple(rev.down)
    labels = _py_tuple(rev.labels) if rev.labels else "None"
    deps = _py_tuple(rev.depends_on) if rev.depends_on else "None"
    return f'''"""{rev.id}"""
from alembic import op

revision = {rev.id!r}
down_revision = {down}
branch_labels = {labels}
depends_on = {deps}


def upgrade():
    op.execute("INSERT INTO trace(rev, dir) VALUES ('{rev.id}', 'up')")


def downgrade():
    op.execute("INSERT INTO trace(rev, dir) VALUES ('{rev.id}', 'down')")
'''


def _lua_list(xs):
    return "{ " + ", ".join('"%s"' % x for x in xs) + " }"


def luamig_script(rev: Rev, body: bool = True) -> str:
    if not rev.down:
        down = "nil"
    elif len(rev.down) == 1:
        down = '"%s"' % rev.down[0]
    else:
        down = _lua_list(rev.down)
    lines = ["-- %s" % rev.id,
             'revision = "%s"' % rev.id,
             "down_revision = %s" % down]
    if rev.labels:
        lines.append("branch_labels = %s" % _lua_list(rev.labels))
    if rev.depends_on:
        lines.append("depends_on = %s" % _lua_list(rev.depends_on))
    if body:
        lines += ["",
                  "function upgrade(op)",
                  "  op.execute(\"INSERT INTO trace(rev, dir) VALUES ('%s', 'up')\")" % rev.id,
                  "end",
                  "",
                  "function downgrade(op)",
                  "  op.execute(\"INSERT INTO trace(rev, dir) VALUES ('%s', 'down')\")" % rev.id,
                  "end"]
    else:
        lines += ["", "function upgrade(op) end", "", "function downgrade(op) end"]
    return "\n".join(lines) + "\n"


ALEMBIC_INI = """[alembic]
script_location = %(here)s
version_locations = {locations}
version_path_separator = space
sqlalchemy.url = sqlite:///%(here)s/unused.db

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

# The database URL comes from $DIFF_DB_URL so one project serves many runs.
ENV_PY = '''"""Differential-test env: sorted load order, one transaction per step."""
import os

from sqlalchemy import create_engine, pool

from alembic import context
from alembic.script.base import Script
from alembic.script.revision import RevisionMap

# Alembic 1.8 loads revision files in os.listdir() order (filesystem order);
# luamig loads them sorted. Sort here, before the revision map is built, so
# both tools break ordering ties by the same load order.
_list_py_dir = Script._list_py_dir.__func__
Script._list_py_dir = classmethod(lambda cls, sd, path: sorted(_list_py_dir(cls, sd, path)))

if os.environ.get("DIFF_WRITTEN_ORDER"):
    # Counterfactual used only to confirm a documented difference: keep in
    # written order what Alembic keeps in sets -- each revision's normalized
    # dependencies, and the parents a merge or unmerge step writes while other
    # rows exist -- as luamig does.
    from alembic.runtime.migration import RevisionStep

    _orig_normalize = RevisionMap._normalize_depends_on

    def _ordered(self, revisions, map_):
        _orig_normalize(self, revisions, map_)
        for rev in revisions:
            keep = set(rev._normalized_resolved_dependencies)
            rev._normalized_resolved_dependencies = tuple(
                d for d in rev._resolved_dependencies if d in keep)

    RevisionMap._normalize_depends_on = _ordered

    def _below_others(step, heads, own):
        others = set(heads).difference(own)
        if not others:
            return set()
        return set(r.revision for r in step.revision_map._get_ancestor_nodes(
            step.revision_map.get_revisions(others), check=False))

    def _merge_written(self, heads):
        below = _below_others(self, heads, self.from_revisions)
        parents = [r for r in self.from_revisions if r not in below]
        return parents[0:-1], parents[-1], self.to_revisions[0]

    def _unmerge_to_written(self, heads):
        below = _below_others(self, heads, [self.revision.revision])
        return tuple(r for r in self.to_revisions if r not in below)

    RevisionStep.merge_branch_idents = _merge_written
    RevisionStep._unmerge_to_revisions = _unmerge_to_written

if os.environ.get("DIFF_LENIENT_MERGE"):
    # Counterfactual: a merge step touches only the parent rows that exist
    # (Alembic also deletes/updates dependency parents that are no rows and
    # dies with KeyError in HeadMaintainer).
    from alembic.runtime.migration import RevisionStep

    _orig_merge = RevisionStep.merge_branch_idents

    def _lenient_merge(self, heads):
        deletes, upd_from, upd_to = _orig_merge(self, heads)
        present = [r for r in deletes + [upd_from] if r in heads]
        return present[:-1], present[-1], upd_to

    RevisionStep.merge_branch_idents = _lenient_merge

config = context.config


def run():
    engine = create_engine(os.environ["DIFF_DB_URL"], poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None,
                          transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


run()
'''

LUAMIG_CONFIG = """version_locations = {{ {locations} }}
version_table = "{version_table}"
"""


def write_alembic(graph: Graph, root: str) -> None:
    for loc in graph.locations:
        os.makedirs(os.path.join(root, loc), exist_ok=True)
    locs = " ".join("%(here)s/" + loc for loc in graph.locations)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI.replace("{locations}", locs))
    with open(os.path.join(root, "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(root, "script.py.mako"), "w") as f:
        f.write("")
    for rev in graph.revs:
        path = os.path.join(root, graph.locations[rev.location], rev.stem + ".py")
        with open(path, "w") as f:
            f.write(alembic_script(rev))


def write_luamig(graph: Graph, root: str, version_table: str = "luamig_version") -> None:
    for loc in graph.locations:
        os.makedirs(os.path.join(root, loc), exist_ok=True)
    with open(os.path.join(root, "luamig.lua"), "w") as f:
        f.write(LUAMIG_CONFIG.format(
            locations=", ".join('"%s"' % loc for loc in graph.locations),
            version_table=version_table))
    for rev in graph.revs:
        path = os.path.join(root, graph.locations[rev.location], rev.stem + ".lua")
        with open(path, "w") as f:
            f.write(luamig_script(rev))


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    graph = generate(int(argv[1]))
    write_alembic(graph, os.path.join(argv[2], "alembic"))
    write_luamig(graph, os.path.join(argv[2], "luamig"))
    print(graph.notation())


if __name__ == "__main__":
    main(sys.argv)
