"""Hand-made records for tests: regions, valid ID numbers, households, jobs, a known four-household world."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from core.platform import Platform
from core.records import services
from core.records.enums import LabourCapacity, Relation, WorkForm, WorkPlace
from core.records.models import region
from core.records.validation import id_check_char

__all__ = [
    "TODAY",
    "TOWNSHIP_A",
    "TOWNSHIP_B",
    "TOWNSHIP_C",
    "VILLAGE_A1",
    "VILLAGE_A2",
    "VILLAGE_B1",
    "VILLAGE_C1",
    "add_household",
    "add_job",
    "add_regions",
    "four_households",
    "id_number",
    "member",
]

TODAY = date(2026, 11, 25)

# Two townships with villages in 融水县 and one in 三江县.
TOWNSHIP_A = "450225101"
TOWNSHIP_B = "450225102"
TOWNSHIP_C = "450226101"
VILLAGE_A1 = "450225101201"
VILLAGE_A2 = "450225101202"
VILLAGE_B1 = "450225102201"
VILLAGE_C1 = "450226101201"


def id_number(birth: date, seq: int = 1, county: str = "450225") -> str:
    """A valid 18-character ID number; odd `seq` is male, even female."""
    body = f"{county}{birth:%Y%m%d}{seq:03d}"
    return body + id_check_char(body)


async def add_regions(platform: Platform) -> None:
    """Townships and villages under the shipped counties."""
    rows: list[dict[str, Any]] = []
    for code, name, parent in (
        (TOWNSHIP_A, "甲镇", "450225"),
        (TOWNSHIP_B, "乙乡", "450225"),
        (TOWNSHIP_C, "丙镇", "450226"),
    ):
        rows.append(_region(code, name, parent, "TOWNSHIP"))
    for code, name, poor in (
        (VILLAGE_A1, "甲一村", True),
        (VILLAGE_A2, "甲二村", False),
        (VILLAGE_B1, "乙一村", True),
        (VILLAGE_C1, "丙一村", False),
    ):
        rows.append(_region(code, name, code[:9], "VILLAGE", poor_village=poor))
    async with platform.db.begin() as conn:
        await conn.execute(insert(region), rows)


def _region(code: str, name: str, parent: str, level: str, **flags: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "short_name": name,
        "level": level,
        "parent_code": parent,
        "urban_district": False,
        "poor_village": flags.get("poor_village", False),
        "key_poor_township": False,
        "urban_rural_class": "220" if level == "VILLAGE" else None,
    }


def member(
    name: str,
    birth: date,
    seq: int,
    relation: Relation = Relation.HEAD,
    capacity: LabourCapacity = LabourCapacity.ORDINARY,
    county: str = "450225",
) -> services.PersonData:
    return services.PersonData(name, id_number(birth, seq, county), relation, capacity)


async def add_household(
    platform: Platform, registry: str, village: str, members: list[services.PersonData], **kw: Any
) -> int:
    async with platform.db.begin() as conn:
        return await services.create_household(
            conn,
            services.HouseholdData(registry, village, members, **kw),
            today=TODAY,
        )


async def add_job(
    platform: Platform,
    id_no: str,
    start: date,
    end: date | None = None,
    form: WorkForm = WorkForm.WAGE_WORK,
    place: WorkPlace = WorkPlace.IN_COUNTY,
    income: str | None = "3000.00",
    employer: str | None = "某厂",
) -> int:
    async with platform.db.begin() as conn:
        return await services.record_employment(
            conn,
            id_no,
            services.EmploymentData(
                form=form,
                place=place,
                start_date=start,
                end_date=end,
                employer=employer,
                monthly_income=None if income is None else Decimal(income),
            ),
            today=TODAY,
        )


async def four_households(platform: Platform) -> dict[str, str]:
    """Four households with known employment on 2019-09-30; returns ID numbers by label.

    H-A (甲一村, 融水): head 甲 not working; son 甲子 (skilled) works in Guangdong from 2019-03-01.
    H-B (甲二村, 融水, relocated): 乙 worked 2019-02-01 … 2019-09-29 (ends the day before).
    H-C (乙一村, 融水): 丙 has lost labour capacity — not a labour household.
    H-D (丙一村, 三江): 丁 works in county from 2018-05-01.
    """
    await add_regions(platform)
    ids = {
        "a_head": id_number(date(1970, 1, 1), 1),
        "a_son": id_number(date(1995, 1, 1), 3),
        "b_head": id_number(date(1960, 1, 1), 5),
        "c_head": id_number(date(1950, 1, 1), 7),
        "d_head": id_number(date(1980, 1, 1), 9, county="450226"),
    }
    await add_household(
        platform,
        "H-A",
        VILLAGE_A1,
        [
            member("甲", date(1970, 1, 1), 1),
            member("甲子", date(1995, 1, 1), 3, Relation.CHILD, LabourCapacity.SKILLED),
        ],
    )
    await add_household(
        platform, "H-B", VILLAGE_A2, [member("乙", date(1960, 1, 1), 5)], relocated=True
    )
    await add_household(
        platform,
        "H-C",
        VILLAGE_B1,
        [member("丙", date(1950, 1, 1), 7, capacity=LabourCapacity.LOST)],
    )
    await add_household(
        platform, "H-D", VILLAGE_C1, [member("丁", date(1980, 1, 1), 9, county="450226")]
    )
    await add_job(platform, ids["a_son"], date(2019, 3, 1), place=WorkPlace.GUANGDONG)
    await add_job(platform, ids["b_head"], date(2019, 2, 1), end=date(2019, 9, 29))
    await add_job(platform, ids["d_head"], date(2018, 5, 1))
    return ids
