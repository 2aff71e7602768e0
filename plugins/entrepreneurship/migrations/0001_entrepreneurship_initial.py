"""Entrepreneurship tables: incubation bases, enterprises and their workers, loans.

Revision ID: entrepreneurship_0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "entrepreneurship_0001"
down_revision = None
branch_labels = ("entrepreneurship",)
depends_on = None


def _stamps() -> list[sa.Column[Any]]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "entrepreneurship_base",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("area", sa.String(length=24), nullable=False),
        sa.Column("area_name", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("admitted_on", sa.Date(), nullable=True),
        sa.Column("operator", sa.String(length=128), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index(
        "ix_entrepreneurship_base_region_code", "entrepreneurship_base", ["region_code"]
    )
    op.create_table(
        "entrepreneurship_enterprise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("registration_number", sa.String(length=18), nullable=True),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=False),
        sa.Column("jobs_created", sa.Integer(), nullable=False),
        sa.Column("poor_jobs", sa.Integer(), nullable=False),
        sa.Column("incubation_base_id", sa.Integer(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["owner_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"]),
        sa.ForeignKeyConstraint(["incubation_base_id"], ["entrepreneurship_base.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("registration_number"),
    )
    for column in ("owner_id", "region_code", "established_on", "incubation_base_id"):
        op.create_index(
            f"ix_entrepreneurship_enterprise_{column}", "entrepreneurship_enterprise", [column]
        )
    op.create_table(
        "entrepreneurship_enterprise_worker",
        sa.Column("employment_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["employment_id"], ["employment.id"]),
        sa.ForeignKeyConstraint(["enterprise_id"], ["entrepreneurship_enterprise.id"]),
        sa.PrimaryKeyConstraint("employment_id"),
    )
    op.create_index(
        "ix_entrepreneurship_enterprise_worker_enterprise_id",
        "entrepreneurship_enterprise_worker",
        ["enterprise_id"],
    )
    op.create_table(
        "entrepreneurship_loan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_number", sa.String(length=32), nullable=False),
        sa.Column("borrower_id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(length=16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("bank", sa.String(length=64), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["borrower_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["enterprise_id"], ["entrepreneurship_enterprise.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contract_number"),
        sa.UniqueConstraint("borrower_id", "programme", "sequence"),
    )
    for column in ("borrower_id", "enterprise_id", "issued_on"):
        op.create_index(f"ix_entrepreneurship_loan_{column}", "entrepreneurship_loan", [column])


def downgrade() -> None:
    op.drop_table("entrepreneurship_loan")
    op.drop_table("entrepreneurship_enterprise_worker")
    op.drop_table("entrepreneurship_enterprise")
    op.drop_table("entrepreneurship_base")
