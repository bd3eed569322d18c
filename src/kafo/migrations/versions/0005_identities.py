"""identities: watchlists, screening alerts, identity links and judgements

Revision ID: 0005_identities
Revises: 0004_serial_log
Create Date: 2026-11-29 09:26:31

Watchlists (the UN Security Council Consolidated List, national wanted
lists), their entries with an append-only history of what each import
found, and the alerts that screening recorded persons raises; proposed
links between person records and the analysts' judgements on them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kafo.db

revision: str = "0005_identities"
down_revision: str | None = "0004_serial_log"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watchlists",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "un_security_council",
                "wanted",
                "other",
                name="watchlistkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("generated", sa.String(length=40), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_country", sa.String(length=2), nullable=False),
        sa.Column(
            "sharing",
            sa.Enum(
                "national", "operation", "partners", name="sharing", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column(
            "handling_code",
            sa.Enum("H1", "H2", "H3", name="handlingcode", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("handling_note", sa.String(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("operation_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_watchlists_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"], ["operations.id"], name=op.f("fk_watchlists_operation_id_operations")
        ),
        sa.ForeignKeyConstraint(
            ["owner_country"],
            ["countries.code"],
            name=op.f("fk_watchlists_owner_country_countries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlists")),
        sa.UniqueConstraint("owner_country", "name", name=op.f("uq_watchlists_owner_country")),
    )
    with op.batch_alter_table("watchlists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watchlists_operation_id"), ["operation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_watchlists_owner_country"), ["owner_country"], unique=False
        )

    op.create_table(
        "watchlist_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("watchlist_id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column(
            "subject",
            sa.Enum("individual", "entity", name="listedsubject", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("list_type", sa.String(length=80), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "status",
            sa.Enum("listed", "delisted", name="entrystatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("listed_on", sa.Date(), nullable=True),
        sa.Column("delisted_at", kafo.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["watchlist_id"],
            ["watchlists.id"],
            name=op.f("fk_watchlist_entries_watchlist_id_watchlists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_entries")),
        sa.UniqueConstraint(
            "watchlist_id", "reference", name=op.f("uq_watchlist_entries_watchlist_id")
        ),
    )
    with op.batch_alter_table("watchlist_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watchlist_entries_watchlist_id"), ["watchlist_id"], unique=False
        )

    op.create_table(
        "watchlist_imports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("watchlist_id", sa.Uuid(), nullable=False),
        sa.Column("imported_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("generated", sa.String(length=40), nullable=True),
        sa.Column("listed", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("delisted", sa.Integer(), nullable=False),
        sa.Column("relisted", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["users.id"], name=op.f("fk_watchlist_imports_imported_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["watchlist_id"],
            ["watchlists.id"],
            name=op.f("fk_watchlist_imports_watchlist_id_watchlists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_imports")),
    )
    with op.batch_alter_table("watchlist_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watchlist_imports_watchlist_id"), ["watchlist_id"], unique=False
        )

    op.create_table(
        "screening_alerts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("matched_name", sa.String(length=300), nullable=False),
        sa.Column("quality", sa.String(length=10), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("created_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kafo.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["watchlist_entries.id"],
            name=op.f("fk_screening_alerts_entry_id_watchlist_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_screening_alerts_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_alerts")),
        sa.UniqueConstraint("person_id", "entry_id", name=op.f("uq_screening_alerts_person_id")),
    )
    with op.batch_alter_table("screening_alerts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_alerts_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_screening_alerts_entry_id"), ["entry_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_screening_alerts_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "watchlist_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("import_id", sa.Uuid(), nullable=False),
        sa.Column(
            "change",
            sa.Enum(
                "listed",
                "updated",
                "delisted",
                "relisted",
                name="entrychange",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("content", sa.JSON(), nullable=True),
        sa.Column("at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["watchlist_entries.id"],
            name=op.f("fk_watchlist_changes_entry_id_watchlist_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["watchlist_imports.id"],
            name=op.f("fk_watchlist_changes_import_id_watchlist_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_changes")),
    )
    with op.batch_alter_table("watchlist_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watchlist_changes_entry_id"), ["entry_id"], unique=False
        )

    op.create_table(
        "identity_links",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_a", sa.Uuid(), nullable=False),
        sa.Column("person_b", sa.Uuid(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("corroborated", sa.Boolean(), nullable=False),
        sa.Column("found_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_a"],
            ["persons.id"],
            name=op.f("fk_identity_links_person_a_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_b"],
            ["persons.id"],
            name=op.f("fk_identity_links_person_b_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_links")),
        sa.UniqueConstraint("person_a", "person_b", name=op.f("uq_identity_links_person_a")),
    )
    with op.batch_alter_table("identity_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_links_person_b"), ["person_b"], unique=False)

    op.create_table(
        "identity_judgements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_a", sa.Uuid(), nullable=False),
        sa.Column("person_b", sa.Uuid(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "same", "different", "withdrawn", name="judgement", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("user_country", sa.String(length=2), nullable=True),
        sa.Column("at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_a"], ["persons.id"], name=op.f("fk_identity_judgements_person_a_persons")
        ),
        sa.ForeignKeyConstraint(
            ["person_b"], ["persons.id"], name=op.f("fk_identity_judgements_person_b_persons")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_identity_judgements_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_judgements")),
    )
    with op.batch_alter_table("identity_judgements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_judgements_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_identity_judgements_person_a"), ["person_a"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_identity_judgements_person_b"), ["person_b"], unique=False
        )
    op.create_table(
        "person_keys",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_person_keys_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "key", name=op.f("pk_person_keys")),
    )
    with op.batch_alter_table("person_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_keys_key"), ["key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("person_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_keys_key"))
    op.drop_table("person_keys")
    with op.batch_alter_table("identity_judgements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_judgements_person_b"))
        batch_op.drop_index(batch_op.f("ix_identity_judgements_person_a"))
        batch_op.drop_index(batch_op.f("ix_identity_judgements_at"))
    op.drop_table("identity_judgements")
    with op.batch_alter_table("identity_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_links_person_b"))
    op.drop_table("identity_links")
    with op.batch_alter_table("watchlist_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_changes_entry_id"))

    op.drop_table("watchlist_changes")
    with op.batch_alter_table("screening_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_alerts_person_id"))
        batch_op.drop_index(batch_op.f("ix_screening_alerts_entry_id"))
        batch_op.drop_index(batch_op.f("ix_screening_alerts_created_at"))

    op.drop_table("screening_alerts")
    with op.batch_alter_table("watchlist_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_imports_watchlist_id"))

    op.drop_table("watchlist_imports")
    with op.batch_alter_table("watchlist_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_entries_watchlist_id"))

    op.drop_table("watchlist_entries")
    with op.batch_alter_table("watchlists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlists_owner_country"))
        batch_op.drop_index(batch_op.f("ix_watchlists_operation_id"))

    op.drop_table("watchlists")
