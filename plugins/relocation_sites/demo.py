"""Deterministic demo data: sites in the mountain counties and their 三微, posts, fairs, stations.

Sites are placed in the demo's own townships; every household the core's demo flagged
relocated is linked to a site in its county, weighted by the sites' populations.
Populations cover every band of 三(五)2, the no-rule band (3,001–4,999) included; some
counties are ahead of their targets and some behind. Keys are assigned here so that rows go
in with plain multi-row inserts, as the core's demo does.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import Database, employment, household, person, person_can_work, region
from plugins.relocation_sites import rules
from plugins.relocation_sites.models import (
    facility,
    facility_employment,
    job_fair,
    job_push,
    service_station,
    site,
    site_household,
    site_post,
)
from plugins.relocation_sites.settings import RelocationSettings

CREATED = datetime(2019, 1, 20, 2, 0, 0, tzinfo=UTC)
CHUNK = 5_000
COUNTY_SHORT = {
    "450206": "柳江", "450222": "柳城", "450223": "鹿寨",
    "450224": "融安", "450225": "融水", "450226": "三江",
}  # fmt: skip
# County → sites as (name, population, managed by a community, has the conditions for a 微车间).
SITES: dict[str, list[tuple[str, int, bool, bool]]] = {
    "450225": [
        ("苗家新城安置区", 9_800, False, True), ("城东幸福家园", 4_300, False, True),
        ("古龙坡安置小区", 3_600, False, True), ("香粉新村安置点", 2_450, True, True),
        ("安陲乐居安置点", 1_000, True, True), ("白云移民新村", 860, True, True),
        ("拱洞安置点", 520, True, False), ("杆洞新寨安置点", 1_001, False, True),
    ],
    "450226": [
        ("侗乡新城安置区", 6_200, False, True), ("丹洲幸福里安置点", 4_880, False, True),
        ("八江移民新村", 3_000, True, True), ("独峒安置小区", 1_750, False, True),
        ("林溪安置点", 640, True, True), ("良口新寨安置点", 410, True, False),
    ],
    "450224": [
        ("长安镇城北安置区", 5_000, False, True), ("浮石移民新区", 3_150, False, True),
        ("大将安置小区", 2_100, True, True), ("板榄幸福家园", 999, True, True),
        ("沙子安置点", 380, True, False),
    ],
    "450222": [("大埔安置小区", 1_320, False, True), ("古砦安置点", 450, True, True)],
    "450223": [("中渡安置小区", 2_600, True, True), ("黄冕安置点", 700, True, True)],
    "450206": [("拉堡幸福家园", 1_150, False, True)],
}  # fmt: skip
# Administrators' figures for some sites in the no-rule band; the rest stay NO_RULE.
SET_POSTS = {"城东幸福家园": 8, "古龙坡安置小区": 6}
SET_BASIS = "融水县人社局关于安置点公益性岗位开发的通知（2019年第3号）"
# How far along each county is: share of 微车间 built, posts filled, fairs held, postings pushed.
PACE = {"450225": 0.95, "450224": 0.8, "450226": 0.55, "450222": 0.7, "450223": 0.75, "450206": 0.6}
_PRODUCTS = (
    "苗绣",
    "竹编",
    "服装加工",
    "电子元件组装",
    "螺蛳粉包装",
    "侗锦",
    "手工编织",
    "鞋帽加工",
)
_POST_TITLES = (
    "保洁员", "治安巡逻员", "楼栋长", "水电维修员", "就业信息员",
    "绿化管护员", "公共服务协管员", "食堂帮工", "护路员", "计生协管员",
)  # fmt: skip
_FAIRS = (
    "春风行动安置点专场招聘会", "就业援助月专场招聘会", "粤桂协作劳务输出专场招聘会",
    "送岗位进安置点岗位发布会", "金秋招聘月安置点专场", "扶贫车间用工对接会",
)  # fmt: skip
_CHANNELS = ("SMS", "WECHAT", "NOTICE_BOARD", "DOOR_TO_DOOR", "ONLINE")
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _uscc(rng: random.Random, county: str) -> str:
    body = "92" + county + "".join(rng.choice(_USCC) for _ in range(9))
    return body + rules.uscc_check_char(body)


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


async def _next_id(conn: AsyncConnection, table: Table) -> int:
    return (
        int((await conn.execute(select(func.coalesce(func.max(table.c.id), 0)))).scalar_one()) + 1
    )


async def _townships(conn: AsyncConnection) -> dict[str, list[str]]:
    query = select(region.c.code).where(region.c.level == "TOWNSHIP").order_by(region.c.code)
    found: dict[str, list[str]] = defaultdict(list)
    for code in (await conn.execute(query)).scalars():
        found[code[:6]].append(code)
    return found


def _sites(
    rng: random.Random, townships: dict[str, list[str]], first_id: int
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for county, planned in SITES.items():
        if not townships.get(county):
            continue
        for index, (name, population, managed, conditions) in enumerate(planned):
            # The largest site of a county lies in the county seat (its first town).
            township = townships[county][0] if index == 0 else rng.choice(townships[county])
            posts = SET_POSTS.get(name)
            rows.append(
                {
                    "id": first_id + len(rows),
                    "name": name,
                    "county_code": county,
                    "township_code": township,
                    "population": population,
                    "community_managed": managed,
                    "has_conditions": conditions,
                    "post_requirement": posts,
                    "post_requirement_basis": SET_BASIS if posts else None,
                    "version": 1,
                    "created_at": CREATED,
                    "updated_at": CREATED,
                }
            )
    return rows


async def _link_households(
    conn: AsyncConnection, rng: random.Random, sites: list[dict[str, Any]]
) -> dict[int, list[int]]:
    """Link every relocated household to a site of its county; return household ids by site."""
    by_county: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sites:
        by_county[row["county_code"]].append(row)
    query = (
        select(household.c.id, household.c.village_code)
        .where(household.c.relocated.is_(True))
        .order_by(household.c.id)
    )
    links: list[dict[str, Any]] = []
    by_site: dict[int, list[int]] = defaultdict(list)
    for household_id, village in (await conn.execute(query)).all():
        choices = by_county.get(village[:6])
        if not choices:
            continue
        chosen = rng.choices(choices, weights=[s["population"] for s in choices])[0]
        links.append({"household_id": household_id, "site_id": chosen["id"], "created_at": CREATED})
        by_site[chosen["id"]].append(household_id)
    for chunk in _chunks(links):
        await conn.execute(insert(site_household), chunk)
    return by_site


def _facilities(
    rng: random.Random, sites: list[dict[str, Any]], first_id: int
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    nearby = RelocationSettings().nearby_distance_m
    for s in sites:
        county, pace = s["county_code"], PACE[s["county_code"]]
        short = s["name"][:2]
        plan = []
        if s["has_conditions"] and rng.random() < pace:
            product = rng.choice(_PRODUCTS)
            plan.append(
                (
                    "WORKSHOP",
                    f"{short}{product}扶贫车间",
                    f"{COUNTY_SHORT[county]}{product}有限公司",
                )
            )
        if rng.random() < 0.7:
            plan.append(("GARDEN", f"{short}微田园", f"{short}种养专业合作社"))
        if s["population"] >= 800 and rng.random() < 0.8:
            plan.append(("MARKET", f"{short}便民微市场", f"{s['name']}管理委员会"))
        for kind, name, operator in plan:
            opened = _day(rng, date(2017, 3, 1), date(2019, 8, 31))
            rows.append(
                {
                    "id": first_id + len(rows),
                    "site_id": s["id"],
                    "kind": kind,
                    "name": name,
                    "distance_m": 0
                    if rng.random() < 0.6 or nearby < 200
                    else rng.randrange(200, min(nearby, 4_500) + 1, 50),
                    "operator": operator,
                    "business_registration": _uscc(rng, county) if kind != "GARDEN" else None,
                    "jobs": rng.randrange(15, 120) if kind == "WORKSHOP" else rng.randrange(4, 40),
                    "opened_on": opened,
                    "closed_on": None,
                    "version": 1,
                    "created_at": CREATED,
                    "updated_at": CREATED,
                }
            )
    return rows


async def _workers(
    conn: AsyncConnection, facilities: list[dict[str, Any]], by_site: dict[int, list[int]]
) -> list[dict[str, Any]]:
    """Link the 扶贫车间 jobs of relocated labourers to their site's 微车间."""
    workshop = {f["site_id"]: f for f in facilities if f["kind"] == "WORKSHOP"}
    site_of = {h: s for s, households in by_site.items() for h in households}
    query = (
        select(employment.c.id, employment.c.end_date, person.c.household_id)
        .join(person, person.c.id == employment.c.person_id)
        .join(household, household.c.id == person.c.household_id)
        .where(household.c.relocated.is_(True), employment.c.form == "WORKSHOP")
        .order_by(employment.c.id)
    )
    rows: list[dict[str, Any]] = []
    for employment_id, end, household_id in (await conn.execute(query)).all():
        at = workshop.get(site_of.get(household_id, -1))
        if at is not None and (end is None or end >= at["opened_on"]):
            rows.append(
                {"employment_id": employment_id, "facility_id": at["id"], "created_at": CREATED}
            )
    return rows


