"""Sites: every field checked at its limits, versions, the no-rule figure only by an administrator."""

from __future__ import annotations

from typing import Any

import pytest

from core.graphql.context import Caller
from core.platform import Platform
from core.problems import Problems
from core.scope import EVERYWHERE, Scope
from core.sdk import WriteContext
from core.testing.factories import (
    TOWNSHIP_A,
    TOWNSHIP_C,
    VILLAGE_A1,
    add_regions,
)
from core.testing.kit import GraphQLClient
from plugins.relocation_sites.kinds import SITES
from tests.plugins.relocation_sites.helpers import SITE, TODAY, add_site, gid, problems

ERROR = "... on RecordError { code message problems { field code message } }"
CREATE = """mutation($i: RelocationSiteCreateInput!) { createRelocationSite(input: $i) {
  __typename ... on RelocationSiteSuccess { relocationSite { %s communityManaged hasConditions
      townshipCode county { shortName } region { name } } }
  %s } }""" % (SITE, ERROR)
UPDATE = """mutation($i: RelocationSiteUpdateInput!) { updateRelocationSite(input: $i) {
  __typename ... on RelocationSiteSuccess { relocationSite { %s } }
  %s } }""" % (SITE, ERROR)


def site_input(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "香粉新村安置点",
        "townshipCode": TOWNSHIP_A,
        "population": 1_200,
        "communityManaged": False,
    } | overrides


async def test_create_a_site(gql: GraphQLClient, platform: Platform) -> None:
    await add_regions(platform)
    created = (await gql(CREATE, {"i": site_input(townshipCode=TOWNSHIP_A + "000")}))[
        "createRelocationSite"
    ]
    site = created["relocationSite"]
    assert site["name"] == "香粉新村安置点" and site["townshipCode"] == TOWNSHIP_A
    assert site["county"]["shortName"] == "融水县" and site["region"]["name"]
    assert site["hasConditions"] is True and site["stationRequired"] is True
    assert site["postRule"] == {
        "band": "FROM_1001_TO_3000",
        "required": 5,
        "status": "PLAN_RULE",
        "reason": "三(五)2：安置人口 1000–3000 人安排 5 个公益性岗位",
    }
    found = await gql(
        '{ relocationSites(filter: {text: "香粉"}) { nodes { name } } node(id: "%s") { id } }'
        % site["id"]
    )
    assert found["relocationSites"]["nodes"] == [{"name": "香粉新村安置点"}]
    assert found["node"] == {"id": site["id"]}


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"population": 0}, "population", "OUT_OF_RANGE"),
        ({"population": 100_001}, "population", "OUT_OF_RANGE"),
        ({"name": "甲" * 65}, "name", "OUT_OF_RANGE"),
        ({"name": "  "}, "name", "REQUIRED"),
        ({"townshipCode": VILLAGE_A1}, "townshipCode", "INVALID"),
        ({"townshipCode": "450225999"}, "townshipCode", "NOT_FOUND"),
        ({"townshipCode": "45x"}, "townshipCode", "INVALID"),
    ],
)
async def test_each_field_at_its_limits(
    gql: GraphQLClient, platform: Platform, overrides: dict[str, Any], field: str, code: str
) -> None:
    await add_regions(platform)
    result = (await gql(CREATE, {"i": site_input(**overrides)}))["createRelocationSite"]
    assert problems(result) == {field: code}
    if field == "population":
        assert "1–100000" in result["message"]


async def test_limits_that_pass(gql: GraphQLClient, platform: Platform) -> None:
    await add_regions(platform)
    for name, population in (("甲", 1), ("丙" * 64, 100_000)):
        result = await gql(CREATE, {"i": site_input(name=name, population=population)})
        assert result["createRelocationSite"]["__typename"] == "RelocationSiteSuccess"


async def test_every_problem_at_once_and_names_unique_per_county(
    gql: GraphQLClient, platform: Platform
) -> None:
    await add_regions(platform)
    await gql(CREATE, {"i": site_input()})
    again = (await gql(CREATE, {"i": site_input(population=2_000)}))["createRelocationSite"]
    assert problems(again) == {"name": "DUPLICATE"}
    both = await gql(CREATE, {"i": site_input(population=-5, name="甲" * 65)})
    assert problems(both["createRelocationSite"]) == {
        "name": "OUT_OF_RANGE",
        "population": "OUT_OF_RANGE",
    }
    # the same name in another county is another site
    elsewhere = await gql(CREATE, {"i": site_input(townshipCode=TOWNSHIP_C)})
    assert elsewhere["createRelocationSite"]["__typename"] == "RelocationSiteSuccess"


