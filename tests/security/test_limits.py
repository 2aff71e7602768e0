"""Limits on every request, each naming itself, with no SQL run when a request is refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from core.app import create_app
from core.graphql.context import Caller
from core.platform import Platform
from core.records import services
from core.records.models import household
from tests.conftest import GraphQLClient, StatementCounter, make_platform
from tests.factories import VILLAGE_C1, add_regions, id_number

GR = "application/graphql-response+json"


def nested(depth: int) -> str:
    """A query whose deepest field is at `depth` (region → parent → … → code)."""
    inner = "code"
    for _ in range(depth - 2):
        inner = f"parent {{ {inner} }}"
    return f'{{ region(code: "450225") {{ {inner} }} }}'


async def test_depth(gql: GraphQLClient, sql_counter: StatementCounter) -> None:
    assert (await gql.post(nested(10))).json().get("errors") is None
    sql_counter.reset()
    response = await gql.post(nested(11), accept=GR)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["message"] == "查询嵌套 11 层，超过上限 10 层（JIUYE_MAX_DEPTH）"
    assert error["extensions"] == {"code": "LIMIT_DEPTH", "limit": 10}
    assert sql_counter.count == 0


async def test_aliases_fragments_included(gql: GraphQLClient) -> None:
    fields = " ".join(f"a{i}: code" for i in range(8))
    query = f'query {{ r1: region(code: "450225") {{ ...F }} r2: region(code: "450226") {{ ...F }} }} fragment F on Region {{ {fields} }}'
    response = await gql.post(query, accept=GR)
    assert (
        "请求用了 18 个别名，超过上限 15 个（JIUYE_MAX_ALIASES）"
        in response.json()["errors"][0]["message"]
    )


async def test_tokens(gql: GraphQLClient) -> None:
    query = "{ " + " ".join("__typename" for _ in range(2_100)) + " }"
    response = await gql.post(query, accept=GR)
    assert response.status_code == 400
    assert "超过 2000 个词法单元（JIUYE_MAX_TOKENS）" in response.json()["errors"][0]["message"]


async def test_list_lengths(gql: GraphQLClient) -> None:
    literal = "[" + ",".join(["WEAK"] * 1_001) + "]"
    response = await gql.post(
        f"{{ persons(filter: {{labourCapacity: {literal}}}) {{ totalCount }} }}", accept=GR
    )
    assert (
        "列表有 1001 项，超过上限 1000 项（JIUYE_MAX_LIST_LENGTH）"
        in response.json()["errors"][0]["message"]
    )
    variables = {"l": ["WEAK"] * 1_001}
    response = await gql.post(
        "query($l: [LabourCapacity!]) { persons(filter: {labourCapacity: $l}) { totalCount } }",
        variables,
    )
    assert (
        response.status_code == 400
        and "JIUYE_MAX_LIST_LENGTH" in response.json()["errors"][0]["message"]
    )


async def test_page_size(gql: GraphQLClient, sql_counter: StatementCounter) -> None:
    response = await gql.post("{ households(first: 101) { totalCount } }")
    assert "应在 1 至 100 之间（收到 101）" in response.json()["errors"][0]["message"]
    assert sql_counter.count == 0


async def test_body_size(gql: GraphQLClient) -> None:
    padding = " " * 1_000_001
    response = await gql.http.post(
        "/graphql",
        content='{"query": "{ __typename }"' + padding + "}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert (
        "请求体超过 1000000 字节（JIUYE_MAX_BODY_BYTES）" in response.json()["errors"][0]["message"]
    )


@pytest.fixture
async def client_with(database_url: str) -> AsyncIterator[Any]:
    built: list[Platform] = []

    async def make(**settings: Any) -> httpx.AsyncClient:
        platform = make_platform(database_url, **settings)
        built.append(platform)

        async def admin(request: Any) -> Caller:
            return Caller()

        app = create_app(platform=platform, caller=admin)
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )

    yield make
    for platform in built:
        await platform.close()


async def test_timeout_rolls_back(
    client_with: Any, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_regions(platform)
    original = services.create_household

    async def slow(*args: Any, **kwargs: Any) -> int:
        created = await original(*args, **kwargs)
        await asyncio.sleep(5)  # the household is written, but the transaction never commits
        return created

    monkeypatch.setattr(services, "create_household", slow)
    client = await client_with(request_timeout_seconds=0.3)
    async with client:
        response = await client.post(
            "/graphql",
            json={
                "query": """mutation { createHousehold(input: {registryNumber: "T-1", villageCode: "%s",
                members: [{name: "慢", idNumber: "%s", relation: HEAD, labourCapacity: ORDINARY}]}) { __typename } }"""
                % (VILLAGE_C1, id_number(date(1990, 1, 1), 31, "450226"))
            },
        )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "LIMIT_TIMEOUT"
    assert (
        "运行超过 0.3 秒" in error["message"]
        and "JIUYE_REQUEST_TIMEOUT_SECONDS" in error["message"]
    )
    async with platform.db.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(household))).scalar_one() == 0


async def test_production_mode(client_with: Any) -> None:
    client = await client_with(production=True)
    async with client:
        introspection = await client.post(
            "/graphql", json={"query": "{ __schema { types { name } } }"}
        )
        assert "introspection" in introspection.json()["errors"][0]["message"].lower()
        typo = await client.post("/graphql", json={"query": "{ househols { totalCount } }"})
        message = typo.json()["errors"][0]["message"]
        assert "househols" in message and "Did you mean" not in message
        get = await client.get("/graphql", params={"query": "{ __typename }"})
        assert get.status_code == 405
        page = await client.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code in (405, 406) and "GraphiQL" not in page.text
    development = await client_with(production=False)
    async with development:
        typo = await development.post("/graphql", json={"query": "{ househols { totalCount } }"})
        assert "Did you mean" in typo.json()["errors"][0]["message"]
