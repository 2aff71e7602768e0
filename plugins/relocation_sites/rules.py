"""The plan's rules for a site, and the checks each kind's writes add to its declaration.

三(五)2 gives a site's public-welfare posts by resident population: 3 for "1000人以下", 5 for
"1000-3000人", 10 for "5000人以上". Chinese legal usage counts 以下/以上 inclusively (so exactly
1,000 is 3 posts and exactly 5,000 is 10), and "1000-3000" then starts above 1,000. For
3,001–4,999 residents the plan sets nothing: the rule says so instead of guessing, until an
administrator sets a figure for the site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from core.sdk import ErrorCode, Problem, Role, Row, WriteContext, person
from plugins.relocation_sites.enums import SitePopulationBand, SitePostRuleStatus
from plugins.relocation_sites.models import site, site_household, site_post
from plugins.relocation_sites.settings import RelocationSettings

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


# -- the checks a write adds to the declared limits --------------------------------------------

Found = list[Problem]


def _changed(values: Mapping[str, Any], before: Row[Any] | None, *names: str) -> bool:
    if before is None:
        return any(values.get(n) is not None for n in names)
    return any(values.get(n) != before._mapping[n] for n in names)


def site_post_requirement(
    ctx: WriteContext, values: Mapping[str, Any], before: Row[Any] | None
) -> Found:
    """Only an administrator sets a site's posts, and only where 三(五)2 gives no figure."""
    if not _changed(values, before, "post_requirement", "post_requirement_basis"):
        return []
    if ctx.caller.role != Role.ADMIN:
        return [
            Problem(
                "post_requirement", ErrorCode.FORBIDDEN, "方案未规定的安置点岗位数只能由管理员设定"
            )
        ]
    value, population = values.get("post_requirement"), values["population"]
    found = post_requirement(population)
    if value is not None and found.required is not None:
        return [
            Problem(
                "post_requirement",
                ErrorCode.RULE_VIOLATED,
                f"方案已规定本安置点（{population:,} 人）安排 {found.required} 个公益性岗位，"
                "只有 3001–4999 人的安置点需要管理员设定",
                value,
            )
        ]
    if value is not None and not (values.get("post_requirement_basis") or "").strip():
        return [Problem("post_requirement_basis", ErrorCode.REQUIRED, "请填写设定依据")]
    return []


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    """The check character of a unified social credit code (GB 32100-2015)."""
    total = sum(
        USCC_CHARS.index(char) * weight for char, weight in zip(first17, _USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARS[(31 - total % 31) % 31]


def facility_checks(ctx: WriteContext, values: Mapping[str, Any], before: Row[Any] | None) -> Found:
    """Near enough to count as the site's, a valid credit code, not closed before it opened."""
    problems = []
    nearby = ctx.settings_of(RelocationSettings).nearby_distance_m
    if values["distance_m"] > nearby:
        problems.append(
            Problem(
                "distance_m",
                ErrorCode.OUT_OF_RANGE,
                f"与安置点的距离（“附近”的上限）应在 0–{nearby:,} 米之间，这里是 {values['distance_m']:,} 米",
                values["distance_m"],
            )
        )
    code = (values.get("business_registration") or "").strip().upper()
    if code and (len(code) != 18 or any(c not in USCC_CHARS for c in code)):
        problems.append(
            Problem(
                "business_registration",
                ErrorCode.INVALID,
                "工商登记号应为 18 位统一社会信用代码（数字与除 I、O、Z、S、V 外的大写字母）",
                code,
            )
        )
    elif code and uscc_check_char(code[:17]) != code[17]:
        problems.append(
            Problem(
                "business_registration",
                ErrorCode.INVALID,
                f"统一社会信用代码 {code} 的校验位不对，请核对营业执照",
                code,
            )
        )
    closed, opened = values.get("closed_on"), values["opened_on"]
    if closed is not None and closed < opened:
        problems.append(
            Problem(
                "closed_on", ErrorCode.OUT_OF_RANGE, f"停办日期不能早于建成日期（{opened}）", closed
            )
        )
    return problems


def _post_dates(values: Mapping[str, Any]) -> Found:
    holder, start, end = values.get("holder_id"), values.get("start_date"), values.get("end_date")
    opened = values["opened_on"]
    if holder is not None and start is None:
        return [Problem("start_date", ErrorCode.REQUIRED, "有在岗人时须填上岗日期")]
    if holder is None and start is not None:
        return [Problem("start_date", ErrorCode.INVALID, "岗位空缺时不填上岗日期")]
    if start is not None and start < opened:
        return [
            Problem(
                "start_date",
                ErrorCode.OUT_OF_RANGE,
                f"上岗日期不能早于岗位开发日期（{opened}）",
                start,
            )
        ]
    if end is not None and end < (start or opened):
        return [
            Problem("end_date", ErrorCode.OUT_OF_RANGE, f"结束日期不能早于{start or opened}", end)
        ]
    return []


async def post_checks(
    ctx: WriteContext, values: Mapping[str, Any], before: Row[Any] | None
) -> Found:
    """三(五)2: a post goes to one of the site's own residents, one post per person at a time;
    a held post changes hands only by ending it, and an ended post stays ended."""
    problems = _post_dates(values)
    if before is not None and _changed(values, before, "holder_id", "start_date"):
        if before.end_date is not None:
            return [Problem("id", ErrorCode.CONFLICT, f"这个岗位已于 {before.end_date} 结束")]
        if before.holder_id is not None:
            return [
                Problem(
                    "holder_id", ErrorCode.CONFLICT, "这个岗位已有在岗人；换人请先结束本岗位再新开"
                )
            ]
    holder, start = values.get("holder_id"), values.get("start_date")
    if problems or holder is None or start is None:
        return problems
    query = (
        select(person.c.name, site.c.name.label("site_name"), site_household.c.site_id)
        .select_from(person.join(site, site.c.id == values["site_id"]))
        .outerjoin(site_household, site_household.c.household_id == person.c.household_id)
        .where(person.c.id == holder)
    )
    found = (await ctx.conn.execute(query)).one()
    if found.site_id != values["site_id"]:
        problems.append(
            Problem(
                "holder_id",
                ErrorCode.RULE_VIOLATED,
                f"{found.name} 所在的户没有分配到安置点“{found.site_name}”；安置点公益性岗位安排本安置点的搬迁户",
            )
        )
    end = values.get("end_date")
    overlapping = select(site_post.c.id).where(
        site_post.c.holder_id == holder,
        or_(site_post.c.end_date.is_(None), site_post.c.end_date >= start),
    )
    if end is not None:
        overlapping = overlapping.where(site_post.c.start_date <= end)
    if before is not None:
        overlapping = overlapping.where(site_post.c.id != before.id)
    if (await ctx.conn.execute(overlapping)).first() is not None:
        problems.append(
            Problem(
                "holder_id",
                ErrorCode.CONFLICT,
                f"{found.name} 在 {start} 已担任另一个安置点公益性岗位；同一人同时只能担任一个",
            )
        )
    return problems


def fair_intentions(ctx: WriteContext, values: Mapping[str, Any], before: Row[Any] | None) -> Found:
    """Nobody reaches an intention without attending."""
    if values["intentions"] > values["attendees"]:
        return [
            Problem(
                "intentions",
                ErrorCode.OUT_OF_RANGE,
                f"达成意向人数不能超过入场人数（{values['attendees']:,} 人）",
                values["intentions"],
            )
        ]
    return []
