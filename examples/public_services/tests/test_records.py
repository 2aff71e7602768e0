"""What every record kind gets from its declaration: update with the version read, delete,
money in 元 with choices as enums, filters and pages, `@personal` refused to viewers, scope on
writes, and the audit trail."""

from __future__ import annotations

from typing import Any

from helpers import create_station, problems
from sqlalchemy import select

from core.security.models import audit_log
from core.testing import GraphQLClient, Platform
from core.testing.factories import VILLAGE_A1, VILLAGE_A2, VILLAGE_C1, add_regions

UPDATE = """mutation($i: LabourStationUpdateInput!) { updateLabourStation(input: $i) {
    __typename ... on LabourStationSuccess { labourStation { name version videoPlatformOn } }
    ... on RecordError { code problems { field code } } } }"""

DELETE = """mutation($i: LabourStationDeleteInput!) { deleteLabourStation(input: $i) {
    __typename ... on LabourStationDeleted { id } ... on RecordError { code problems { field code } } } }"""

SUBSIDY = """mutation($i: PlacementSubsidyCreateInput!) { createPlacementSubsidy(input: $i) {
    __typename ... on PlacementSubsidySuccess { placementSubsidy { amount agencyKind transferred } }
    ... on RecordError { code problems { field code } } } }"""


async def test_update_checks_the_version_and_delete_leaves_nothing(
    platform: Platform, gql: GraphQLClient
) -> None:
    await add_regions(platform)
    station = (await create_station(gql, VILLAGE_A1))["labourStation"]
    changed = (
        await gql(
            UPDATE,
            {"i": {"id": station["id"], "version": 1, "videoPlatformOn": "2019-06-01"}},
        )
    )["updateLabourStation"]
    assert changed["labourStation"] == {
        "name": f"{VILLAGE_A1}劳务工作站",
        "version": 2,
        "videoPlatformOn": "2019-06-01",
    }
    stale = (await gql(UPDATE, {"i": {"id": station["id"], "version": 1, "name": "新名"}}))[
        "updateLabourStation"
    ]
    assert problems(stale) == {"version": "CONFLICT"}
    cleared = (await gql(UPDATE, {"i": {"id": station["id"], "videoPlatformOn": None}}))[
        "updateLabourStation"
    ]
    assert cleared["labourStation"]["videoPlatformOn"] is None
    gone = (await gql(DELETE, {"i": {"id": station["id"], "version": 3}}))["deleteLabourStation"]
    assert gone == {"__typename": "LabourStationDeleted", "id": station["id"]}
    assert (await gql("{ labourStations { totalCount } }"))["labourStations"]["totalCount"] == 0
    async with platform.db.connect() as conn:
        actions = (await conn.scalars(select(audit_log.c.action).order_by(audit_log.c.id))).all()
    assert actions == [
        "createLabourStation",
        "updateLabourStation",
        "updateLabourStation",
        "deleteLabourStation",
    ]


async def test_money_choices_filters_and_pages(platform: Platform, gql: GraphQLClient) -> None:
    await add_regions(platform)
    values: dict[str, Any] = {
        "countyCode": "450225",
        "agency": "融水县人力资源服务有限公司",
        "agencyKind": "HR_AGENCY",
        "transferred": 12,
        "amount": "2400.50",
        "paidOn": "2019-06-01",
    }
    saved = (await gql(SUBSIDY, {"i": values}))["createPlacementSubsidy"]
    assert saved["placementSubsidy"] == {
        "amount": "2400.50",
        "agencyKind": "HR_AGENCY",
        "transferred": 12,
    }
    refused = (
        await gql(
            SUBSIDY,
            {"i": {**values, "amount": "1.005", "transferred": 0, "countyCode": VILLAGE_A1}},
        )
    )["createPlacementSubsidy"]
    assert problems(refused) == {
        "amount": "INVALID",
        "transferred": "OUT_OF_RANGE",
        "countyCode": "INVALID",
    }
    for n in range(3):
        await gql(SUBSIDY, {"i": {**values, "paidOn": f"2019-0{n + 3}-01", "agency": f"经纪人{n}"}})
    page = await gql(
        """{ placementSubsidies(first: 2, filter: {region: "450225", dateFrom: "2019-04-01",
             text: "经纪人"}) { totalCount pageInfo { hasNextPage } nodes { agency } } }"""
    )
    assert page["placementSubsidies"] == {
        "totalCount": 2,
        "pageInfo": {"hasNextPage": False},
        "nodes": [{"agency": "经纪人1"}, {"agency": "经纪人2"}],
    }


async def test_personal_fields_are_refused_to_viewers_and_scope_holds_on_writes(
    platform: Platform, gql: GraphQLClient, viewer_gql: GraphQLClient, gql_as: Any
) -> None:
    await add_regions(platform)
    station = (await create_station(gql, VILLAGE_A2))["labourStation"]
    response = await viewer_gql.post("{ labourStations { nodes { staff { name } } } }")
    assert "personal" in str(response.json()["errors"]), response.json()
    async with gql_as(
        name="三江县人社局", role="department", department="RSJ", region="450226"
    ) as sanjiang:
        outside = (await sanjiang(UPDATE, {"i": {"id": station["id"], "name": "改名"}}))[
            "updateLabourStation"
        ]
        assert problems(outside) == {"id": "NOT_FOUND"}
        mine = (await create_station(sanjiang, VILLAGE_C1))["labourStation"]
        assert mine["villageCode"] == VILLAGE_C1
