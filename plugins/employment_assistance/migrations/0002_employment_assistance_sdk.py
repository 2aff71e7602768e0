"""Employment assistance on the plugin SDK: job fairs and pushes take the shared fields
(`title`, `attendees`, `intentions`; a push's `households` count, filled from its links),
a monthly subsidy keeps its amount as monthly × months (the one-off amount column becomes
optional), and the natural keys the ledgers match rows on are held unique (unique indexes,
which need no table rebuild).

Revision ID: employment_assistance_0002
Revises: employment_assistance_0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "employment_assistance_0002"
down_revision = "employment_assistance_0001"
branch_labels = None
depends_on = None

KEYS = {
    "uq_assistance_job_fair": ("assistance_job_fair", ["region_code", "held_on", "title"]),
    "uq_assistance_job_push": (
        "assistance_job_push",
        ["region_code", "pushed_on", "channel", "title"],
    ),
    "uq_assistance_subsidy_grant": (
        "assistance_subsidy",
        ["person_id", "kind", "employer", "hired_on", "granted_on"],
    ),
    "uq_assistance_village_post_start": ("assistance_village_post", ["person_id", "start_date"]),
    "uq_assistance_event": ("assistance_event", ["region_code", "held_on", "kind", "title"]),
}


INDEXES = {
    "ix_assistance_minimum_wage_county_code": ("assistance_minimum_wage", ["county_code"]),
    "ix_assistance_subsidy_person_id": ("assistance_subsidy", ["person_id"]),
    "ix_assistance_village_post_person_id": ("assistance_village_post", ["person_id"]),
}


def upgrade() -> None:
    # Neither table is referred to by another, so SQLite may rebuild them.
    with op.batch_alter_table("assistance_job_fair") as batch:
        batch.alter_column("name", new_column_name="title", existing_type=sa.String(128))
        batch.alter_column("attendance", new_column_name="attendees", existing_type=sa.Integer())
        batch.alter_column("place", existing_type=sa.String(128), nullable=True)
        batch.add_column(sa.Column("intentions", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("assistance_subsidy") as batch:
        batch.alter_column("amount_fen", existing_type=sa.BigInteger(), nullable=True)
    op.execute(
        "UPDATE assistance_subsidy SET amount_fen = NULL WHERE kind IN ('WAGE', 'SOCIAL_INSURANCE')"
    )
    # The links refer to the push table: a column is added in place.
    op.add_column(
        "assistance_job_push",
        sa.Column("households", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute(
        "UPDATE assistance_job_push SET households = (SELECT count(*) FROM"
        " assistance_job_push_household l WHERE l.push_id = assistance_job_push.id)"
    )
    for name, (table, columns) in KEYS.items():
        op.create_index(name, table, columns, unique=True)
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _) in {**KEYS, **INDEXES}.items():
        op.drop_index(name, table_name=table)
    op.drop_column("assistance_job_push", "households")
    op.execute(
        "UPDATE assistance_subsidy SET amount_fen = monthly_amount_fen * months"
        " WHERE amount_fen IS NULL"
    )
    with op.batch_alter_table("assistance_subsidy") as batch:
        batch.alter_column("amount_fen", existing_type=sa.BigInteger(), nullable=False)
    op.execute("UPDATE assistance_job_fair SET place = '' WHERE place IS NULL")
    with op.batch_alter_table("assistance_job_fair") as batch:
        batch.drop_column("intentions")
        batch.alter_column("place", existing_type=sa.String(128), nullable=False)
        batch.alter_column("attendees", new_column_name="attendance", existing_type=sa.Integer())
        batch.alter_column("title", new_column_name="name", existing_type=sa.String(128))
