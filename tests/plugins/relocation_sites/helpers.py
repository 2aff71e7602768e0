"""Hand-made records for the relocation plugin's tests, built on core.testing.factories."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from core.graphql.node import to_global_id
from core.platform import Platform
from core.records.enums import LabourCapacity
from core.scope import EVERYWHERE
from core.sdk import RecordKind, WriteContext, person
from core.testing.factories import (
    TOWNSHIP_A,
    TOWNSHIP_B,
    TOWNSHIP_C,
    VILLAGE_A2,
    VILLAGE_B1,
    VILLAGE_C1,
    add_household,
    add_job,
    four_households,
    id_number,
    member,
)
from plugins.relocation_sites import links
from plugins.relocation_sites.enums import SiteFacilityKind
from plugins.relocation_sites.kinds import FACILITIES, POSTS, SITES

E_HEAD = id_number(date(1985, 1, 1), 21)
G_HEAD = id_number(date(1988, 1, 1), 23, "450226")
B_HEAD = id_number(date(1960, 1, 1), 5)
SITE = """id name population postRule { band required status reason } stationRequired version"""
TODAY = date(2026, 11, 25)


def _ctx(conn: Any) -> WriteContext:
    return WriteContext(conn=conn, today=TODAY, scope=EVERYWHERE)


def gid(type_name: str, key: int) -> str:
    """The global ID of a record."""
    return str(to_global_id(type_name, key))


async def add_site(
    platform: Platform,
    name: str,
    township: str,
    population: int,
    *,
    community_managed: bool = False,
    has_conditions: bool = True,
) -> int:
    """A site registered through its kind."""
    values = {
        "name": name,
        "township_code": township,
        "population": population,
        "community_managed": community_managed,
        "has_conditions": has_conditions,
    }
    async with platform.db.begin() as conn:
        return await SITES.create(_ctx(conn), values)


async def link(platform: Platform, registry: str, site_id: int) -> None:
    """Record that a (relocated) household lives at a site."""
    async with platform.db.begin() as conn:
        await links.assign_household(conn, registry, site_id, EVERYWHERE)


async def add_facility(
    platform: Platform,
    site_id: int,
    kind: SiteFacilityKind = SiteFacilityKind.WORKSHOP,
    *,
    name: str = "扶贫车间",
    opened: date = date(2019, 1, 1),
    closed: date | None = None,
    distance: int = 0,
) -> int:
    """A facility registered through its kind."""
    values = {
        "site_id": site_id,
        "kind": kind,
        "name": name,
        "operator": "某公司",
        "opened_on": opened,
        "distance_m": distance,
        "closed_on": closed,
    }
    async with platform.db.begin() as conn:
        return await FACILITIES.create(_ctx(conn), values)


async def add_post(
    platform: Platform,
    site_id: int,
    holder: str | None = None,
    *,
    opened: date = date(2019, 1, 1),
    start: date | None = None,
    title: str = "保洁员",
) -> int:
    """A post registered through its kind (vacant unless a holder's ID number is given)."""
    async with platform.db.begin() as conn:
        holder_id = None
        if holder is not None:
            query = select(person.c.id).where(person.c.id_number_hash == holder)
            holder_id = (await conn.execute(query)).scalar_one()
        values = {
            "site_id": site_id,
            "title": title,
            "opened_on": opened,
            "holder_id": holder_id,
            "start_date": start or (opened if holder else None),
        }
        return await POSTS.create(_ctx(conn), values)


def problems(result: dict[str, Any]) -> dict[str, str]:
    """The problems of a RecordError as {field: code}."""
    assert result["__typename"] == "RecordError", result
    return {p["field"]: p["code"] for p in result["problems"]}


async def world(platform: Platform) -> dict[str, int]:
    """
    Households (with four_households' H-A … H-D; H-B relocated, job ends 2019-09-29):
      H-E 融水 甲二村 relocated, 戊 works from 2019-03-01;
      H-F 融水 乙一村 relocated, no labour capacity;
      H-G 三江 丙一村 relocated, 己 never works.
    Sites: S1 融水甲镇 999 人 (conditions), S2 融水乙乡 3,001 人 (conditions, no rule),
      S3 融水甲镇 1,001 人 (no conditions, community-managed), S4 三江丙镇 5,000 人 (conditions).
    """
    await four_households(platform)
    await add_household(
        platform, "H-E", VILLAGE_A2, [member("戊", date(1985, 1, 1), 21)], relocated=True
    )
    await add_household(
        platform,
        "H-F",
        VILLAGE_B1,
        [member("庚", date(1940, 1, 1), 25, capacity=LabourCapacity.LOST)],
        relocated=True,
    )
    await add_household(
        platform,
        "H-G",
        VILLAGE_C1,
        [member("己", date(1988, 1, 1), 23, county="450226")],
        relocated=True,
    )
    await add_job(platform, E_HEAD, date(2019, 3, 1))
    found = {
        "S1": await add_site(platform, "一号安置点", TOWNSHIP_A, 999),
        "S2": await add_site(platform, "二号安置点", TOWNSHIP_B, 3_001),
        "S3": await add_site(
            platform, "三号安置点", TOWNSHIP_A, 1_001, community_managed=True, has_conditions=False
        ),
        "S4": await add_site(platform, "四号安置点", TOWNSHIP_C, 5_000),
    }
    for registry, site in (("H-B", "S1"), ("H-E", "S3"), ("H-F", "S2"), ("H-G", "S4")):
        await link(platform, registry, found[site])
    return found


async def create(platform: Platform, kind: RecordKind, **values: Any) -> int:
    """A record of any kind, written through the kind's checks."""
    async with platform.db.begin() as conn:
        return await kind.create(_ctx(conn), values)


async def update(platform: Platform, kind: RecordKind, key: int, **changes: Any) -> None:
    """Change a record through the kind's checks."""
    async with platform.db.begin() as conn:
        await kind.update(_ctx(conn), key, changes, expected_version=None)
