"""Sites: every field checked at its limits, versions, the no-rule figure only by an administrator."""

from __future__ import annotations

from typing import Any

import pytest

from core.platform import Platform
from core.problems import Problems
from core.scope import EVERYWHERE, Scope
from core.testing.factories import (
    TOWNSHIP_A,
    TOWNSHIP_B,
    TOWNSHIP_C,
    VILLAGE_A1,
    add_regions,
    four_households,
)
from core.testing.kit import GraphQLClient
from plugins.relocation_sites.services import sites
from tests.plugins.relocation_sites.helpers import SITE, add_site, gid, link, problems

CREATE = (
    """mutation($i: CreateRelocationSiteInput!) { createRelocationSite(input: $i) {
  __typename ... on RelocationSiteSuccess { site { %s communityManaged hasConditions countyCode townshipCode
      county { shortName } township { name } } }
  ... on RecordError { code message problems { field code message } } } }"""
    % SITE
)
UPDATE = (
    """mutation($i: UpdateRelocationSiteInput!) { updateRelocationSite(input: $i) {
  __typename ... on RelocationSiteSuccess { site { %s } }
  ... on RecordError { code message problems { field code message } } } }"""
    % SITE
)
SET_POSTS = """mutation($i: SetSitePostRequirementInput!) { setSitePostRequirement(input: $i) {
  __typename ... on RecordError { code message problems { field code message } } } }"""


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
    site = created["site"]
    assert site["name"] == "香粉新村安置点" and site["townshipCode"] == TOWNSHIP_A
    assert site["countyCode"] == "450225" and site["county"]["shortName"] == "融水县"
    assert site["hasConditions"] is True and site["stationRequired"] is True
    assert site["postRule"] == {
        "band": "FROM_1001_TO_3000",
        "required": 5,
        "status": "PLAN_RULE",
        "reason": "三(五)2：安置人口 1000–3000 人安排 5 个公益性岗位",
    }
    found = await gql(
        '{ relocationSite(id: "%s") { name } node(id: "%s") { id } }' % (site["id"], site["id"])
    )
    assert found["relocationSite"] == {"name": "香粉新村安置点"} and found["node"] == {
        "id": site["id"]
    }


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"population": 0}, "population", "OUT_OF_RANGE"),
        ({"population": 100_001}, "population", "OUT_OF_RANGE"),
        ({"name": "甲"}, "name", "INVALID"),
        ({"name": "甲" * 65}, "name", "INVALID"),
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
        assert "1–100,000 人" in result["message"]


async def test_limits_that_pass(gql: GraphQLClient, platform: Platform) -> None:
    await add_regions(platform)
    for name, population in (("甲乙", 1), ("丙" * 64, 100_000)):
        result = await gql(CREATE, {"i": site_input(name=name, population=population)})
        assert result["createRelocationSite"]["__typename"] == "RelocationSiteSuccess"


async def test_every_problem_at_once_and_names_unique_per_county(
    gql: GraphQLClient, platform: Platform
) -> None:
    await add_regions(platform)
    await gql(CREATE, {"i": site_input()})
    again = (await gql(CREATE, {"i": site_input(population=-5)}))["createRelocationSite"]
    assert problems(again) == {"name": "DUPLICATE", "population": "OUT_OF_RANGE"}
    # the same name in another county is another site
    elsewhere = await gql(CREATE, {"i": site_input(townshipCode=TOWNSHIP_C)})
    assert elsewhere["createRelocationSite"]["__typename"] == "RelocationSiteSuccess"


async def test_update_with_versions(gql: GraphQLClient, platform: Platform) -> None:
    await add_regions(platform)
    site_id = gid("RelocationSite", await add_site(platform, "甲安置点", TOWNSHIP_A, 800))
    moved = (
        await gql(
            UPDATE,
            {"i": {"id": site_id, "version": 1, "population": 5_000, "townshipCode": TOWNSHIP_B}},
        )
    )["updateRelocationSite"]["site"]
    assert moved["version"] == 2 and moved["postRule"]["required"] == 10
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


async def test_a_site_with_households_stays_in_its_county(
    gql: GraphQLClient, platform: Platform
) -> None:
    await four_households(platform)
    site_id = await add_site(platform, "甲安置点", TOWNSHIP_A, 800)
    await link(platform, "H-B", site_id)
    refused = (
        await gql(UPDATE, {"i": {"id": gid("RelocationSite", site_id), "townshipCode": TOWNSHIP_C}})
    )["updateRelocationSite"]
    assert problems(refused) == {"townshipCode": "RULE_VIOLATED"}
    assert "1 户" in refused["message"]


async def test_only_an_administrator_sets_posts_and_only_where_the_plan_is_silent(
    gql: GraphQLClient, sanjiang_gql: GraphQLClient, platform: Platform
) -> None:
    await add_regions(platform)
    ruled = gid("RelocationSite", await add_site(platform, "甲安置点", TOWNSHIP_A, 5_000))
    silent = gid("RelocationSite", await add_site(platform, "乙安置点", TOWNSHIP_A, 3_001))
    refused = (await gql(SET_POSTS, {"i": {"siteId": ruled, "value": 6, "basis": "某文件"}}))[
        "setSitePostRequirement"
    ]
    assert problems(refused) == {"value": "RULE_VIOLATED"}
    assert "安排 10 个公益性岗位" in refused["message"]
    for value in (0, 101):
        bad = (await gql(SET_POSTS, {"i": {"siteId": silent, "value": value, "basis": "某文件"}}))[
            "setSitePostRequirement"
        ]
        assert problems(bad) == {"value": "OUT_OF_RANGE"}
        assert "1–100 个" in bad["message"]
    no_basis = (await gql(SET_POSTS, {"i": {"siteId": silent, "value": 8}}))[
        "setSitePostRequirement"
    ]
    assert problems(no_basis) == {"basis": "REQUIRED"}
    for value in (1, 100):
        ok = await gql(SET_POSTS, {"i": {"siteId": silent, "value": value, "basis": "某文件"}})
        assert ok["setSitePostRequirement"]["__typename"] == "RelocationSiteSuccess"
    # the mutation is @adminOnly: even the plugin's own department is refused before it runs
    own = gid("RelocationSite", await add_site(platform, "丙安置点", TOWNSHIP_C, 4_000))
    response = await sanjiang_gql.post(SET_POSTS, {"i": {"siteId": own, "value": 8, "basis": "x"}})
    error = response.json()["errors"][0]
    assert (
        error["extensions"]["code"] == "FORBIDDEN" and "only an administrator" in error["message"]
    )


async def test_the_service_checks_the_role_and_scope_too(platform: Platform) -> None:
    await add_regions(platform)
    silent = await add_site(platform, "乙安置点", TOWNSHIP_A, 3_001)
    for role, scope, code in (
        ("department", EVERYWHERE, "FORBIDDEN"),
        ("admin", Scope("450226"), "NOT_FOUND"),
    ):
        with pytest.raises(Problems) as raised:
            async with platform.db.begin() as conn:
                await sites.set_post_requirement(
                    conn, silent, 8, "某文件", expected_version=None, role=role, scope=scope
                )
        assert raised.value.problems[0].code == code
