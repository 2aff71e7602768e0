"""Export the plugin's ledgers in the very format they are imported from: export → import changes
nothing. Each kind holds the records of the region's subtree that had begun by the export's
date (certified, started, granted, held or pushed), in their current state, in registration
order; places are written by name (the city's own records: its name in 县区)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ExportRequest, fen_to_yuan, household, in_subtree, person, subtree_prefix
from plugins.employment_assistance.enums import (
    FiveEventKind,
    HiringSubsidyKind,
    JobFairLevel,
    JobPushChannel,
)
from plugins.employment_assistance.import_common import Places
from plugins.employment_assistance.models import (
    five_event,
    job_fair,
    job_push,
    job_push_household,
    subsidy,
    village_post,
    workshop,
)

YES, NO = "是", "否"


async def export_workshops(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """One row per workshop certified by the date."""
    places = await Places.load(conn)
    rows = await conn.execute(
        select(workshop)
        .where(
            in_subtree(workshop.c.township_code, request.region),
            workshop.c.certified_on <= request.as_of,
        )
        .order_by(workshop.c.id)
    )
    for row in rows:
        county, township, _ = places.names(row.township_code)
        yield [
            county,
            township,
            row.name,
            row.enterprise,
            row.certified_on,
            row.jobs,
            row.ended_on,
            row.end_reason,
        ]


async def export_posts(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """One row per holder's time on a post begun by the date."""
    places = await Places.load(conn)
    rows = await conn.execute(
        select(village_post, person.c.name, person.c.id_number)
        .join(person, person.c.id == village_post.c.person_id)
        .where(
            in_subtree(village_post.c.village_code, request.region),
            village_post.c.start_date <= request.as_of,
        )
        .order_by(village_post.c.id)
    )
    for row in rows:
        yield [
            *places.names(row.village_code),
            row.post,
            row.name,
            row.id_number,
            fen_to_yuan(row.monthly_pay_fen),
            row.start_date,
            row.end_date,
        ]


async def export_subsidies(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """One row per subsidy granted by the date to a person living in the region."""
    rows = await conn.execute(
        select(subsidy, person.c.name, person.c.id_number)
        .join(person, person.c.id == subsidy.c.person_id)
        .join(household, household.c.id == person.c.household_id)
        .where(
            in_subtree(household.c.village_code, request.region),
            subsidy.c.granted_on <= request.as_of,
        )
        .order_by(subsidy.c.id)
    )
    for row in rows:
        kind = HiringSubsidyKind(row.kind)
        yield [
            kind.label,
            row.name,
            row.id_number,
            row.employer,
            row.hired_on,
            YES if row.graduate else NO,
            None if row.monthly_amount_fen is None else fen_to_yuan(row.monthly_amount_fen),
            row.months,
            None if kind.monthly else fen_to_yuan(row.amount_fen),
            row.granted_on,
            row.revoked_on,
            row.revoke_reason,
        ]


async def export_fairs(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """One row per fair held by the date (cancelled ones with their reason)."""
    places = await Places.load(conn)
    rows = await conn.execute(
        select(job_fair)
        .where(
            in_subtree(job_fair.c.region_code, request.region),
            job_fair.c.held_on <= request.as_of,
        )
        .order_by(job_fair.c.id)
    )
    for row in rows:
        county, township, _ = places.names(row.region_code)
        yield [
            row.name,
            JobFairLevel(row.level).label,
            county,
            township,
            row.held_on,
            row.place,
            row.employers,
            row.postings,
            row.attendance,
            row.cancel_reason if row.cancelled else None,
        ]


async def export_pushes(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """One row per push by the date, with the households it reached (or 是 when it reached
    every household of its region)."""
    places = await Places.load(conn)
    chosen = (
        select(job_push.c.id)
        .where(
            in_subtree(job_push.c.region_code, request.region),
            job_push.c.pushed_on <= request.as_of,
        )
        .scalar_subquery()
    )
    reached: dict[int, list[str]] = defaultdict(list)
    links = await conn.execute(
        select(job_push_household.c.push_id, household.c.registry_number)
        .join(household, household.c.id == job_push_household.c.household_id)
        .where(job_push_household.c.push_id.in_(chosen))
        .order_by(job_push_household.c.push_id, household.c.id)
    )
    for link in links:
        reached[link.push_id].append(link.registry_number)
    rows = (
        await conn.execute(
            select(job_push).where(job_push.c.id.in_(chosen)).order_by(job_push.c.id)
        )
    ).all()
    everyone = await _households_by_region(
        conn, {row.region_code for row in rows if reached[row.id]}
    )
    for row in rows:
        numbers = reached[row.id]
        every = bool(numbers) and len(numbers) == everyone.get(row.region_code, -1)
        yield [
            *places.names(row.region_code),
            row.pushed_on,
            row.postings,
            JobPushChannel(row.channel).label,
            row.title,
            None if every else "、".join(numbers) or None,
            YES if every else NO,
            row.cancel_reason if row.cancelled else None,
        ]


async def _households_by_region(conn: AsyncConnection, regions: set[str]) -> dict[str, int]:
    """How many households each region's subtree holds (a push reaching them all says 是)."""
    found = await conn.execute(
        select(household.c.village_code, func.count()).group_by(household.c.village_code)
    )
    by_village: dict[str, int] = {code: int(number) for code, number in found}
    counts: dict[str, int] = {}
    for code in regions:
        if code in by_village:
            counts[code] = by_village[code]
        else:
            prefix = subtree_prefix(code)
            counts[code] = sum(n for v, n in by_village.items() if v.startswith(prefix))
    return counts


async def export_events(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """One row per "五个一" event held by the date (cancelled ones with their reason)."""
    places = await Places.load(conn)
    rows = await conn.execute(
        select(five_event)
        .where(
            in_subtree(five_event.c.region_code, request.region),
            five_event.c.held_on <= request.as_of,
        )
        .order_by(five_event.c.id)
    )
    for row in rows:
        yield [
            FiveEventKind(row.kind).label,
            row.title,
            *places.names(row.region_code),
            row.held_on,
            row.place,
            row.attendance,
            row.cancel_reason if row.cancelled else None,
        ]
