"""Generated requests: no 5xx, no unexpected error, and never a row from another county.

Queries are generated from the schema itself (hypothesis-graphql), so every field a plugin
adds is exercised too. Bounded in examples so the suite stays quick.
"""

from __future__ import annotations

import re
from typing import Any

from graphql import build_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

from core.platform import Platform
from tests.conftest import GraphQLClient
from tests.factories import four_households

SCALARS = {
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "Decimal": st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False).map(
        nodes.String
    ),
    "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat())),
}
EXAMPLES = 60


def generate(platform: Platform, fields: list[str]) -> list[str]:
    """Queries over `fields`, generated from the schema (fixed seed: the same every run)."""
    strategy = from_schema(
        build_schema(platform.schema.as_str()), fields=fields, custom_scalars=SCALARS
    )
    found: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    @given(strategy)
    def collect(query: Any) -> None:
        found.append(str(query))

    collect()
    return found


async def test_generated_queries_never_fail_unexpectedly(
    gql: GraphQLClient, platform: Platform
) -> None:
    await four_households(platform)
    fields = [
        "households",
        "persons",
        "regions",
        "metrics",
        "dashboard",
        "metricDefinitions",
        "targets",
    ]
    for query in generate(platform, fields):
        response = await gql.post(query)
        assert response.status_code < 500, (query, response.text)
        assert "Unexpected error." not in response.text, (query, response.text)


async def test_no_row_from_another_county(county_gql: GraphQLClient, platform: Platform) -> None:
    await four_households(platform)
    others = re.compile(r"H-[ABC]\b|450225\d{3}\*")
    for query in generate(platform, ["households", "persons", "household", "personByIdNumber"]):
        response = await county_gql.post(query)
        assert response.status_code < 500, (query, response.text)
        assert not others.search(response.text), (query, response.text)
