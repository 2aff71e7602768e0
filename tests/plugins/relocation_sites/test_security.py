"""Viewers see sites and aggregates, never the households behind them; every write is audited."""

from __future__ import annotations

from datetime import date

import pytest

from core.platform import Platform
from core.records.enums import LabourCapacity, Relation
from core.testing.factories import TOWNSHIP_A, VILLAGE_A2, add_household, four_households, member
from core.testing.kit import GraphQLClient
from tests.plugins.relocation_sites.helpers import add_site, gid, link


@pytest.fixture
async def site_id(platform: Platform) -> int:
    await four_households(platform)
    site = await add_site(platform, "甲安置点", TOWNSHIP_A, 800)
    await link(platform, "H-B", site)
    return site


@pytest.mark.parametrize(
    "query",
    [
        '{ node(id: "%(site)s") { ... on RelocationSite { households { relocated } } } }',
        '{ node(id: "%(site)s") { ... on RelocationSite { posts { holder { relation } } } } }',
        # a post's pay is the holder's income, like a village post's
        '{ node(id: "%(site)s") { ... on RelocationSite { posts { title monthlyPay } } } }',
        "{ sitePosts { nodes { monthlyPay } } }",
        '{ node(id: "%(site)s") { ... on RelocationSite { facilities { workers { form } } } } }',
        "{ relocationLinkIssues { totalCount } }",
    ],
)
async def test_viewers_are_refused_individual_records(
    viewer_gql: GraphQLClient, site_id: int, query: str
) -> None:
    response = await viewer_gql.post(query % {"site": gid("RelocationSite", site_id)})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN_FIELD"


async def test_viewers_see_sites_and_large_enough_aggregates(
    viewer_gql: GraphQLClient, gql: GraphQLClient, platform: Platform, site_id: int
) -> None:
    big = await add_site(platform, "乙安置点", TOWNSHIP_A, 2_000)
    for index in range(5):
        registry = f"H-R{index}"
        await add_household(
            platform,
            registry,
            VILLAGE_A2,
            [
                member(f"户主{index}", date(1980, 1, 1), 31 + 2 * index),
                member(f"配偶{index}", date(1982, 1, 1), 32 + 2 * index, Relation.SPOUSE),
            ],
            relocated=True,
        )
        await link(platform, registry, big)
    query = '{ siteScorecards(asOf: "2019-09-30") { nodes { site { name postRule { required } } households members labourHouseholds employmentRate postsFilled } } }'
    seen = {c["site"]["name"]: c for c in (await viewer_gql(query))["siteScorecards"]["nodes"]}
    # one household at 甲安置点: its figures would point at that family
    assert seen["甲安置点"]["households"] is None and seen["甲安置点"]["members"] is None
    assert (
        seen["甲安置点"]["site"]["postRule"] == {"required": 3}
        and seen["甲安置点"]["postsFilled"] == 0
    )
    assert (seen["乙安置点"]["households"], seen["乙安置点"]["members"]) == (5, 10)
    assert seen["乙安置点"]["employmentRate"] == "0.00"
    full = {c["site"]["name"]: c for c in (await gql(query))["siteScorecards"]["nodes"]}
    assert full["甲安置点"]["households"] == 1


async def test_a_site_whose_labour_households_are_few_is_withheld(
    viewer_gql: GraphQLClient, gql: GraphQLClient, platform: Platform, site_id: int
) -> None:
    # Six households, but only three with anyone able to work: 3 would point at them.
    big = await add_site(platform, "丙安置点", TOWNSHIP_A, 2_000)
    for index in range(6):
        capacity = LabourCapacity.ORDINARY if index < 3 else LabourCapacity.LOST
        registry = f"H-S{index}"
        await add_household(
            platform,
            registry,
            VILLAGE_A2,
            [member(f"户主{index}", date(1975, 1, 1), 41 + 2 * index, capacity=capacity)],
            relocated=True,
        )
        await link(platform, registry, big)
    query = '{ siteScorecards(asOf: "2019-09-30") { nodes { site { name } households labourHouseholds employmentRate } } }'
    seen = {c["site"]["name"]: c for c in (await viewer_gql(query))["siteScorecards"]["nodes"]}
    assert seen["丙安置点"] == {
        "site": {"name": "丙安置点"},
        "households": None,
        "labourHouseholds": None,
        "employmentRate": None,
    }
    full = {c["site"]["name"]: c for c in (await gql(query))["siteScorecards"]["nodes"]}
    assert (full["丙安置点"]["households"], full["丙安置点"]["labourHouseholds"]) == (6, 3)


async def test_every_write_is_audited(gql: GraphQLClient, platform: Platform) -> None:
    await four_households(platform)
    created = await gql(
        'mutation { createRelocationSite(input: {name: "甲安置点", townshipCode: "%s", population: 1500, communityManaged: false}) '
        "{ ... on RelocationSiteSuccess { relocationSite { id } } } }" % TOWNSHIP_A
    )
    site = created["createRelocationSite"]["relocationSite"]["id"]
    await gql(
        'mutation { assignHouseholdToSite(input: {registryNumber: "H-B", siteId: "%s"}) { __typename } }'
        % site
    )
    station = await gql(
        'mutation { createServiceStation(input: {siteId: "%s", name: "服务站", establishedOn: "2019-05-01", staff: 1}) '
        "{ ... on ServiceStationSuccess { serviceStation { id } } } }" % site
    )
    station_id = station["createServiceStation"]["serviceStation"]["id"]
    await gql(
        'mutation { updateServiceStation(input: {id: "%s", staff: 2}) { __typename } }' % station_id
    )
    # a refused change writes nothing, its audit row included
    refused = await gql(
        'mutation { updateServiceStation(input: {id: "%s", staff: 9}) { __typename } }' % station_id
    )
    assert refused["updateServiceStation"]["__typename"] == "RecordError"
    log = await gql("{ auditLog(first: 20) { nodes { action recordType after before } } }")
    types = {"RelocationSite", "ServiceStation", "relocation_site_household"}
    mine = [e for e in log["auditLog"]["nodes"] if e["recordType"] in types]
    assert [e["action"] for e in mine] == [
        "updateServiceStation",
        "createServiceStation",
        "assignHouseholdToSite",
        "createRelocationSite",
    ]
    assert mine[0]["before"] == '{"staff": 1}' and mine[0]["after"] == '{"staff": 2}'