async def _posts(
    conn: AsyncConnection,
    rng: random.Random,
    sites: list[dict[str, Any]],
    by_site: dict[int, list[int]],
    first_id: int,
) -> list[dict[str, Any]]:
    """Each site's posts by the rule (6 where nobody set a figure): filled from its labourers."""
    query = (
        select(person.c.id, person.c.household_id)
        .join(household, household.c.id == person.c.household_id)
        .where(household.c.relocated.is_(True), person_can_work())
        .order_by(person.c.id)
    )
    labourers: dict[int, list[int]] = defaultdict(list)
    for person_id, household_id in (await conn.execute(query)).all():
        labourers[household_id].append(person_id)
    rows: list[dict[str, Any]] = []
    for s in sites:
        required = rules.post_requirement(s["population"], s["post_requirement"]).required or 6
        candidates = [p for h in by_site.get(s["id"], []) for p in labourers.get(h, [])]
        rng.shuffle(candidates)
        for index in range(required):
            opened = _day(rng, date(2018, 3, 1), date(2019, 5, 31))
            holder = (
                candidates.pop() if candidates and rng.random() < PACE[s["county_code"]] else None
            )
            start = _day(rng, opened, date(2019, 9, 1)) if holder else None
            ended = holder is not None and index == 0 and rng.random() < 0.3
            rows.append(
                {
                    "id": first_id + len(rows),
                    "site_id": s["id"],
                    "title": _POST_TITLES[index % len(_POST_TITLES)],
                    "opened_on": opened,
                    "holder_id": holder,
                    "start_date": start,
                    "end_date": _day(rng, start, date(2019, 9, 20)) if ended and start else None,
                    "monthly_pay_fen": rng.randrange(800, 1_501, 50) * 100,
                    "version": 1,
                    "created_at": CREATED,
                    "updated_at": CREATED,
                }
            )
    return rows


