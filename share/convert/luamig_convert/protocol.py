# SPDX-License-Identifier: MIT
"""The line protocol between this helper and the luamig library.

Records go to the file descriptor the helper was given (its original
stdout); fd 1 is pointed at stderr so that anything a project's own code
prints cannot corrupt them. A record is one line of tab-separated fields;
backslash, tab, newline and carriage return inside a field are written as
\\\\, \\t, \\n and \\r. A request (`luamig …`) is answered by one line on stdin.
"""

import os
import sys

_ESC = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESC = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def escape(field):
    return "".join(_ESC.get(c, c) for c in str(field))


def unescape(field):
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == "\\" and i + 1 < len(field):
            out.append(_UNESC.get(field[i + 1], field[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


class Protocol:
    def __init__(self):
        fd = os.dup(1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        self.out = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def emit(self, kind, *fields):
        self.out.write("\t".join([kind] + [escape(f) for f in fields]) + "\n")
        self.out.flush()

    def log(self, text):
        self.emit("log", text)

    def request(self, kind, *fields):
        """Sends `luamig KIND FIELDS…` and returns the reply's fields."""
        self.emit("luamig", kind, *fields)
        line = sys.stdin.readline()
        if not line:
            raise EOFError("luamig closed the protocol")
        return [unescape(f) for f in line.rstrip("\n").split("\t")]
