"""Resettlement sites, their households, 三微 facilities, posts, job fairs, pushes and stations.

Revision ID: relocation_0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "relocation_0001"
down_revision = None
branch_labels = ("relocation",)
depends_on = None


def _stamps(*, updated: bool = True) -> list[sa.Column[Any]]:
    columns: list[sa.Column[Any]] = [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)
    ]
    if updated:
        columns = [
            sa.Column("version", sa.Integer(), nullable=False),
            *columns,
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        ]
    return columns


def _site_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["site_id"], ["relocation_site.id"])


def upgrade() -> None:
    op.create_table(
        "relocation_site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("community_managed", sa.Boolean(), nullable=False),
        sa.Column("has_conditions", sa.Boolean(), nullable=False),
        sa.Column("post_requirement", sa.Integer(), nullable=True),
        sa.Column("post_requirement_basis", sa.String(length=200), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["county_code"], ["region.code"]),
        sa.ForeignKeyConstraint(["township_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("county_code", "name", name="uq_relocation_site_name"),
    )
    op.create_index("ix_relocation_site_township_code", "relocation_site", ["township_code"])
    op.create_table(
        "relocation_site_household",
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        *_stamps(updated=False),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        _site_fk(),
        sa.PrimaryKeyConstraint("household_id"),
    )
    op.create_index(
        "ix_relocation_site_household_site_id", "relocation_site_household", ["site_id"]
    )
    op.create_table(
        "relocation_facility",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("distance_m", sa.Integer(), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("business_registration", sa.String(length=18), nullable=True),
        sa.Column("jobs", sa.Integer(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        *_stamps(),
        _site_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site_id", "kind", "name", name="uq_relocation_facility_name"),
    )
    op.create_index("ix_relocation_facility_site_id", "relocation_facility", ["site_id"])
    op.create_table(
        "relocation_facility_employment",
        sa.Column("employment_id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        *_stamps(updated=False),
        sa.ForeignKeyConstraint(["employment_id"], ["employment.id"]),
        sa.ForeignKeyConstraint(["facility_id"], ["relocation_facility.id"]),
        sa.PrimaryKeyConstraint("employment_id"),
    )
    op.create_index(
        "ix_relocation_facility_employment_facility_id",
        "relocation_facility_employment",
        ["facility_id"],
    )
    op.create_table(
        "relocation_site_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=32), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("holder_person_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("monthly_pay_fen", sa.BigInteger(), nullable=True),
        *_stamps(),
        _site_fk(),
        sa.ForeignKeyConstraint(["holder_person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_relocation_site_post_site_id", "relocation_site_post", ["site_id"])
    op.create_index("ix_relocation_site_post_holder", "relocation_site_post", ["holder_person_id"])
    op.create_table(
        "relocation_job_fair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=64), nullable=False),
        sa.Column("employers", sa.Integer(), nullable=False),
        sa.Column("postings", sa.Integer(), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("intentions", sa.Integer(), nullable=False),
        *_stamps(updated=False),
        _site_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site_id", "held_on", "title", name="uq_relocation_job_fair"),
    )
    op.create_index("ix_relocation_job_fair_site_id", "relocation_job_fair", ["site_id"])
    op.create_table(
        "relocation_job_push",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("pushed_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("postings", sa.Integer(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        *_stamps(updated=False),
        _site_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site_id", "pushed_on", "channel", name="uq_relocation_job_push"),
    )
    op.create_index("ix_relocation_job_push_site_id", "relocation_job_push", ["site_id"])
    op.create_table(
        "relocation_service_station",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=False),
        sa.Column("staff", sa.Integer(), nullable=False),
        sa.Column("subsidy_fen", sa.BigInteger(), nullable=True),
        sa.Column("organisation_ready", sa.Boolean(), nullable=False),
        sa.Column("personnel_ready", sa.Boolean(), nullable=False),
        sa.Column("funding_ready", sa.Boolean(), nullable=False),
        sa.Column("premises_ready", sa.Boolean(), nullable=False),
        sa.Column("work_ready", sa.Boolean(), nullable=False),
        sa.Column("rules_ready", sa.Boolean(), nullable=False),
        *_stamps(),
        _site_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site_id"),
    )


def downgrade() -> None:
    op.drop_table("relocation_service_station")
    op.drop_table("relocation_job_push")
    op.drop_table("relocation_job_fair")
    op.drop_table("relocation_site_post")
    op.drop_table("relocation_facility_employment")
    op.drop_table("relocation_facility")
    op.drop_table("relocation_site_household")
    op.drop_table("relocation_site")
