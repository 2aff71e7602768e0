"""What a request costs, refused before it runs when over `JIUYE_MAX_COST`; introspection included."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import get_introspection_query

from core.app import create_app
from core.graphql.context import Caller
from core.platform import Platform
from tests.conftest import GraphQLClient, StatementCounter, make_platform

GR = "application/graphql-response+json"
APP_JS = Path(__file__).parents[2] / "core" / "static" / "dashboard" / "app.js"


def boards(count: int) -> str:
    return "{ " + " ".join(f"b{i}: dashboard {{ regionName }}" for i in range(count)) + " }"


def board_page_query() -> str:
    """The query the board page sends (`core/static/dashboard/app.js`)."""
    script = APP_JS.read_text(encoding="utf-8")
    fields = re.search(r"const RESULT_FIELDS = `([^`]*)`", script)
    query = re.search(r"const DASHBOARD_QUERY = `([^`]*)`", script)
    assert fields is not None and query is not None
    return query.group(1).replace("${RESULT_FIELDS}", fields.group(1))


async def test_fifteen_aliased_boards_are_refused_before_any_sql(
    demo_viewer_gql: GraphQLClient, demo_sql_counter: StatementCounter
) -> None:
    demo_sql_counter.reset()
    response = await demo_viewer_gql.post(boards(15), accept=GR)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "LIMIT_COST", "limit": 5000, "cost": 15000}
    assert "JIUYE_MAX_COST" in error["message"] and "15000" in error["message"]
    assert "data" not in response.json()
    assert demo_sql_counter.count == 0


async def test_the_board_page_fits_the_budget(demo_viewer_gql: GraphQLClient) -> None:
    data = await demo_viewer_gql(board_page_query(), {"region": "450200"})
    assert data["dashboard"]["rows"]


@pytest.fixture
async def client_with(database_url: str) -> AsyncIterator[Any]:
    built: list[Platform] = []

    async def make(**settings: Any) -> httpx.AsyncClient:
        platform = make_platform(database_url, **settings)
        built.append(platform)

        async def admin(request: Any) -> Caller:
            return Caller()

        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(platform=platform, caller=admin)),
            base_url="http://testserver",
        )

    yield make
    for platform in built:
        await platform.close()


def refused_cost(response: httpx.Response) -> int | None:
    errors = response.json().get("errors") or ()
    assert all("extensions" in e for e in errors), errors
    costs = [e["extensions"]["cost"] for e in errors if e["extensions"]["code"] == "LIMIT_COST"]
    return costs[0] if costs else None


async def test_connections_count_once_per_item_of_the_page(
    client_with: Any, platform: Platform, sql_counter: StatementCounter
) -> None:
    # households: 1; per household: node 1, members 1 (names cost nothing).
    shape = (
        "query%s { households(first: %s) { totalCount nodes { registryNumber members { name } } } }"
    )
    client = await client_with(max_cost=200)
    async with client:
        assert refused_cost(await client.post("/graphql", json={"query": shape % ("", 100)})) == 201
        assert refused_cost(await client.post("/graphql", json={"query": shape % ("", 99)})) is None
        by_variable = await client.post(
            "/graphql", json={"query": shape % ("($n: Int)", "$n"), "variables": {"n": 100}}
        )
        assert refused_cost(by_variable) == 201
        sql_counter.reset()
        assert refused_cost(await client.post("/graphql", json={"query": shape % ("", 100)})) == 201
        assert sql_counter.count == 0
        # Without first/last, the default page (20).
        default = await client.post(
            "/graphql",
            json={"query": "{ households { nodes { registryNumber members { name } } } }"},
        )
        assert refused_cost(default) is None


async def test_fragments_are_counted_where_they_are_spread(client_with: Any) -> None:
    client = await client_with(max_cost=200)
    query = """{ households(first: 100) { ...Page } }
        fragment Page on HouseholdConnection { nodes { ...Family } }
        fragment Family on Household { registryNumber members { name } }"""
    async with client:
        assert refused_cost(await client.post("/graphql", json={"query": query})) == 201


async def test_fragments_spread_twice_over_and_over_are_counted_without_expanding(
    client_with: Any,
) -> None:
    # Each fragment spreads the next twice: 2^40 copies of one field, in a few hundred tokens.
    fragments = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40))
    query = "{ ...F0 } " + fragments + " fragment F40 on Query { me { name } }"
    client = await client_with()
    async with client:
        response = await client.post("/graphql", json={"query": query})
    assert refused_cost(response) == 2**40


async def test_a_plugin_field_declares_its_cost(client_with: Any) -> None:
    # villagePostCoverage (employment_assistance) declares @cost(weight: 20).
    client = await client_with(max_cost=19)
    async with client:
        response = await client.post(
            "/graphql", json={"query": "{ villagePostCoverage { posts } }"}
        )
    assert refused_cost(response) == 20


def test_the_schema_shows_declared_costs(platform: Platform) -> None:

    printed = platform.schema.as_str()
    assert "directive @cost(" in printed
    assert "): Dashboard! @cost(weight: 1000" in printed


async def test_aliases_under_introspection_count(gql: GraphQLClient) -> None:
    fields = " ".join(f"t{i}: types {{ name }}" for i in range(16))
    response = await gql.post(f"{{ __schema {{ {fields} }} }}", accept=GR)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "LIMIT_ALIASES"
    assert "JIUYE_MAX_ALIASES" in error["message"]


async def test_introspection_is_charged_by_the_size_of_its_answer(gql: GraphQLClient) -> None:
    full = get_introspection_query(descriptions=True)
    assert "errors" not in (await gql.post(full)).json()  # GraphiQL's own query fits
    # Copies of the whole schema, each within the alias limit, are not.
    fragments = full[full.index("fragment FullType") :]
    copies = " ".join(
        f"s{i}: __schema {{ types {{ ...FullType }} directives {{ name args {{ ...InputValue }} }} }}"
        for i in range(3)
    )
    response = await gql.post(f"{{ {copies} }} {fragments}", accept=GR)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "LIMIT_COST", error
