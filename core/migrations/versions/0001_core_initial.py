"""Core tables: region, department, household, person, employment.

Revision ID: core_0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "core_0001"
down_revision = None
branch_labels = ("core",)
depends_on = None


def _stamps() -> list[sa.Column[Any]]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "region",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("short_name", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=12), nullable=True),
        sa.Column("urban_district", sa.Boolean(), nullable=False),
        sa.Column("poor_village", sa.Boolean(), nullable=False),
        sa.Column("key_poor_township", sa.Boolean(), nullable=False),
        sa.Column("urban_rural_class", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(["parent_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_region_parent_code", "region", ["parent_code"])
    op.create_table(
        "department",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("short_name", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "household",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registry_number", sa.String(length=32), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("relocated", sa.Boolean(), nullable=False),
        sa.Column("poverty_status", sa.String(length=16), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["village_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("registry_number"),
    )
    op.create_index("ix_household_village_code", "household", ["village_code"])
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("labour_capacity", sa.String(length=16), nullable=False),
        sa.Column("phone", sa.String(length=11), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("id_number"),
    )
    op.create_index("ix_person_household_id", "person", ["household_id"])
    op.create_index(
        "uq_person_one_head",
        "person",
        ["household_id"],
        unique=True,
        sqlite_where=sa.text("relation = 'HEAD'"),
        postgresql_where=sa.text("relation = 'HEAD'"),
    )
    op.create_table(
        "employment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=False),
        sa.Column("place", sa.String(length=16), nullable=False),
        sa.Column("employer", sa.String(length=128), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("monthly_income_fen", sa.BigInteger(), nullable=True),
        sa.Column("programme", sa.String(length=64), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_employment_person_start", "employment", ["person_id", "start_date"])


def downgrade() -> None:
    op.drop_table("employment")
    op.drop_table("person")
    op.drop_table("household")
    op.drop_table("department")
    op.drop_table("region")
