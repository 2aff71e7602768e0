"""The plugin's tables, all prefixed `public_services_`. GraphQL types are separate (types.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.db import table_of
from core.sqltypes import UtcDateTime


class LabourStation(SQLModel, table=True):
    """A village labour-service station (村级劳务工作站), at most one per administrative village."""

    __tablename__ = "public_services_station"
    __table_args__ = (UniqueConstraint("village_code", name="uq_public_services_station_village"),)

    id: int | None = Field(default=None, primary_key=True)
    village_code: str = Field(foreign_key="region.code", max_length=12)
    name: str = Field(max_length=64)
    opened_on: date
    video_platform_on: date | None = Field(default=None)
    """The day the village's remote-video service platform (三(四)1) went live; empty: not yet."""
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class StationStaff(SQLModel, table=True):
    """A person working at a station (三(四)2: 三支一扶 graduates, public-welfare posts)."""

    __tablename__ = "public_services_staff"
    __table_args__ = (Index("ix_public_services_staff_station", "station_id"),)

    id: int | None = Field(default=None, primary_key=True)
    station_id: int = Field(foreign_key="public_services_station.id")
    name: str = Field(max_length=32)
    source: str = Field(max_length=16)
    started_on: date
    created_at: datetime = Field(sa_type=UtcDateTime)


class PlacementSubsidy(SQLModel, table=True):
    """A job-placement subsidy paid to an HR agency or labour broker (三(四)3)."""

    __tablename__ = "public_services_subsidy"
    __table_args__ = (Index("ix_public_services_subsidy_county", "county_code"),)

    id: int | None = Field(default=None, primary_key=True)
    county_code: str = Field(foreign_key="region.code", max_length=12)
    agency: str = Field(max_length=128)
    agency_kind: str = Field(max_length=16)
    transferred: int
    """Poor labourers the agency organised to transfer, 人."""
    amount_fen: int = Field(sa_column=Column(BigInteger, nullable=False))
    paid_on: date
    created_at: datetime = Field(sa_type=UtcDateTime)


class AcceptanceItem(SQLModel, table=True):
    """One item of a county, township or village acceptance checklist (三(四)4(2))."""

    __tablename__ = "public_services_acceptance"
    __table_args__ = (
        UniqueConstraint("region_code", "item", name="uq_public_services_acceptance_item"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=12)
    item: str = Field(max_length=64)
    passed_on: date | None = Field(default=None)
    created_at: datetime = Field(sa_type=UtcDateTime)


TABLES = (LabourStation, StationStaff, PlacementSubsidy, AcceptanceItem)
"""Every table of the plugin, parents before children."""

station = table_of(LabourStation)
staff = table_of(StationStaff)
subsidy = table_of(PlacementSubsidy)
acceptance = table_of(AcceptanceItem)
