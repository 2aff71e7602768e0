"""Every record kind has a version and an update time; region and parent columns are indexed.

Revision ID: public_services_0002
Revises: public_services_0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "public_services_0002"
down_revision = "public_services_0001"
branch_labels = None
depends_on = None

_ADDED = ("public_services_staff", "public_services_subsidy", "public_services_acceptance")


def upgrade() -> None:
    for table in _ADDED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
            batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        op.execute(f"UPDATE {table} SET updated_at = created_at")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("version", server_default=None)
            batch.alter_column(
                "updated_at", existing_type=sa.DateTime(timezone=True), nullable=False
            )
    op.drop_index("ix_public_services_staff_station", table_name="public_services_staff")
    op.drop_index("ix_public_services_subsidy_county", table_name="public_services_subsidy")
    for table, column in (
        ("public_services_station", "village_code"),
        ("public_services_staff", "station_id"),
        ("public_services_subsidy", "county_code"),
        ("public_services_acceptance", "region_code"),
    ):
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in (
        ("public_services_station", "village_code"),
        ("public_services_staff", "station_id"),
        ("public_services_subsidy", "county_code"),
        ("public_services_acceptance", "region_code"),
    ):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
    op.create_index("ix_public_services_subsidy_county", "public_services_subsidy", ["county_code"])
    op.create_index("ix_public_services_staff_station", "public_services_staff", ["station_id"])
    for table in _ADDED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("updated_at")
            batch.drop_column("version")
