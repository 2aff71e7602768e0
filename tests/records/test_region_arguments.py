"""Every field that takes a region answers a code it cannot use with the same error.

A malformed code, a code not in the region list and a region outside the caller's scope read
alike, so no answer tells a caller which regions exist beyond their own.
"""

from __future__ import annotations

import pytest

from core.platform import Platform
from core.testing import GraphQLClient
from tests.factories import add_regions

# (field, argument as the error names it, the query with {code} where the region goes)
FIELDS = [
    ("households", "filter.region", '{ households(filter: {region: "%s"}) { totalCount } }'),
    ("persons", "filter.region", '{ persons(filter: {region: "%s"}) { totalCount } }'),
    ("regions", "parent", '{ regions(parent: "%s") { code } }'),
    ("regions", "under", '{ regions(under: "%s") { code } }'),
    ("metrics", "region", '{ metrics(region: "%s", keys: ["core.labor_households"]) { value } }'),
    ("metric", "region", '{ metric(key: "core.labor_households", region: "%s") { value } }'),
    ("dashboard", "region", '{ dashboard(region: "%s") { regionCode } }'),
    ("targets", "region", '{ targets(region: "%s") { value } }'),
]


async def _error(client: GraphQLClient, query: str) -> dict[str, object]:
    response = await client.post(query)
    body = response.json()
    assert body.get("data") in (None, {}) or all(v is None for v in body["data"].values())
    (error,) = body["errors"]
    return error  # type: ignore[no-any-return]


@pytest.mark.parametrize(("field", "argument", "query"), FIELDS)
async def test_unknown_malformed_and_outside_read_alike(
    platform: Platform,
    gql: GraphQLClient,
    county_gql: GraphQLClient,
    field: str,
    argument: str,
    query: str,
) -> None:
    await add_regions(platform)
    errors = {
        "unknown": (await _error(gql, query % "999999"), "999999"),
        "malformed": (await _error(gql, query % "45x2"), "45x2"),
        "outside": (await _error(county_gql, query % "450225"), "450225"),
        "unknown to a county": (await _error(county_gql, query % "450226999"), "450226999"),
    }
    for error, code in errors.values():
        assert error["extensions"] == {
            "code": "BAD_ARGUMENT",
            "field": field,
            "argument": argument,
        }
        assert isinstance(error["message"], str)
        assert error["message"].endswith(f"没有区划 {code}，或不在您的范围内")
    shapes = {str(error["message"]).replace(code, "…") for error, code in errors.values()}
    assert len(shapes) == 1


async def test_a_region_in_scope_in_any_written_form_is_accepted(
    platform: Platform, county_gql: GraphQLClient
) -> None:
    await add_regions(platform)
    data = await county_gql(
        '{ region(code: "450226000000") { code } households(filter: {region: "450226101"}) '
        '{ totalCount } metric(key: "core.labor_households", region: " 450226 ") { regionCode } }'
    )
    assert data == {
        "region": {"code": "450226"},
        "households": {"totalCount": 0},
        "metric": {"regionCode": "450226"},
    }


async def test_metrics_default_to_the_callers_region(
    platform: Platform, gql: GraphQLClient, county_gql: GraphQLClient
) -> None:
    await add_regions(platform)
    query = '{ metric(key: "core.labor_households") { regionCode } }'
    assert (await gql(query))["metric"]["regionCode"] == "450200"
    assert (await county_gql(query))["metric"]["regionCode"] == "450226"
    listed = await county_gql('{ metrics(keys: ["core.labor_households"]) { regionCode } }')
    assert listed["metrics"] == [{"regionCode": "450226"}]


async def test_an_unknown_metric_key_is_the_same_error_on_both_fields(gql: GraphQLClient) -> None:
    one = await _error(gql, '{ metric(key: "nope") { value } }')
    many = await _error(gql, '{ metrics(keys: ["nope"]) { value } }')
    assert one["extensions"] == {"code": "BAD_ARGUMENT", "field": "metric", "argument": "key"}
    assert many["extensions"] == {"code": "BAD_ARGUMENT", "field": "metrics", "argument": "keys"}
    assert str(one["message"]).endswith("没有指标 nope")
    assert str(many["message"]).endswith("没有指标 nope")
