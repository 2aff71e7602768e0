"""Deterministic demo loans, enterprises and incubation bases on top of the core's demo households.

The plan's targets (2 亿元, 2,000 people, 10,000 jobs) are city-wide totals for about 100,000
registered households; a demo holds far fewer. So the demo scales the city's three 三(三)1
targets by (households ÷ 100,000), splits them among the counties by their households, and
generates loans, people and jobs that put the city about 66–78 % of the way on 2019-09-30,
some counties ahead of the even pace and some behind. The four named areas get one base
each, three of them on the autonomous region's list by 2019-09-30.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, text, update

from core.sdk import PLAN_YEAR, Database, metric_target, utcnow
from plugins.entrepreneurship.demo_rows import (
    DEADLINE,
    KIND_JOBS,
    LIMIT,
    RAW_AMOUNT,
    Builder,
    Candidate,
    Pools,
    Rows,
    read_pools,
    split,
)
from plugins.entrepreneurship.enums import SMALL_MICRO_KINDS, EnterpriseKind, LoanProgramme
from plugins.entrepreneurship.models import enterprise, enterprise_worker, incubation_base, loan

PLAN_HOUSEHOLDS = 100_000
"""About how many registered households the plan's city-wide targets are for."""
PLAN_TARGETS = {
    "entrepreneurship.loan_amount": 200_000_000,
    "entrepreneurship.entrepreneurs": 2_000,
    "entrepreneurship.jobs_driven": 10_000,
}
CITY = "450200"
ENTERED = datetime(2019, 10, 8, 1, 0, tzinfo=UTC)
"""When the demo's records were entered: after the deadline, as a clerk catching up would."""
DEMO_SETTER = "演示数据"
CHUNK = 5_000
# How far each county runs ahead of (>1) or behind (<1) the city's pace.
PACE = {
    "450202": 1.15, "450203": 0.80, "450204": 1.10, "450205": 0.90, "450206": 1.20,
    "450222": 1.05, "450223": 1.25, "450224": 0.95, "450225": 0.70, "450226": 1.00,
}  # fmt: skip
PROGRAMMES = {
    LoanProgramme.NATIONAL: 35,
    LoanProgramme.MIGRANT_WORKER: 50,
    LoanProgramme.SMALL_MICRO: 15,
}
OTHER_KINDS = {
    EnterpriseKind.INDIVIDUAL_BUSINESS: 50,
    EnterpriseKind.COOPERATIVE: 15,
    EnterpriseKind.WORKSHOP: 15,
    EnterpriseKind.OTHER: 15,
    EnterpriseKind.MICRO_MARKET: 5,
}


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _choose(
    rng: random.Random, pools: Pools, per_county: dict[str, int], taken: set[int]
) -> list[Candidate]:
    """People to support in each county, the self-employed first (they already run a business)."""
    chosen = []
    for county in sorted(per_county):
        pool = [c for c in pools.candidates.get(county, []) if c.id not in taken]
        own = [c for c in pool if c.self_employed]
        rest = [c for c in pool if not c.self_employed]
        rng.shuffle(own)
        rng.shuffle(rest)
        picked = (own + rest)[: per_county[county]]
        taken.update(c.id for c in picked)
        chosen.extend(picked)
    return chosen


