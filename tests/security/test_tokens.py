"""API tokens: created and shown once, stored hashed, expiring, revocable; 401 with a reason."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update

from core.app import create_app
from core.platform import Platform
from core.security import tokens
from core.security.models import api_token
from core.sqltypes import utcnow
from tests.test_cli import jiuye


@pytest.fixture
async def http(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    """The app exactly as served: callers identified by their bearer token."""
    app = create_app(platform=platform)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


async def make(platform: Platform, **kw: object) -> str:
    async with platform.db.begin() as conn:
        raw, _ = await tokens.create(conn, **kw)  # type: ignore[arg-type]
    return raw


ME = {"query": "{ me { name role regionCode departmentCode } }"}


async def test_valid_token_acts_as_its_caller(http: httpx.AsyncClient, platform: Platform) -> None:
    raw = await make(platform, name="三江县人社局", role="county", region_code="450226000000")
    response = await http.post("/graphql", json=ME, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["data"]["me"] == {
        "name": "三江县人社局",
        "role": "county",
        "regionCode": "450226",
        "departmentCode": None,
    }
    department = await make(platform, name="市财政局", role="department", department="市财政局")
    body = (
        await http.post("/graphql", json=ME, headers={"Authorization": f"Bearer {department}"})
    ).json()
    assert body["data"]["me"]["departmentCode"] == "CZJ"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "缺少 API 令牌"),
        ("Basic abc", "应为 Bearer <令牌>"),
        ("Bearer ", "应为 Bearer <令牌>"),
        ("Bearer something-else", "不是本平台的 API 令牌"),
        ("Bearer jy_not-a-real-token", "API 令牌无效"),
    ],
)
async def test_missing_or_bad_tokens_get_401(
    http: httpx.AsyncClient, header: str | None, reason: str
) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = await http.post("/graphql", json=ME, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert reason in response.json()["errors"][0]["message"]


async def test_expired_and_revoked(http: httpx.AsyncClient, platform: Platform) -> None:
    expired = await make(platform, name="过期", role="viewer", days=1)
    revoked = await make(platform, name="吊销", role="viewer")
    async with platform.db.begin() as conn:
        await conn.execute(
            update(api_token)
            .where(api_token.c.name == "过期")
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        await tokens.revoke(
            conn,
            str(
                (
                    await conn.execute(select(api_token.c.id).where(api_token.c.name == "吊销"))
                ).scalar_one()
            ),
        )
    first = await http.post("/graphql", json=ME, headers={"Authorization": f"Bearer {expired}"})
    assert first.status_code == 401 and "过期" in first.json()["errors"][0]["message"]
    second = await http.post("/graphql", json=ME, headers={"Authorization": f"Bearer {revoked}"})
    assert second.status_code == 401 and "已被吊销" in second.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"role": "god"}, "角色应为"),
        ({"role": "county"}, "须给出 --region"),
        ({"role": "department"}, "须给出 --department"),
        ({"role": "department", "department": "不存在的局"}, "没有简码或名称为"),
        ({"role": "admin", "region_code": "450226"}, "不限区划"),
        ({"role": "viewer", "region_code": "999999"}, "不在区划名单中"),
        ({"role": "viewer", "days": 0}, "至少为 1"),
    ],
)
async def test_creation_rules(platform: Platform, kw: dict[str, object], message: str) -> None:
    with pytest.raises(tokens.TokenError, match=message):
        await make(platform, name="x", **kw)


async def test_only_the_hash_is_stored(platform: Platform) -> None:
    raw = await make(platform, name="x", role="admin")
    async with platform.db.connect() as conn:
        row = (await conn.execute(select(api_token))).one()
    assert raw not in [str(v) for v in row]
    assert row.token_hash == tokens.hash_token(raw) and row.prefix == raw[:10]


async def test_cli_create_list_revoke(database_url: str, platform: Platform) -> None:
    created = jiuye(
        "token",
        "create",
        "--role",
        "county",
        "--region",
        "450225",
        "--name",
        "融水县",
        "--days",
        "7",
        database_url=database_url,
    )
    assert created.returncode == 0, created.stderr
    raw = created.stdout.strip().splitlines()[-1]
    assert raw.startswith("jy_") and " " not in raw
    listed = jiuye("token", "list", database_url=database_url)
    assert "融水县" in listed.stdout and raw not in listed.stdout and raw[:10] in listed.stdout
    revoked = jiuye("token", "revoke", raw[:10], database_url=database_url)
    assert revoked.returncode == 0 and "已吊销" in revoked.stdout
    bad = jiuye("token", "create", "--role", "county", "--name", "x", database_url=database_url)
    assert bad.returncode == 1 and bad.stderr.strip() == "错误：县区令牌须给出 --region"
