# SPDX-License-Identifier: MIT
"""Lua source text: literals, tables and the per-dialect choice expression."""

import math

NULL = object()  # renders as op.NULL (an SQL NULL parameter)

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


class NotLua(Exception):
    """A Python value that has no faithful Lua literal."""


def string(s):
    """A Lua string literal for `s` (double quotes, or a long bracket for
    multi-line text without trailing blanks)."""
    if "\n" in s and not any(ord(c) < 32 and c not in "\n\t" for c in s):
        level = 0
        while ("]" + "=" * level + "]") in s or s.endswith("]" + "=" * level):
            level += 1
        eq = "=" * level
        # A newline right after the opening bracket is skipped by Lua.
        return "[" + eq + "[\n" + s + "]" + eq + "]"
    quote = "'" if '"' in s and "'" not in s else '"'
    out = []
    for c in s:
        if c == quote or (c in _ESCAPES and c not in "\"'"):
            out.append("\\" + c if c == quote else _ESCAPES[c])
        elif ord(c) < 32 or ord(c) == 127:
            out.append("\\%03d" % ord(c))
        else:
            out.append(c)
    return quote + "".join(out) + quote


def value(v):
    """A Lua literal for a Python scalar: None → op.NULL."""
    if v is None or v is NULL:
        return "op.NULL"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        if abs(v) > 2**53:
            raise NotLua("the integer %d is beyond Lua's exact range" % v)
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise NotLua("the number %r has no SQL literal" % v)
        if v == int(v) and abs(v) < 2**53:
            raise NotLua("the float %r would become an integer in Lua" % v)
        return repr(v)
    if isinstance(v, str):
        return string(v)
    raise NotLua("a %s value" % type(v).__name__)


def strings(names):
    """{ "a", "b" }"""
    return "{ " + ", ".join(string(n) for n in names) + " }"


def options(pairs):
    """{ key = value, … } from (key, lua_text) pairs; "" when empty."""
    if not pairs:
        return ""
    return "{ " + ", ".join("%s = %s" % (k, v) for k, v in pairs) + " }"


def per_dialect(values, dialects):
    """A Lua expression for a value that differs per dialect.

    `values` maps dialect name → Lua text. When all are equal the text itself
    is returned; otherwise an `op.dialect == … and … or …` chain (the last
    dialect is the fallback, so every listed dialect gets its own value).
    """
    texts = [values[d] for d in dialects]
    if all(t == texts[0] for t in texts):
        return texts[0]
    if any(t == "nil" or t == "false" for t in texts[:-1]):
        # `and nil or x` would pick x: use a table lookup instead.
        return ("({ " + ", ".join("%s = %s" % (d, values[d]) for d in dialects) +
                " })[op.dialect]")
    out = ""
    for d in dialects[:-1]:
        out += 'op.dialect == "%s" and %s or ' % (d, values[d])
    return out + values[dialects[-1]]


def comment_lines(text, indent, prefix="-- "):
    """Lua comment lines for each line of `text`."""
    return [indent + (prefix + line).rstrip() for line in text.splitlines()]
