# SPDX-License-Identifier: MIT
"""Reading an Alembic project with Alembic, and writing its luamig twin."""

import io
import os
import re

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory

from . import lua
from .render import OfflineRenderer
from .translate import EXACT, HUMAN, SQL, FunctionTranslator, Source

KIND_WORDS = {EXACT: "translated exactly", SQL: "rendered as SQL", HUMAN: "needs a human"}


class ProjectError(Exception):
    """The Alembic project cannot be read, or the output cannot be written."""


def dialect_of_url(url):
    scheme = (url or "").split(":", 1)[0].split("+", 1)[0].lower()
    return {"postgresql": "postgresql", "postgres": "postgresql",
            "sqlite": "sqlite"}.get(scheme)


class AlembicProject:
    """An Alembic project as Alembic itself reads it (alembic.ini, its
    script_location, every version location, env.py)."""

    def __init__(self, path, section="alembic"):
        path = os.path.abspath(path)
        ini, script_dir = _find_ini(path)
        self.ini = ini or os.path.join(script_dir, "env.py")
        self.root = os.path.dirname(ini) if ini else os.path.dirname(script_dir)
        # Alembic resolves relative paths (prepend_sys_path, script_location)
        # against the directory it is run from: the project's.
        os.chdir(self.root)
        if ini:
            self.cfg = Config(ini, ini_section=section)
        else:  # a script_location without an .ini: Alembic's defaults
            self.cfg = Config(ini_section=section)
            self.cfg.set_main_option("script_location", script_dir)
        self.cfg.output_buffer = io.StringIO()
        if not self.cfg.get_main_option("script_location"):
            raise ProjectError("%s has no [%s] section with script_location" % (ini, section))
        try:
            self.script = ScriptDirectory.from_config(self.cfg)
            self.revisions = self._load_order()
        except Exception as e:  # noqa: BLE001 - Alembic's own errors, shown as they are
            raise ProjectError("Alembic cannot read %s: %s" % (ini, e))
        self.locations = list(self.script._version_locations)

    def _load_order(self):
        seen, out = set(), []
        for rev in self.script.revision_map._revision_map.values():
            if rev is None or rev.revision in seen:
                continue
            seen.add(rev.revision)
            out.append(rev)
        return out

    def env_options(self, dialect):
        """The keyword arguments env.py passes to context.configure(), from an
        offline run of env.py that migrates nothing (an online run against an
        in-memory SQLite database when the offline one fails)."""
        captured = {}
        original = EnvironmentContext.configure

        def configure(this, *args, **kw):
            captured.clear()
            captured.update(kw)
            return original(this, *args, **kw)

        old_url = self.cfg.get_main_option("sqlalchemy.url")
        EnvironmentContext.configure = configure
        errors = []
        try:
            for as_sql, url in ((True, dialect + "://"), (False, "sqlite://")):
                self.cfg.set_main_option("sqlalchemy.url", url)
                try:
                    with EnvironmentContext(self.cfg, self.script, fn=lambda rev, ctx: [],
                                            as_sql=as_sql, destination_rev="heads"):
                        self.script.run_env()
                    return captured
                except Exception as e:  # noqa: BLE001
                    errors.append("%s: %s" % (type(e).__name__, e))
        finally:
            EnvironmentContext.configure = original
            if old_url is not None:
                self.cfg.set_main_option("sqlalchemy.url", old_url.replace("%", "%%"))
        raise ProjectError("env.py does not run: " + "; ".join(errors))

    def default_dialects(self):
        d = dialect_of_url(self.cfg.get_main_option("sqlalchemy.url"))
        return [d] if d else ["sqlite", "postgresql"]

    def location_names(self):
        """Version location → directory name in the luamig project (its path
        under script_location, else under the project root, else its name)."""
        out, used = {}, set()
        script_dir = os.path.abspath(self.script.dir)
        for loc in self.locations:
            for base in (script_dir, self.root):
                rel = os.path.relpath(loc, base)
                if not rel.startswith(".."):
                    break
            else:
                rel = os.path.basename(loc)
            name, n = rel, 2
            while name in used:
                name, n = "%s_%d" % (rel, n), n + 1
            used.add(name)
            out[loc] = name.replace(os.sep, "/")
        return out


