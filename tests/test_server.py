"""A real uvicorn server answers over HTTP, as GraphiQL and front ends will use it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from core.platform import Platform
from core.records.enums import Relation
from tests.factories import VILLAGE_A1, add_household, add_job, add_regions, id_number, member
from tests.servers import serving
from tests.test_cli import jiuye


@pytest.fixture
def server(database_url: str) -> Iterator[str]:
    with serving(database_url) as base:
        yield base


async def test_nested_query_over_http(platform: Platform, server: str, database_url: str) -> None:
    await add_regions(platform)
    await add_household(
        platform,
        "H-1",
        VILLAGE_A1,
        [member("韦一", date(1970, 1, 1), 1), member("韦二", date(1995, 5, 5), 3, Relation.CHILD)],
    )
    await add_job(platform, id_number(date(1995, 5, 5), 3), date(2019, 3, 1))
    query = "{ households(first: 10) { totalCount edges { node { registryNumber members { name employments { startDate } } } } } }"
    created = jiuye(
        "token", "create", "--role", "admin", "--name", "测试", database_url=database_url
    )
    token = created.stdout.strip().splitlines()[-1]
    async with httpx.AsyncClient(
        base_url=server, headers={"Authorization": f"Bearer {token}"}
    ) as client:
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
    async with httpx.AsyncClient(base_url=server) as anonymous:
        refused = await anonymous.post("/graphql", json={"query": query})
        assert refused.status_code == 401
