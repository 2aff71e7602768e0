"""三微 facilities: kinds, distance, registration, dates, and the relocated labourers working there."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from core.graphql.node import to_global_id
from core.platform import Platform
from core.records.models import employment, person
from core.testing.factories import TOWNSHIP_A, add_job, four_households, id_number
from core.testing.kit import GraphQLClient
from plugins.relocation_sites.settings import RelocationSettings
from tests.plugins.relocation_sites.helpers import add_facility, add_site, gid, problems

CREATE = """mutation($i: SiteFacilityCreateInput!) { createSiteFacility(input: $i) {
  __typename ... on SiteFacilitySuccess { siteFacility { id kind name distanceM atSite businessRegistration jobs
      openedOn closedOn activeOn(on: "2019-09-30") version site { name } } }
  ... on RecordError { code message problems { field code message } } } }"""
UPDATE = """mutation($i: SiteFacilityUpdateInput!) { updateSiteFacility(input: $i) {
  __typename ... on SiteFacilitySuccess { siteFacility { closedOn activeOn(on: "2019-09-30") version } }
  ... on RecordError { code message problems { field code message } } } }"""
WORKER = """mutation($f: ID!, $e: ID!) { %s(input: {facilityId: $f, employmentId: $e}) {
  __typename ... on SiteFacilityWorkersSuccess { facility { workers { startDate person { name } } } }
  ... on RecordError { code message problems { field code message } } } }"""


@pytest.fixture
async def site_id(platform: Platform) -> int:
    await four_households(platform)
    return await add_site(platform, "甲安置点", TOWNSHIP_A, 1_500)


def facility_input(site_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "siteId": gid("RelocationSite", site_id),
        "kind": "WORKSHOP",
        "name": "苗绣扶贫车间",
        "operator": "融水苗绣有限公司",
        "openedOn": "2019-03-01",
    } | overrides


async def test_create_each_kind(gql: GraphQLClient, site_id: int) -> None:
    for kind, name in (
        ("WORKSHOP", "苗绣扶贫车间"),
        ("GARDEN", "微田园"),
        ("MARKET", "便民微市场"),
    ):
        result = (
            await gql(
                CREATE,
                {
                    "i": facility_input(
                        site_id,
                        kind=kind,
                        name=name,
                        distanceM=5_000,
                        businessRegistration="91350100m000100y43",
                        jobs=10_000,
                    )
                },
            )
        )["createSiteFacility"]["siteFacility"]
        assert result["kind"] == kind and result["distanceM"] == 5_000 and result["atSite"] is False
        assert result["businessRegistration"] == "91350100M000100Y43" and result["jobs"] == 10_000
        assert result["activeOn"] is True and result["site"] == {"name": "甲安置点"}
    listed = await gql(
        '{ node(id: "%s") { ... on RelocationSite { facilities { kind name } } } }'
        % gid("RelocationSite", site_id)
    )
    facilities = listed["node"]["facilities"]
    assert [f["name"] for f in facilities if f["kind"] == "WORKSHOP"] == ["苗绣扶贫车间"]
    assert len(facilities) == 3
    found = await gql('{ siteFacilities(filter: {text: "市场"}) { nodes { name } } }')
    assert found["siteFacilities"]["nodes"] == [{"name": "便民微市场"}]


@pytest.mark.parametrize(
    ("overrides", "field", "code", "words"),
    [
        ({"distanceM": 5_001}, "distanceM", "OUT_OF_RANGE", "0–5,000 米"),
        ({"distanceM": -1}, "distanceM", "OUT_OF_RANGE", "0–100000"),
        ({"jobs": 10_001}, "jobs", "OUT_OF_RANGE", "0–10000"),
        (
            {"businessRegistration": "91350100M000100Y44"},
            "businessRegistration",
            "INVALID",
            "校验位",
        ),
        ({"businessRegistration": "9135010"}, "businessRegistration", "INVALID", "18 位"),
        ({"openedOn": "2999-01-01"}, "openedOn", "OUT_OF_RANGE", "今天"),
        ({"closedOn": "2019-02-28"}, "closedOn", "OUT_OF_RANGE", "2019-03-01"),
        ({"operator": ""}, "operator", "REQUIRED", "经营主体"),
    ],
)
async def test_each_field_at_its_limits(
    gql: GraphQLClient, site_id: int, overrides: dict[str, Any], field: str, code: str, words: str
) -> None:
    result = (await gql(CREATE, {"i": facility_input(site_id, **overrides)}))["createSiteFacility"]
    assert problems(result) == {field: code}
    assert words in result["message"]


async def test_nearby_is_a_setting(
    gql: GraphQLClient, platform: Platform, site_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = platform.plugins.settings_of(RelocationSettings)
    monkeypatch.setattr(read, "nearby_distance_m", 8_000)
    result = await gql(CREATE, {"i": facility_input(site_id, distanceM=8_000)})
    assert result["createSiteFacility"]["__typename"] == "SiteFacilitySuccess"


async def test_duplicates_close_and_reopen(gql: GraphQLClient, site_id: int) -> None:
    created = (await gql(CREATE, {"i": facility_input(site_id)}))["createSiteFacility"][
        "siteFacility"
    ]
    again = (await gql(CREATE, {"i": facility_input(site_id, distanceM=30)}))["createSiteFacility"]
    assert problems(again) == {"name": "DUPLICATE"}
    closed = (
        await gql(UPDATE, {"i": {"id": created["id"], "version": 1, "closedOn": "2019-09-29"}})
    )["updateSiteFacility"]["siteFacility"]
    assert closed == {"closedOn": "2019-09-29", "activeOn": False, "version": 2}
    early = (await gql(UPDATE, {"i": {"id": created["id"], "closedOn": "2019-01-01"}}))[
        "updateSiteFacility"
    ]
    assert problems(early) == {"closedOn": "OUT_OF_RANGE"}
    reopened = (await gql(UPDATE, {"i": {"id": created["id"], "version": 2, "closedOn": None}}))[
        "updateSiteFacility"
    ]["siteFacility"]
    assert reopened["activeOn"] is True
    stale = (await gql(UPDATE, {"i": {"id": created["id"], "version": 2, "jobs": 3}}))[
        "updateSiteFacility"
    ]
    assert problems(stale) == {"version": "CONFLICT"}


async def test_relocated_labourers_working_there(
    gql: GraphQLClient, platform: Platform, site_id: int, ids: dict[str, str]
) -> None:
    workshop = gid("SiteFacility", await add_facility(platform, site_id, opened=date(2019, 3, 1)))
    # H-B is relocated: its job (2019-02-01 … 2019-09-29) overlaps the workshop's running time
    relocated_job = str(to_global_id("Employment", await employment_of(platform, ids["b_head"])))
    added = (await gql(WORKER % "addSiteFacilityWorker", {"f": workshop, "e": relocated_job}))[
        "addSiteFacilityWorker"
    ]
    assert added["facility"]["workers"] == [{"startDate": "2019-02-01", "person": {"name": "乙"}}]
    twice = (await gql(WORKER % "addSiteFacilityWorker", {"f": workshop, "e": relocated_job}))[
        "addSiteFacilityWorker"
    ]
    assert problems(twice) == {"employmentId": "DUPLICATE"}
    # H-A is not relocated
    other_job = str(to_global_id("Employment", await employment_of(platform, ids["a_son"])))
    refused = (await gql(WORKER % "addSiteFacilityWorker", {"f": workshop, "e": other_job}))[
        "addSiteFacilityWorker"
    ]
    assert problems(refused) == {"employmentId": "RULE_VIOLATED"}
    # a job that ended before the workshop opened
    old = str(
        to_global_id(
            "Employment",
            await add_job(platform, ids["b_head"], date(2018, 1, 1), date(2018, 6, 30)),
        )
    )
    ended = (await gql(WORKER % "addSiteFacilityWorker", {"f": workshop, "e": old}))[
        "addSiteFacilityWorker"
    ]
    assert problems(ended) == {"employmentId": "RULE_VIOLATED"}
    removed = (await gql(WORKER % "removeSiteFacilityWorker", {"f": workshop, "e": relocated_job}))[
        "removeSiteFacilityWorker"
    ]
    assert removed["facility"]["workers"] == []
    gone = (await gql(WORKER % "removeSiteFacilityWorker", {"f": workshop, "e": relocated_job}))[
        "removeSiteFacilityWorker"
    ]
    assert problems(gone) == {"employmentId": "NOT_FOUND"}


@pytest.fixture
def ids() -> dict[str, str]:
    return {
        "a_son": id_number(date(1995, 1, 1), 3),
        "b_head": id_number(date(1960, 1, 1), 5),
    }


async def employment_of(platform: Platform, id_no: str) -> int:
    async with platform.db.connect() as conn:
        query = (
            select(employment.c.id)
            .join(person, person.c.id == employment.c.person_id)
            .where(person.c.id_number_hash == id_no)
            .order_by(employment.c.id)
        )
        return int((await conn.execute(query)).scalars().first() or 0)
