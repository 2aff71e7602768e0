"""Deterministic demo classes and enrolments on top of the core's demo households.

Trainees are demo household members with labour capacity, trained in their own county. Most
counties open a qualifying work-leader class every quarter; a few miss a quarter or fall short
of 30 trainees, and one urban district holds none in the year. Some vocational trainees are
placed: their class ends shortly before a job they already have in the demo data starts.
The city's 3,100 is split into demo county quotas (target records) by labour-capable members,
so the board shows counties ahead of and behind their share.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text

from core.sdk import (
    CAPABLE_CODES,
    PLAN_YEAR,
    Database,
    employment,
    household,
    metric_target,
    person,
    quarter_of,
    region,
)
from plugins.training.compliance import COUNTY_LEVELS
from plugins.training.metrics import TRAINED, TRAINED_TARGET
from plugins.training.models import enrolment, training_class

YEAR = 2019
CHUNK = 5_000
CREATED = datetime(2019, 12, 20, 1, 0, 0, tzinfo=UTC)
SEATS_PER_CAPABLE = 0.013
"""Vocational seats per labour-capable member: with the leader classes, about the plan's
3,100 trained at 100,000 households."""
MIN_SEATS = 15

_GROUPS = (
    "柳州东城投资开发集团有限公司",
    "柳州市城市投资建设发展有限公司",
    "柳州市投资控股集团有限公司",
    "柳州市龙建投资发展有限责任公司",
    "柳州市交通投资发展集团有限公司",
)
_INSTITUTIONS = (
    "{county}职业技术学校",
    "{county}就业训练中心",
    "柳州市第一职业技术学校",
    "柳州城市职业学院",
    "广西柳州技师学院",
)
_TRADES = (
    ("电工", 1800),
    ("焊工", 1800),
    ("家政服务员", 1200),
    ("育婴员", 1200),
    ("中式烹调师", 1500),
    ("汽车维修工", 2000),
    ("茶叶加工", 1000),
    ("螺蛳粉制作", 1000),
    ("电子商务", 1200),
    ("特色种养", 800),
)


@dataclass
class DemoTraining:
    """Rows to insert; enrolments refer to classes by list index."""

    classes: list[dict[str, Any]] = field(default_factory=list)
    enrolments: list[dict[str, Any]] = field(default_factory=list)
    quotas: dict[str, int] = field(default_factory=dict)
    """Each county's share of the 3,100 trainees (by its labour-capable members)."""


@dataclass(frozen=True)
class County:
    """A county or district, its short name and its labour-capable demo members."""

    code: str
    name: str
    urban: bool
    people: list[int]
    jobs: list[tuple[date, int]]
    """(start date, person id) of 2019 employment records, sorted."""


def _day(rng: random.Random, start: date, span: int) -> date:
    return start + timedelta(days=rng.randrange(0, span))


def _add_class(
    out: DemoTraining,
    rng: random.Random,
    county: County,
    row: dict[str, Any],
    trainees: Sequence[int],
    completion: float,
) -> None:
    index = len(out.classes)
    out.classes.append({**row, "county_code": county.code})
    for person_id in trainees:
        done = rng.random() < completion
        late = rng.random() < 0.2
        completed = row["end_date"] + timedelta(days=rng.randrange(1, 11) if late else 0)
        out.enrolments.append(
            {
                "class_index": index,
                "person_id": person_id,
                "completed_on": completed if done else None,
                "certificate": f"LZ{YEAR}{rng.randrange(0, 10**6):06d}"
                if done and row["kind"] == "VOCATIONAL" and rng.random() < 0.7
                else None,
            }
        )


