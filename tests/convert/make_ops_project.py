#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A small hand-written Alembic project that uses the op calls the generated
application project does not (make_alembic_project.py), for one dialect:

    make_ops_project.py OUT_DIR sqlite|postgresql

It is `alembic init` plus revisions written as people write them: every
alter_column option, partial and expression indexes, constraints added and
dropped outside create_table, table comments, SQLAlchemy expressions in
op.execute, bulk_insert of dates, a helper function, a branch on offline
mode. EXPECTED maps each revision to the translation `luamig convert` must
report for its upgrade and downgrade.
"""

import contextlib
import io
import os
import re
import sys
import textwrap

from alembic import command
from alembic.config import Config

HEADER = '''"""%(message)s

Revision ID: %(rev)s
Revises: %(down)s
Create Date: 2026-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa
%(imports)s

revision = %(rev)r
down_revision = %(down_py)s
branch_labels = None
depends_on = None
%(extra)s

def upgrade():
%(upgrade)s


def downgrade():
%(downgrade)s
'''

POSTGRESQL = [
    ("p01", "accounts", "from sqlalchemy.dialects import postgresql", "", '''
        op.create_table(
            "accounts",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("email", sa.String(120), nullable=True, unique=True),
            sa.Column("status", sa.Enum("new", "active", name="account_status"), nullable=False),
            sa.Column("balance", sa.Numeric(12, 2), server_default="0", nullable=False),
            sa.Column("created", sa.DateTime(timezone=True), server_default=sa.func.now()),
            sa.Column("note", sa.Text(), comment="free text"),
            sa.Column("data", postgresql.JSONB()),
            sa.Column("tags", postgresql.ARRAY(sa.Text())),
            sa.Column("token", postgresql.UUID()),
            sa.CheckConstraint("balance >= 0", name="ck_balance"),
            sa.Index("ix_accounts_lower_email", sa.text("lower(email)")),
        )
    ''', '''
        op.drop_table("accounts")
        op.execute("DROP TYPE account_status")
    ''', ("exact", "exact")),
    ("p02", "alter every column option", "", "", '''
        op.alter_column("accounts", "balance", type_=sa.Numeric(14, 2),
                        existing_type=sa.Numeric(12, 2),
                        postgresql_using="balance::numeric(14, 2)")
        op.alter_column("accounts", "note", new_column_name="notes", comment="notes",
                        existing_comment="free text")
        op.alter_column("accounts", "email", nullable=False, existing_nullable=True)
        op.alter_column("accounts", "status", server_default="new")
        op.alter_column("accounts", "created", server_default=None)
    ''', '''
        op.alter_column("accounts", "created", server_default=sa.func.now())
        op.alter_column("accounts", "status", server_default=None)
        op.alter_column("accounts", "email", nullable=True)
        op.alter_column("accounts", "notes", new_column_name="note", comment="free text")
        op.alter_column("accounts", "balance", type_=sa.Numeric(12, 2))
    ''', ("exact", "exact")),
    ("p03", "partial and sorted indexes", "", "", '''
        op.create_index("ix_active", "accounts", ["email"], unique=True,
                        postgresql_where=sa.text("status = 'active'"))
        op.create_index("ix_created", "accounts", [sa.text("created DESC")])
    ''', '''
        op.drop_index("ix_created", table_name="accounts")
        op.drop_index("ix_active", table_name="accounts")
    ''', ("sql", "exact")),
    ("p04", "ledger and its constraints", "", "", '''
        op.create_table(
            "ledger",
            sa.Column("id", sa.BigInteger(), primary_key=True),
            sa.Column("account_id", sa.Integer(), nullable=False),
            sa.Column("ref", sa.String(40)),
            sa.Column("amount", sa.Numeric(14, 2), nullable=False),
            sa.Column("at", sa.Date()),
        )
        op.create_foreign_key("fk_ledger_account", "ledger", "accounts", ["account_id"], ["id"],
                              ondelete="RESTRICT", onupdate="CASCADE")
        op.create_unique_constraint("uq_ledger_ref", "ledger", ["ref"])
        op.create_check_constraint("ck_amount", "ledger", sa.column("amount") != 0)
        op.create_index("ix_ledger_account_at", "ledger", ["account_id", "at"])
    ''', '''
        op.drop_index("ix_ledger_account_at", table_name="ledger")
        op.drop_constraint("ck_amount", "ledger", type_="check")
        op.drop_constraint("uq_ledger_ref", "ledger", type_="unique")
        op.drop_constraint("fk_ledger_account", "ledger", type_="foreignkey")
        op.drop_table("ledger")
    ''', ("exact", "exact")),
    ("p05", "data in SQLAlchemy expressions", "import datetime", '''
