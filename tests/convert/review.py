#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The human review step of the convert tests: writes, in Lua, the function
of the generated Alembic project that `luamig convert` cannot translate (it
reads rows with op.get_bind() and computes values in Python), replacing the
stub that raises a TODO(convert) error.

    review.py LUAMIG_PROJECT_DIR
"""

import glob
import os
import sys

FIXES = {
    ("d4a5e0000027", "upgrade"): '''function upgrade(op)
  for _, p in ipairs(op.query("SELECT id, name FROM projects")) do
    local slug = p.name:lower():gsub("[^a-z0-9]+", "-"):gsub("^%-+", ""):gsub("%-+$", "")
    op.execute("UPDATE projects SET slug = $1 WHERE id = $2", { slug, p.id })
  end
end
''',
}


def replace_function(text, name, new):
    start = text.index("function %s(op)" % name)
    end = text.index("\nend\n", start) + len("\nend\n")
    return text[:start] + new + text[end:]


def main(project):
    for (rev, fname), body in FIXES.items():
        paths = glob.glob(os.path.join(project, "*", "*%s*.lua" % rev))
        if len(paths) != 1:
            sys.exit("review.py: no single script for %s in %s" % (rev, project))
        with open(paths[0]) as f:
            text = f.read()
        if "TODO(convert)" not in text:
            sys.exit("review.py: %s has no TODO(convert) to review" % paths[0])
        text = replace_function(text, fname, body)
        with open(paths[0], "w") as f:
            f.write(text)


if __name__ == "__main__":
    main(sys.argv[1])
