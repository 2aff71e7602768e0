"""The core tables. GraphQL types are separate (types.py) and mapped from rows explicitly."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, text
from sqlmodel import Field, SQLModel

from core.crypto import Encrypted, LookupHash, id_number_of_row
from core.db import table_of
from core.sqltypes import UtcDateTime


class Region(SQLModel, table=True):
    """A region of the statistical division tree (city, county/district, township, village).

    Codes nest by prefix (LEDGER.md), so "this region and everything under it" is one
    indexed range on the code: see `core.regions.subtree`.
    """

    __tablename__ = "region"

    code: str = Field(primary_key=True, max_length=12)
    name: str = Field(max_length=64)
    short_name: str = Field(max_length=32)
    level: str = Field(max_length=16)
    parent_code: str | None = Field(
        default=None, foreign_key="region.code", index=True, max_length=12
    )
    urban_district: bool = Field(default=False)
    poor_village: bool = Field(default=False)
    key_poor_township: bool = Field(default=False)
    urban_rural_class: str | None = Field(default=None, max_length=3)


class Department(SQLModel, table=True):
    """A unit named in the plan's 责任单位 lists."""

    __tablename__ = "department"

    code: str = Field(primary_key=True, max_length=16)
    name: str = Field(max_length=64, unique=True)
    short_name: str = Field(max_length=32)
    kind: str = Field(max_length=24)


class Household(SQLModel, table=True):
    """A poverty-registered household (建档立卡户)."""

    __tablename__ = "household"

    id: int | None = Field(default=None, primary_key=True)
    registry_number: str = Field(max_length=32, unique=True)
    village_code: str = Field(foreign_key="region.code", index=True, max_length=12)
    relocated: bool = Field(default=False)
    poverty_status: str = Field(default="NOT_EXITED", max_length=16)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class Person(SQLModel, table=True):
    """A member of a registered household."""

    __tablename__ = "person"
    __table_args__ = (
        # At most one head per household; "at least one" is checked by the services.
        Index(
            "uq_person_one_head",
            "household_id",
            unique=True,
            sqlite_where=text("relation = 'HEAD'"),
            postgresql_where=text("relation = 'HEAD'"),
        ),
        # One person, one registration: unique over the keyed hash of the ID number.
        Index("uq_person_id_number_hash", "id_number_hash", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    name: str = Field(max_length=64)
    # Stored encrypted; found and kept unique through its keyed hash (core.crypto).
    id_number: str = Field(sa_column=Column(Encrypted("person.id_number"), nullable=False))
    id_number_hash: str = Field(
        default=None, sa_column=Column(LookupHash(), nullable=False, default=id_number_of_row)
    )
    sex: str = Field(max_length=8)
    birth_date: date
    relation: str = Field(max_length=16)
    labour_capacity: str = Field(max_length=16)
    phone: str | None = Field(
        default=None, sa_column=Column(Encrypted("person.phone"), nullable=True)
    )
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class Employment(SQLModel, table=True):
    """A spell of work. Ending a job closes it (end_date); history is never deleted."""

    __tablename__ = "employment"
    __table_args__ = (Index("ix_employment_person_start", "person_id", "start_date"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    form: str = Field(max_length=16)
    place: str = Field(max_length=16)
    employer: str | None = Field(default=None, max_length=128)
    start_date: date
    end_date: date | None = Field(default=None)
    monthly_income_fen: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    programme: str | None = Field(default=None, max_length=64)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


TABLES = (Region, Department, Household, Person, Employment)
"""Every core table model, parents before children."""

region = table_of(Region)
department = table_of(Department)
household = table_of(Household)
person = table_of(Person)
employment = table_of(Employment)
