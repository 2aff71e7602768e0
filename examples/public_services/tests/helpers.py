"""GraphQL documents and records the tests share."""

from __future__ import annotations

from typing import Any

from core.testing import GraphQLClient

CREATE = """mutation($i: LabourStationCreateInput!) { createLabourStation(input: $i) {
    __typename
    ... on LabourStationSuccess { station { id villageCode name openedOn videoPlatformOn staffed
        village { shortName } staff { name source startedOn } } }
    ... on RecordError { code message problems { field code message } } } }"""

ADD_STAFF = """mutation($i: LabourStationStaffInput!) { addLabourStationStaff(input: $i) {
    __typename
    ... on LabourStationSuccess { station { staffed staff { name source startedOn } } }
    ... on RecordError { code problems { field code message } } } }"""


async def create_station(gql: GraphQLClient, village: str, **fields: Any) -> dict[str, Any]:
    values = {
        "village": village,
        "name": f"{village}劳务工作站",
        "openedOn": "2019-03-01",
        **fields,
    }
    result: dict[str, Any] = (await gql(CREATE, {"i": values}))["createLabourStation"]
    return result


def problems(result: dict[str, Any]) -> dict[str, str]:
    return {p["field"]: p["code"] for p in result["problems"]}
