"""GraphQL documents and records the tests share."""

from __future__ import annotations

from typing import Any

from core.testing import GraphQLClient

CREATE = """mutation($i: LabourStationCreateInput!) { createLabourStation(input: $i) {
    __typename
    ... on LabourStationSuccess { labourStation { id villageCode name openedOn videoPlatformOn
        staffed version region { shortName } staff { name source startedOn } } }
    ... on RecordError { code message problems { field code message } } } }"""

ADD_STAFF = """mutation($i: LabourStationStaffCreateInput!) { createLabourStationStaff(input: $i) {
    __typename
    ... on LabourStationStaffSuccess { labourStationStaff { name source startedOn } }
    ... on RecordError { code problems { field code reason message } } } }"""

STATION = """query($id: ID!) { node(id: $id) { ... on LabourStation { staffed
    staff { name source startedOn } } } }"""


async def create_station(gql: GraphQLClient, village: str, **fields: Any) -> dict[str, Any]:
    values = {
        "villageCode": village,
        "name": f"{village}劳务工作站",
        "openedOn": "2019-03-01",
        **fields,
    }
    result: dict[str, Any] = (await gql(CREATE, {"i": values}))["createLabourStation"]
    return result


async def add_staff(gql: GraphQLClient, station: str, **fields: Any) -> dict[str, Any]:
    values = {"stationId": station, **fields}
    result: dict[str, Any] = (await gql(ADD_STAFF, {"i": values}))["createLabourStationStaff"]
    return result


def problems(result: dict[str, Any]) -> dict[str, str]:
    return {p["field"]: p["code"] for p in result["problems"]}
