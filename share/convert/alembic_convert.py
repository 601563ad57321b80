#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""luamig's reader of Alembic projects, run by `luamig convert`.

Not a user-facing tool: the luamig library starts it and speaks the line
protocol of luamig_convert/protocol.py with it. It needs Alembic and
SQLAlchemy (Debian: apt-get install alembic; psycopg2 for PostgreSQL:
python3-psycopg2); the luamig project it writes never needs Python.

    alembic_convert.py probe
    alembic_convert.py convert ALEMBIC --output DIR [--dialect D]... [--name S] [--force]
    alembic_convert.py verify ALEMBIC --project DIR [--url URL] [--name S] [--keep]

Exit codes: 0 done, 1 a verification difference or a database error,
2 a usage or project error, 3 Alembic or SQLAlchemy cannot be imported.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

MISSING = 3


def probe_imports():
    try:
        import alembic  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as e:
        print("alembic_convert: %s (this Python: %s)" % (e, sys.executable), file=sys.stderr)
        sys.exit(MISSING)


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="alembic_convert.py")
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("probe")
    c = sub.add_parser("convert")
    c.add_argument("alembic")
    c.add_argument("--output", required=True)
    c.add_argument("--dialect", action="append", choices=["sqlite", "postgresql"])
    c.add_argument("--name", default="alembic")
    c.add_argument("--force", action="store_true")
    v = sub.add_parser("verify")
    v.add_argument("alembic")
    v.add_argument("--project", required=True)
    v.add_argument("--url", default=os.environ.get("LUAMIG_VERIFY_URL"),
                   help="default: $LUAMIG_VERIFY_URL (luamig passes it there, not in argv)")
    v.add_argument("--name", default="alembic")
    v.add_argument("--keep", action="store_true")
    return ap.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    probe_imports()
    if args.command == "probe":
        return 0
    from luamig_convert.protocol import Protocol
    from luamig_convert.project import AlembicProject, Converter, ProjectError
    proto = Protocol()
    try:
        project = AlembicProject(args.alembic, args.name)
        if args.command == "convert":
            dialects = list(dict.fromkeys(args.dialect)) if args.dialect else None
            Converter(project, args.output, dialects, proto, force=args.force).run()
            return 0
        from luamig_convert.verify import Verifier
        if not args.url:
            raise ProjectError("verify needs --url or $LUAMIG_VERIFY_URL")
        return Verifier(project, args.project, args.url, proto, keep=args.keep).run()
    except ProjectError as e:
        proto.emit("error", "project", str(e))
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