def _find_ini(path):
    """(alembic.ini, None) for an .ini file or a directory holding one; for a
    script_location (a directory with env.py), the .ini beside it that
    names it, else (None, the directory)."""
    if os.path.isfile(path):
        return path, None
    ini = os.path.join(path, "alembic.ini")
    if os.path.isfile(ini):
        return ini, None
    if os.path.isfile(os.path.join(path, "env.py")):
        parent = os.path.join(os.path.dirname(path), "alembic.ini")
        if os.path.isfile(parent):
            cfg = Config(parent)
            loc = cfg.get_main_option("script_location") or ""
            here = os.path.dirname(parent)
            if os.path.abspath(os.path.join(here, loc)) == path:
                return parent, None
        return None, path
    raise ProjectError("%s holds no alembic.ini and no env.py (give the project directory, "
                       "its .ini file or its script_location)" % path)


def luamig_file_template(alembic_template):
    """Alembic's file_template (%(rev)s, %(slug)s, %(year)d, %(month).2d, …)
    as luamig's ({rev}, {slug}, strftime codes); None when it has a token
    luamig cannot write."""
    codes = {"year": ("d", "%Y"), "month": (".2d", "%m"), "day": (".2d", "%d"),
             "hour": (".2d", "%H"), "minute": (".2d", "%M"), "second": (".2d", "%S"),
             "rev": ("s", "{rev}"), "slug": ("s", "{slug}"), "epoch": ("s", "{epoch}")}
    out, ok = [], True

    def repl(m):
        nonlocal ok
        name, fmt = m.group(1), m.group(2)
        if name not in codes or (fmt != codes[name][0] and not (name == "epoch" and fmt == "d")):
            ok = False
            return ""
        return codes[name][1]

    literal = alembic_template.replace("%%", "\0")
    if re.search(r"[{}]", literal):
        return None
    text = re.sub(r"%\((\w+)\)((?:\.\d+)?[sd])", repl, literal)
    if "%" in text.replace("%Y", "").replace("%m", "").replace("%d", "").replace(
            "%H", "").replace("%M", "").replace("%S", ""):
        return None
    out.append(text.replace("\0", "%%"))
    return out[0] if ok else None


