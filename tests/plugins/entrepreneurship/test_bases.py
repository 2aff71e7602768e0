"""Incubation bases through the API: the plan's areas, their counties, the road to the list."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient
from tests.factories import TOWNSHIP_C
from tests.plugins.entrepreneurship.conftest import (
    BASE_FIELDS,
    ERROR_FIELDS,
    create_base,
    create_enterprise,
    problems,
)

UPDATE = (
    "mutation($i: IncubationBaseUpdateInput!) { updateIncubationBase(input: $i) { __typename "
    "... on IncubationBaseSuccess { incubationBase { %s } } %s } }" % (BASE_FIELDS, ERROR_FIELDS)
)


async def update(gql: GraphQLClient, **fields: Any) -> Any:
    return (await gql(UPDATE, {"i": fields}))["updateIncubationBase"]


async def test_a_named_area_and_another(gql: GraphQLClient, ids: dict[str, str]) -> None:
    buyang = await create_base(
        gql,
        "布央创业孵化基地",
        "SANJIANG_BUYANG",
        TOWNSHIP_C,
        areaName="随便写",
        operator="三江县人社局",
    )
    assert buyang["areaName"] == "三江县布央产业区" and buyang["namedInPlan"] is True
    assert buyang["status"] == "CULTIVATING" and buyang["admittedOn"] is None
    other = await create_base(gql, "柳江区农民工创业园", "OTHER", "450206", areaName="柳江区")
    assert other["areaName"] == "柳江区" and other["namedInPlan"] is False
    await create_enterprise(
        gql, ids["d_head"], "丁记侗布店", regionCode="450226101201", incubationBaseId=buyang["id"]
    )
    regions = await gql(
        '{ city: region(code: "450200") { incubationBases { name } } '
        'sanjiang: region(code: "450226") { incubationBases { name enterprisesIncubated enterprises { name } } } '
        'rongshui: region(code: "450225") { incubationBases { name } } }'
    )
    assert [b["name"] for b in regions["city"]["incubationBases"]] == [
        "布央创业孵化基地",
        "柳江区农民工创业园",
    ]
    assert regions["sanjiang"]["incubationBases"] == [
        {
            "name": "布央创业孵化基地",
            "enterprisesIncubated": 1,
            "enterprises": [{"name": "丁记侗布店"}],
        }
    ]
    assert regions["rongshui"]["incubationBases"] == []


async def test_every_problem_at_once(gql: GraphQLClient) -> None:
    await create_base(gql, "已有", "RONGAN", "450224")
    result = await create_base(
        gql, "已有", "LUZHAI", "450224", status="ADMITTED", operator="长" * 129
    )
    assert problems(result) == [
        ("name", "DUPLICATE"),
        ("operator", "INVALID"),
        ("regionCode", "RULE_VIOLATED"),
        ("admittedOn", "REQUIRED"),
    ]
    assert "鹿寨县的孵化基地须在该县（450223）境内" in result["message"]
    unnamed = await create_base(gql, "某园", "OTHER", "450200", admittedOn="2019-05-01")
    assert problems(unnamed) == [
        ("areaName", "REQUIRED"),
        ("regionCode", "INVALID"),
        ("admittedOn", "INVALID"),
    ]


async def test_the_road_to_the_list(gql: GraphQLClient) -> None:
    base = await create_base(gql, "融安县创业孵化基地", "RONGAN", "450224")
    applied = await update(gql, baseId=base["id"], status="APPLIED", version=1)
    assert applied["incubationBase"]["status"] == "APPLIED"
    no_date = await update(gql, baseId=base["id"], status="ADMITTED")
    assert problems(no_date) == [("admittedOn", "REQUIRED")]
    admitted = await update(gql, baseId=base["id"], status="ADMITTED", admittedOn="2019-06-18")
    assert admitted["incubationBase"]["admittedOn"] == "2019-06-18"
    renamed = await update(gql, baseId=base["id"], operator="融安县人社局")
    assert renamed["incubationBase"]["admittedOn"] == "2019-06-18"  # the date stays
    dropped = await update(gql, baseId=base["id"], status="NOT_ADMITTED")
    assert dropped["incubationBase"]["admittedOn"] is None
    assert dropped["incubationBase"]["version"] == 5
    stale = await update(gql, baseId=base["id"], version=4, name="x")
    assert stale["code"] == "CONFLICT"
    unchanged = await update(gql, baseId=base["id"], status="NOT_ADMITTED")
    assert unchanged["incubationBase"]["version"] == 5
    cleared = await update(gql, baseId=base["id"], status=None)
    assert problems(cleared) == [("status", "REQUIRED")]
