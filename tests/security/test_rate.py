"""Requests per API token: a token bucket each; over it, 429 with Retry-After and LIMIT_RATE."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from core.app import create_app
from core.graphql.rate import RateLimiter
from core.platform import Platform
from core.security import tokens
from tests.conftest import make_platform

QUERY = {"query": "{ me { name } }"}


@pytest.fixture
async def limited(database_url: str, platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    """The app as served (bearer tokens), three requests at once and one a second per token."""
    built = make_platform(database_url, rate_burst=3, rate_per_minute=60)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(platform=built)), base_url="http://testserver"
    ) as client:
        yield client
    await built.close()


async def token(platform: Platform, name: str) -> dict[str, str]:
    async with platform.db.begin() as conn:
        raw, _ = await tokens.create(conn, name=name, role="viewer")
    return {"authorization": f"Bearer {raw}"}


async def test_a_token_over_its_rate_is_told_when_to_come_back(
    limited: httpx.AsyncClient, platform: Platform
) -> None:
    first, second = await token(platform, "看板一"), await token(platform, "看板二")
    for _ in range(3):
        answer = await limited.post("/graphql", json=QUERY, headers=first)
        assert answer.status_code == 200 and "errors" not in answer.json()
    refused = await limited.post("/graphql", json=QUERY, headers=first)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    error = refused.json()["errors"][0]
    assert error["extensions"] == {"code": "LIMIT_RATE", "limit": 60, "retryAfter": 1}
    assert "JIUYE_RATE_PER_MINUTE" in error["message"] and "JIUYE_RATE_BURST" in error["message"]
    # Another token has its own bucket.
    other = await limited.post("/graphql", json=QUERY, headers=second)
    assert other.status_code == 200 and "errors" not in other.json()
    # /healthz is not counted.
    assert (await limited.get("/healthz")).status_code == 200


def test_buckets_refill_at_the_rate() -> None:
    now = [0.0]
    rate = RateLimiter(per_minute=30, burst=2, clock=lambda: now[0])
    assert rate.take("a") is None and rate.take("a") is None
    assert rate.take("a") == pytest.approx(2.0)  # one request every 2 s
    now[0] = 1.0
    assert rate.take("a") == pytest.approx(1.0)
    now[0] = 2.0
    assert rate.take("a") is None
    now[0] = 100.0  # a full bucket holds `burst`, however long it waited
    assert [rate.take("a") is None for _ in range(3)] == [True, True, False]


def test_a_rate_of_zero_turns_the_limit_off() -> None:
    rate = RateLimiter(per_minute=0, burst=1)
    assert all(rate.take("a") is None for _ in range(1_000))
