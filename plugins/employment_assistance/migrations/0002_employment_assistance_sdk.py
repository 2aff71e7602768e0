"""Employment assistance on the plugin SDK: job fairs and pushes take the shared fields
(`title`, `attendees`, `intentions`; a push's `households` count, filled from its links),
a monthly subsidy keeps its amount as monthly × months (the one-off amount column becomes
optional), and the natural keys the ledgers match rows on are held unique.

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


def upgrade() -> None:
    with op.batch_alter_table("assistance_job_fair") as batch:
        batch.alter_column("name", new_column_name="title", existing_type=sa.String(128))
        batch.alter_column("attendance", new_column_name="attendees", existing_type=sa.Integer())
        batch.alter_column("place", existing_type=sa.String(128), nullable=True)
        batch.add_column(sa.Column("intentions", sa.Integer(), nullable=False, server_default="0"))
        batch.create_unique_constraint(
            "uq_assistance_job_fair", ["region_code", "held_on", "title"]
        )
    with op.batch_alter_table("assistance_job_push") as batch:
        batch.add_column(sa.Column("households", sa.Integer(), nullable=False, server_default="0"))
        batch.create_unique_constraint(
            "uq_assistance_job_push", ["region_code", "pushed_on", "channel", "title"]
        )
    op.execute(
        "UPDATE assistance_job_push SET households = (SELECT count(*) FROM"
        " assistance_job_push_household l WHERE l.push_id = assistance_job_push.id)"
    )
    with op.batch_alter_table("assistance_subsidy") as batch:
        batch.alter_column("amount_fen", existing_type=sa.BigInteger(), nullable=True)
        batch.create_unique_constraint(
            "uq_assistance_subsidy_grant",
            ["person_id", "kind", "employer", "hired_on", "granted_on"],
        )
    op.execute(
        "UPDATE assistance_subsidy SET amount_fen = NULL WHERE kind IN ('WAGE', 'SOCIAL_INSURANCE')"
    )
    with op.batch_alter_table("assistance_village_post") as batch:
        batch.create_unique_constraint(
            "uq_assistance_village_post_start", ["person_id", "start_date"]
        )
    with op.batch_alter_table("assistance_event") as batch:
        batch.create_unique_constraint(
            "uq_assistance_event", ["region_code", "held_on", "kind", "title"]
        )


def downgrade() -> None:
    with op.batch_alter_table("assistance_event") as batch:
        batch.drop_constraint("uq_assistance_event", type_="unique")
    with op.batch_alter_table("assistance_village_post") as batch:
        batch.drop_constraint("uq_assistance_village_post_start", type_="unique")
    op.execute(
        "UPDATE assistance_subsidy SET amount_fen = monthly_amount_fen * months"
        " WHERE amount_fen IS NULL"
    )
    with op.batch_alter_table("assistance_subsidy") as batch:
        batch.drop_constraint("uq_assistance_subsidy_grant", type_="unique")
        batch.alter_column("amount_fen", existing_type=sa.BigInteger(), nullable=False)
    with op.batch_alter_table("assistance_job_push") as batch:
        batch.drop_constraint("uq_assistance_job_push", type_="unique")
        batch.drop_column("households")
    op.execute("UPDATE assistance_job_fair SET place = '' WHERE place IS NULL")
    with op.batch_alter_table("assistance_job_fair") as batch:
        batch.drop_constraint("uq_assistance_job_fair", type_="unique")
        batch.drop_column("intentions")
        batch.alter_column("place", existing_type=sa.String(128), nullable=False)
        batch.alter_column("attendees", new_column_name="attendance", existing_type=sa.Integer())
        batch.alter_column("title", new_column_name="name", existing_type=sa.String(128))
