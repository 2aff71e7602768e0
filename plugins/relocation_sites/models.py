"""The plugin's tables. GraphQL types are separate (types.py) and mapped from rows explicitly.

Every record reaches its region through its site's township code, so a caller's scope and the
metrics' region breakdowns apply to all of them by one indexed code column.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.sdk import UtcDateTime, table_of


class RelocationSite(SQLModel, table=True):
    """A resettlement site of 易地扶贫搬迁 (安置点)."""

    __tablename__ = "relocation_site"
    __table_args__ = (UniqueConstraint("county_code", "name", name="uq_relocation_site_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    county_code: str = Field(foreign_key="region.code", max_length=12)
    township_code: str = Field(foreign_key="region.code", index=True, max_length=12)
    population: int
    community_managed: bool
    has_conditions: bool = Field(default=True)
    post_requirement: int | None = Field(default=None)
    """Posts an administrator set for a site the plan's rule gives no figure for."""
    post_requirement_basis: str | None = Field(default=None, max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class RelocationSiteHousehold(SQLModel, table=True):
    """A registered household living at a site: at most one site per household."""

    __tablename__ = "relocation_site_household"

    household_id: int = Field(foreign_key="household.id", primary_key=True)
    site_id: int = Field(foreign_key="relocation_site.id", index=True)
    created_at: datetime = Field(sa_type=UtcDateTime)


class RelocationFacility(SQLModel, table=True):
    """A 微车间, 微田园 or 微市场 at or near a site."""

    __tablename__ = "relocation_facility"
    __table_args__ = (
        UniqueConstraint("site_id", "kind", "name", name="uq_relocation_facility_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="relocation_site.id", index=True)
    kind: str = Field(max_length=16)
    name: str = Field(max_length=64)
    distance_m: int = Field(default=0)
    """0 at the site; otherwise how far away it lies, in metres."""
    operator: str = Field(max_length=64)
    business_registration: str | None = Field(default=None, max_length=18)
    jobs: int = Field(default=0)
    opened_on: date
    closed_on: date | None = Field(default=None)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class RelocationFacilityEmployment(SQLModel, table=True):
    """A relocated labourer's spell of work at a facility (the core's employment record)."""

    __tablename__ = "relocation_facility_employment"

    employment_id: int = Field(foreign_key="employment.id", primary_key=True)
    facility_id: int = Field(foreign_key="relocation_facility.id", index=True)
    created_at: datetime = Field(sa_type=UtcDateTime)


class RelocationSitePost(SQLModel, table=True):
    """A public-welfare post at a site: vacant, or held by a resident from start to end."""

    __tablename__ = "relocation_site_post"
    __table_args__ = (Index("ix_relocation_site_post_holder", "holder_person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="relocation_site.id", index=True)
    title: str = Field(max_length=32)
    opened_on: date
    holder_person_id: int | None = Field(default=None, foreign_key="person.id")
    start_date: date | None = Field(default=None)
    end_date: date | None = Field(default=None)
    monthly_pay_fen: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class RelocationJobFair(SQLModel, table=True):
    """A special job fair or postings-release event held for a site."""

    __tablename__ = "relocation_job_fair"
    __table_args__ = (
        UniqueConstraint("site_id", "held_on", "title", name="uq_relocation_job_fair"),
    )

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="relocation_site.id", index=True)
    held_on: date
    title: str = Field(max_length=64)
    employers: int
    postings: int
    attendees: int
    intentions: int
    created_at: datetime = Field(sa_type=UtcDateTime)


class RelocationJobPush(SQLModel, table=True):
    """Postings pushed to a site's households on one day through one channel."""

    __tablename__ = "relocation_job_push"
    __table_args__ = (
        UniqueConstraint("site_id", "pushed_on", "channel", name="uq_relocation_job_push"),
    )

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="relocation_site.id", index=True)
    pushed_on: date
    channel: str = Field(max_length=16)
    postings: int
    households: int
    created_at: datetime = Field(sa_type=UtcDateTime)


class RelocationServiceStation(SQLModel, table=True):
    """A labour and social-security service station (劳动就业社会保障服务站) at a site."""

    __tablename__ = "relocation_service_station"

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="relocation_site.id", unique=True)
    name: str = Field(max_length=64)
    established_on: date
    staff: int
    subsidy_fen: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    organisation_ready: bool = Field(default=False)
    personnel_ready: bool = Field(default=False)
    funding_ready: bool = Field(default=False)
    premises_ready: bool = Field(default=False)
    work_ready: bool = Field(default=False)
    rules_ready: bool = Field(default=False)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


TABLES = (
    RelocationSite,
    RelocationSiteHousehold,
    RelocationFacility,
    RelocationFacilityEmployment,
    RelocationSitePost,
    RelocationJobFair,
    RelocationJobPush,
    RelocationServiceStation,
)
"""Every table of the plugin, parents before children."""

site = table_of(RelocationSite)
site_household = table_of(RelocationSiteHousehold)
facility = table_of(RelocationFacility)
facility_employment = table_of(RelocationFacilityEmployment)
site_post = table_of(RelocationSitePost)
job_fair = table_of(RelocationJobFair)
job_push = table_of(RelocationJobPush)
service_station = table_of(RelocationServiceStation)
