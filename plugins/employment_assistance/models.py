"""The plugin's tables (prefix `assistance_`). GraphQL types are separate and mapped from rows."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.sdk import UtcDateTime, table_of

# The core tables the foreign keys below point at must be in the same metadata.


class Workshop(SQLModel, table=True):
    """A poverty-alleviation workshop (扶贫车间/微车间) certified in a township (三(一)4)."""

    __tablename__ = "assistance_workshop"
    __table_args__ = (
        UniqueConstraint("township_code", "name", name="uq_assistance_workshop_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=128)
    enterprise: str = Field(max_length=128)
    township_code: str = Field(foreign_key="region.code", index=True, max_length=12)
    certified_on: date
    jobs: int = Field(default=0)
    ended_on: date | None = Field(default=None)
    end_reason: str | None = Field(default=None, max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class WorkshopWorker(SQLModel, table=True):
    """A poor labourer's employment record at a workshop (one workshop per record)."""

    __tablename__ = "assistance_workshop_worker"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="assistance_workshop.id", index=True)
    employment_id: int = Field(foreign_key="employment.id", unique=True)
    created_at: datetime = Field(sa_type=UtcDateTime)


class VillagePost(SQLModel, table=True):
    """A public-welfare post (乡村公益性岗位) in a not-yet-exited poor village (三(一)5)."""

    __tablename__ = "assistance_village_post"
    __table_args__ = (Index("ix_assistance_village_post_person", "person_id", "start_date"),)

    id: int | None = Field(default=None, primary_key=True)
    village_code: str = Field(foreign_key="region.code", index=True, max_length=12)
    post: str = Field(max_length=64)
    person_id: int = Field(foreign_key="person.id")
    monthly_pay_fen: int = Field(sa_column=Column(BigInteger, nullable=False))
    start_date: date
    end_date: date | None = Field(default=None)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class MinimumWage(SQLModel, table=True):
    """A county's monthly minimum wage from a date on (a setting administrators keep)."""

    __tablename__ = "assistance_minimum_wage"
    __table_args__ = (
        UniqueConstraint("county_code", "effective_from", name="uq_assistance_minimum_wage_from"),
    )

    id: int | None = Field(default=None, primary_key=True)
    county_code: str = Field(foreign_key="region.code", max_length=12)
    monthly_minimum_fen: int = Field(sa_column=Column(BigInteger, nullable=False))
    effective_from: date
    source: str = Field(max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class Subsidy(SQLModel, table=True):
    """One subsidy of "一岗多补" granted to an employer for hiring a poor labourer (三(一)2)."""

    __tablename__ = "assistance_subsidy"
    __table_args__ = (Index("ix_assistance_subsidy_person", "person_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=24)
    person_id: int = Field(foreign_key="person.id")
    employer: str = Field(max_length=128)
    hired_on: date
    graduate: bool = Field(default=False)
    monthly_amount_fen: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    months: int | None = Field(default=None)
    amount_fen: int = Field(sa_column=Column(BigInteger, nullable=False))
    granted_on: date
    revoked_on: date | None = Field(default=None)
    revoke_reason: str | None = Field(default=None, max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class JobFair(SQLModel, table=True):
    """A job fair held by the city, a county/district or a township (三(一)6)."""

    __tablename__ = "assistance_job_fair"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=128)
    level: str = Field(max_length=16)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=12)
    held_on: date
    place: str = Field(max_length=128)
    employers: int = Field(default=0)
    postings: int = Field(default=0)
    attendance: int = Field(default=0)
    cancelled: bool = Field(default=False)
    cancel_reason: str | None = Field(default=None, max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class JobPush(SQLModel, table=True):
    """A batch of job postings pushed to poor households on one date (三(一)6)."""

    __tablename__ = "assistance_job_push"

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=12)
    pushed_on: date
    postings: int
    channel: str = Field(max_length=24)
    title: str | None = Field(default=None, max_length=128)
    cancelled: bool = Field(default=False)
    cancel_reason: str | None = Field(default=None, max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class JobPushHousehold(SQLModel, table=True):
    """A household a push reached."""

    __tablename__ = "assistance_job_push_household"

    push_id: int = Field(foreign_key="assistance_job_push.id", primary_key=True)
    household_id: int = Field(foreign_key="household.id", primary_key=True, index=True)


class FiveEvent(SQLModel, table=True):
    """One of the "五个一" events (三(一)1)."""

    __tablename__ = "assistance_event"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=24)
    title: str = Field(max_length=128)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=12)
    held_on: date
    place: str = Field(max_length=128)
    attendance: int = Field(default=0)
    cancelled: bool = Field(default=False)
    cancel_reason: str | None = Field(default=None, max_length=200)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


TABLES = (
    Workshop,
    WorkshopWorker,
    VillagePost,
    MinimumWage,
    Subsidy,
    JobFair,
    JobPush,
    JobPushHousehold,
    FiveEvent,
)
"""Every table of the plugin, parents before children."""

workshop = table_of(Workshop)
workshop_worker = table_of(WorkshopWorker)
village_post = table_of(VillagePost)
minimum_wage = table_of(MinimumWage)
subsidy = table_of(Subsidy)
job_fair = table_of(JobFair)
job_push = table_of(JobPush)
job_push_household = table_of(JobPushHousehold)
five_event = table_of(FiveEvent)
