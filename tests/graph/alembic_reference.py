#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Alembic 1.8 reference for graph plans (used to derive tests/graph expectations).

Reads lines "GRAPH|ROWS|CMD|TARGET" on stdin and prints, per line, what Alembic's
RevisionMap + HeadMaintainer do, without a database:
  up/down/stamp:  "REV REV ... | ROW,ROW"   (steps in order | final rows, sorted)
  hist:           "REV REV ..."            (TARGET is "A:B", newest first)
  any failure:    "ERROR <exception>: <message>"
GRAPH uses the notation of tests/support/graph_builder.h ("a; b<-a @lab ~dep"),
ROWS and stamp TARGETs are comma-separated. With STEPHEADS=1 each step is
followed by the rows after it, e.g. "b[b]". Run with the system python that has
Alembic: /usr/bin/python3 tests/graph/alembic_reference.py < cases.txt
"""
import os
import sys
import types
import warnings

from alembic.runtime.migration import HeadMaintainer, RevisionStep
from alembic.script.base import ScriptDirectory
from alembic.script.revision import Revision, RevisionMap
from sqlalchemy import Column, MetaData, String, Table

warnings.simplefilter("ignore")
STEPHEADS = bool(os.environ.get("STEPHEADS"))


class _Rev(Revision):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.module = types.SimpleNamespace(upgrade=lambda: None, downgrade=lambda: None)
        self.doc = ""


def parse(text):
    out = []
    for entry in text.split(";"):
        tokens = entry.replace("<-", " <- ").split()
        if not tokens:
            continue
        downs, labels, deps = None, [], []
        i = 1
        while i < len(tokens):
            t = tokens[i]
            if t == "<-":
                downs = tuple(tokens[i + 1].split(","))
                i += 1
            elif t[0] == "@":
                labels.append(t[1:])
            elif t[0] == "~":
                deps.append(t[1:])
            i += 1
        if downs and len(downs) == 1:
            downs = downs[0]
        out.append(_Rev(tokens[0], downs, dependencies=tuple(deps) or None,
                        branch_labels=tuple(labels) or None))
    return out


class _Context:
    as_sql = True  # skips row-count checks; statements go nowhere

    def __init__(self):
        self._version = Table("v", MetaData(), Column("version_num", String(32)))
        self.impl = types.SimpleNamespace(_exec=lambda *a, **k: None)


def run(graph, rows, cmd, target):
    revs = parse(graph)
    script = ScriptDirectory.__new__(ScriptDirectory)
    script.revision_map = RevisionMap(lambda: revs)
    cur = tuple(r for r in rows.split(",") if r)
    try:
        if cmd == "hist":
            base, head = target.split(":")
            return " ".join(r.revision for r in
                            script.walk_revisions(base or "base", head or "heads"))
        if cmd == "up":
            steps = script._upgrade_revs(target, cur)
        elif cmd == "down":
            steps = script._downgrade_revs(target, cur)
        else:
            steps = script._stamp_revs(tuple(target.split(",")), cur)
        heads = HeadMaintainer(_Context(), cur)
        names = []
        for step in steps:
            heads.update_to_step(step)
            if isinstance(step, RevisionStep):
                name = step.revision.revision
            else:
                name = ",".join(step.to_ or step.from_)
            if STEPHEADS:
                name += "[" + ",".join(sorted(heads.heads)) + "]"
            names.append(name)
        return " ".join(names) + " | " + ",".join(sorted(heads.heads))
    except Exception as e:  # report, like the C++ side reports a Status
        return "ERROR " + type(e).__name__ + ": " + str(e).replace("\n", " ")


if __name__ == "__main__":
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line:
            print(run(*line.split("|")))
