"""A snapshot of a board that spans several levels keeps each region's own total: a county's
figure is its whole subtree, not only the rows registered at the county itself."""

from __future__ import annotations

from typing import Any

from core.testing import GraphQLClient

LIVE = """{ metrics(asOf: "2019-09-30", region: "450200") {
    key breakdown { regionCode value } } }"""
FROZEN = """{ metrics(snapshot: "层级核对", region: "450200") {
    key breakdown { regionCode value } } }"""


def by_region(data: dict[str, Any]) -> dict[tuple[str, str], Any]:
    return {
        (metric["key"], cell["regionCode"]): cell["value"]
        for metric in data["metrics"]
        for cell in metric["breakdown"]
    }


async def test_a_snapshot_spanning_levels_keeps_every_county_total(demo_gql: GraphQLClient) -> None:
    # The demo database is shared read-only; a snapshot under its own label changes no figure.
    live = by_region(await demo_gql(LIVE))
    taken = await demo_gql(
        'mutation { createMetricSnapshot(input: {label: "层级核对", asOf: "2019-09-30"}) '
        "{ __typename } }"
    )
    assert taken["createMetricSnapshot"]["__typename"] == "SnapshotSuccess"
    frozen = by_region(await demo_gql(FROZEN))
    differing = {
        key: (value, frozen.get(key)) for key, value in live.items() if frozen.get(key) != value
    }
    assert differing == {}
