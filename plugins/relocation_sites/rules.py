"""The plan's rules for a site, as pure functions shared by services, types, metrics and demo.

三(五)2 gives a site's public-welfare posts by resident population: 3 for "1000人以下", 5 for
"1000-3000人", 10 for "5000人以上". Chinese legal usage counts 以下/以上 inclusively (so exactly
1,000 is 3 posts and exactly 5,000 is 10), and "1000-3000" then starts above 1,000. For
3,001–4,999 residents the plan sets nothing: the rule says so instead of guessing, until an
administrator sets a figure for the site.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugins.relocation_sites.enums import SitePopulationBand, SitePostRuleStatus

CLAUSE_POSTS = "三(五)2"
NO_RULE_REASON = "方案对 3001–4999 人的安置点未规定岗位数"
JOB_FAIRS_PER_SITE = 2
"""三(五)3: at least two special job fairs or postings-release events per site in the year."""
POSTINGS_PER_SITE = 30_000
"""三(五)3: at least 30,000 postings pushed to each site in the year."""
STAFF_RANGE = (1, 3)
"""三(五)4: one to three staff per service station."""
SUBSIDY_RANGE_YUAN = (50_000, 100_000)
"""三(五)4: the city's subsidy per site, by size, in yuan."""
CHECKLIST = (
    ("organisation", "机构"),
    ("personnel", "人员"),
    ("funding", "经费"),
    ("premises", "场地"),
    ("work", "工作"),
    ("rules", "制度"),
)
"""The "六到位" checklist of 三(五)4, in the plan's order."""


def population_band(population: int) -> SitePopulationBand:
    """The band of 三(五)2 a resident population falls in."""
    if population <= 1_000:
        return SitePopulationBand.UP_TO_1000
    if population <= 3_000:
        return SitePopulationBand.FROM_1001_TO_3000
    if population < 5_000:
        return SitePopulationBand.FROM_3001_TO_4999
    return SitePopulationBand.FROM_5000


_BAND_POSTS = {
    SitePopulationBand.UP_TO_1000: (
        3,
        "三(五)2：安置人口 1000 人以下（含 1000 人）安排 3 个公益性岗位",
    ),
    SitePopulationBand.FROM_1001_TO_3000: (5, "三(五)2：安置人口 1000–3000 人安排 5 个公益性岗位"),
    SitePopulationBand.FROM_5000: (
        10,
        "三(五)2：安置人口 5000 人以上（含 5000 人）安排 10 个公益性岗位",
    ),
}


@dataclass(frozen=True)
class PostRequirement:
    """How many public-welfare posts a site needs, and why (or why nobody can say)."""

    required: int | None
    source: SitePostRuleStatus
    basis: str


def post_requirement(
    population: int, administrator_value: int | None = None, administrator_basis: str | None = None
) -> PostRequirement:
    """The posts a site of `population` residents needs under 三(五)2.

    An administrator's figure counts only where the plan gives none (3,001–4,999 residents);
    elsewhere the plan's rule wins and a stored figure is ignored.
    """
    band = population_band(population)
    if band is SitePopulationBand.FROM_3001_TO_4999:
        if administrator_value is None:
            return PostRequirement(
                None,
                SitePostRuleStatus.NO_RULE,
                f"{NO_RULE_REASON}（本点 {population} 人），需管理员设定",
            )
        return PostRequirement(
            administrator_value,
            SitePostRuleStatus.ADMINISTRATOR,
            f"{NO_RULE_REASON}；管理员设定 {administrator_value} 个，依据：{administrator_basis or '未注明'}",
        )
    posts, basis = _BAND_POSTS[band]
    return PostRequirement(posts, SitePostRuleStatus.PLAN_RULE, basis)


def needs_station(population: int, community_managed: bool, large_site_population: int) -> bool:
    """三(五)4: a site of at least `large_site_population` residents not managed by a community."""
    return population >= large_site_population and not community_managed
