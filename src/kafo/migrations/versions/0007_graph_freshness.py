"""graph freshness: indexes on updated_at of the records the link graph is made of

Revision ID: 0007_graph_freshness
Revises: 0006_tracing_and_cases
Create Date: 2026-11-29 12:46:54

The link graph is kept in each process and read again only when its
records changed; the check reads the newest id and change time of
seizures, persons, vehicles, cases and watchlists, which these indexes
make a lookup instead of a scan.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_graph_freshness"
down_revision: str | None = "0006_tracing_and_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_updated_at", ["updated_at"], unique=False)

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index("ix_persons_updated_at", ["updated_at"], unique=False)

    with op.batch_alter_table("seizures", schema=None) as batch_op:
        batch_op.create_index("ix_seizures_updated_at", ["updated_at"], unique=False)

    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.create_index("ix_vehicles_updated_at", ["updated_at"], unique=False)

    with op.batch_alter_table("watchlists", schema=None) as batch_op:
        batch_op.create_index("ix_watchlists_updated_at", ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("watchlists", schema=None) as batch_op:
        batch_op.drop_index("ix_watchlists_updated_at")

    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.drop_index("ix_vehicles_updated_at")

    with op.batch_alter_table("seizures", schema=None) as batch_op:
        batch_op.drop_index("ix_seizures_updated_at")

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index("ix_persons_updated_at")

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_updated_at")
