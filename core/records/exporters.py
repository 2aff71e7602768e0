"""Export the core's ledgers in the very format they are imported from, so export → import changes nothing.

The region list writes 12-digit codes; the 两清 ledger writes one row per member with the
spell of work active on the export's date (the latest begun, when several are). The core
stores no resettlement site, so 安置点 is left empty (see docs/import.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import case, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.importing.sheets import ExportRequest
from core.money import fen_to_yuan
from core.records.enums import LabourCapacity, Relation, WorkForm, WorkPlace
from core.records.ledger_rows import EmploymentStatus
from core.records.models import employment, household, person, region
from core.records.region_names import RegionIndex
from core.regions import in_subtree

PAGE = 1_000


def _yes_no(flag: bool) -> str:
    return "是" if flag else "否"


async def export_regions(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """The region list of a subtree, parents first."""
    rows = await conn.execute(
        select(region).where(in_subtree(region.c.code, request.region)).order_by(region.c.code)
    )
    for row in rows:
        yield [
            row.code.ljust(12, "0"),
            row.name,
            row.urban_rural_class,
            _yes_no(row.poor_village) if row.level == "VILLAGE" else None,
            _yes_no(row.key_poor_township) if row.level == "TOWNSHIP" else None,
        ]


def _active(spells: list[Row[Any]]) -> Row[Any] | None:
    return max(spells, key=lambda s: (s.start_date, s.id)) if spells else None


def _ledger_row(
    home: Row[Any], member: Row[Any], spell: Row[Any] | None, names: tuple[str, str, str]
) -> list[object]:
    county, township, village = names
    row: list[object] = [
        home.registry_number,
        member.name,
        member.id_number,
        Relation(member.relation).label,
        county,
        township,
        village,
        LabourCapacity(member.labour_capacity).label,
        member.phone,
        _yes_no(home.relocated),
        None,  # 安置点: not stored by the core
    ]
    if spell is None:
        return [*row, EmploymentStatus.UNEMPLOYED.label, None, None, None, None, None]
    income = spell.monthly_income_fen
    return [
        *row,
        EmploymentStatus.EMPLOYED.label,
        WorkForm(spell.form).label,
        WorkPlace(spell.place).label,
        spell.employer,
        spell.start_date,
        None if income is None else fen_to_yuan(income),
    ]


async def export_ledger(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """The 两清 ledger of a subtree: households in registration order, the head first."""
    regions = await RegionIndex.load(conn)
    last = 0
    while True:
        homes = list(
            await conn.execute(
                select(household)
                .where(in_subtree(household.c.village_code, request.region), household.c.id > last)
                .order_by(household.c.id)
                .limit(PAGE)
            )
        )
        if not homes:
            return
        # Children are fetched by the page's id range, not by a list of ids: the same
        # statements every page, whatever its size.
        first, last = homes[0].id, homes[-1].id
        page = select(household.c.id).where(
            in_subtree(household.c.village_code, request.region),
            household.c.id.between(first, last),
        )
        members: dict[int, list[Row[Any]]] = defaultdict(list)
        for row in await conn.execute(
            select(person)
            .where(person.c.household_id.in_(page))
            .order_by(
                person.c.household_id,
                case((person.c.relation == Relation.HEAD.value, 0), else_=1),
                person.c.id,
            )
        ):
            members[row.household_id].append(row)
        spells: dict[int, list[Row[Any]]] = defaultdict(list)
        for row in await conn.execute(
            select(employment)
            .join(person, person.c.id == employment.c.person_id)
            .where(
                person.c.household_id.in_(page),
                employment.c.start_date <= request.as_of,
                or_(employment.c.end_date.is_(None), employment.c.end_date >= request.as_of),
            )
        ):
            spells[row.person_id].append(row)
        for home in homes:
            names = regions.village_names(home.village_code)
            for member in members[home.id]:
                yield _ledger_row(home, member, _active(spells[member.id]), names)
