"""Demo data on top of the core's demo households, the same for the same seed.

- Workshops in most townships (a few have none), most certified in 2019; the core's
  "扶贫车间" employment spells are linked to a workshop of their township.
- Public-welfare posts in the poor villages, held by labourers of the village (then of its
  township and county): most villages reach 5, some fall short.
- "一岗多补" subsidies for the core's spells marked "一岗多补".
- Fairs at every level (one cancelled), county bulletins pushed online every month, and
  village pushes every two months that miss some households in the last round.
- Four of the five "五个一" kinds (no performance tour), so that metric shows one missing.

Rows go in with multi-row inserts and ids assigned here, as the core's demo does.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, case, cast, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import CITY_CODE, Database, employment, household, person, region
from plugins.employment_assistance import demo_rows
from plugins.employment_assistance.demo_rows import CAPABLE, Areas, Ids, People
from plugins.employment_assistance.hatches import reached_count
from plugins.employment_assistance.models import (
    five_event,
    job_fair,
    job_push,
    job_push_household,
    subsidy,
    village_post,
    workshop,
    workshop_worker,
)

CHUNK = 5_000
CREATED = datetime(2019, 10, 8, 1, 0, 0, tzinfo=UTC)


async def _areas(conn: AsyncConnection) -> Areas:
    found = Areas()
    rows = (
        await conn.execute(
            select(
                region.c.code,
                region.c.name,
                region.c.level,
                region.c.parent_code,
                region.c.poor_village,
                region.c.key_poor_township,
            ).order_by(region.c.code)
        )
    ).all()
    for row in rows:
        found.names[row.code] = row.name
        if row.level == "TOWNSHIP":
            found.townships.append((row.code, row.key_poor_township))
        elif row.level == "VILLAGE" and row.poor_village:
            found.poor_villages.append(row.code)
        elif row.parent_code == CITY_CODE:
            found.counties.append(row.code)
    return found


async def _people(conn: AsyncConnection) -> People:
    found = People()
    found.households = [
        (row.id, row.village_code)
        for row in (
            await conn.execute(
                select(household.c.id, household.c.village_code).order_by(household.c.id)
            )
        ).all()
    ]
    capable = (
        await conn.execute(
            select(person.c.id, person.c.birth_date, household.c.village_code)
            .join(household, household.c.id == person.c.household_id)
            .where(person.c.labour_capacity.in_(CAPABLE))
            .order_by(person.c.id)
        )
    ).all()
    for row in capable:
        found.capable[row.village_code].append((row.id, row.birth_date))
    spells = (
        await conn.execute(
            select(
                employment.c.id,
                employment.c.person_id,
                employment.c.form,
                employment.c.employer,
                employment.c.start_date,
                employment.c.programme,
                person.c.birth_date,
                household.c.village_code,
            )
            .join(person, person.c.id == employment.c.person_id)
            .join(household, household.c.id == person.c.household_id)
            .where((employment.c.form == "WORKSHOP") | (employment.c.programme == "一岗多补"))
            .order_by(employment.c.id)
        )
    ).all()
    for spell in spells:
        if spell.form == "WORKSHOP":
            found.workshop_spells.append((spell.id, spell.village_code))
        if spell.programme == "一岗多补":
            found.programme_spells.append(
                (spell.person_id, spell.employer, spell.start_date, spell.birth_date)
            )
    return found


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


TABLES = (workshop, workshop_worker, village_post, subsidy, job_fair, job_push, five_event)
"""The tables whose ids the demo assigns."""


def generate(
    *, seed: int, areas: Areas, people: People, first_ids: dict[str, int]
) -> dict[str, list[dict[str, Any]]]:
    """Every demo row by table name; the same seed and inputs give the same rows."""
    rng = random.Random(seed * 7919 + 8)
    ids = Ids(first_ids)
    shops, workers = demo_rows.workshops(rng, areas, ids, people)
    posts = demo_rows.posts(rng, areas, ids, people)
    grants = demo_rows.subsidies(rng, ids, people)
    fairs = demo_rows.fairs(rng, areas, ids)
    pushes = demo_rows.pushes(rng, areas, ids, people)
    events = demo_rows.events(rng, areas, ids)
    stamps = {"version": 1, "created_at": CREATED, "updated_at": CREATED}
    return {
        workshop.name: [row | stamps for row in shops],
        workshop_worker.name: [row | {"created_at": CREATED} for row in workers],
        village_post.name: [row | stamps for row in posts],
        subsidy.name: [row | stamps for row in grants],
        job_fair.name: [row | stamps for row in fairs],
        job_push.name: [row | stamps for row in pushes],
        five_event.name: [row | stamps for row in events],
    }


def reach(seed: int, first_push: int) -> Any:
    """INSERT … SELECT linking each village push of the demo to the village's households,
    missing a few: a pseudo-random function of the ids and the seed decides which, in SQL, so
    the 100,000-household demo does not build hundreds of thousands of rows in Python."""
    draw = (
        cast(household.c.id, BigInteger) * 7919 + cast(job_push.c.id, BigInteger) * 104_729 + seed
    ) % 1000
    missed = case(
        (job_push.c.pushed_on >= demo_rows.ROUNDS[-1], demo_rows.LAST_ROUND_MISSED_PER_MILLE),
        else_=demo_rows.MISSED_PER_MILLE,
    )
    reached = (
        select(job_push.c.id, household.c.id)
        .select_from(job_push.join(household, household.c.village_code == job_push.c.region_code))
        .where(job_push.c.id >= first_push, draw >= missed)
    )
    return insert(job_push_household).from_select(["push_id", "household_id"], reached)


async def read(conn: AsyncConnection) -> tuple[Areas, People, dict[str, int]]:
    """What the demo builds on: the regions, the core's demo people, the next free ids."""
    first_ids = {
        t.name: int((await conn.execute(select(func.coalesce(func.max(t.c.id), 0)))).scalar_one())
        + 1
        for t in TABLES
    }
    return await _areas(conn), await _people(conn), first_ids


async def populate(db: Database, *, seed: int, households: int) -> None:
    """Write the plugin's demo records for the households already in the database."""
    async with db.begin() as conn:
        areas, people, first_ids = await read(conn)
        rows = generate(seed=seed, areas=areas, people=people, first_ids=first_ids)
        tables = {t.name: t for t in (*TABLES, job_push_household)}
        for name, table_rows in rows.items():
            for chunk in _chunks(table_rows):
                await conn.execute(insert(tables[name]), chunk)
        await conn.execute(reach(seed, first_ids[job_push.name]))
        await conn.execute(
            update(job_push)
            .where(job_push.c.id >= first_ids[job_push.name])
            .values(households=reached_count())
        )
        if db.dialect == "postgresql":
            for table in TABLES:
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"
                    )
                )
        await conn.execute(text("ANALYZE"))
