"""The plugin's tables. GraphQL types are separate (types.py) and mapped from rows explicitly.

Loans belong to a registered person and reach their region through the borrower's
household, as every record of a person does; enterprises and incubation bases carry
their own region code.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.sdk import UtcDateTime, table_of


class IncubationBase(SQLModel, table=True):
    """An incubation base or migrant-worker entrepreneurship park (三(三)2)."""

    __tablename__ = "entrepreneurship_base"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=128, unique=True)
    area: str = Field(max_length=24)
    area_name: str = Field(max_length=64)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=12)
    status: str = Field(max_length=16)
    admitted_on: date | None = Field(default=None)
    operator: str | None = Field(default=None, max_length=128)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class Enterprise(SQLModel, table=True):
    """A business a supported entrepreneur started (创业实体)."""

    __tablename__ = "entrepreneurship_enterprise"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="person.id", index=True)
    name: str = Field(max_length=128)
    kind: str = Field(max_length=24)
    registration_number: str | None = Field(default=None, max_length=18, unique=True)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=12)
    established_on: date = Field(index=True)
    jobs_created: int
    poor_jobs: int
    incubation_base_id: int | None = Field(
        default=None, foreign_key="entrepreneurship_base.id", index=True
    )
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class EnterpriseWorker(SQLModel, table=True):
    """A registered poor labourer's employment record at an enterprise (one enterprise each)."""

    __tablename__ = "entrepreneurship_enterprise_worker"

    employment_id: int = Field(foreign_key="employment.id", primary_key=True)
    enterprise_id: int = Field(foreign_key="entrepreneurship_enterprise.id", index=True)


class Loan(SQLModel, table=True):
    """A guaranteed start-up loan (创业担保贷款) to a registered person."""

    __tablename__ = "entrepreneurship_loan"
    __table_args__ = (
        # One first, one second, one third loan per borrower and programme.
        UniqueConstraint("borrower_id", "programme", "sequence"),
        Index("ix_entrepreneurship_loan_issued_on", "issued_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_number: str = Field(max_length=32, unique=True)
    borrower_id: int = Field(foreign_key="person.id", index=True)
    programme: str = Field(max_length=16)
    sequence: int
    enterprise_id: int | None = Field(
        default=None, foreign_key="entrepreneurship_enterprise.id", index=True
    )
    amount_fen: int = Field(sa_column=Column(BigInteger, nullable=False))
    bank: str = Field(max_length=64)
    issued_on: date
    term_months: int
    status: str = Field(max_length=16)
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


TABLES = (IncubationBase, Enterprise, EnterpriseWorker, Loan)
"""Every table of the plugin, parents before children."""

incubation_base = table_of(IncubationBase)
enterprise = table_of(Enterprise)
enterprise_worker = table_of(EnterpriseWorker)
loan = table_of(Loan)
