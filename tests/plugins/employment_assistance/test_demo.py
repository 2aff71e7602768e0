"""Demo data: deterministic, consistent with the core's demo households, within every rule."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from core.money import fen_to_yuan
from core.platform import Platform
from core.records.enums import LABOUR_CAPABLE
from core.records.models import person, region
from plugins.employment_assistance import demo
from plugins.employment_assistance.models import (
    HiringSubsidyKind,
    five_event,
    job_fair,
    minimum_wage,
    subsidy,
    village_post,
    workshop,
)
from plugins.employment_assistance.rules import _amounts
from tests.conftest import GraphQLClient

END = date(2019, 9, 30)


async def test_same_seed_same_rows(demo_platform: Platform) -> None:
    async with demo_platform.db.connect() as conn:
        areas, people, first = await demo.read(conn)
    again = demo.generate(seed=2019, areas=areas, people=people, first_ids=first)
    assert demo.generate(seed=2019, areas=areas, people=people, first_ids=first) == again
    assert demo.generate(seed=7, areas=areas, people=people, first_ids=first) != again


async def test_workshops_in_many_but_not_all_townships(demo_platform: Platform) -> None:
    async with demo_platform.db.connect() as conn:
        townships = (
            await conn.execute(select(func.count()).where(region.c.level == "TOWNSHIP"))
        ).scalar_one()
        covered = (
            await conn.execute(select(func.count(func.distinct(workshop.c.township_code))))
        ).scalar_one()
        certified = (await conn.execute(select(func.max(workshop.c.certified_on)))).scalar_one()
    assert 0.7 * townships < covered < townships
    assert certified <= END


async def test_posts_follow_the_rules_and_some_villages_fall_short(demo_platform: Platform) -> None:
    async with demo_platform.db.connect() as conn:
        posts = (
            await conn.execute(
                select(village_post, region.c.poor_village, person.c.labour_capacity)
                .join(region, region.c.code == village_post.c.village_code)
                .join(person, person.c.id == village_post.c.person_id)
            )
        ).all()
        floors = {
            row.county_code: row.monthly_minimum_fen
            for row in (await conn.execute(select(minimum_wage))).all()
        }
        poor = (
            await conn.execute(select(func.count()).where(region.c.poor_village.is_(True)))
        ).scalar_one()
    capable = {c.value for c in LABOUR_CAPABLE}
    per_village: dict[str, int] = defaultdict(int)
    per_person: dict[int, int] = defaultdict(int)
    for post in posts:
        assert post.poor_village and post.labour_capacity in capable
        assert post.monthly_pay_fen >= floors[post.village_code[:6]]
        assert post.start_date <= END and (post.end_date is None or post.end_date <= END)
        per_person[post.person_id] += 1
        if post.end_date is None:
            per_village[post.village_code] += 1
    assert max(per_person.values()) == 1
    assert len(per_village) > poor // 2
    assert any(count < 5 for count in per_village.values())
    assert any(count >= 5 for count in per_village.values())


async def test_subsidies_pass_the_amount_rules(demo_platform: Platform) -> None:
    async with demo_platform.db.connect() as conn:
        rows = (await conn.execute(select(subsidy))).all()
    assert rows
    months: dict[tuple[int, str, str], int] = defaultdict(int)
    for row in rows:
        kind = HiringSubsidyKind(row.kind)
        values = {
            "graduate": row.graduate,
            "monthly_amount": None
            if row.monthly_amount_fen is None
            else fen_to_yuan(row.monthly_amount_fen),
            "months": row.months,
            "amount": None if row.amount_fen is None else fen_to_yuan(row.amount_fen),
        }
        assert _amounts(kind, values) == []
        assert row.hired_on <= row.granted_on <= END
        if kind.monthly:
            months[(row.person_id, row.employer, row.kind)] += row.months
    assert all(total <= (12 if kind == "WAGE" else 36) for (_, _, kind), total in months.items())


async def test_fairs_pushes_and_events(demo_platform: Platform, demo_gql: GraphQLClient) -> None:
    async with demo_platform.db.connect() as conn:
        city_fairs = (
            await conn.execute(
                select(func.count()).where(
                    job_fair.c.level == "CITY", job_fair.c.cancelled.is_(False)
                )
            )
        ).scalar_one()
        kinds = set((await conn.execute(select(five_event.c.kind).distinct())).scalars())
    assert city_fairs == 2
    assert kinds == {"JOB_FAIR", "GUIDANCE_TRAINING", "BASKETBALL", "RETURNEE_FORUM"}
    data = await demo_gql(
        """{ householdsNotReached(asOf: "2019-09-30") { totalCount }
             households(filter: {hasLabourCapacity: true}) { totalCount }
             metric(key: "employment_assistance.postings_pushed", asOf: "2019-09-30",
                    period: {year: 2019, quarter: 3}) { value target } }"""
    )
    missed = data["householdsNotReached"]["totalCount"]
    assert 0 < missed < data["households"]["totalCount"] * 0.2
    assert Decimal(data["metric"]["value"]) > Decimal(30_000)
