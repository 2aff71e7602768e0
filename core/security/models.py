"""Tables of the security layer: API tokens (hashed) and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from core.crypto import LookupHash
from core.db import table_of
from core.sqltypes import UtcDateTime


class ApiToken(SQLModel, table=True):
    """An API token. Only its SHA-256 hash is stored; the token is shown once, at creation."""

    __tablename__ = "api_token"
    # A name says who holds the token, in `jiuye token list` and in the audit log: one each.
    __table_args__ = (Index("uq_api_token_name", "name", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    role: str = Field(max_length=16)
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=12)
    department_code: str | None = Field(default=None, foreign_key="department.code", max_length=16)
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=12)
    created_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class AuditEntry(SQLModel, table=True):
    """One write or reveal: who, as what, when, through which path, before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "record_type", "record_key"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UtcDateTime, index=True)
    actor: str = Field(max_length=64)
    role: str = Field(max_length=16)
    path: str = Field(max_length=16)
    request_id: str | None = Field(default=None, max_length=32)
    token_id: int | None = Field(default=None)
    """The API token the actor used (None: a command, or tokens switched off)."""
    action: str = Field(max_length=64)
    record_type: str = Field(max_length=64)
    record_key: str = Field(max_length=64)
    # ID numbers and phones are masked in these three; `AuditSubject` keeps the ID numbers' hashes.
    before: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    after: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class AuditSubject(SQLModel, table=True):
    """An ID number an audit row mentions, as its keyed hash: finds every row about a person."""

    __tablename__ = "audit_subject"

    audit_id: int = Field(foreign_key="audit_log.id", primary_key=True)
    id_hash: str = Field(sa_column=Column(LookupHash(), primary_key=True, index=True))


api_token = table_of(ApiToken)
audit_log = table_of(AuditEntry)
audit_subject = table_of(AuditSubject)

TABLES = (ApiToken, AuditEntry, AuditSubject)
