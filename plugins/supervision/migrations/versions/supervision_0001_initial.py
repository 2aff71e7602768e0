"""Bulletins, their frozen items, rectification tasks, their reports and status history.

Revision ID: supervision_0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "supervision_0001"
down_revision = None
branch_labels = ("supervision",)
depends_on = None


def _record() -> list[Any]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    ]


def _index(table: str, column: str) -> None:
    op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    op.create_table(
        "supervision_bulletin",
        *_record(),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issued_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"]),
        sa.UniqueConstraint("number", name="uq_supervision_bulletin_number"),
    )
    _index("supervision_bulletin", "region_code")
    op.create_table(
        "supervision_bulletin_item",
        *_record(),
        sa.Column("bulletin_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("metric_key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("clause", sa.String(length=16), nullable=False),
        sa.Column("lead_department", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=True),
        sa.Column("expected", sa.String(length=32), nullable=True),
        sa.Column("target", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=256), nullable=False),
        sa.Column("shortfall", sa.Float(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["bulletin_id"], ["supervision_bulletin.id"]),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"]),
    )
    _index("supervision_bulletin_item", "bulletin_id")
    op.create_table(
        "supervision_task",
        *_record(),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=16), nullable=True),
        sa.Column("metric_key", sa.String(length=64), nullable=False),
        sa.Column("metric_title", sa.String(length=128), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"]),
        sa.ForeignKeyConstraint(["item_id"], ["supervision_bulletin_item.id"]),
    )
    _index("supervision_task", "region_code")
    _index("supervision_task", "item_id")
    for table in ("supervision_task_update", "supervision_task_event"):
        columns = (
            [
                sa.Column("measures", sa.String(length=2000), nullable=False),
                sa.Column("evidence", sa.String(length=2000), nullable=True),
                sa.Column("recorded_by", sa.String(length=64), nullable=False),
            ]
            if table == "supervision_task_update"
            else [
                sa.Column("from_status", sa.String(length=16), nullable=True),
                sa.Column("to_status", sa.String(length=16), nullable=False),
                sa.Column("reason", sa.String(length=256), nullable=False),
                sa.Column("actor", sa.String(length=64), nullable=False),
                sa.Column("on", sa.Date(), nullable=False),
            ]
        )
        op.create_table(
            table,
            *_record(),
            sa.Column("task_id", sa.Integer(), nullable=False),
            *columns,
            sa.ForeignKeyConstraint(["task_id"], ["supervision_task.id"]),
        )
        _index(table, "task_id")


def downgrade() -> None:
    for table in (
        "supervision_task_event",
        "supervision_task_update",
        "supervision_task",
        "supervision_bulletin_item",
        "supervision_bulletin",
    ):
        op.drop_table(table)