def _fairs_and_pushes(
    rng: random.Random, sites: list[dict[str, Any]], fair_id: int, push_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    fairs: list[dict[str, Any]] = []
    pushes: list[dict[str, Any]] = []
    for s in sites:
        pace = PACE[s["county_code"]]
        held = sum(rng.random() < pace for _ in range(3))
        for title in rng.sample(_FAIRS, held):
            attendees = rng.randrange(80, 801)
            fairs.append(
                {
                    "id": fair_id + len(fairs),
                    "site_id": s["id"],
                    "held_on": _day(rng, date(2019, 1, 15), date(2019, 11, 20)),
                    "title": f"2019年{title}",
                    "employers": rng.randrange(8, 61),
                    "postings": rng.randrange(200, 3_001),
                    "attendees": attendees,
                    "intentions": rng.randrange(attendees // 10, attendees * 2 // 5 + 1),
                    "version": 1,
                    "created_at": CREATED,
                    "updated_at": CREATED,
                }
            )
        yearly = int(rules.POSTINGS_PER_SITE * (0.45 + 0.65 * pace) * rng.uniform(0.9, 1.1))
        months = range(1, 12)
        for month in months:
            pushes.append(
                {
                    "id": push_id + len(pushes),
                    "site_id": s["id"],
                    "pushed_on": date(2019, month, rng.randrange(1, 28)),
                    "channel": rng.choice(_CHANNELS),
                    "postings": max(1, yearly // len(months) + rng.randrange(-200, 201)),
                    "households": max(1, s["population"] // 4 + rng.randrange(-30, 31)),
                    "version": 1,
                    "created_at": CREATED,
                    "updated_at": CREATED,
                }
            )
    return fairs, pushes


def _stations(
    rng: random.Random, sites: list[dict[str, Any]], first_id: int
) -> list[dict[str, Any]]:
    large = RelocationSettings().large_site_population
    rows: list[dict[str, Any]] = []
    for s in sites:
        needed = rules.needs_station(s["population"], s["community_managed"], large)
        if not needed or rng.random() > PACE[s["county_code"]] + 0.1:
            continue
        population = s["population"]
        subsidy = 100_000 if population >= 5_000 else 80_000 if population > 3_000 else 50_000
        missing = set(
            rng.sample([name for name, _ in rules.CHECKLIST], rng.choice((0, 0, 0, 1, 2)))
        )
        rows.append(
            {
                "id": first_id + len(rows),
                "site_id": s["id"],
                "name": f"{s['name']}劳动就业社会保障服务站",
                "established_on": _day(rng, date(2018, 6, 1), date(2019, 8, 31)),
                "staff": 3 if population >= 5_000 else 2 if population > 2_000 else 1,
                "subsidy_fen": subsidy * 100 if "funding" not in missing else None,
                **{f"{name}_ready": name not in missing for name, _ in rules.CHECKLIST},
                "version": 1,
                "created_at": CREATED,
                "updated_at": CREATED,
            }
        )
    return rows


async def populate(db: Database, *, seed: int) -> None:
    """Write the demo sites and everything at them, on top of the core's demo households."""
    rng = random.Random(f"relocation:{seed}")
    async with db.begin() as conn:
        ids = {
            t.name: await _next_id(conn, t)
            for t in (site, facility, site_post, job_fair, job_push, service_station)
        }
        sites = _sites(rng, await _townships(conn), ids[site.name])
        if not sites:
            return
        await conn.execute(insert(site), sites)
        by_site = await _link_households(conn, rng, sites)
        facilities = _facilities(rng, sites, ids[facility.name])
        posts = await _posts(conn, rng, sites, by_site, ids[site_post.name])
        fairs, pushes = _fairs_and_pushes(rng, sites, ids[job_fair.name], ids[job_push.name])
        for table, rows in (
            (facility, facilities),
            (facility_employment, await _workers(conn, facilities, by_site)),
            (site_post, posts),
            (job_fair, fairs),
            (job_push, pushes),
            (service_station, _stations(rng, sites, ids[service_station.name])),
        ):
            for chunk in _chunks(rows):
                await conn.execute(insert(table), chunk)
        if db.dialect == "postgresql":
            for table in (site, facility, site_post, job_fair, job_push, service_station):
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table.name}))"
                    )
                )
