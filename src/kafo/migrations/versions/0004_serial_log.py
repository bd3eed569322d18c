"""serial log: the serial index moves to memory

Revision ID: 0004_serial_log
Revises: 0003_registry
Create Date: 2026-11-29 07:20:00

The segment table gives way to each process's in-memory index
(kafo.services.checks.catalogue), kept in step through ``serial_changes``.
The reversed skeletons are no longer needed (suffixes are searched in
memory).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_serial_log"
down_revision: str | None = "0003_registry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SOURCE = sa.Enum("r", "f", name="serialsource", native_enum=False, length=40)
_SERIAL_TEXT = sa.String(length=80).with_variant(sa.String(length=80, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "serial_changes",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("source", _SOURCE, nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("txid", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_serial_changes")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_serial_changes_txid",
        "serial_changes",
        ["txid"],
        unique=False,
        postgresql_where=sa.text("txid IS NOT NULL"),
        sqlite_where=sa.text("txid IS NOT NULL"),
    )
    op.drop_table("serial_segments")
    for table in ("registry_records", "firearms"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_serial_reversed"))
            batch_op.drop_column("serial_reversed")


def downgrade() -> None:
    from kafo.matching.serial_search import index_keys

    for table in ("registry_records", "firearms"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("serial_reversed", _SERIAL_TEXT, nullable=True))
            batch_op.create_index(
                batch_op.f(f"ix_{table}_serial_reversed"), ["serial_reversed"], unique=False
            )
    op.create_table(
        "serial_segments",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("source", _SOURCE, nullable=False),
        sa.Column("skeleton", _SERIAL_TEXT, nullable=False),
        sa.PrimaryKeyConstraint("key", "item_id", name=op.f("pk_serial_segments")),
        sqlite_with_rowid=False,
    )
    bind = op.get_bind()
    segments = sa.table(
        "serial_segments",
        sa.column("key", sa.BigInteger()),
        sa.column("item_id", sa.Uuid()),
        sa.column("source", sa.String()),
        sa.column("skeleton", sa.String()),
    )
    for table, source in (("registry_records", "r"), ("firearms", "f")):
        t = sa.table(
            table,
            sa.column("id", sa.Uuid()),
            sa.column("serial_skeleton", sa.String()),
            sa.column("serial_reversed", sa.String()),
        )
        rows = bind.execute(
            sa.select(t.c.id, t.c.serial_skeleton).where(t.c.serial_skeleton.is_not(None))
        ).all()
        if rows:
            bind.execute(
                t.update()
                .where(t.c.id == sa.bindparam("_id"))
                .values(serial_reversed=sa.bindparam("_reversed")),
                [{"_id": item_id, "_reversed": skel[::-1]} for item_id, skel in rows],
            )
        keys = [
            {"key": k, "item_id": item_id, "source": source, "skeleton": skel}
            for item_id, skel in rows
            for k in dict.fromkeys(index_keys(skel))
        ]
        if keys:
            bind.execute(segments.insert(), keys)
    op.drop_index("ix_serial_changes_txid", table_name="serial_changes")
    op.drop_table("serial_changes")
