"""HR service agencies and labour brokers (三(四)3), unique city-wide by credit code.

Revision ID: public_services_0003
Revises: public_services_0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "public_services_0003"
down_revision = "public_services_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "public_services_agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("agency_kind", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["county_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("credit_code", name="uq_public_services_agency_credit"),
    )
    op.create_index(
        "ix_public_services_agency_county_code", "public_services_agency", ["county_code"]
    )


def downgrade() -> None:
    op.drop_table("public_services_agency")
