"""API tokens: created once and shown once, stored as a hash, with an expiry, revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import column, insert, or_, select, table, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.regions import RegionCodeError, canonical_code
from core.security.caller import Caller
from core.security.models import api_token
from core.security.roles import Role
from core.sqltypes import utcnow

TOKEN_START = "jy_"
DEFAULT_DAYS = 90


# The two registries a token may be limited to, by code (the tables are the records').
department = table("department", column("code"), column("name"))
region = table("region", column("code"))


class TokenError(ValueError):
    """A token that cannot be created, found or used; the message says why."""


@dataclass(frozen=True)
class TokenInfo:
    """What is kept of a token (never the token itself)."""

    id: int
    name: str
    role: str
    region_code: str | None
    department_code: str | None
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: Any) -> TokenInfo:
        return cls(
            row.id,
            row.name,
            row.role,
            row.region_code,
            row.department_code,
            row.prefix,
            row.created_at,
            row.expires_at,
            row.revoked_at,
        )

    def caller(self) -> Caller:
        """The caller this token acts as."""
        return Caller(
            name=self.name,
            role=self.role,
            region=self.region_code,
            department=self.department_code,
            token_id=self.id,
            token=self.prefix,
        )


def hash_token(raw: str) -> str:
    """The stored form of a token: SHA-256, hex (tokens carry 256 random bits)."""
    return hashlib.sha256(raw.encode()).hexdigest()


async def _department_code(conn: AsyncConnection, given: str) -> str:
    key = given.strip()
    row = (
        await conn.execute(
            select(department.c.code).where(
                or_(department.c.code == key.upper(), department.c.name == key)
            )
        )
    ).first()
    if row is None:
        raise TokenError(f"没有简码或名称为“{given}”的单位")
    return str(row.code)


async def create(
    conn: AsyncConnection,
    *,
    name: str,
    role: str,
    region_code: str | None = None,
    department: str | None = None,
    days: int | None = DEFAULT_DAYS,
) -> tuple[str, TokenInfo]:
    """Create a token; return it (shown once) and what is stored of it."""
    try:
        chosen = Role(role)
    except ValueError:
        raise TokenError(f"角色应为 {'、'.join(r.value for r in Role)} 之一") from None
    if not name.strip():
        raise TokenError("令牌须有名称（写明谁或什么程序使用它）")
    code = None
    if region_code is not None:
        try:
            code = canonical_code(region_code)
        except RegionCodeError as exc:
            raise TokenError(str(exc)) from None
        if (await conn.execute(select(region.c.code).where(region.c.code == code))).first() is None:
            raise TokenError(f"区划 {code} 不在区划名单中")
    department_code = await _department_code(conn, department) if department is not None else None
    if chosen is Role.COUNTY and code is None:
        raise TokenError("县区令牌须给出 --region")
    if chosen is Role.DEPARTMENT and department_code is None:
        raise TokenError("部门令牌须给出 --department")
    if chosen is Role.ADMIN and code is not None:
        raise TokenError("管理员令牌不限区划，不能给 --region")
    if days is not None and days < 1:
        raise TokenError("--days 至少为 1")
    taken = (
        await conn.execute(select(api_token.c.id).where(api_token.c.name == name.strip()))
    ).first()
    if taken is not None:
        raise TokenError(
            f"已有名为“{name.strip()}”的令牌（#{taken.id}）；审计日志靠名称认出持有人，"
            "名称不能重复：请换一个名称"
        )
    raw = TOKEN_START + secrets.token_urlsafe(32)
    now = utcnow()
    values = {
        "name": name.strip(),
        "role": chosen.value,
        "region_code": code,
        "department_code": department_code,
        "token_hash": hash_token(raw),
        "prefix": raw[:10],
        "created_at": now,
        "expires_at": None if days is None else now + timedelta(days=days),
        "revoked_at": None,
    }
    token_id = (
        await conn.execute(insert(api_token).values(values).returning(api_token.c.id))
    ).scalar_one()
    row = (await conn.execute(select(api_token).where(api_token.c.id == token_id))).one()
    return raw, TokenInfo.from_row(row)


async def list_tokens(conn: AsyncConnection) -> list[TokenInfo]:
    """Every token, newest first."""
    rows = (await conn.execute(select(api_token).order_by(api_token.c.id.desc()))).all()
    return [TokenInfo.from_row(row) for row in rows]


async def revoke(conn: AsyncConnection, ident: str) -> TokenInfo:
    """Revoke a token by id or by its prefix; return it."""
    key = ident.strip()
    query = select(api_token).where(
        api_token.c.id == int(key) if key.isdigit() else api_token.c.prefix == key
    )
    row = (await conn.execute(query)).first()
    if row is None:
        raise TokenError(f"没有编号或前缀为“{ident}”的令牌")
    await conn.execute(
        update(api_token)
        .where(api_token.c.id == row.id)
        .values(revoked_at=row.revoked_at or utcnow())
    )
    updated = (await conn.execute(select(api_token).where(api_token.c.id == row.id))).one()
    return TokenInfo.from_row(updated)


async def authenticate(conn: AsyncConnection, raw: str) -> TokenInfo:
    """The token behind a bearer credential; raises TokenError saying why it cannot be used."""
    if not raw.startswith(TOKEN_START):
        raise TokenError("Bearer 后面的不是本平台的 API 令牌")
    row = (
        await conn.execute(select(api_token).where(api_token.c.token_hash == hash_token(raw)))
    ).first()
    if row is None:
        raise TokenError("API 令牌无效")
    info = TokenInfo.from_row(row)
    if info.revoked_at is not None:
        raise TokenError("这个 API 令牌已被吊销")
    if info.expires_at is not None and info.expires_at <= utcnow():
        raise TokenError(f"这个 API 令牌已于 {info.expires_at.isoformat(timespec='seconds')} 过期")
    return info
