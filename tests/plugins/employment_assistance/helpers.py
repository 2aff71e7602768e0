"""Hand-made data for the employment assistance tests, on top of `tests.factories`."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import insert, update

from core.metrics.registry import collect_metrics, collect_target_defaults
from core.metrics.targets import seed_defaults
from core.platform import Platform
from core.records.enums import LabourCapacity, Relation, WorkForm, WorkPlace
from core.records.models import region
from tests.conftest import GraphQLClient
from tests.factories import (
    TOWNSHIP_A,
    add_household,
    add_job,
    four_households,
    id_number,
    member,
)

# Beside the factories' regions: a poor village in 三江县 and a township of 柳江区 (a district,
# whose minimum wage is the city's 1,680 元) with one poor village.
VILLAGE_C2 = "450226101202"
TOWNSHIP_L = "450206101"
VILLAGE_L1 = "450206101201"

RESULT = """__typename
  ... on RecordError { code message problems { field code message } }"""


def region_row(code: str, name: str, parent: str, level: str, **flags: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "short_name": name,
        "level": level,
        "parent_code": parent,
        "urban_district": False,
        "poor_village": flags.get("poor_village", False),
        "key_poor_township": flags.get("key_poor_township", False),
        "urban_rural_class": "220" if level == "VILLAGE" else None,
    }


async def assistance_households(platform: Platform) -> dict[str, str]:
    """The factories' four households, plus H-E (三江, poor village) and H-L (柳江区).

    甲镇 (TOWNSHIP_A) is a key poor township. Returns ID numbers by label: those of
    `four_households`, and e_head, e_wife (三江), l_head, l_son (柳江区).
    """
    ids = await four_households(platform)
    async with platform.db.begin() as conn:
        # The plan's targets, as `jiuye db upgrade` writes them.
        plugins = platform.plugins
        await seed_defaults(conn, collect_target_defaults(plugins, collect_metrics(plugins)))
        await conn.execute(
            insert(region),
            [
                region_row(VILLAGE_C2, "丙二村", "450226101", "VILLAGE", poor_village=True),
                region_row(TOWNSHIP_L, "丁镇", "450206", "TOWNSHIP"),
                region_row(VILLAGE_L1, "丁一村", TOWNSHIP_L, "VILLAGE", poor_village=True),
            ],
        )
        await conn.execute(
            update(region).where(region.c.code == TOWNSHIP_A).values(key_poor_township=True)
        )
    ids |= {
        "e_head": id_number(date(1975, 5, 5), 11, "450226"),
        "e_wife": id_number(date(1977, 6, 6), 12, "450226"),
        "l_head": id_number(date(1968, 7, 7), 13, "450206"),
        "l_son": id_number(date(1996, 8, 8), 15, "450206"),
    }
    await add_household(
        platform,
        "H-E",
        VILLAGE_C2,
        [
            member("戊", date(1975, 5, 5), 11, county="450226"),
            member("戊妻", date(1977, 6, 6), 12, Relation.SPOUSE, LabourCapacity.WEAK, "450226"),
        ],
    )
    await add_household(
        platform,
        "H-L",
        VILLAGE_L1,
        [
            member("己", date(1968, 7, 7), 13, county="450206"),
            member("己子", date(1996, 8, 8), 15, Relation.CHILD, county="450206"),
        ],
    )
    return ids


async def workshop_job(platform: Platform, id_no: str, start: date) -> int:
    """An employment spell of form 扶贫车间 in the county."""
    return await add_job(platform, id_no, start, form=WorkForm.WORKSHOP, place=WorkPlace.IN_COUNTY)


async def mutate(
    gql: GraphQLClient, field: str, input_type: str, fields: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Run one of the plugin's mutations and return its result union."""
    document = "mutation($i: %s!) { %s(input: $i) { %s\n %s } }" % (
        input_type,
        field,
        RESULT,
        fields,
    )
    result: dict[str, Any] = (await gql(document, {"i": data}))[field]
    return result


def problems(result: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The problems of a RecordError by field: (code, message)."""
    assert result["__typename"] == "RecordError", result
    return {p["field"]: (p["code"], p["message"]) for p in result["problems"]}


async def metrics(
    gql: GraphQLClient,
    region_code: str,
    as_of: str,
    *keys: str,
    period: dict[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """Metric results by key, with their breakdown by child region."""
    data = await gql(
        """query($r: String!, $d: Date!, $k: [String!], $p: PeriodInput) {
             metrics(region: $r, asOf: $d, keys: $k, period: $p) {
               key value base target targetSource targetBasis statedTarget status statusReason
               leadDepartmentCode clause period { start end }
               breakdown { regionCode value base target status statusReason } } }""",
        {"r": region_code, "d": as_of, "k": list(keys), "p": period},
    )
    return {m["key"]: m for m in data["metrics"]}


async def person_id(gql: GraphQLClient, number: str) -> str:
    """A person's global id by ID number (one that names nobody: a key no person has)."""
    found = (await gql('{ personByIdNumber(idNumber: "%s") { id } }' % number))["personByIdNumber"]
    return found["id"] if found else "UGVyc29uOjk5OTk5OQ=="  # Person:999999


async def links(gql: GraphQLClient, field: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run one of the link mutations (workshop workers, push households)."""
    document = """mutation($i: %sInput!) { %s(input: $i) { __typename
      ... on LinksSaved { id count } ... on RecordError { problems { field code message } } } }"""
    input_type = "PovertyWorkshopWorker" if "Worker" in field else "JobPushHouseholds"
    result: dict[str, Any] = (await gql(document % (input_type, field), {"i": data}))[field]
    return result
