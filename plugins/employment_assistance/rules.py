"""The plan's rules for this plugin's records, beyond what the declarations check; each returns
the problems it finds, in Chinese, with the allowed range in the message."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select

from core.sdk import (
    LABOUR_CAPABLE,
    ErrorCode,
    JobFairLevel,
    Problem,
    Row,
    Rule,
    WriteContext,
    canonical_code,
    fen_to_yuan,
    level_of,
    person,
    region,
)
from plugins.employment_assistance.models import (
    HiringSubsidyKind,
    minimum_wage,
    subsidy,
    village_post,
)

# 三(一)2 "一岗多补"
WAGE_MONTHLY = (Decimal(300), Decimal(500))
GRADUATE_AMOUNT = (Decimal(3000), Decimal(5000))
MAX_MONTHS = {HiringSubsidyKind.WAGE: 12, HiringSubsidyKind.SOCIAL_INSURANCE: 36}
HIRES_TARGET = 3_000
# 三(一)3, 三(一)4, 三(一)5, 三(一)6, 三(一)1
EXPORT_TARGET = 40_000
WORKSHOP_TARGET = 86
POSTS_PER_VILLAGE = 5
STATED_POSTS = 830
CITY_FAIRS, COUNTY_FAIRS, KEY_TOWNSHIP_FAIRS = 2, 2, 3
POSTINGS_PER_QUARTER = 50_000
FIVE_EVENT_KINDS = 5

Values = Mapping[str, Any]
FAIR_LEVELS = {"CITY": ("CITY",), "COUNTY": ("COUNTY",), "TOWNSHIP": ("TOWNSHIP",)}


def yuan(amount: Decimal | int) -> str:
    """An amount for a message: 300 元, 3,000.50 元."""
    return f"{Decimal(amount):,.2f}".removesuffix(".00") + " 元"


def changed(values: Values, before: Row[Any] | None, *names: str) -> bool:
    """Whether a write sets any of `names` anew (always, on a create)."""
    if before is None:
        return True
    row = before._mapping
    return any(
        (values.get(n) != row[n])
        if n in row
        else (money(values, n) != fen_to_yuan(row[f"{n}_fen"]))
        for n in names
    )


def money(values: Values, name: str) -> Decimal | None:
    value = values.get(name)
    return None if value is None else Decimal(str(value))


async def capable(ctx: WriteContext, key: int, field: str, role: str) -> list[Problem]:
    """A person with labour capacity (普通、技能、弱或半劳动力)."""
    row = (await ctx.conn.execute(select(person).where(person.c.id == key))).first()
    if row is None or row.labour_capacity in {c.value for c in LABOUR_CAPABLE}:
        return []
    return [
        Problem(
            field,
            ErrorCode.RULE_VIOLATED,
            f"{row.name}没有劳动能力，不能作为{role}；有劳动能力指普通、技能、弱或半劳动力",
        )
    ]


def cancellable(what: str) -> Rule:
    """A cancelled fair, push or event stays as it is; cancelling needs a reason."""

    def rule(ctx: WriteContext, values: Values, before: Row[Any] | None) -> list[Problem]:
        if before is not None and before.cancelled:
            return [Problem("cancelled", ErrorCode.CONFLICT, f"这条{what}已撤销，不能再改")]
        if values.get("cancelled") and not values.get("cancel_reason"):
            return [Problem("cancel_reason", ErrorCode.REQUIRED, "撤销时请填写撤销原因")]
        return []

    return rule


def workshop_span(ctx: WriteContext, values: Values, before: Row[Any] | None) -> list[Problem]:
    """A workshop ends once, not before it was certified."""
    ended, certified = values.get("ended_on"), values["certified_on"]
    if before is not None and before.ended_on is not None and ended != before.ended_on:
        return [
            Problem("ended_on", ErrorCode.CONFLICT, f"这个车间已于 {before.ended_on} 停办", ended)
        ]
    if ended is not None and ended < certified:
        return [Problem("ended_on", ErrorCode.INVALID, "停办日期不能早于认定日期", ended)]
    if ended is None and values.get("end_reason"):
        return [Problem("end_reason", ErrorCode.INVALID, "没有停办日期的车间不填停办原因")]
    return []


async def post_rules(ctx: WriteContext, values: Values, before: Row[Any] | None) -> list[Problem]:
    """三(一)5: only in poor villages, held by a labourer, paid at least the minimum wage, one
    post per person at a time. Where a post is and who holds it are checked again only when
    they change, so a village that has since left poverty does not block corrections."""
    problems: list[Problem] = []
    village, start, end = values["village_code"], values["start_date"], values.get("end_date")
    if changed(values, before, "village_code"):
        poor = (await ctx.conn.execute(select(region).where(region.c.code == village))).first()
        if poor is not None and not poor.poor_village:
            problems.append(
                Problem(
                    "village_code",
                    ErrorCode.RULE_VIOLATED,
                    f"{poor.name}（{village}）不是未脱贫摘帽的贫困村；"
                    "乡村公益性岗位只在 171 个未脱贫摘帽的贫困村开发",
                    village,
                )
            )
    if changed(values, before, "person_id"):
        problems += await capable(ctx, values["person_id"], "person_id", "公益性岗位人员")
    if end is not None and end < start:
        return [*problems, Problem("end_date", ErrorCode.INVALID, "离岗日期不能早于上岗日期", end)]
    if changed(values, before, "monthly_pay", "start_date", "village_code"):
        problems += await _minimum_wage(ctx, values)
    overlap = select(village_post).where(
        village_post.c.person_id == values["person_id"],
        or_(village_post.c.end_date.is_(None), village_post.c.end_date >= start),
    )
    if end is not None:
        overlap = overlap.where(village_post.c.start_date <= end)
    if before is not None:
        overlap = overlap.where(village_post.c.id != before.id)
    clash = (await ctx.conn.execute(overlap.limit(1))).first()
    if clash is not None:
        until = clash.end_date or "今"
        problems.append(
            Problem(
                "person_id",
                ErrorCode.CONFLICT,
                f"此人 {clash.start_date} 至 {until} 已在“{clash.post}”岗位，"
                "同一时间只能占一个公益性岗位",
            )
        )
    return problems


async def _minimum_wage(ctx: WriteContext, values: Values) -> list[Problem]:
    """The pay is not below the county's minimum wage in force on the start date."""
    pay, start = money(values, "monthly_pay"), values["start_date"]
    floor = (
        await ctx.conn.execute(
            select(minimum_wage)
            .where(
                minimum_wage.c.county_code == values["village_code"][:6],
                minimum_wage.c.effective_from <= start,
            )
            .order_by(minimum_wage.c.effective_from.desc())
            .limit(1)
        )
    ).first()
    if floor is None:
        return [
            Problem(
                "monthly_pay",
                ErrorCode.RULE_VIOLATED,
                f"{start} 时该县区没有生效的最低工资标准，无法核对岗位补贴；"
                "请管理员先设定（createMinimumWage）",
                pay,
            )
        ]
    lowest = fen_to_yuan(floor.monthly_minimum_fen)
    if pay is not None and pay < lowest:
        return [
            Problem(
                "monthly_pay",
                ErrorCode.OUT_OF_RANGE,
                f"月岗位补贴不得低于当地最低工资标准 {yuan(lowest)}"
                f"（{floor.effective_from} 起执行，{floor.source}），这里是 {yuan(pay)}",
                pay,
            )
        ]
    return []


