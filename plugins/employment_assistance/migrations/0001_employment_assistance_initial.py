"""Employment assistance tables: workshops, village posts, minimum wages, subsidies, job fairs,
job pushes and "五个一" events.

Revision ID: employment_assistance_0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "employment_assistance_0001"
down_revision = None
branch_labels = ("employment_assistance",)
depends_on = None


def _stamps() -> list[sa.Column[Any]]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _cancelled() -> list[sa.Column[Any]]:
    return [
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", sa.String(length=200), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "assistance_workshop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("enterprise", sa.String(length=128), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=False),
        sa.Column("certified_on", sa.Date(), nullable=False),
        sa.Column("jobs", sa.Integer(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=200), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["township_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("township_code", "name", name="uq_assistance_workshop_name"),
    )
    op.create_index(
        "ix_assistance_workshop_township_code", "assistance_workshop", ["township_code"]
    )
    op.create_table(
        "assistance_workshop_worker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("employment_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["assistance_workshop.id"]),
        sa.ForeignKeyConstraint(["employment_id"], ["employment.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("employment_id"),
    )
    op.create_index(
        "ix_assistance_workshop_worker_workshop_id", "assistance_workshop_worker", ["workshop_id"]
    )
    op.create_table(
        "assistance_village_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("post", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("monthly_pay_fen", sa.BigInteger(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["village_code"], ["region.code"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_assistance_village_post_village_code", "assistance_village_post", ["village_code"]
    )
    op.create_index(
        "ix_assistance_village_post_person",
        "assistance_village_post",
        ["person_id", "start_date"],
    )
    op.create_table(
        "assistance_minimum_wage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("monthly_minimum_fen", sa.BigInteger(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["county_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "county_code", "effective_from", name="uq_assistance_minimum_wage_from"
        ),
    )
    op.create_table(
        "assistance_subsidy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("employer", sa.String(length=128), nullable=False),
        sa.Column("hired_on", sa.Date(), nullable=False),
        sa.Column("graduate", sa.Boolean(), nullable=False),
        sa.Column("monthly_amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revoke_reason", sa.String(length=200), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_assistance_subsidy_person", "assistance_subsidy", ["person_id", "kind"])
    op.create_table(
        "assistance_job_fair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=128), nullable=False),
        sa.Column("employers", sa.Integer(), nullable=False),
        sa.Column("postings", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        *_cancelled(),
        *_stamps(),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_assistance_job_fair_region_code", "assistance_job_fair", ["region_code"])
    op.create_table(
        "assistance_job_push",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("pushed_on", sa.Date(), nullable=False),
        sa.Column("postings", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=True),
        *_cancelled(),
        *_stamps(),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_assistance_job_push_region_code", "assistance_job_push", ["region_code"])
    op.create_table(
        "assistance_job_push_household",
        sa.Column("push_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["push_id"], ["assistance_job_push.id"]),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.PrimaryKeyConstraint("push_id", "household_id"),
    )
    op.create_index(
        "ix_assistance_job_push_household_household_id",
        "assistance_job_push_household",
        ["household_id"],
    )
    op.create_table(
        "assistance_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=128), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        *_cancelled(),
        *_stamps(),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_assistance_event_region_code", "assistance_event", ["region_code"])


def downgrade() -> None:
    op.drop_table("assistance_event")
    op.drop_table("assistance_job_push_household")
    op.drop_table("assistance_job_push")
    op.drop_table("assistance_job_fair")
    op.drop_table("assistance_subsidy")
    op.drop_table("assistance_minimum_wage")
    op.drop_table("assistance_village_post")
    op.drop_table("assistance_workshop_worker")
    op.drop_table("assistance_workshop")