accounts = sa.table("accounts", sa.column("id", sa.Integer), sa.column("email", sa.String),
                    sa.column("status", sa.String), sa.column("notes", sa.Text),
                    sa.column("balance", sa.Numeric))
ledger = sa.table("ledger", sa.column("id", sa.BigInteger), sa.column("account_id", sa.Integer),
                  sa.column("ref", sa.String), sa.column("amount", sa.Numeric),
                  sa.column("at", sa.Date))
''', '''
        op.bulk_insert(accounts, [{"id": 1, "email": "a@x", "status": "new", "notes": None,
                                   "balance": 10}])
        op.bulk_insert(ledger, [{"id": 1, "account_id": 1, "ref": "r1", "amount": 5,
                                 "at": datetime.date(2026, 1, 2)}])
        op.execute(accounts.update().where(accounts.c.id == 1)
                   .values(status=op.inline_literal("active")))
        op.execute(sa.text("UPDATE accounts SET notes = :n WHERE id = :i")
                   .bindparams(n="it's", i=1))
    ''', '''
        op.execute(ledger.delete())
        op.execute("DELETE FROM accounts")
    ''', ("sql", "sql")),
    ("p06", "comment and rename", "", "", '''
        op.create_table_comment("accounts", "customer accounts")
        op.rename_table("ledger", "ledger_entries")
    ''', '''
        op.rename_table("ledger_entries", "ledger")
        op.drop_table_comment("accounts", existing_comment="customer accounts")
    ''', ("sql", "sql")),
    ("p07", "audit columns from a helper", "", '''
def _audit_columns(table):
    op.add_column(table, sa.Column("changed_by", sa.String(40)))
    op.add_column(table, sa.Column("changed_at", sa.DateTime()))
