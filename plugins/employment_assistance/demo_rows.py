"""The demo's rows, generated from the regions and the core's demo people with one random source.

Every function takes the same `random.Random`, so the same seed gives the same rows.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Table

from core.sdk import CITY_CODE
from plugins.employment_assistance.models import (
    FiveEventKind,
    HiringSubsidyKind,
    five_event,
    job_fair,
    job_push,
    subsidy,
    village_post,
    workshop,
    workshop_worker,
)
from plugins.employment_assistance.reference import STANDARDS

CAPABLE = ("ORDINARY", "SKILLED", "WEAK")
ROUNDS = (date(2019, 2, 1), date(2019, 4, 1), date(2019, 6, 1), date(2019, 8, 1))
"""The months in which village teams push postings to every household (every two months)."""
MISSED_PER_MILLE = 30
"""Households a village push misses, per thousand (chosen in SQL from ids and the seed)."""
LAST_ROUND_MISSED_PER_MILLE = 80
"""In the last round (August) more are missed, so some are not reached by 2019-09-30."""
_TRADES = ("服装加工", "电子组装", "竹木编织", "茶叶加工", "螺蛳粉配料", "鞋帽加工", "玩具组装")
_POSTS = ("保洁员", "护林员", "护路员", "水管员", "村级就业信息员", "治安巡逻员", "河道管护员")
_VENUES = ("人力资源市场", "体育馆", "文化广场", "职业技术学校", "乡镇政府广场")


@dataclass
class Areas:
    """The regions the demo places records in."""

    townships: list[tuple[str, bool]] = field(default_factory=list)
    """(code, key poor township) of every township."""
    poor_villages: list[str] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class People:
    """What the demo reads of the core's demo households."""

    households: list[tuple[int, str]] = field(default_factory=list)
    """(id, village code) of every household."""
    capable: dict[str, list[tuple[int, date]]] = field(default_factory=lambda: defaultdict(list))
    """Labour-capable persons (id, birth date) by village code."""
    workshop_spells: list[tuple[int, str]] = field(default_factory=list)
    """(employment id, village code) of the "扶贫车间" spells."""
    programme_spells: list[tuple[int, str | None, date, date]] = field(default_factory=list)
    """(person id, employer, start, birth date) of the spells marked "一岗多补"."""


class Ids:
    """Next free id per table, so rows go in with plain multi-row inserts."""

    def __init__(self, start: dict[str, int]) -> None:
        self.next = dict(start)

    def take(self, table: Table) -> int:
        value = self.next[table.name]
        self.next[table.name] = value + 1
        return value


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(0, (end - start).days + 1))