def _leader_classes(out: DemoTraining, rng: random.Random, counties: Sequence[County]) -> None:
    rural = [c for c in counties if not c.urban]
    urban = [c for c in counties if c.urban]
    slots = [(c.code, q) for c in rural for q in range(1, 5)]
    missed = set(rng.sample(slots, min(2, len(slots))))
    short = set(rng.sample([s for s in slots if s not in missed], max(0, min(2, len(slots) - 2))))
    skipped_urban = rng.choice(urban).code if urban else None
    for county in counties:
        if county.urban:
            if county.code == skipped_urban:
                continue
            quarters = [rng.randint(1, 4)]
        else:
            quarters = [q for q in range(1, 5) if (county.code, q) not in missed]
        for quarter in quarters:
            size = rng.randint(22, 29) if (county.code, quarter) in short else rng.randint(30, 48)
            registered = min(len(county.people), rng.randint(size // 3, size * 2 // 3))
            trainees = rng.sample(county.people, registered)
            start = _day(rng, quarter_of(YEAR, quarter).start, 60)
            end = start + timedelta(days=rng.randint(4, 9))
            _add_class(
                out,
                rng,
                county,
                {
                    "kind": "LEADER",
                    "title": f"{county.name}{YEAR}年第{'一二三四'[quarter - 1]}季度务工带头人培训班",
                    "trade": "务工带头人",
                    "organiser": rng.choice(_GROUPS),
                    "organiser_kind": "CITY_GROUP",
                    "start_date": start,
                    "end_date": end,
                    "place": f"{county.name}人力资源市场",
                    "subsidy_fen": size * 800 * 100,
                    "other_trainees": size - registered,
                },
                trainees,
                completion=0.95,
            )


def _placed_candidates(county: County, end: date, rng: random.Random) -> list[int]:
    """Members whose 2019 job starts 0–45 days after `end` (a few land outside 30 days)."""
    low = bisect.bisect_left(county.jobs, (end, 0))
    high = bisect.bisect_right(county.jobs, (end + timedelta(days=45), 10**12))
    found = sorted({person_id for _, person_id in county.jobs[low:high]})
    rng.shuffle(found)
    return found


def _vocational_classes(out: DemoTraining, rng: random.Random, counties: Sequence[County]) -> None:
    for county in counties:
        if not county.people:
            continue
        pace = rng.uniform(0.6, 1.5)  # some counties ahead of their share, some behind
        seats = max(MIN_SEATS, round(len(county.people) * SEATS_PER_CAPABLE * pace))
        seats = min(seats, len(county.people))
        count = math.ceil(seats / 35)
        for number in range(count):
            size = seats // count + (number < seats % count)
            # Spread over March to November, each lasting one to four weeks.
            start = date(YEAR, 3, 1) + timedelta(
                days=(number * 270) // count + rng.randrange(0, 20)
            )
            end = start + timedelta(days=rng.randint(7, 28))
            trade, rate = rng.choice(_TRADES)
            wanted = _placed_candidates(county, end, rng)[: int(size * 0.6)]
            rest = [p for p in rng.sample(county.people, min(size, len(county.people)))]
            trainees = list(dict.fromkeys([*wanted, *rest]))[:size]
            _add_class(
                out,
                rng,
                county,
                {
                    "kind": "VOCATIONAL",
                    "title": f"{county.name}{trade}精准培训班（第{number + 1}期）",
                    "trade": trade,
                    "organiser": rng.choice(_INSTITUTIONS).format(county=county.name),
                    "organiser_kind": "INSTITUTION",
                    "start_date": start,
                    "end_date": end,
                    "place": f"{county.name}职业技能培训基地",
                    "subsidy_fen": size * rate * 100,
                    "other_trainees": 0,
                },
                trainees,
                completion=0.85,
            )


def quotas(counties: Sequence[County], total: int) -> dict[str, int]:
    """`total` split among counties by their labour-capable members (largest remainders)."""
    people = sum(len(c.people) for c in counties)
    if not people:
        return {}
    shares = {c.code: total * len(c.people) / people for c in counties if c.people}
    found = {code: math.floor(share) for code, share in shares.items()}
    left = total - sum(found.values())
    for code in sorted(shares, key=lambda c: (found[c] - shares[c], c))[:left]:
        found[code] += 1
    return found


def generate(seed: int, counties: Sequence[County]) -> DemoTraining:
    """The demo classes and enrolments; the same seed and households give the same rows."""
    rng = random.Random(f"training:{seed}")
    out = DemoTraining(quotas=quotas(counties, int(TRAINED_TARGET)))
    _leader_classes(out, rng, counties)
    _vocational_classes(out, rng, counties)
    return out


async def _counties(conn: Any) -> list[County]:
    regions = (
        await conn.execute(
            select(region.c.code, region.c.short_name, region.c.urban_district)
            .where(region.c.level.in_(COUNTY_LEVELS))
            .order_by(region.c.code)
        )
    ).all()
    people: dict[str, list[int]] = defaultdict(list)
    query = (
        select(person.c.id, household.c.village_code)
        .join(household, household.c.id == person.c.household_id)
        .where(person.c.labour_capacity.in_(CAPABLE_CODES))
        .order_by(person.c.id)
    )
    for row in await conn.execute(query):
        people[row.village_code[:6]].append(row.id)
    jobs: dict[str, list[tuple[date, int]]] = defaultdict(list)
    query = (
        select(employment.c.start_date, employment.c.person_id, household.c.village_code)
        .join(person, person.c.id == employment.c.person_id)
        .join(household, household.c.id == person.c.household_id)
        .where(employment.c.start_date.between(date(YEAR, 1, 1), date(YEAR, 12, 31)))
        .where(person.c.labour_capacity.in_(CAPABLE_CODES))
    )
    for row in await conn.execute(query):
        jobs[row.village_code[:6]].append((row.start_date, row.person_id))
    return [
        County(r.code, r.short_name, bool(r.urban_district), people[r.code], sorted(jobs[r.code]))
        for r in regions
    ]


async def _write_quotas(conn: Any, found: dict[str, int]) -> None:
    """County quotas as target records under the city's, where none is set yet."""
    taken = set(
        (
            await conn.execute(
                select(metric_target.c.region_code).where(
                    metric_target.c.metric_key == TRAINED,
                    metric_target.c.period_start == PLAN_YEAR.start,
                    metric_target.c.period_end == PLAN_YEAR.end,
                )
            )
        ).scalars()
    )
    rows = [
        {
            "metric_key": TRAINED,
            "region_code": code,
            "period_start": PLAN_YEAR.start,
            "period_end": PLAN_YEAR.end,
            "value": str(value),
            "source": "演示数据：县区培训任务（按有劳动能力人数分解，仅供演示）",
            "set_by": "演示数据",
            "note": None,
            "version": 1,
            "created_at": CREATED,
            "updated_at": CREATED,
        }
        for code, value in sorted(found.items())
        if code not in taken
    ]
    if rows:
        await conn.execute(insert(metric_target), rows)


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


async def populate(db: Database, *, seed: int, households: int) -> None:
    """Write demo classes and enrolments for the households already in the database."""
    async with db.begin() as conn:
        data = generate(seed, await _counties(conn))
        first_class = (
            int(
                (
                    await conn.execute(select(func.coalesce(func.max(training_class.c.id), 0)))
                ).scalar_one()
            )
            + 1
        )
        first_enrolment = (
            int(
                (
                    await conn.execute(select(func.coalesce(func.max(enrolment.c.id), 0)))
                ).scalar_one()
            )
            + 1
        )
        stamps = {"version": 1, "created_at": CREATED, "updated_at": CREATED}
        classes = [{**row, **stamps, "id": first_class + i} for i, row in enumerate(data.classes)]
        enrolments = [
            {
                "id": first_enrolment + i,
                "class_id": first_class + row["class_index"],
                "person_id": row["person_id"],
                "completed_on": row["completed_on"],
                "certificate": row["certificate"],
                **stamps,
            }
            for i, row in enumerate(data.enrolments)
        ]
        for table, rows in ((training_class, classes), (enrolment, enrolments)):
            for chunk in _chunks(rows):
                await conn.execute(insert(table), chunk)
        await _write_quotas(conn, data.quotas)
        if db.dialect == "postgresql":
            for name in ("training_class", "training_enrolment"):
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {name}))"
                    )
                )