''', '''
        _audit_columns("accounts")
    ''', '''
        op.drop_column("accounts", "changed_at")
        op.drop_column("accounts", "changed_by")
    ''', ("sql", "exact")),
    ("p08", "data only online", "from alembic import context", "", '''
        if not context.is_offline_mode():
            op.execute("UPDATE accounts SET balance = balance + 1")
    ''', '''
        pass
    ''', ("human", "exact")),
    ("p09", "batch on postgresql", "", "", '''
        with op.batch_alter_table("accounts") as batch_op:
            batch_op.alter_column("email", type_=sa.String(200), existing_type=sa.String(120))
            batch_op.add_column(sa.Column("level", sa.Integer(), server_default=sa.text("5")))
            batch_op.drop_column("data")
    ''', '''
        with op.batch_alter_table("accounts") as batch_op:
            batch_op.add_column(sa.Column("data", sa.dialects.postgresql.JSONB()))
            batch_op.drop_column("level")
            batch_op.alter_column("email", type_=sa.String(120))
    ''', ("exact", "exact")),
    ("p10", "enum value outside the transaction", "", "", '''
        with op.get_context().autocommit_block():
            op.execute("ALTER TYPE account_status ADD VALUE 'closed'")
    ''', '''
        pass
    ''', ("sql", "exact")),
]

SQLITE = [
    ("s01", "create with everything", "", "", '''
        op.create_table(
            "items",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("code", sa.String(20), nullable=False),
            sa.Column("qty", sa.String(10), server_default="1"),
            sa.Column("price", sa.Numeric(8, 2)),
            sa.Column("added", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP")),
            sa.Column("flag", sa.Boolean(), nullable=False, server_default=sa.false()),
            sa.UniqueConstraint("code", name="uq_items_code"),
            sa.CheckConstraint("length(code) > 0", name="ck_code"),
        )
        op.create_table(
            "moves",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("item_id", sa.Integer(), sa.ForeignKey("items.id", name="fk_moves_item",
                                                             ondelete="CASCADE")),
            sa.Column("delta", sa.Integer(), nullable=False),
        )
        op.create_index("ix_items_flagged", "items", ["code"], sqlite_where=sa.text("flag"))
        op.create_index("ix_moves_item", "moves", ["item_id"])
    ''', '''
        op.drop_index("ix_moves_item", table_name="moves")
        op.drop_index("ix_items_flagged", table_name="items")
        op.drop_table("moves")
        op.drop_table("items")
    ''', ("exact", "exact")),
    ("s02", "seed", "", '''
items = sa.table("items", sa.column("id", sa.Integer), sa.column("code", sa.String),
                 sa.column("qty", sa.String), sa.column("flag", sa.Boolean))
''', '''
        op.bulk_insert(items, [{"id": 1, "code": "a", "qty": "3", "flag": True},
                               {"id": 2, "code": "b", "qty": "x", "flag": False}])
        op.execute("INSERT INTO moves (item_id, delta) VALUES (1, 5), (2, -1)")
    ''', '''
        op.execute("DELETE FROM moves")
        op.execute("DELETE FROM items")
    ''', ("exact", "exact")),
    ("s03", "retype, rename and reshape", "", "", '''
        with op.batch_alter_table("items") as batch_op:
            batch_op.alter_column("qty", type_=sa.Integer(), existing_type=sa.String(10),
                                  server_default=sa.text("0"))
            batch_op.alter_column("price", new_column_name="unit_price")
            batch_op.drop_constraint("ck_code", type_="check")
            batch_op.add_column(sa.Column("note", sa.Text()))
            batch_op.create_index("ix_items_note", ["note"])
    ''', '''
        with op.batch_alter_table("items") as batch_op:
            batch_op.drop_index("ix_items_note")
            batch_op.drop_column("note")
            batch_op.create_check_constraint("ck_code", "length(code) > 0")
            batch_op.alter_column("unit_price", new_column_name="price")
            batch_op.alter_column("qty", type_=sa.String(10), existing_type=sa.Integer(),
                                  server_default="1")
    ''', ("exact", "exact")),
    ("s04", "foreign key swap", "", "", '''
        with op.batch_alter_table("moves") as batch_op:
            batch_op.drop_constraint("fk_moves_item", type_="foreignkey")
            batch_op.create_foreign_key("fk_moves_item_restrict", "items", ["item_id"], ["id"],
                                        ondelete="RESTRICT")
            batch_op.create_unique_constraint("uq_moves_item_delta", ["item_id", "delta"])
    ''', '''
        with op.batch_alter_table("moves") as batch_op:
            batch_op.drop_constraint("uq_moves_item_delta", type_="unique")
            batch_op.drop_constraint("fk_moves_item_restrict", type_="foreignkey")
            batch_op.create_foreign_key("fk_moves_item", "items", ["item_id"], ["id"],
                                        ondelete="CASCADE")
    ''', ("exact", "exact")),
    ("s05", "rename and drop", "", "", '''
        op.rename_table("moves", "stock_moves")
        op.drop_index("ix_items_flagged", table_name="items")
        with op.batch_alter_table("items") as batch_op:
            batch_op.drop_column("flag")
    ''', '''
        with op.batch_alter_table("items") as batch_op:
            batch_op.add_column(sa.Column("flag", sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
        op.create_index("ix_items_flagged", "items", ["code"], sqlite_where=sa.text("flag"))
        op.rename_table("stock_moves", "moves")
    ''', ("exact", "exact")),
]

EXPECTED = {d: {rev: kinds for rev, _, _, _, _, _, kinds in revs}
            for d, revs in (("postgresql", POSTGRESQL), ("sqlite", SQLITE))}


def body(text):
    return textwrap.indent(textwrap.dedent(text).strip("\n"), "    ")


def build(out, dialect):
    os.makedirs(out)
    cwd = os.getcwd()
    os.chdir(out)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            command.init(Config("alembic.ini"), "alembic", template="generic")
    finally:
        os.chdir(cwd)
    ini = os.path.join(out, "alembic.ini")
    text = open(ini).read()
    text = re.sub(r"(?m)^sqlalchemy.url = .*$", "sqlalchemy.url = %s://" % dialect, text)
    open(ini, "w").write(text)
    revs = POSTGRESQL if dialect == "postgresql" else SQLITE
    down = None
    for rev, message, imports, extra, up, dn, _ in revs:
        path = os.path.join(out, "alembic", "versions", "%s_%s.py" % (
            rev, re.sub(r"\W+", "_", message)))
        with open(path, "w") as f:
            f.write(HEADER % {"message": message, "rev": rev, "down": down or "",
                              "down_py": repr(down), "imports": imports, "extra": extra,
                              "upgrade": body(up), "downgrade": body(dn)})
        down = rev


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2])
