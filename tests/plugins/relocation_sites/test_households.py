"""The core's relocated flag and a household's site agree, and every disagreement is listed."""

from __future__ import annotations

import pytest

from core.platform import Platform
from core.testing.factories import TOWNSHIP_A, TOWNSHIP_C, VILLAGE_B1, four_households
from core.testing.kit import GraphQLClient, StatementCounter
from tests.plugins.relocation_sites.helpers import add_site, gid, link, problems

ASSIGN = """mutation($r: String!, $s: ID!) { assignHouseholdToSite(input: {registryNumber: $r, siteId: $s}) {
  __typename ... on SiteHouseholdSuccess { household { registryNumber relocationSite { name } } site { name } }
  ... on RecordError { code message problems { field code message } } } }"""
REMOVE = """mutation($r: String!) { removeHouseholdFromSite(input: {registryNumber: $r}) {
  __typename ... on SiteHouseholdSuccess { household { relocationSite { name } } site { name } }
  ... on RecordError { problems { field code message } } } }"""
ISSUES = """query($k: [RelocationLinkIssueKind!]) { relocationLinkIssues(kinds: $k) { totalCount
  nodes { kinds household { registryNumber relocated } site { name } } } }"""


@pytest.fixture
async def sites(platform: Platform) -> dict[str, int]:
    await four_households(platform)
    return {
        "rongshui": await add_site(platform, "融水安置点", TOWNSHIP_A, 800),
        "rongshui2": await add_site(platform, "融水二号安置点", TOWNSHIP_A, 2_000),
        "sanjiang": await add_site(platform, "三江安置点", TOWNSHIP_C, 600),
    }


async def test_assign_move_and_remove(gql: GraphQLClient, sites: dict[str, int]) -> None:
    done = (await gql(ASSIGN, {"r": "H-B", "s": gid("RelocationSite", sites["rongshui"])}))[
        "assignHouseholdToSite"
    ]
    assert done["household"] == {"registryNumber": "H-B", "relocationSite": {"name": "融水安置点"}}
    moved = (await gql(ASSIGN, {"r": "H-B", "s": gid("RelocationSite", sites["rongshui2"])}))[
        "assignHouseholdToSite"
    ]
    assert moved["site"] == {"name": "融水二号安置点"}
    listed = await gql(
        '{ a: node(id: "%s") { ... on RelocationSite { households { registryNumber } } } '
        'b: node(id: "%s") { ... on RelocationSite { households { registryNumber } } } }'
        % (gid("RelocationSite", sites["rongshui"]), gid("RelocationSite", sites["rongshui2"]))
    )
    assert listed == {"a": {"households": []}, "b": {"households": [{"registryNumber": "H-B"}]}}
    removed = (await gql(REMOVE, {"r": "H-B"}))["removeHouseholdFromSite"]
    assert removed == {
        "__typename": "SiteHouseholdSuccess",
        "household": {"relocationSite": None},
        "site": None,
    }
    again = (await gql(REMOVE, {"r": "H-B"}))["removeHouseholdFromSite"]
    assert problems(again) == {"registryNumber": "NOT_FOUND"}


async def test_a_household_not_flagged_relocated_is_refused(
    gql: GraphQLClient, sites: dict[str, int]
) -> None:
    refused = (await gql(ASSIGN, {"r": "H-A", "s": gid("RelocationSite", sites["rongshui"])}))[
        "assignHouseholdToSite"
    ]
    assert problems(refused) == {"registryNumber": "RULE_VIOLATED"}
    assert "H-A 未标记为易地扶贫搬迁户" in refused["message"]
    # a household of 三江 cannot live at a 融水 site, nor a relocated 融水 household at a 三江 site
    await gql(
        'mutation { updateHousehold(input: {registryNumber: "H-D", relocated: true}) { __typename } }'
    )
    other = (await gql(ASSIGN, {"r": "H-D", "s": gid("RelocationSite", sites["rongshui"])}))[
        "assignHouseholdToSite"
    ]
    assert problems(other) == {"siteId": "RULE_VIOLATED"}
    assert "不在同一县区" in other["message"]
    unknown = (await gql(ASSIGN, {"r": "H-X", "s": gid("RelocationSite", 999)}))[
        "assignHouseholdToSite"
    ]
    assert problems(unknown) == {"registryNumber": "NOT_FOUND"}


async def test_every_disagreement_is_listed(
    gql: GraphQLClient, platform: Platform, sites: dict[str, int]
) -> None:
    # H-B is flagged relocated but lives at no site yet
    found = (await gql(ISSUES))["relocationLinkIssues"]
    assert found["nodes"] == [
        {
            "kinds": ["FLAGGED_WITHOUT_SITE"],
            "household": {"registryNumber": "H-B", "relocated": True},
            "site": None,
        }
    ]
    await link(platform, "H-B", sites["rongshui"])
    assert (await gql(ISSUES))["relocationLinkIssues"]["totalCount"] == 0
    # the core knows nothing of sites: clearing the flag or moving the household leaves the link
    await gql(
        'mutation { updateHousehold(input: {registryNumber: "H-B", relocated: false}) { __typename } }'
    )
    cleared = (await gql(ISSUES))["relocationLinkIssues"]["nodes"]
    assert cleared == [
        {
            "kinds": ["LINKED_NOT_FLAGGED"],
            "household": {"registryNumber": "H-B", "relocated": False},
            "site": {"name": "融水安置点"},
        }
    ]
    await gql(
        'mutation { updateHousehold(input: {registryNumber: "H-B", relocated: true, villageCode: "450226101201"}) { __typename } }'
    )
    moved = (await gql(ISSUES, {"k": ["OTHER_COUNTY"]}))["relocationLinkIssues"]["nodes"]
    assert moved[0]["kinds"] == ["OTHER_COUNTY"]
    card = await gql(
        "{ siteScorecards { nodes { site { name } households householdsNotFlagged } } }"
    )
    assert card["siteScorecards"]["nodes"][0] == {
        "site": {"name": "融水安置点"},
        "households": 1,
        "householdsNotFlagged": 0,
    }


async def test_region_sites(gql: GraphQLClient, sites: dict[str, int]) -> None:
    data = await gql(
        """{ city: region(code: "450200") { relocationSites { name } }
             county: region(code: "450225") { relocationSites { name } }
             township: region(code: "%s") { relocationSites { name } children { relocationSites { name } } }
             village: region(code: "%s") { relocationSites { name } } }"""
        % (TOWNSHIP_C, VILLAGE_B1)
    )
    assert [s["name"] for s in data["city"]["relocationSites"]] == [
        "融水安置点",
        "融水二号安置点",
        "三江安置点",
    ]
    assert [s["name"] for s in data["county"]["relocationSites"]] == [
        "融水安置点",
        "融水二号安置点",
    ]
    assert data["township"]["relocationSites"] == [{"name": "三江安置点"}]
    assert data["township"]["children"] == [{"relocationSites": []}]
    assert data["village"] == {"relocationSites": []}


async def test_statements_do_not_grow_with_the_page(
    gql: GraphQLClient, platform: Platform, sites: dict[str, int], sql_counter: StatementCounter
) -> None:
    await link(platform, "H-B", sites["rongshui"])
    for size in (2, 4):
        sql_counter.reset()
        data = await gql(
            "{ households(first: %d) { nodes { relocationSite { name region { name } } } } regions(level: COUNTY) { relocationSites { name } } }"
            % size
        )
        assert len(data["households"]["nodes"]) == size
        # households page, site key by household, sites, township, sites by region, regions
        assert sql_counter.count == 6, sql_counter.statements
