"""A caller limited to 三江县 (450226) sees, counts and changes nothing of 融水县's sites."""

from __future__ import annotations

from datetime import date

import pytest

from core.platform import Platform
from core.testing.factories import TOWNSHIP_A
from core.testing.kit import GraphQLClient
from plugins.relocation_sites.enums import SiteFacilityKind
from tests.plugins.relocation_sites.helpers import (
    B_HEAD,
    add_facility,
    add_post,
    gid,
    problems,
    world,
)


@pytest.fixture
async def sites(platform: Platform) -> dict[str, int]:
    found = await world(platform)
    await add_facility(platform, found["S1"], SiteFacilityKind.WORKSHOP)
    await add_post(platform, found["S1"], B_HEAD, start=date(2019, 5, 1))
    return found


async def test_lists_lookups_and_nodes(
    county_gql: GraphQLClient, gql: GraphQLClient, sites: dict[str, int]
) -> None:
    mine = await county_gql(
        """{ relocationSites { totalCount nodes { name } }
             siteScorecards { totalCount nodes { site { name } } }
             relocationLinkIssues { totalCount }
             region(code: "450200") { relocationSites { name } }
             households { nodes { registryNumber relocationSite { name } } } }"""
    )
    assert mine["relocationSites"] == {"totalCount": 1, "nodes": [{"name": "四号安置点"}]}
    assert mine["siteScorecards"]["nodes"] == [{"site": {"name": "四号安置点"}}]
    assert mine["region"] == {"relocationSites": [{"name": "四号安置点"}]}
    assert {h["registryNumber"]: h["relocationSite"] for h in mine["households"]["nodes"]} == {
        "H-D": None,
        "H-G": {"name": "四号安置点"},
    }
    everything = await gql(
        '{ node(id: "%s") { id ... on RelocationSite { facilities { id } posts { id holder { id } } } } }'
        % gid("RelocationSite", sites["S1"])
    )
    site = everything["node"]
    hidden = [site["id"], site["facilities"][0]["id"], site["posts"][0]["id"]]
    for global_id in hidden:
        assert (await county_gql('{ node(id: "%s") { id } }' % global_id)) == {"node": None}
    listed = await county_gql("{ siteFacilities { totalCount } sitePosts { totalCount } }")
    assert listed == {"siteFacilities": {"totalCount": 0}, "sitePosts": {"totalCount": 0}}


async def test_writes_only_inside(sanjiang_gql: GraphQLClient, sites: dict[str, int]) -> None:
    outside = gid("RelocationSite", sites["S1"])
    refused = await sanjiang_gql(
        """mutation($s: ID!) {
             a: updateRelocationSite(input: {id: $s, population: 10}) { ... on RecordError { code } }
             b: createSiteJobPush(input: {siteId: $s, pushedOn: "2019-05-01", channel: SMS, postings: 10, households: 1}) { ... on RecordError { code } }
             c: createSitePost(input: {siteId: $s, title: "保洁员", openedOn: "2019-05-01"}) { ... on RecordError { code } }
             d: assignHouseholdToSite(input: {registryNumber: "H-G", siteId: $s}) { ... on RecordError { code } } }""",
        {"s": outside},
    )
    assert refused == {
        "a": {"code": "NOT_FOUND"},
        "b": {"code": "NOT_FOUND"},
        "c": {"code": "NOT_FOUND"},
        "d": {"code": "NOT_FOUND"},
    }
    elsewhere = (
        await sanjiang_gql(
            'mutation { createRelocationSite(input: {name: "新安置点", townshipCode: "%s", population: 10, communityManaged: true}) '
            "{ __typename ... on RecordError { code message problems { field code message } } } }"
            % TOWNSHIP_A
        )
    )["createRelocationSite"]
    assert problems(elsewhere) == {"townshipCode": "NOT_FOUND"}


async def test_metrics_only_inside(county_gql: GraphQLClient, sites: dict[str, int]) -> None:
    inside = await county_gql(
        '{ metric(key: "relocation.sites_with_workshop", region: "450226", asOf: "2019-09-30") { target records(which: ALL) { totalCount } } }'
    )
    assert inside["metric"] == {"target": "1", "records": {"totalCount": 1}}


async def test_who_may_write(
    county_gql: GraphQLClient,
    sanjiang_gql: GraphQLClient,
    department_gql: GraphQLClient,
    sites: dict[str, int],
) -> None:
    push = (
        'mutation { createSiteJobPush(input: {siteId: "%s", pushedOn: "2019-05-01", channel: SMS, postings: 10, households: 1}) '
        "{ __typename } }" % gid("RelocationSite", sites["S4"])
    )
    # the plugin's mutations belong to its lead department (各县区人民政府) within its scope
    assert (await sanjiang_gql(push))["createSiteJobPush"] == {"__typename": "SiteJobPushSuccess"}
    for other in (county_gql, department_gql):
        response = await other.post(push)
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "FORBIDDEN" and "relocation" in error["message"]


async def test_the_city_hr_bureau_records_stations(
    department_gql: GraphQLClient, sites: dict[str, int]
) -> None:
    # 三(五)4 is led by 市人社局 (RSJ): its stations, and nothing else of the plugin
    station = (
        'mutation { createServiceStation(input: {siteId: "%s", name: "服务站", establishedOn: "2019-05-01", staff: 1}) '
        "{ __typename } }" % gid("RelocationSite", sites["S4"])
    )
    assert (await department_gql(station))["createServiceStation"] == {
        "__typename": "ServiceStationSuccess"
    }
    response = await department_gql.post(
        'mutation { updateRelocationSite(input: {id: "%s", population: 10}) { __typename } }'
        % gid("RelocationSite", sites["S4"])
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
