"""Stations through the real app: what is saved, every expected error as data, the caller's scope,
and `Region.labourStations` without N+1."""

from __future__ import annotations

from typing import Any

from helpers import STATION, add_staff, create_station, problems

from core.platform import Platform
from core.testing import GraphQLClient, StatementCounter
from core.testing.factories import (
    VILLAGE_A1,
    VILLAGE_A2,
    VILLAGE_B1,
    VILLAGE_C1,
    add_regions,
    four_households,
)


async def test_create_a_station_and_add_staff(platform: Platform, gql: GraphQLClient) -> None:
    await add_regions(platform)
    created = await create_station(gql, VILLAGE_A1, videoPlatformOn="2019-05-01")
    assert created["__typename"] == "LabourStationSuccess", created
    station = created["labourStation"]
    assert station["villageCode"] == VILLAGE_A1 and station["region"] == {"shortName": "甲一村"}
    assert station["videoPlatformOn"] == "2019-05-01" and station["staffed"] is False
    added = await add_staff(
        gql, station["id"], name="韦明", source="SANZHI_YIFU", startedOn="2019-03-10"
    )
    assert added["__typename"] == "LabourStationStaffSuccess", added
    assert (await gql(STATION, {"id": station["id"]}))["node"] == {
        "staffed": True,
        "staff": [{"name": "韦明", "source": "SANZHI_YIFU", "startedOn": "2019-03-10"}],
    }


async def test_every_problem_comes_back_as_data(platform: Platform, gql: GraphQLClient) -> None:
    await add_regions(platform)
    refused = await create_station(
        gql, "450225101", name=" ", openedOn="2999-01-01", videoPlatformOn="2999-01-02"
    )
    assert refused["__typename"] == "RecordError"
    assert problems(refused) == {
        "villageCode": "INVALID",
        "name": "REQUIRED",
        "openedOn": "OUT_OF_RANGE",
        "videoPlatformOn": "OUT_OF_RANGE",
    }
    assert (await create_station(gql, "450225101299"))["problems"][0]["code"] == "NOT_FOUND"
    assert (await create_station(gql, VILLAGE_A1))["__typename"] == "LabourStationSuccess"
    again = await create_station(gql, VILLAGE_A1)
    assert problems(again) == {"villageCode": "DUPLICATE"}
    listed = await gql("{ labourStations { nodes { id } } }")
    station: dict[str, Any] = listed["labourStations"]["nodes"][0]
    early = await add_staff(
        gql, station["id"], name="覃芳", source="WELFARE_POST", startedOn="2019-01-01"
    )
    assert problems(early) == {"startedOn": "RULE_VIOLATED"}
    # The plugin's own code reaches the client beside the core's category.
    assert early["problems"][0]["reason"] == "STAFF_BEFORE_OPENING"
    wrong = await add_staff(
        gql, "bm90LWEtc3RhdGlvbg==", name="覃芳", source="OTHER", startedOn="2019-04-01"
    )
    assert problems(wrong) == {"stationId": "INVALID"}


async def test_scope_hides_other_counties(
    platform: Platform, gql: GraphQLClient, county_gql: GraphQLClient, gql_as: Any
) -> None:
    await add_regions(platform)
    for village in (VILLAGE_A1, VILLAGE_C1):
        await create_station(gql, village)
    seen = await county_gql(
        """{ labourStations { nodes { villageCode } }
             region(code: "450225") { labourStations { villageCode } } }"""
    )
    assert seen["labourStations"]["nodes"] == [{"villageCode": VILLAGE_C1}]
    assert seen["region"] == {"labourStations": []}  # the region is public, its stations not
    # A department token limited to 三江县 cannot write in 融水县: the village reads as missing.
    async with gql_as(
        name="三江县人社局", role="department", department="RSJ", region="450226"
    ) as sanjiang:
        refused = await create_station(sanjiang, VILLAGE_A2)
    assert problems(refused) == {"villageCode": "NOT_FOUND"}


async def test_households_see_their_village_station(platform: Platform, gql: GraphQLClient) -> None:
    await four_households(platform)
    await create_station(gql, VILLAGE_A1)
    data = await gql(
        "{ households(first: 10) { nodes { registryNumber labourStation { villageCode } } } }"
    )
    stations = {n["registryNumber"]: n["labourStation"] for n in data["households"]["nodes"]}
    assert stations == {"H-A": {"villageCode": VILLAGE_A1}, "H-B": None, "H-C": None, "H-D": None}


async def test_region_stations_do_not_multiply_statements(
    platform: Platform, gql: GraphQLClient, sql_counter: StatementCounter
) -> None:
    await add_regions(platform)
    for village in (VILLAGE_A1, VILLAGE_A2, VILLAGE_B1, VILLAGE_C1):
        await create_station(gql, village)
    query = """{ regions(level: TOWNSHIP) { code labourStations { name staff { name } region { code } } } }"""
    sql_counter.reset()
    data = await gql(query)
    stations = [s for r in data["regions"] for s in r["labourStations"]]
    assert len(stations) == 4
    # regions, stations, staff, villages: one statement each, however many regions.
    assert sql_counter.count <= 5, sql_counter.statements
