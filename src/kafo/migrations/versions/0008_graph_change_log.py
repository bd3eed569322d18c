"""graph change log: the link graph is kept current by applying changes

Revision ID: 0008_graph_change_log
Revises: 0007_graph_freshness
Create Date: 2026-11-29 14:33:37

Every change to a record the link graph is made of appends a row to
``graph_changes`` in the same transaction; each process's graph applies
the rows it has not seen instead of reading every record again
(kafo.services.network.views, kafo.services.changelog). The indexes on
``updated_at`` that 0007 added for the freshness check the log replaces
are dropped.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_graph_change_log"
down_revision: str | None = "0007_graph_freshness"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables whose updated_at 0007 indexed.
_STAMPED = ("cases", "persons", "seizures", "vehicles", "watchlists")


def upgrade() -> None:
    op.create_table(
        "graph_changes",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=True),
        sa.Column("txid", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_graph_changes")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("graph_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_graph_changes_txid",
            ["txid"],
            unique=False,
            postgresql_where=sa.text("txid IS NOT NULL"),
            sqlite_where=sa.text("txid IS NOT NULL"),
        )
    for table in _STAMPED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_updated_at")


def downgrade() -> None:
    for table in _STAMPED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_updated_at", ["updated_at"], unique=False)

    with op.batch_alter_table("graph_changes", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_graph_changes_txid",
            postgresql_where=sa.text("txid IS NOT NULL"),
            sqlite_where=sa.text("txid IS NOT NULL"),
        )

    op.drop_table("graph_changes")
