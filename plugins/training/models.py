"""The training plugin's tables. GraphQL types are separate (types.py), mapped from rows."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.sdk import UtcDateTime, table_of


class TrainingClass(SQLModel, table=True):
    """A training class (培训班): precise vocational training or a work-leader class."""

    __tablename__ = "training_class"
    __table_args__ = (
        # A county's classes are told apart by name and opening day (the ledgers' key).
        UniqueConstraint(
            "county_code", "start_date", "title", name="uq_training_class_county_start_title"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    title: str = Field(max_length=128)
    trade: str | None = Field(default=None, max_length=64)
    organiser: str = Field(max_length=128)
    organiser_kind: str = Field(max_length=16)
    county_code: str = Field(foreign_key="region.code", max_length=12)
    """The county or district the class is credited to."""
    start_date: date
    end_date: date
    place: str | None = Field(default=None, max_length=128)
    subsidy_fen: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    other_trainees: int = Field(default=0)
    """Trainees who are not registered household members (counted in the class size only)."""
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class Enrolment(SQLModel, table=True):
    """A registered person's place in a class, and whether they completed it."""

    __tablename__ = "training_enrolment"
    __table_args__ = (
        UniqueConstraint("class_id", "person_id", name="uq_training_enrolment_class_person"),
        Index("ix_training_enrolment_person", "person_id"),
        Index("ix_training_enrolment_completed_on", "completed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    class_id: int = Field(foreign_key="training_class.id")
    person_id: int = Field(foreign_key="person.id")
    completed_on: date | None = Field(default=None)
    """The day the trainee completed the class (结业); empty while not completed."""
    certificate: str | None = Field(default=None, max_length=64)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


TABLES = (TrainingClass, Enrolment)
"""Every table of the plugin, parents before children."""

training_class = table_of(TrainingClass)
enrolment = table_of(Enrolment)
