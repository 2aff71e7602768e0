"""Tables of the security layer: API tokens (hashed) and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from core.db import table_of
from core.sqltypes import UtcDateTime


class ApiToken(SQLModel, table=True):
    """An API token. Only its SHA-256 hash is stored; the token is shown once, at creation."""

    __tablename__ = "api_token"

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
    action: str = Field(max_length=64)
    record_type: str = Field(max_length=64)
    record_key: str = Field(max_length=64)
    before: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    after: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


api_token = table_of(ApiToken)
audit_log = table_of(AuditEntry)

TABLES = (ApiToken, AuditEntry)
