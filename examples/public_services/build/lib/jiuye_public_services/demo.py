"""Deterministic demo stations, staff, subsidies and checklists on top of the core's demo regions.

Most poor villages get a station and many of those a live remote-video platform, so the board
shows counties ahead of and behind their share of the 171; some stations have no staff yet.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from core.sdk import Database, region
from jiuye_public_services.enums import AgencyKind, StaffSource
from jiuye_public_services.models import acceptance, staff, station, subsidy

CREATED = datetime(2019, 12, 20, 1, 0, 0, tzinfo=UTC)
STAMPS = {"version": 1, "created_at": CREATED, "updated_at": CREATED}
START = date(2019, 2, 1)
SURNAMES = "韦覃蓝黄莫潘吴杨梁石龙廖"
GIVEN = ("明", "芳", "海", "丽", "军", "燕", "强", "雪", "华", "敏")
CHECKLIST = ("政策宣传到位", "台账资料齐全", "服务平台运行", "人员配备到位")
AGENCIES = ("{county}人力资源服务有限公司", "{county}劳务派遣公司", "劳务经纪人{name}")


def _day(rng: random.Random, first: date, days: int) -> date:
    return first + timedelta(days=rng.randrange(days))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def generate(seed: int, villages: list[tuple[str, bool]], counties: list[str]) -> dict[str, Any]:
    """The demo rows for these (village code, poor) pairs and county codes."""
    rng = random.Random(seed)
    stations: list[dict[str, Any]] = []
    workers: list[dict[str, Any]] = []
    for code, poor in villages:
        if rng.random() > (0.85 if poor else 0.2):
            continue
        opened = _day(rng, START, 150)
        platform = _day(rng, opened, 120) if rng.random() < (0.7 if poor else 0.4) else None
        stations.append(
            {
                "village_code": code,
                "name": f"{code[-6:]}村劳务工作站",
                "opened_on": opened,
                "video_platform_on": platform,
                **STAMPS,
            }
        )
        for _ in range(rng.choice((0, 1, 1, 2))):
            workers.append(
                {
                    "station_index": len(stations) - 1,
                    "name": _name(rng),
                    "source": rng.choice(list(StaffSource)).value,
                    "started_on": _day(rng, opened, 60),
                    **STAMPS,
                }
            )
    subsidies = []
    checklist = []
    for county in counties:
        for _ in range(rng.randrange(1, 4)):
            kind = rng.choice(list(AgencyKind))
            transferred = rng.randrange(5, 120)
            subsidies.append(
                {
                    "county_code": county,
                    "agency": rng.choice(AGENCIES).format(county=county, name=_name(rng)),
                    "agency_kind": kind.value,
                    "transferred": transferred,
                    "amount_fen": transferred * 200_00,
                    "paid_on": _day(rng, START, 240),
                    **STAMPS,
                }
            )
        for item in CHECKLIST:
            passed = _day(rng, date(2019, 9, 1), 90) if rng.random() < 0.6 else None
            checklist.append({"region_code": county, "item": item, "passed_on": passed, **STAMPS})
    return {"stations": stations, "staff": workers, "subsidies": subsidies, "checklist": checklist}


async def populate(db: Database, *, seed: int) -> None:
    """Write the demo rows for the regions the core's demo created."""
    async with db.begin() as conn:
        rows = (
            await conn.execute(
                select(region.c.code, region.c.level, region.c.poor_village).order_by(region.c.code)
            )
        ).all()
        villages = [(r.code, bool(r.poor_village)) for r in rows if r.level == "VILLAGE"]
        counties = [r.code for r in rows if r.level in ("COUNTY", "DISTRICT")]
        data = generate(seed, villages, counties)
        ids: list[int] = []
        for row in data["stations"]:
            new_id = await conn.scalar(insert(station).returning(station.c.id).values(**row))
            ids.append(int(new_id))
        workers = [
            {
                **{k: v for k, v in w.items() if k != "station_index"},
                "station_id": ids[w["station_index"]],
            }
            for w in data["staff"]
        ]
        for table, values in (
            (staff, workers),
            (subsidy, data["subsidies"]),
            (acceptance, data["checklist"]),
        ):
            if values:
                await conn.execute(insert(table), values)
