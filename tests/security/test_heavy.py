"""Heavy requests (metric boards) take turns, so that `/healthz` and cheap requests keep answering."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from core.app import create_app
from core.graphql.context import Caller
from core.platform import Platform
from tests.conftest import make_platform

BOARD = "{ dashboard { regionName rows { regionName behind } behind { shortfall } } }"


@pytest.fixture
async def viewer_with(demo_url: str) -> AsyncIterator[Any]:
    built: list[Platform] = []

    async def make(**settings: Any) -> httpx.AsyncClient:
        platform = make_platform(demo_url, **settings)
        built.append(platform)

        async def viewer(request: Any) -> Caller:
            return Caller(name="看板", role="viewer")

        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(platform=platform, caller=viewer)),
            base_url="http://testserver",
            timeout=120,
        )

    yield make
    for platform in built:
        await platform.close()


async def test_healthz_and_cheap_queries_answer_while_boards_run(viewer_with: Any) -> None:
    # More boards at once than the connection pool holds (15 on SQLite, 30 on PostgreSQL):
    # unbounded, each held a connection while waiting for more, and everything else waited.
    client = await viewer_with()
    finished: list[str] = []

    async def send(label: str, method: str, **kwargs: Any) -> httpx.Response:
        response = await client.request(method, **kwargs)
        finished.append(label)
        return response

    async with client:
        boards = [
            asyncio.create_task(send("board", "POST", url="/graphql", json={"query": BOARD}))
            for _ in range(45)
        ]
        # The boards have started: one has finished (or, while they all hold what they hold,
        # a while has passed).
        await asyncio.wait(boards, timeout=2, return_when=asyncio.FIRST_COMPLETED)
        health = await send("healthz", "GET", url="/healthz")
        cheap = await send(
            "cheap", "POST", url="/graphql", json={"query": "{ metricDefinitions { key } }"}
        )
        answers = await asyncio.gather(*boards)
    assert health.status_code == 200
    assert "errors" not in cheap.json()
    assert finished.index("healthz") < len(finished) - 1 - finished[::-1].index("board")
    assert finished.index("cheap") < len(finished) - 1 - finished[::-1].index("board")
    codes = {e["extensions"]["code"] for a in answers for e in a.json().get("errors", ())}
    assert codes <= {"LIMIT_BUSY"}, codes  # a board waits its turn, or is told to come back


async def test_a_board_that_waits_too_long_is_refused_as_busy(viewer_with: Any) -> None:
    client = await viewer_with(heavy_concurrency=1, heavy_wait_seconds=0.000001)
    async with client:
        answers = await asyncio.gather(
            *(client.post("/graphql", json={"query": BOARD}) for _ in range(4))
        )
    codes = [error["extensions"]["code"] for a in answers for error in a.json().get("errors", ())]
    assert codes and set(codes) == {"LIMIT_BUSY"}
    assert any(a.json().get("data") for a in answers)
    message = next(e for a in answers for e in a.json().get("errors", ()))["message"]
    assert "JIUYE_HEAVY_CONCURRENCY" in message and "JIUYE_HEAVY_WAIT_SECONDS" in message
