"""Service stations (三(五)4): 1–3 staff, a 50,000–100,000 元 subsidy, the 六到位 checklist."""

from __future__ import annotations

from typing import Any

import pytest

from core.platform import Platform
from core.testing.factories import TOWNSHIP_A, add_regions
from core.testing.kit import GraphQLClient
from tests.plugins.relocation_sites.helpers import add_site, gid, problems

STATION = """id name establishedOn staff subsidy version site { name }
  checklist { organisation personnel funding premises work rules complete missing }"""
CREATE = (
    """mutation($i: ServiceStationCreateInput!) { createServiceStation(input: $i) {
  __typename ... on ServiceStationSuccess { serviceStation { %s } }
  ... on RecordError { code message problems { field code message } } } }"""
    % STATION
)
UPDATE = (
    """mutation($i: ServiceStationUpdateInput!) { updateServiceStation(input: $i) {
  __typename ... on ServiceStationSuccess { serviceStation { %s } }
  ... on RecordError { code message problems { field code message } } } }"""
    % STATION
)


@pytest.fixture
async def site_id(platform: Platform) -> int:
    await add_regions(platform)
    return await add_site(platform, "甲安置点", TOWNSHIP_A, 2_000)


def station(site_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "siteId": gid("RelocationSite", site_id),
        "name": "甲安置点服务站",
        "establishedOn": "2019-05-01",
        "staff": 2,
        "subsidy": "80000",
    } | overrides


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"staff": 0}, "staff", "1–3"),
        ({"staff": 4}, "staff", "1–3"),
        ({"subsidy": "49999.99"}, "subsidy", "50000–100000元"),
        ({"subsidy": "100000.01"}, "subsidy", "50000–100000元"),
        ({"subsidy": "60000.001"}, "subsidy", "精确到分"),
        ({"name": "站" * 65}, "name", "64 个字"),
    ],
)
async def test_limits_refused(
    gql: GraphQLClient, site_id: int, overrides: dict[str, Any], field: str, words: str
) -> None:
    result = (await gql(CREATE, {"i": station(site_id, **overrides)}))["createServiceStation"]
    assert problems(result) == {field: result["problems"][0]["code"]}
    assert words in result["message"]


@pytest.mark.parametrize(("staff", "subsidy"), [(1, "50000"), (3, "100000.00"), (2, None)])
async def test_limits_accepted(
    gql: GraphQLClient, site_id: int, staff: int, subsidy: str | None
) -> None:
    result = (await gql(CREATE, {"i": station(site_id, staff=staff, subsidy=subsidy)}))[
        "createServiceStation"
    ]
    assert result["serviceStation"]["staff"] == staff
    assert result["serviceStation"]["subsidy"] == (
        None if subsidy is None else f"{int(float(subsidy))}.00"
    )


async def test_checklist_and_updates(gql: GraphQLClient, site_id: int) -> None:
    created = (
        await gql(
            CREATE,
            {
                "i": station(
                    site_id, organisationReady=True, personnelReady=True, premisesReady=True
                )
            },
        )
    )["createServiceStation"]["serviceStation"]
    assert created["checklist"]["complete"] is False
    assert created["checklist"]["missing"] == ["经费", "工作", "制度"]
    one = (await gql(CREATE, {"i": station(site_id, name="另一个服务站")}))["createServiceStation"]
    assert problems(one) == {"siteId": "DUPLICATE"}
    done = (
        await gql(
            UPDATE,
            {
                "i": {
                    "id": created["id"],
                    "version": 1,
                    "staff": 3,
                    "fundingReady": True,
                    "workReady": True,
                    "rulesReady": True,
                }
            },
        )
    )["updateServiceStation"]["serviceStation"]
    assert done["checklist"]["complete"] is True and done["checklist"]["missing"] == []
    assert done["staff"] == 3 and done["version"] == 2
    cleared = (await gql(UPDATE, {"i": {"id": created["id"], "subsidy": None}}))[
        "updateServiceStation"
    ]["serviceStation"]
    assert cleared["subsidy"] is None and cleared["checklist"]["complete"] is True
    refused = (await gql(UPDATE, {"i": {"id": created["id"], "staff": 4, "subsidy": "1"}}))[
        "updateServiceStation"
    ]
    assert problems(refused) == {"staff": "OUT_OF_RANGE", "subsidy": "OUT_OF_RANGE"}
    stale = (await gql(UPDATE, {"i": {"id": created["id"], "version": 1, "staff": 1}}))[
        "updateServiceStation"
    ]
    assert problems(stale) == {"version": "CONFLICT"}
    no_staff = (await gql(UPDATE, {"i": {"id": created["id"], "staff": None}}))[
        "updateServiceStation"
    ]
    assert problems(no_staff) == {"staff": "REQUIRED"}


async def test_the_site_shows_its_station(gql: GraphQLClient, site_id: int) -> None:
    await gql(CREATE, {"i": station(site_id)})
    found = await gql(
        '{ node(id: "%s") { ... on RelocationSite { station { name checklist { missing } } } } }'
        % gid("RelocationSite", site_id)
    )
    assert found["node"]["station"]["name"] == "甲安置点服务站"
    assert len(found["node"]["station"]["checklist"]["missing"]) == 6
