"""三(五)2: posts by population at every band boundary, and the band the plan leaves open."""

from __future__ import annotations

import pytest

from core.platform import Platform
from core.testing.factories import TOWNSHIP_A, add_regions
from core.testing.kit import GraphQLClient
from plugins.relocation_sites import rules
from plugins.relocation_sites.enums import SitePopulationBand, SitePostRuleStatus
from tests.plugins.relocation_sites.helpers import SITE, add_site, gid

BOUNDARIES = [
    (999, 3, SitePopulationBand.UP_TO_1000),
    (1_000, 3, SitePopulationBand.UP_TO_1000),
    (1_001, 5, SitePopulationBand.FROM_1001_TO_3000),
    (3_000, 5, SitePopulationBand.FROM_1001_TO_3000),
    (3_001, None, SitePopulationBand.FROM_3001_TO_4999),
    (4_999, None, SitePopulationBand.FROM_3001_TO_4999),
    (5_000, 10, SitePopulationBand.FROM_5000),
]


@pytest.mark.parametrize(("population", "posts", "band"), BOUNDARIES)
def test_posts_by_population(population: int, posts: int | None, band: SitePopulationBand) -> None:
    found = rules.post_requirement(population)
    assert rules.population_band(population) is band
    assert found.required == posts
    if posts is None:
        assert found.source is SitePostRuleStatus.NO_RULE
        assert "方案对 3001–4999 人的安置点未规定岗位数" in found.basis
    else:
        assert found.source is SitePostRuleStatus.PLAN_RULE


def test_an_administrators_figure_counts_only_in_the_open_band() -> None:
    inside = rules.post_requirement(4_000, 7, "县文件")
    assert (inside.required, inside.source) == (7, SitePostRuleStatus.ADMINISTRATOR)
    assert "县文件" in inside.basis
    # outside the band the plan's rule wins over any stored figure
    outside = rules.post_requirement(5_000, 7, "县文件")
    assert (outside.required, outside.source) == (10, SitePostRuleStatus.PLAN_RULE)


async def test_boundaries_through_the_api(gql: GraphQLClient, platform: Platform) -> None:
    await add_regions(platform)
    for population, _, _ in BOUNDARIES:
        await add_site(platform, f"安置点{population}", TOWNSHIP_A, population)
    data = await gql("{ relocationSites(first: 10) { nodes { %s } } }" % SITE)
    found = {
        n["population"]: (n["postRule"]["required"], n["postRule"]["status"], n["postRule"]["band"])
        for n in data["relocationSites"]["nodes"]
    }
    assert found == {
        999: (3, "PLAN_RULE", "UP_TO_1000"),
        1_000: (3, "PLAN_RULE", "UP_TO_1000"),
        1_001: (5, "PLAN_RULE", "FROM_1001_TO_3000"),
        3_000: (5, "PLAN_RULE", "FROM_1001_TO_3000"),
        3_001: (None, "NO_RULE", "FROM_3001_TO_4999"),
        4_999: (None, "NO_RULE", "FROM_3001_TO_4999"),
        5_000: (10, "PLAN_RULE", "FROM_5000"),
    }
    banded = await gql(
        "{ siteScorecards(filter: {populationBand: FROM_3001_TO_4999}) { totalCount } }"
    )
    assert banded["siteScorecards"]["totalCount"] == 2


async def test_no_rule_propagates_until_an_administrator_sets_a_figure(
    gql: GraphQLClient, platform: Platform
) -> None:
    await add_regions(platform)
    await add_site(platform, "甲安置点", TOWNSHIP_A, 1_000)
    open_band = await add_site(platform, "乙安置点", TOWNSHIP_A, 4_200)
    query = """{ metric(key: "relocation.site_posts_filled", region: "450225", asOf: "2019-09-30") {
        target status statusReason breakdown { regionCode target status } } }"""
    before = (await gql(query))["metric"]
    assert before["target"] is None and before["status"] == "NO_RULE"
    assert "乙安置点（4,200 人）" in before["statusReason"]
    assert "方案对 3001–4999 人的安置点未规定岗位数" in before["statusReason"]
    assert "其余 1 个安置点按规则合计应设 3 个" in before["statusReason"]
    township = {b["regionCode"]: b for b in before["breakdown"]}[TOWNSHIP_A]
    assert township["status"] == "NO_RULE"
    set_posts = """mutation($i: RelocationSiteUpdateInput!) { updateRelocationSite(input: $i) {
        __typename ... on RelocationSiteSuccess { relocationSite { postRule { required status reason } } } } }"""
    site_id = gid("RelocationSite", open_band)
    done = await gql(
        set_posts,
        {"i": {"id": site_id, "postRequirement": 7, "postRequirementBasis": "县人社局通知"}},
    )
    rule = done["updateRelocationSite"]["relocationSite"]["postRule"]
    assert (
        rule["required"] == 7
        and rule["status"] == "ADMINISTRATOR"
        and "县人社局通知" in rule["reason"]
    )
    after = (await gql(query))["metric"]
    assert after["target"] == "10" and after["status"] == "BEHIND"
    cleared = await gql(
        set_posts, {"i": {"id": site_id, "postRequirement": None, "postRequirementBasis": None}}
    )
    assert cleared["updateRelocationSite"]["relocationSite"]["postRule"]["status"] == "NO_RULE"
    assert (await gql(query))["metric"]["status"] == "NO_RULE"