def workshops(
    rng: random.Random, areas: Areas, ids: Ids, people: People
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    by_township: dict[str, list[int]] = defaultdict(list)
    for code, key_poor in areas.townships:
        if rng.random() < (0.05 if key_poor else 0.14):
            continue  # a township the workshops have not reached yet
        for index in range(rng.choice((1, 1, 1, 2)) + (1 if key_poor else 0)):
            certified = (
                _day(rng, date(2019, 2, 1), date(2019, 9, 20))
                if rng.random() < 0.7
                else _day(rng, date(2017, 6, 1), date(2018, 12, 20))
            )
            trade = rng.choice(_TRADES)
            pk = ids.take(workshop)
            ended = rng.random() < 0.04 and certified < date(2019, 6, 1)
            rows.append(
                {
                    "id": pk,
                    "name": f"{areas.names[code]}{trade}扶贫车间{index + 1}号",
                    "enterprise": f"柳州{rng.choice('宏鑫华顺丰瑞')}{rng.choice('达源兴泰')}{trade}有限公司",
                    "township_code": code,
                    "certified_on": certified,
                    "jobs": rng.randrange(15, 120),
                    "ended_on": _day(rng, date(2019, 6, 1), date(2019, 9, 1)) if ended else None,
                    "end_reason": "企业迁址，撤销认定" if ended else None,
                }
            )
            by_township[code].append(pk)
    workers = [
        {
            "id": ids.take(workshop_worker),
            "workshop_id": by_township[village[:9]][0],
            "employment_id": spell,
        }
        for spell, village in people.workshop_spells
        if by_township.get(village[:9])
    ]
    return rows, workers


def posts(rng: random.Random, areas: Areas, ids: Ids, people: People) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    used: set[int] = set()
    by_township: dict[str, list[tuple[int, date]]] = defaultdict(list)
    by_county: dict[str, list[tuple[int, date]]] = defaultdict(list)
    for village, persons in sorted(people.capable.items()):
        by_township[village[:9]].extend(persons)
        by_county[village[:6]].extend(persons)
    for village in areas.poor_villages:
        wanted = rng.choices((3, 4, 5, 6, 7), weights=(8, 12, 50, 22, 8))[0]
        pools = (people.capable.get(village, []), by_township[village[:9]], by_county[village[:6]])
        holders: list[int] = []
        for pool in pools:
            # A few candidates drawn from the pool, not the whole county shuffled.
            for pk, _born in rng.sample(pool, min(len(pool), 4 * wanted)):
                if len(holders) == wanted:
                    break
                if pk not in used:
                    used.add(pk)
                    holders.append(pk)
        floor = STANDARDS.get(village[:6], 130_000)
        for pk in holders:
            start = _day(rng, date(2018, 3, 1), date(2019, 6, 30))
            ended = rng.random() < 0.05
            rows.append(
                {
                    "id": ids.take(village_post),
                    "village_code": village,
                    "post": rng.choice(_POSTS),
                    "person_id": pk,
                    "monthly_pay_fen": floor + rng.choice((0, 0, 5_000, 10_000, 20_000)),
                    "start_date": start,
                    "end_date": _day(rng, max(start, date(2019, 7, 1)), date(2019, 9, 15))
                    if ended
                    else None,
                }
            )
    return rows


def subsidies(rng: random.Random, ids: Ids, people: People) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(kind: HiringSubsidyKind, pk: int, employer: str, hired: date, **amounts: Any) -> None:
        granted = min(hired + timedelta(days=rng.randrange(20, 75)), date(2019, 9, 30))
        rows.append(
            {
                "id": ids.take(subsidy),
                "kind": kind.value,
                "person_id": pk,
                "employer": employer,
                "hired_on": hired,
                "graduate": amounts.pop("graduate", False),
                "monthly_amount_fen": amounts.get("monthly"),
                "months": amounts.get("months"),
                "amount_fen": amounts.get("amount"),
                "granted_on": max(granted, hired),
                "revoked_on": None,
                "revoke_reason": None,
            }
        )

    hires: set[tuple[int, str]] = set()
    for pk, employer, hired, born in people.programme_spells:
        name = employer or "柳州市某企业"
        if (pk, name) in hires:
            continue  # a second spell with the same employer: the limits are per hire
        hires.add((pk, name))
        graduate = 21 <= (hired.year - born.year) <= 25 and rng.random() < 0.5
        add(
            HiringSubsidyKind.WAGE,
            pk,
            name,
            hired,
            monthly=rng.choice((30_000, 40_000, 50_000)),
            months=rng.choice((6, 12, 12)),
            graduate=graduate,
        )
        if rng.random() < 0.5:
            add(
                HiringSubsidyKind.SOCIAL_INSURANCE,
                pk,
                name,
                hired,
                monthly=rng.choice((28_000, 35_000)),
                months=rng.choice((12, 24, 36)),
                graduate=graduate,
            )
        if rng.random() < 0.3:
            add(
                HiringSubsidyKind.EMPLOYMENT_REWARD,
                pk,
                name,
                hired,
                amount=100_000,
                graduate=graduate,
            )
        if rng.random() < 0.3:
            add(
                HiringSubsidyKind.NEW_JOB,
                pk,
                name,
                hired,
                amount=rng.choice((50_000, 80_000)),
                graduate=graduate,
            )
        if graduate:
            add(
                HiringSubsidyKind.GRADUATE_POST,
                pk,
                name,
                hired,
                amount=rng.choice((300_000, 400_000, 500_000)),
                graduate=True,
            )
    return rows


def fairs(rng: random.Random, areas: Areas, ids: Ids) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(name: str, level: str, code: str, held: date, cancelled: bool = False) -> None:
        rows.append(
            {
                "id": ids.take(job_fair),
                "title": name,
                "level": level,
                "region_code": code,
                "held_on": held,
                "place": f"{areas.names[code]}{rng.choice(_VENUES)}",
                "employers": rng.randrange(20, 160),
                "postings": rng.randrange(500, 6_000),
                "attendees": rng.randrange(300, 5_000),
                "intentions": 0,
                "cancelled": cancelled,
                "cancel_reason": "因天气原因未举办" if cancelled else None,
            }
        )

    add("2019年“春风行动”贫困劳动力专场招聘会", "CITY", CITY_CODE, date(2019, 2, 14))
    add("2019年“就业援助月”大型招聘会", "CITY", CITY_CODE, date(2019, 9, 6))
    for county in areas.counties:
        for number in range(rng.choice((1, 2, 2, 3))):
            add(
                f"{areas.names[county]}2019年第{number + 1}场县区招聘会",
                "COUNTY",
                county,
                _day(rng, date(2019, 2, 10), date(2019, 9, 25)),
            )
    for code, key_poor in areas.townships:
        count = rng.choice((1, 2, 3, 3, 4)) if key_poor else (1 if rng.random() < 0.15 else 0)
        for number in range(count):
            add(
                f"{areas.names[code]}送岗下乡招聘活动（第{number + 1}场）",
                "TOWNSHIP",
                code,
                _day(rng, date(2019, 2, 10), date(2019, 9, 25)),
            )
    rows[-1]["cancelled"] = True
    rows[-1]["cancel_reason"] = "因天气原因未举办"
    return rows


def pushes(rng: random.Random, areas: Areas, ids: Ids, people: People) -> list[dict[str, Any]]:
    """County bulletins online every month; a push in every village with households in each
    round (the households each reaches are chosen in SQL, see `demo.reach`)."""
    pushes: list[dict[str, Any]] = []
    for county in areas.counties:
        for month in range(2, 10):
            pushes.append(
                {
                    "id": ids.take(job_push),
                    "region_code": county,
                    "pushed_on": date(2019, month, rng.randrange(3, 12)),
                    "postings": rng.randrange(1_000, 2_400),
                    "channel": "ONLINE",
                    "title": f"{areas.names[county]}2019年{month}月岗位信息汇编",
                }
            )
    villages = sorted({village for _, village in people.households})
    for start in ROUNDS:
        for village in villages:
            pushes.append(
                {
                    "id": ids.take(job_push),
                    "region_code": village,
                    "pushed_on": start + timedelta(days=rng.randrange(0, 25)),
                    "postings": rng.randrange(10, 40),
                    "channel": rng.choice(("WORK_TEAM", "CONTACT", "VILLAGE_COMMITTEE")),
                    "title": f"{start.month}月送岗到户",
                }
            )
    for row in pushes:
        row.setdefault("cancel_reason", None)
        row["cancelled"] = False
        row["households"] = 0
    return pushes


def events(rng: random.Random, areas: Areas, ids: Ids) -> list[dict[str, Any]]:
    held = [kind for kind in FiveEventKind if kind is not FiveEventKind.PERFORMANCE_TOUR]
    rows = []
    for code in [CITY_CODE, *areas.counties]:
        kinds = held if code == CITY_CODE else rng.sample(held, rng.randrange(1, len(held) + 1))
        for kind in kinds:
            rows.append(
                {
                    "id": ids.take(five_event),
                    "kind": kind.value,
                    "title": f"{areas.names[code]}2019年春节{kind.label}",
                    "region_code": code,
                    "held_on": _day(rng, date(2019, 1, 28), date(2019, 2, 28)),
                    "place": f"{areas.names[code]}{rng.choice(_VENUES)}",
                    "attendance": rng.randrange(80, 3_000),
                    "cancelled": False,
                    "cancel_reason": None,
                }
            )
    return rows