class Converter:
    def __init__(self, project, output, dialects, protocol, force=False):
        self.project, self.output = project, os.path.abspath(output)
        self.dialects = dialects or project.default_dialects()
        self.proto, self.force = protocol, force
        self.env = project.env_options(self.dialects[0])
        self.renderer = OfflineRenderer(self.env)

    def run(self):
        self.check_output()
        names = self.project.location_names()
        self.proto.emit("dialects", ",".join(self.dialects))
        for loc, name in names.items():
            os.makedirs(os.path.join(self.output, name), exist_ok=True)
        self.write_config(names)
        for rev in self.project.revisions:
            self.convert_revision(rev, names)

    def check_output(self):
        if os.path.isdir(self.output) and os.listdir(self.output) and not self.force:
            raise ProjectError("%s is not empty (use --force to write into it)" % self.output)
        if os.path.exists(self.output) and not os.path.isdir(self.output):
            raise ProjectError("%s is not a directory" % self.output)
        os.makedirs(self.output, exist_ok=True)

    def write_config(self, names):
        env = self.env
        table = env.get("version_table", "alembic_version")
        schema = env.get("version_table_schema")
        per_migration = bool(env.get("transaction_per_migration", False))
        tmpl = luamig_file_template(self.project.script.file_template)
        lines = [
            "-- luamig project converted from the Alembic project %s" % os.path.relpath(
                self.project.ini, self.output),
            "-- by `luamig convert alembic`. Revision ids, parents, branch labels and",
            "-- dependencies are Alembic's, and the version table is the one Alembic used,",
            "-- so databases Alembic migrated continue where they are.",
            "--",
            "-- The database URL is left to you: set DATABASE_URL, pass --url, or set",
            "-- database_url here (with no URL luamig uses sqlite:///luamig.db).",
            "",
            "version_locations = %s" % lua.strings(names.values()),
            "version_table = %s" % lua.string(table),
        ]
        if schema:
            lines.append("version_table_schema = %s" % lua.string(schema))
        if tmpl is not None:
            lines.append("file_template = %s" % lua.string(tmpl))
        else:
            lines.append("-- Alembic's file_template %r has no luamig spelling; luamig's "
                         "default is used." % self.project.script.file_template)
        lines += [
            "-- Alembic's env.py %s transaction_per_migration: %s." % (
                "sets" if "transaction_per_migration" in env else "leaves the default for",
                "one transaction per migration" if per_migration else
                "the whole run in one transaction"),
            "transaction_per_migration = %s" % ("true" if per_migration else "false"),
            "",
        ]
        path = os.path.join(self.output, "luamig.lua")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        self.proto.emit("config", path)

    def convert_revision(self, rev, names):
        src_path = rev.path
        loc = os.path.dirname(os.path.abspath(src_path))
        stem = os.path.splitext(os.path.basename(src_path))[0]
        if stem[:1] in "._":
            stem = "r" + stem  # luamig skips names that start with '.' or '_'
        dest = os.path.join(self.output, names.get(loc, os.path.basename(loc)), stem + ".lua")
        results = {}
        if src_path.endswith(".py"):
            source = Source(src_path, rev.module)
            translator = FunctionTranslator(source, self.renderer, self.dialects)
            for fname in ("upgrade", "downgrade"):
                results[fname] = translator.translate(fname)
        else:
            from .translate import Result
            for fname in ("upgrade", "downgrade"):
                results[fname] = Result(HUMAN, [
                    "  -- TODO(convert): %s has no Python source to translate" % src_path,
                    '  error("TODO(convert): not converted")'], ["no source file"])
        with open(dest, "w", encoding="utf-8") as f:
            f.write(self.revision_text(rev, src_path, results))
        up, down = results["upgrade"], results["downgrade"]
        self.proto.emit("revision", rev.revision, os.path.relpath(src_path, self.project.root),
                        os.path.relpath(dest, self.output), rev.doc,
                        up.kind, "; ".join(up.reasons), down.kind, "; ".join(down.reasons))

    def revision_text(self, rev, src_path, results):
        doc = rev.longdoc or rev.doc or ""
        out = lua.comment_lines(doc, "") if doc else ["-- (no message)"]
        rel = os.path.relpath(src_path, self.project.root)
        words = ", ".join("%s: %s" % (f, KIND_WORDS[r.kind]) for f, r in results.items())
        out += ["--", "-- Converted from %s by `luamig convert alembic` (%s)." % (rel, words), ""]
        out.append("revision = %s" % lua.string(rev.revision))
        out.append("down_revision = %s" % _ids(rev.down_revision))
        labels = list(rev._orig_branch_labels)
        if labels:
            out.append("branch_labels = %s" % lua.strings(labels))
        if rev.dependencies:
            out.append("depends_on = %s" % _ids(rev.dependencies, always_table=True))
        for fname in ("upgrade", "downgrade"):
            out += ["", "function %s(op)" % fname] + results[fname].lines + ["end"]
        return "\n".join(out) + "\n"


def _ids(value, always_table=False):
    if value is None:
        return "nil"
    if isinstance(value, str):
        return lua.strings([value]) if always_table else lua.string(value)
    return lua.strings(list(value))