async def subsidy_rules(
    ctx: WriteContext, values: Values, before: Row[Any] | None
) -> list[Problem]:
    """三(一)2: amounts in range, months within the limit per hire, a one-off once per hire."""
    if before is not None and before.revoked_on is not None:
        return [
            Problem(
                "revoked_on", ErrorCode.CONFLICT, f"这笔补贴已于 {before.revoked_on} 撤销，不能再改"
            )
        ]
    kind = HiringSubsidyKind(values["kind"])
    problems = _amounts(kind, values)
    if before is None:
        problems += await capable(ctx, values["person_id"], "person_id", "被吸纳就业的人")
    hired, granted, revoked = values["hired_on"], values["granted_on"], values.get("revoked_on")
    if granted < hired:
        problems.append(Problem("granted_on", ErrorCode.INVALID, "发放日期不能早于入职日期"))
    if revoked is not None and revoked < granted:
        problems.append(Problem("revoked_on", ErrorCode.INVALID, "撤销日期不能早于发放日期"))
    if revoked is not None and not values.get("revoke_reason"):
        problems.append(Problem("revoke_reason", ErrorCode.REQUIRED, "撤销时请填写撤销原因"))
    if problems or revoked is not None:
        return problems
    return await _per_hire(ctx, kind, values, before)


