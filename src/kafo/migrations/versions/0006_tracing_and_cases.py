"""tracing and cases: ITI trace requests, firearm life events and findings, case files

Revision ID: 0006_tracing_and_cases
Revises: 0005_identities
Create Date: 2026-11-29 12:20:00

Trace requests with their append-only events; what traces establish about a
firearm (life events, SDG 16.4.2 findings); case files with suspects,
exhibits and their append-only chain of custody, investigation steps,
charges, hearings and status events.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kafo.db

revision: str = "0006_tracing_and_cases"
down_revision: str | None = "0005_identities"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "investigation",
                "prosecution",
                "judged",
                "dismissed",
                "closed",
                name="casestatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("lead_unit", sa.String(length=40), nullable=False),
        sa.Column("prosecutor", sa.String(length=200), nullable=True),
        sa.Column("court", sa.String(length=200), nullable=True),
        sa.Column("closed_at", kafo.db.UTCDateTime(timezone=True), nullable=True),
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
            ["created_by"], ["users.id"], name=op.f("fk_cases_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["lead_unit"], ["units.code"], name=op.f("fk_cases_lead_unit_units")
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"], ["operations.id"], name=op.f("fk_cases_operation_id_operations")
        ),
        sa.ForeignKeyConstraint(
            ["owner_country"], ["countries.code"], name=op.f("fk_cases_owner_country_countries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("owner_country", "reference", name=op.f("uq_cases_owner_country")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_operation_id"), ["operation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_owner_country"), ["owner_country"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_status"), ["status"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "open",
                "investigation",
                "prosecution",
                "judged",
                "dismissed",
                "closed",
                name="casestatus",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "open",
                "investigation",
                "prosecution",
                "judged",
                "dismissed",
                "closed",
                name="casestatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_case_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_events_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_seizures",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("seizure_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_seizures_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seizure_id"], ["seizures.id"], name=op.f("fk_case_seizures_seizure_id_seizures")
        ),
        sa.PrimaryKeyConstraint("case_id", "seizure_id", name=op.f("pk_case_seizures")),
    )
    with op.batch_alter_table("case_seizures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_seizures_seizure_id"), ["seizure_id"], unique=False
        )

    op.create_table(
        "case_suspects",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "organiser",
                "supplier",
                "buyer",
                "courier",
                "facilitator",
                "financier",
                "accomplice",
                "other",
                name="suspectrole",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("added_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_suspects_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_case_suspects_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_suspects")),
        sa.UniqueConstraint("case_id", "person_id", name=op.f("uq_case_suspects_case_id")),
    )
    with op.batch_alter_table("case_suspects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_suspects_person_id"), ["person_id"], unique=False)

    op.create_table(
        "exhibits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("seal_number", sa.String(length=60), nullable=False),
        sa.Column(
            "item_kind",
            sa.Enum(
                "firearm",
                "ammunition",
                "explosive",
                "commodity",
                name="exhibitkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("seizure_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("added_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_exhibits_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["seizure_id"], ["seizures.id"], name=op.f("fk_exhibits_seizure_id_seizures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibits")),
        sa.UniqueConstraint("case_id", "item_kind", "item_id", name=op.f("uq_exhibits_item")),
        sa.UniqueConstraint("case_id", "seal_number", name=op.f("uq_exhibits_seal_number")),
    )
    with op.batch_alter_table("exhibits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exhibits_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exhibits_seizure_id"), ["seizure_id"], unique=False)

    op.create_table(
        "hearings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("court", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_hearings_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearings")),
    )
    op.create_table(
        "investigation_steps",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "interview",
                "search",
                "forensic_examination",
                "marking_examination",
                "record_check",
                "trace_request",
                "arrest",
                "mutual_legal_assistance",
                "other",
                name="stepkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("recorded_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_investigation_steps_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_investigation_steps_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_investigation_steps")),
    )
    op.create_table(
        "charges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("suspect_id", sa.Uuid(), nullable=False),
        sa.Column("offence", sa.String(length=300), nullable=False),
        sa.Column("legal_reference", sa.String(length=200), nullable=True),
        sa.Column("charged_on", sa.Date(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "pending",
                "convicted",
                "acquitted",
                "dismissed",
                name="chargeoutcome",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("sentence", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_charges_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["suspect_id"], ["case_suspects.id"], name=op.f("fk_charges_suspect_id_case_suspects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charges")),
    )
    with op.batch_alter_table("charges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_charges_suspect_id"), ["suspect_id"], unique=False)

    op.create_table(
        "custody_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("exhibit_id", sa.Uuid(), nullable=False),
        sa.Column("held_from", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("holder_unit", sa.String(length=40), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "seizure",
                "storage",
                "transfer",
                "examination",
                "court",
                "returned",
                "destroyed",
                name="custodypurpose",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("recorded_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["exhibit_id"], ["exhibits.id"], name=op.f("fk_custody_entries_exhibit_id_exhibits")
        ),
        sa.ForeignKeyConstraint(
            ["holder_unit"], ["units.code"], name=op.f("fk_custody_entries_holder_unit_units")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_custody_entries_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_entries")),
    )
    with op.batch_alter_table("custody_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_custody_entries_exhibit_id"), ["exhibit_id"], unique=False
        )

    op.create_table(
        "trace_requests",
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("firearm_id", sa.Uuid(), nullable=False),
        sa.Column("seizure_id", sa.Uuid(), nullable=False),
        sa.Column("recipient_country", sa.String(length=2), nullable=False),
        sa.Column(
            "recipient_basis",
            sa.Enum(
                "manufacture",
                "last_import",
                "other",
                name="tracerecipientbasis",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("recipient_authority", sa.String(length=200), nullable=True),
        sa.Column("requesting_authority", sa.String(length=300), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("intended_use", sa.Text(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("missing", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "sent",
                "acknowledged",
                "answered_partial",
                "answered_complete",
                "declined",
                "no_response",
                "closed",
                name="tracestatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("sent_at", kafo.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_at", kafo.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", kafo.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.Column("last_reminded_at", kafo.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", kafo.db.UTCDateTime(timezone=True), nullable=True),
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
            ["created_by"], ["users.id"], name=op.f("fk_trace_requests_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["firearm_id"], ["firearms.id"], name=op.f("fk_trace_requests_firearm_id_firearms")
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["operations.id"],
            name=op.f("fk_trace_requests_operation_id_operations"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_country"],
            ["countries.code"],
            name=op.f("fk_trace_requests_owner_country_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["recipient_country"],
            ["countries.code"],
            name=op.f("fk_trace_requests_recipient_country_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["seizure_id"], ["seizures.id"], name=op.f("fk_trace_requests_seizure_id_seizures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_requests")),
        sa.UniqueConstraint(
            "owner_country", "reference", name=op.f("uq_trace_requests_owner_country")
        ),
    )
    with op.batch_alter_table("trace_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trace_requests_due_on"), ["due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_trace_requests_firearm_id"), ["firearm_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_trace_requests_operation_id"), ["operation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_trace_requests_owner_country"), ["owner_country"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_trace_requests_recipient_country"), ["recipient_country"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_trace_requests_seizure_id"), ["seizure_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_trace_requests_status"), ["status"], unique=False)

    op.create_table(
        "case_trace_requests",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_trace_requests_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["trace_requests.id"],
            name=op.f("fk_case_trace_requests_request_id_trace_requests"),
        ),
        sa.PrimaryKeyConstraint("case_id", "request_id", name=op.f("pk_case_trace_requests")),
    )
    with op.batch_alter_table("case_trace_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_trace_requests_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "firearm_life_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("firearm_id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "manufacture",
                "export",
                "import",
                "transfer",
                "last_legal_record",
                "diversion",
                name="lifeeventkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("occurred", sa.String(length=10), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("document", sa.String(length=200), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("recorded_at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country"], ["countries.code"], name=op.f("fk_firearm_life_events_country_countries")
        ),
        sa.ForeignKeyConstraint(
            ["firearm_id"], ["firearms.id"], name=op.f("fk_firearm_life_events_firearm_id_firearms")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_firearm_life_events_recorded_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["trace_requests.id"],
            name=op.f("fk_firearm_life_events_request_id_trace_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_firearm_life_events")),
    )
    with op.batch_alter_table("firearm_life_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_firearm_life_events_firearm_id"), ["firearm_id"], unique=False
        )

    op.create_table(
        "trace_findings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("firearm_id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.Column(
            "conclusion",
            sa.Enum(
                "traced",
                "established",
                "pending",
                "insufficient_information",
                "not_attempted",
                name="traceconclusion",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("authority", sa.String(length=200), nullable=True),
        sa.Column("basis", sa.String(length=1000), nullable=True),
        sa.Column("at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["firearm_id"], ["firearms.id"], name=op.f("fk_trace_findings_firearm_id_firearms")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["trace_requests.id"],
            name=op.f("fk_trace_findings_request_id_trace_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_trace_findings_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_findings")),
    )
    with op.batch_alter_table("trace_findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trace_findings_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_trace_findings_firearm_id"), ["firearm_id"], unique=False
        )

    op.create_table(
        "trace_request_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "created",
                "sent",
                "acknowledged",
                "answered_partial",
                "answered_complete",
                "declined",
                "no_response",
                "closed",
                "reminded",
                "escalated",
                "note",
                name="traceeventkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_status",
            sa.Enum(
                "draft",
                "sent",
                "acknowledged",
                "answered_partial",
                "answered_complete",
                "declined",
                "no_response",
                "closed",
                name="tracestatus",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "draft",
                "sent",
                "acknowledged",
                "answered_partial",
                "answered_complete",
                "declined",
                "no_response",
                "closed",
                name="tracestatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("at", kafo.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("username", sa.String(length=80), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["trace_requests.id"],
            name=op.f("fk_trace_request_events_request_id_trace_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_trace_request_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trace_request_events")),
    )
    with op.batch_alter_table("trace_request_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trace_request_events_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("trace_request_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trace_request_events_request_id"))

    op.drop_table("trace_request_events")
    with op.batch_alter_table("trace_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trace_findings_firearm_id"))
        batch_op.drop_index(batch_op.f("ix_trace_findings_at"))

    op.drop_table("trace_findings")
    with op.batch_alter_table("firearm_life_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_firearm_life_events_firearm_id"))

    op.drop_table("firearm_life_events")
    with op.batch_alter_table("case_trace_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_trace_requests_request_id"))

    op.drop_table("case_trace_requests")
    with op.batch_alter_table("trace_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trace_requests_status"))
        batch_op.drop_index(batch_op.f("ix_trace_requests_seizure_id"))
        batch_op.drop_index(batch_op.f("ix_trace_requests_recipient_country"))
        batch_op.drop_index(batch_op.f("ix_trace_requests_owner_country"))
        batch_op.drop_index(batch_op.f("ix_trace_requests_operation_id"))
        batch_op.drop_index(batch_op.f("ix_trace_requests_firearm_id"))
        batch_op.drop_index(batch_op.f("ix_trace_requests_due_on"))

    op.drop_table("trace_requests")
    with op.batch_alter_table("custody_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custody_entries_exhibit_id"))

    op.drop_table("custody_entries")
    with op.batch_alter_table("charges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_charges_suspect_id"))

    op.drop_table("charges")
    op.drop_table("investigation_steps")
    op.drop_table("hearings")
    with op.batch_alter_table("exhibits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exhibits_seizure_id"))
        batch_op.drop_index(batch_op.f("ix_exhibits_item_id"))

    op.drop_table("exhibits")
    with op.batch_alter_table("case_suspects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_suspects_person_id"))

    op.drop_table("case_suspects")
    with op.batch_alter_table("case_seizures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_seizures_seizure_id"))

    op.drop_table("case_seizures")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_case_id"))

    op.drop_table("case_events")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_status"))
        batch_op.drop_index(batch_op.f("ix_cases_owner_country"))
        batch_op.drop_index(batch_op.f("ix_cases_operation_id"))

    op.drop_table("cases")
