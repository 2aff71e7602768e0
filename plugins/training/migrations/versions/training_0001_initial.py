"""Training classes and enrolments.

Revision ID: training_0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "training_0001"
down_revision = None
branch_labels = ("training",)
depends_on = None


def _stamps() -> list[sa.Column[Any]]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "training_class",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("trade", sa.String(length=64), nullable=True),
        sa.Column("organiser", sa.String(length=128), nullable=False),
        sa.Column("organiser_kind", sa.String(length=16), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=128), nullable=True),
        sa.Column("subsidy_fen", sa.BigInteger(), nullable=False),
        sa.Column("other_trainees", sa.Integer(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["county_code"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "county_code", "start_date", "title", name="uq_training_class_county_start_title"
        ),
    )
    op.create_table(
        "training_enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("certificate", sa.String(length=64), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["class_id"], ["training_class.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("class_id", "person_id", name="uq_training_enrolment_class_person"),
    )
    op.create_index("ix_training_enrolment_person", "training_enrolment", ["person_id"])
    op.create_index(
        "ix_training_enrolment_completed_on", "training_enrolment", ["completed_on"]
    )


def downgrade() -> None:
    op.drop_table("training_enrolment")
    op.drop_table("training_class")