def _amounts(kind: HiringSubsidyKind, values: Values) -> list[Problem]:
    monthly, months, amount = (
        money(values, "monthly_amount"),
        values.get("months"),
        money(values, "amount"),
    )
    if kind.monthly:
        problems = []
        if amount is not None:
            problems.append(
                Problem(
                    "amount",
                    ErrorCode.INVALID,
                    f"{kind.label}按月计：请填每月金额和月数，总额由平台计算",
                    amount,
                )
            )
        if monthly is None:
            problems.append(
                Problem("monthly_amount", ErrorCode.REQUIRED, f"请填写{kind.label}每月金额（元）")
            )
        elif kind is HiringSubsidyKind.WAGE and not WAGE_MONTHLY[0] <= monthly <= WAGE_MONTHLY[1]:
            problems.append(
                Problem(
                    "monthly_amount",
                    ErrorCode.OUT_OF_RANGE,
                    f"工资性补贴每人每月 {yuan(WAGE_MONTHLY[0])}至 {yuan(WAGE_MONTHLY[1])}，"
                    f"这里是 {yuan(monthly)}",
                    monthly,
                )
            )
        limit = MAX_MONTHS[kind]
        if months is None:
            problems.append(
                Problem("months", ErrorCode.REQUIRED, f"请填写{kind.label}的月数（1 至 {limit}）")
            )
        elif not 1 <= months <= limit:
            problems.append(
                Problem(
                    "months",
                    ErrorCode.OUT_OF_RANGE,
                    f"{kind.label}最长 {limit} 个月（每次 1 至 {limit} 个月），这里是 {months} 个月",
                    months,
                )
            )
        return problems
    problems = [
        Problem(
            name,
            ErrorCode.INVALID,
            f"{kind.label}是一次性补贴，不填每月金额和月数，只填金额",
            given,
        )
        for name, given in (("monthly_amount", monthly), ("months", months))
        if given is not None
    ]
    if amount is None:
        return [*problems, Problem("amount", ErrorCode.REQUIRED, f"请填写{kind.label}的金额（元）")]
    if kind is HiringSubsidyKind.GRADUATE_POST:
        if not values.get("graduate"):
            problems.append(
                Problem(
                    "graduate",
                    ErrorCode.RULE_VIOLATED,
                    "一次性岗位补贴只给吸纳贫困家庭高校毕业生的企业；被吸纳的人不是高校毕业生",
                )
            )
        if not GRADUATE_AMOUNT[0] <= amount <= GRADUATE_AMOUNT[1]:
            problems.append(
                Problem(
                    "amount",
                    ErrorCode.OUT_OF_RANGE,
                    f"高校毕业生一次性岗位补贴为 {yuan(GRADUATE_AMOUNT[0])}至 "
                    f"{yuan(GRADUATE_AMOUNT[1])}，这里是 {yuan(amount)}",
                    amount,
                )
            )
    return problems


async def _per_hire(
    ctx: WriteContext, kind: HiringSubsidyKind, values: Values, before: Row[Any] | None
) -> list[Problem]:
    """Months of a monthly subsidy add up per hire; a one-off subsidy is paid once per hire."""
    same_hire = [
        subsidy.c.person_id == values["person_id"],
        subsidy.c.employer == values["employer"].strip(),
        subsidy.c.kind == kind.value,
        subsidy.c.revoked_on.is_(None),
    ]
    if before is not None:
        same_hire.append(subsidy.c.id != before.id)
    if not kind.monthly:
        if (await ctx.conn.execute(select(subsidy.c.id).where(*same_hire))).first() is None:
            return []
        return [
            Problem(
                "kind",
                ErrorCode.DUPLICATE,
                f"{kind.label}是一次性补贴，此人在“{values['employer']}”的这项补贴已经登记过",
            )
        ]
    paid = (
        await ctx.conn.execute(
            select(func.coalesce(func.sum(subsidy.c.months), 0)).where(*same_hire)
        )
    ).scalar_one()
    limit, months = MAX_MONTHS[kind], values["months"]
    if paid + months <= limit:
        return []
    return [
        Problem(
            "months",
            ErrorCode.OUT_OF_RANGE,
            f"同一人在同一单位的{kind.label}最长 {limit} 个月：已登记 {paid} 个月，"
            f"再加 {months} 个月共 {paid + months} 个月；最多还能登记 {max(0, limit - paid)} 个月",
            months,
        )
    ]


def fair_level(ctx: WriteContext, values: Values, before: Row[Any] | None) -> list[Problem]:
    """A city fair is held by the city, a county one by a county/district, a township one by a
    township; fairs at relocation sites are the sites' own (relocation_sites)."""
    level = JobFairLevel(values["level"])
    if level is JobFairLevel.SITE:
        return [
            Problem("level", ErrorCode.INVALID, "安置点的招聘会登记在易地扶贫搬迁安置点（三(五)3）")
        ]
    code = canonical_code(str(values["region_code"]))
    found = level_of(code)
    if found not in FAIR_LEVELS[level.value]:
        names = {"CITY": "市", "COUNTY": "县区", "TOWNSHIP": "乡镇"}
        return [
            Problem(
                "region_code",
                ErrorCode.INVALID,
                f"{level.label}招聘会应登记在{names[level.value]}，而 {code} 是{names.get(found, '行政村')}",
                code,
            )
        ]
    return []


def total_fen(row: Row[Any]) -> int:
    """A subsidy's total: the one-off amount, or the monthly amount × months."""
    if row.amount_fen is not None:
        return int(row.amount_fen)
    return int(row.monthly_amount_fen or 0) * int(row.months or 0)
