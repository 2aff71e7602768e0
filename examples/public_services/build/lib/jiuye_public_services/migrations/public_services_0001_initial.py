"""Labour stations, their staff, placement subsidies and acceptance items.

Revision ID: public_services_0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "public_services_0001"
down_revision = None
branch_labels = ("public_services",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "public_services_station",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("video_platform_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["village_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("village_code", name="uq_public_services_station_village"),
    )
    op.create_table(
        "public_services_staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["public_services_station.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_public_services_staff_station", "public_services_staff", ["station_id"])
    op.create_table(
        "public_services_subsidy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("agency", sa.String(length=128), nullable=False),
        sa.Column("agency_kind", sa.String(length=16), nullable=False),
        sa.Column("transferred", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["county_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_public_services_subsidy_county", "public_services_subsidy", ["county_code"])
    op.create_table(
        "public_services_acceptance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("item", sa.String(length=64), nullable=False),
        sa.Column("passed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_code", "item", name="uq_public_services_acceptance_item"),
    )


def downgrade() -> None:
    op.drop_table("public_services_acceptance")
    op.drop_table("public_services_subsidy")
    op.drop_table("public_services_staff")
    op.drop_table("public_services_station")