def _raw(rng: random.Random, programme: LoanProgramme) -> int:
    low, high = RAW_AMOUNT[programme]
    return rng.randrange(low // 1000, high // 1000 + 1) * 1000


def _supported(b: Builder, person: Candidate, *, starts: bool = False) -> None:
    """One person supported in 2019: the 2019 loan, earlier loans of the same programme, and
    the enterprise they finance (`starts`: surely one started in 2019)."""
    rng = b.rng
    programme = _pick(rng, PROGRAMMES)
    issued = b.day(date(2019, 4, 1) if starts else date(2019, 1, 2), DEADLINE)
    sequence = 1
    if programme is LoanProgramme.MIGRANT_WORKER and not starts:
        sequence = 1 + (rng.random() < 0.4) + (rng.random() < 0.25)
    dates = [
        issued - timedelta(days=rng.randint(400, 600) * (sequence - k)) for k in range(1, sequence)
    ]
    firm: dict[str, Any] | None = None
    if starts or programme is LoanProgramme.SMALL_MICRO or rng.random() < 0.65:
        kinds = (
            {k: 1 for k in SMALL_MICRO_KINDS}
            if programme is LoanProgramme.SMALL_MICRO
            else OTHER_KINDS
        )
        founded = (dates[0] if dates else issued) - timedelta(
            days=rng.randint(0, 90 if starts else 120)
        )
        firm = b.enterprise(person, _pick(rng, kinds), founded)
    for k, earlier in enumerate(dates, start=1):
        b.loan(
            person,
            programme,
            k,
            earlier,
            _raw(rng, programme),
            status="REPAID",
            enterprise_id=None if firm is None else firm["id"],
        )
    status = rng.choices(("ISSUED", "OVERDUE", "REPAID"), weights=(92, 5, 3))[0]
    b.loan(
        person,
        programme,
        sequence,
        issued,
        _raw(rng, programme),
        status=status,
        enterprise_id=None if firm is None else firm["id"],
    )


def _history(b: Builder, person: Candidate) -> None:
    """A loan of 2018 (counted in 2018, not in the plan year)."""
    rng = b.rng
    programme = _pick(rng, {LoanProgramme.NATIONAL: 1, LoanProgramme.MIGRANT_WORKER: 1})
    issued = b.day(date(2018, 1, 2), date(2018, 12, 28))
    firm = (
        b.enterprise(person, _pick(rng, OTHER_KINDS), issued - timedelta(days=rng.randint(0, 90)))
        if rng.random() < 0.5
        else None
    )
    status = rng.choices(("REPAID", "ISSUED", "OVERDUE", "WRITTEN_OFF"), weights=(40, 50, 7, 3))[0]
    b.loan(
        person,
        programme,
        1,
        issued,
        _raw(rng, programme),
        status=status,
        enterprise_id=None if firm is None else firm["id"],
    )


def _scale_amounts(rows: Rows, goal_yuan: int) -> None:
    """Scale the plan year's loans so that they add up to about `goal_yuan`, within limits."""
    this_year = [r for r in rows.loans if r["issued_on"].year == 2019]
    raw = sum(r["amount_fen"] for r in this_year) // 100
    if not raw:
        return
    for r in this_year:
        limit = LIMIT[LoanProgramme(r["programme"])]
        amount = round(r["amount_fen"] / 100 * goal_yuan / raw / 100) * 100
        r["amount_fen"] = max(1_000, min(limit, amount)) * 100


def _jobs(b: Builder, goal: int) -> None:
    """Spread `goal` jobs over the enterprises started in 2019, link poor labourers' jobs."""
    rng = b.rng
    fresh = [e for e in b.rows.enterprises if e["established_on"].year == 2019]
    weights = {
        str(e["id"]): KIND_JOBS[EnterpriseKind(e["kind"])] * rng.uniform(0.5, 1.5) for e in fresh
    }
    extra = split(max(0, goal - len(fresh)), weights)
    pools = {county: list(jobs) for county, jobs in b.pools.workers.items()}
    for jobs in pools.values():
        rng.shuffle(jobs)
    for e in b.rows.enterprises:
        if e["established_on"].year == 2019:
            e["jobs_created"] = 1 + extra[str(e["id"])]
        e["poor_jobs"] = round(e["jobs_created"] * rng.uniform(0.3, 0.6))
        available = pools.get(e["region_code"][:6], [])
        for _ in range(round(e["poor_jobs"] * 0.7)):
            while available and available[-1][1] == e["owner_id"]:
                available.pop()
            if not available:
                break
            b.rows.workers.append({"employment_id": available.pop()[0], "enterprise_id": e["id"]})


def build(seed: int, pools: Pools, next_ids: dict[str, int]) -> Rows:
    """The demo rows for these pools; the same seed and pools give the same rows."""
    rng = random.Random(f"entrepreneurship:{seed}")
    b = Builder(rng, pools, next_ids)
    b.bases()
    total = sum(pools.households.values())
    if not total:
        return b.rows
    scale = Decimal(total) / PLAN_HOUSEHOLDS
    goals = {
        key: max(1, int((value * scale).to_integral_value())) for key, value in PLAN_TARGETS.items()
    }
    for key, goal in goals.items():
        b.rows.targets[key] = {
            CITY: Decimal(goal),
            **{
                c: Decimal(v)
                for c, v in split(goal, {c: float(n) for c, n in pools.households.items()}).items()
            },
        }
    pace = rng.uniform(0.66, 0.78)
    weights = {
        c: n * PACE.get(c, 1.0) for c, n in pools.households.items() if pools.candidates.get(c)
    }
    taken: set[int] = set()
    people = max(1, round(goals["entrepreneurship.entrepreneurs"] * pace))
    for index, person in enumerate(_choose(rng, pools, split(people, weights), taken)):
        _supported(b, person, starts=index == 0)
    for person in _choose(rng, pools, split(round(people * 0.3), weights), taken):
        _history(b, person)
    _scale_amounts(
        b.rows, round(goals["entrepreneurship.loan_amount"] * pace * rng.uniform(0.97, 1.03))
    )
    _jobs(b, round(goals["entrepreneurship.jobs_driven"] * pace * rng.uniform(0.95, 1.05)))
    return b.rows


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


async def _targets(conn: Any, targets: dict[str, dict[str, Decimal]], households: int) -> None:
    """Write the demo's scaled city targets and their county split (never the plan's own
    figure when the demo is the plan's size)."""
    now = utcnow()
    period = {"period_start": PLAN_YEAR.start, "period_end": PLAN_YEAR.end}
    existing = {
        (row.metric_key, row.region_code)
        for row in await conn.execute(
            select(metric_target.c.metric_key, metric_target.c.region_code).where(
                metric_target.c.metric_key.in_(list(targets)),
                metric_target.c.period_start == PLAN_YEAR.start,
                metric_target.c.period_end == PLAN_YEAR.end,
            )
        )
    }
    scaled = f"演示：演示库有 {households:,} 户，行动方案三(三)1 的市目标按 {households:,} ÷ 100,000 户缩放"
    shares = "演示：市目标按各县区建档立卡户数分解"
    new = []
    for key, by_region in targets.items():
        for code, value in by_region.items():
            source = scaled if code == CITY else shares
            if (key, code) in existing:
                if code == CITY and value != PLAN_TARGETS[key]:
                    await conn.execute(
                        update(metric_target)
                        .where(
                            metric_target.c.metric_key == key,
                            metric_target.c.region_code == code,
                            metric_target.c.period_start == PLAN_YEAR.start,
                            metric_target.c.period_end == PLAN_YEAR.end,
                        )
                        .values(value=str(value), source=source, set_by=DEMO_SETTER, updated_at=now)
                    )
                continue
            new.append(
                {
                    "metric_key": key,
                    "region_code": code,
                    **period,
                    "value": str(value),
                    "source": source,
                    "set_by": DEMO_SETTER,
                    "note": None,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    if new:
        await conn.execute(insert(metric_target), new)


async def populate(db: Database, *, seed: int, households: int) -> None:
    """Write the demo's bases, enterprises, their linked workers, loans and scaled targets.

    Keys are assigned here, after the largest existing ones, so that rows go in with plain
    multi-row inserts; on PostgreSQL the id sequences are moved past them afterwards.
    """
    async with db.begin() as conn:
        pools = await read_pools(conn)
        next_ids = {
            name: int((await conn.execute(select(func.coalesce(func.max(t.c.id), 0)))).scalar_one())
            + 1
            for name, t in (("base", incubation_base), ("enterprise", enterprise), ("loan", loan))
        }
        rows = build(seed, pools, next_ids)
        stamp = {"version": 1, "created_at": ENTERED, "updated_at": ENTERED}
        for table, batch in (
            (incubation_base, rows.bases),
            (enterprise, rows.enterprises),
            (loan, rows.loans),
        ):
            for chunk in _chunks(batch):
                await conn.execute(insert(table), [{**row, **stamp} for row in chunk])
        for chunk in _chunks(rows.workers):
            await conn.execute(insert(enterprise_worker), chunk)
        await _targets(conn, rows.targets, sum(pools.households.values()))
        if db.dialect == "postgresql":
            for table in (incubation_base, enterprise, loan):
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"
                    )
                )
