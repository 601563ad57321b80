# SPDX-License-Identifier: MIT
"""Alembic's own offline SQL (`alembic upgrade --sql`) for one function or one
operation, per dialect, as a list of statements."""

import io

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext

# configure() options of env.py that change what Alembic renders.
_KEPT_OPTS = ("target_metadata", "render_as_batch", "version_table",
              "version_table_schema", "include_schemas", "transactional_ddl")


class RenderError(Exception):
    pass


class OfflineRenderer:
    """Renders with a MigrationContext in `as_sql` mode, configured like the
    project's env.py (its target_metadata gives the naming convention)."""

    def __init__(self, env_opts):
        self.env_opts = {k: v for k, v in env_opts.items() if k in _KEPT_OPTS}

    def context(self, dialect_name, buf=None):
        opts = dict(self.env_opts)
        opts.update(as_sql=True, literal_binds=True, output_buffer=buf or io.StringIO())
        return MigrationContext.configure(dialect_name=dialect_name, opts=opts,
                                          dialect_opts={"paramstyle": "named"})

    def _capturing(self, dialect_name):
        ctx = self.context(dialect_name)
        statements = []
        term = ctx.impl.command_terminator

        def capture(text):
            if term and text.endswith(term):
                text = text[: -len(term)]
            statements.append(text.strip())

        ctx.impl.static_output = capture
        return ctx, statements

    def render_function(self, fn, dialect_name):
        """Runs `fn` (a revision's upgrade or downgrade) offline."""
        ctx, statements = self._capturing(dialect_name)
        try:
            with Operations.context(ctx):
                fn()
        except Exception as e:  # noqa: BLE001 - any failure means "cannot render"
            raise RenderError(_describe(e))
        return statements

    def render_operation(self, operation, dialect_name):
        """Invokes one recorded MigrateOperation offline."""
        ctx, statements = self._capturing(dialect_name)
        try:
            table = getattr(operation, "_luamig_table", None)
            if table is not None:  # a recorded create_table: its Table exists
                ctx.impl.create_table(table)
            else:
                Operations(ctx).invoke(operation)
        except Exception as e:  # noqa: BLE001
            raise RenderError(_describe(e))
        return statements

    def render_batch(self, batch, dialect_name):
        """Runs a recorded batch_alter_table block offline."""
        ctx, statements = self._capturing(dialect_name)
        try:
            operations = Operations(ctx)
            with operations.batch_alter_table(batch.table_name, **batch.kwargs) as real:
                for operation in batch.recorded:
                    real.invoke(operation)
        except Exception as e:  # noqa: BLE001
            raise RenderError(_describe(e))
        return statements


def _describe(e):
    text = str(e).strip().splitlines()
    first = text[0] if text else ""
    return "%s%s" % (type(e).__name__, ": " + first if first else "")
