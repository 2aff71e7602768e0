"""Record kinds: fairs and pushes take the shared job-fair and job-push fields and a version;
a post's holder column is `holder_id`; a station's site gets its index.

Revision ID: relocation_0002
Revises: relocation_0001
Create Date: 2026-12-04
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "relocation_0002"
down_revision = "relocation_0001"
branch_labels = None
depends_on = None


def _versioned(table: str) -> None:
    """Add `version` and `updated_at` (from `created_at`) to a table that had neither."""
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(f"UPDATE {table} SET updated_at = created_at")
    with op.batch_alter_table(table) as batch:
        batch.alter_column("updated_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.alter_column("version", existing_type=sa.Integer(), server_default=None)


def _cancellable(batch: Any) -> None:
    batch.add_column(
        sa.Column("cancelled", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    batch.add_column(sa.Column("cancel_reason", sa.String(length=200), nullable=True))


def upgrade() -> None:
    _versioned("relocation_job_fair")
    with op.batch_alter_table("relocation_job_fair") as batch:
        batch.add_column(sa.Column("place", sa.String(length=128), nullable=True))
        _cancellable(batch)
        batch.alter_column("title", existing_type=sa.String(length=64), type_=sa.String(length=128))
    _versioned("relocation_job_push")
    with op.batch_alter_table("relocation_job_push") as batch:
        batch.add_column(sa.Column("title", sa.String(length=128), nullable=True))
        _cancellable(batch)
        batch.alter_column(
            "channel", existing_type=sa.String(length=16), type_=sa.String(length=24)
        )
    op.drop_index("ix_relocation_site_post_holder", table_name="relocation_site_post")
    with op.batch_alter_table("relocation_site_post") as batch:
        batch.alter_column("holder_person_id", new_column_name="holder_id")
    op.create_index("ix_relocation_site_post_holder_id", "relocation_site_post", ["holder_id"])
    op.create_index(
        "ix_relocation_service_station_site_id", "relocation_service_station", ["site_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_relocation_service_station_site_id", table_name="relocation_service_station")
    op.drop_index("ix_relocation_site_post_holder_id", table_name="relocation_site_post")
    with op.batch_alter_table("relocation_site_post") as batch:
        batch.alter_column("holder_id", new_column_name="holder_person_id")
    op.create_index("ix_relocation_site_post_holder", "relocation_site_post", ["holder_person_id"])
    with op.batch_alter_table("relocation_job_push") as batch:
        for column in ("title", "cancelled", "cancel_reason", "version", "updated_at"):
            batch.drop_column(column)
        batch.alter_column(
            "channel", existing_type=sa.String(length=24), type_=sa.String(length=16)
        )
    with op.batch_alter_table("relocation_job_fair") as batch:
        for column in ("place", "cancelled", "cancel_reason", "version", "updated_at"):
            batch.drop_column(column)
        batch.alter_column("title", existing_type=sa.String(length=128), type_=sa.String(length=64))
