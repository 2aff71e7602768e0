"""Tables of the metrics engine: target records and frozen snapshots."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.db import table_of
from core.sqltypes import UtcDateTime


class MetricTarget(SQLModel, table=True):
    """A target set for one metric, region and period; the plan's own are seeded as defaults."""

    __tablename__ = "metric_target"
    __table_args__ = (
        UniqueConstraint("metric_key", "region_code", "period_start", "period_end"),
        Index("ix_metric_target_lookup", "metric_key", "period_start", "period_end"),
    )

    id: int | None = Field(default=None, primary_key=True)
    metric_key: str = Field(max_length=64)
    region_code: str = Field(foreign_key="region.code", max_length=12)
    period_start: date
    period_end: date
    value: str = Field(max_length=32)
    """Decimal text, exact."""
    source: str = Field(max_length=200)
    set_by: str = Field(max_length=64)
    note: str | None = Field(default=None, max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class MetricSnapshot(SQLModel, table=True):
    """A labelled freeze of every metric at every region, as reported on a date."""

    __tablename__ = "metric_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(max_length=64, unique=True)
    as_of: date
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UtcDateTime)


class MetricSnapshotValue(SQLModel, table=True):
    """One metric at one region inside a snapshot, with the definition it was computed by."""

    __tablename__ = "metric_snapshot_value"
    __table_args__ = (Index("ix_metric_snapshot_value_region", "snapshot_id", "region_code"),)

    id: int | None = Field(default=None, primary_key=True)
    snapshot_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("metric_snapshot.id", ondelete="CASCADE"), nullable=False
        )
    )
    metric_key: str = Field(max_length=64)
    definition_version: int
    region_code: str = Field(max_length=12)
    parent_code: str | None = Field(default=None, max_length=12)
    period_start: date
    period_end: date
    payload: str = Field(sa_column=Column(Text, nullable=False))
    """The whole result (value, target, expected, status, titles …) as JSON text."""


metric_target = table_of(MetricTarget)
metric_snapshot = table_of(MetricSnapshot)
metric_snapshot_value = table_of(MetricSnapshotValue)

TABLES = (MetricTarget, MetricSnapshot, MetricSnapshotValue)
