"""A real uvicorn server answers over HTTP, as GraphiQL and front ends will use it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from core.platform import Platform
from core.records.enums import Relation
from tests.factories import VILLAGE_A1, add_household, add_job, add_regions, id_number, member

JIUYE = str(Path(sys.executable).parent / "jiuye")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(database_url: str) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "JIUYE_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [JIUYE, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("server did not start")
        yield base
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=15)
        assert "Traceback" not in output, output


async def test_nested_query_over_http(platform: Platform, server: str) -> None:
    await add_regions(platform)
    await add_household(
        platform,
        "H-1",
        VILLAGE_A1,
        [member("韦一", date(1970, 1, 1), 1), member("韦二", date(1995, 5, 5), 3, Relation.CHILD)],
    )
    await add_job(platform, id_number(date(1995, 5, 5), 3), date(2019, 3, 1))
    query = "{ households(first: 10) { totalCount edges { node { registryNumber members { name employments { startDate } } } } } }"
    async with httpx.AsyncClient(base_url=server) as client:
        response = await client.post(
            "/graphql",
            json={"query": query},
            headers={"accept": "application/graphql-response+json"},
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/graphql-response+json")
        node = response.json()["data"]["households"]["edges"][0]["node"]
        assert node == {
            "registryNumber": "H-1",
            "members": [
                {"name": "韦一", "employments": []},
                {"name": "韦二", "employments": [{"startDate": "2019-03-01"}]},
            ],
        }
        page = await client.get("/graphql", headers={"accept": "text/html"})
        assert "GraphiQL" in page.text
        health = await client.get("/healthz")
        assert health.json()["plugins"][0] == "core"