async def test_update_with_versions(gql: GraphQLClient, platform: Platform) -> None:
    await add_regions(platform)
    site_id = gid("RelocationSite", await add_site(platform, "甲安置点", TOWNSHIP_A, 800))
    grown = (await gql(UPDATE, {"i": {"id": site_id, "version": 1, "population": 5_000}}))[
        "updateRelocationSite"
    ]["relocationSite"]
    assert grown["version"] == 2 and grown["postRule"]["required"] == 10
    stale = (await gql(UPDATE, {"i": {"id": site_id, "version": 1, "name": "乙安置点"}}))[
        "updateRelocationSite"
    ]
    assert problems(stale) == {"version": "CONFLICT"}
    cleared = (await gql(UPDATE, {"i": {"id": site_id, "population": None}}))[
        "updateRelocationSite"
    ]
    assert problems(cleared) == {"population": "REQUIRED"}
    foreign = (await gql(UPDATE, {"i": {"id": gid("Household", 1), "name": "x"}}))[
        "updateRelocationSite"
    ]
    assert problems(foreign) == {"id": "INVALID"}


async def test_a_site_stays_in_its_township(gql: GraphQLClient, platform: Platform) -> None:
    """The households a site holds are of its county: its township is not an input of updates."""
    await add_regions(platform)
    site_id = gid("RelocationSite", await add_site(platform, "甲安置点", TOWNSHIP_A, 800))
    response = await gql.post(UPDATE, {"i": {"id": site_id, "townshipCode": TOWNSHIP_C}})
    assert "townshipCode" in response.json()["errors"][0]["message"]


SET_POSTS = (
    """mutation($i: RelocationSiteUpdateInput!) { updateRelocationSite(input: $i) {
  __typename %s } }"""
    % ERROR
)


def set_posts(site_id: str, value: int | None, basis: str | None = "某文件") -> dict[str, Any]:
    return {"i": {"id": site_id, "postRequirement": value, "postRequirementBasis": basis}}


async def test_only_an_administrator_sets_posts_and_only_where_the_plan_is_silent(
    gql: GraphQLClient, sanjiang_gql: GraphQLClient, platform: Platform
) -> None:
    await add_regions(platform)
    ruled = gid("RelocationSite", await add_site(platform, "甲安置点", TOWNSHIP_A, 5_000))
    silent = gid("RelocationSite", await add_site(platform, "乙安置点", TOWNSHIP_A, 3_001))
    refused = (await gql(SET_POSTS, set_posts(ruled, 6)))["updateRelocationSite"]
    assert problems(refused) == {"postRequirement": "RULE_VIOLATED"}
    assert "安排 10 个公益性岗位" in refused["message"]
    for value in (0, 101):
        bad = (await gql(SET_POSTS, set_posts(silent, value)))["updateRelocationSite"]
        assert problems(bad) == {"postRequirement": "OUT_OF_RANGE"}
        assert "1–100" in bad["message"]
    no_basis = (await gql(SET_POSTS, set_posts(silent, 8, None)))["updateRelocationSite"]
    assert problems(no_basis) == {"postRequirementBasis": "REQUIRED"}
    for value in (1, 100):
        ok = await gql(SET_POSTS, set_posts(silent, value))
        assert ok["updateRelocationSite"]["__typename"] == "RelocationSiteSuccess"
    # the plugin's own department may change its site, but not the figure the plan leaves open
    own = await add_site(platform, "丙安置点", TOWNSHIP_C, 4_000)
    mine = (await sanjiang_gql(SET_POSTS, set_posts(gid("RelocationSite", own), 8)))[
        "updateRelocationSite"
    ]
    assert problems(mine) == {"postRequirement": "FORBIDDEN"}
    renamed = await sanjiang_gql(
        SET_POSTS, {"i": {"id": gid("RelocationSite", own), "population": 4_100}}
    )
    assert renamed["updateRelocationSite"]["__typename"] == "RelocationSiteSuccess"


async def test_the_kind_checks_the_role_and_scope_too(platform: Platform) -> None:
    await add_regions(platform)
    silent = await add_site(platform, "乙安置点", TOWNSHIP_A, 3_001)
    for role, scope, code in (
        ("department", EVERYWHERE, "FORBIDDEN"),
        ("admin", Scope("450226"), "NOT_FOUND"),
    ):
        changes = {"post_requirement": 8, "post_requirement_basis": "某文件"}
        async with platform.db.begin() as conn:
            ctx = WriteContext(conn, TODAY, scope, Caller(role=role))
            with pytest.raises(Problems) as raised:
                await SITES.update(ctx, silent, changes, expected_version=None)
        assert raised.value.problems[0].code == code
