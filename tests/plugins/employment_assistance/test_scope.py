"""A caller limited to 三江县 sees, counts and changes none of the plugin's records elsewhere;
the roles decide who may change them and who sees individual records at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from core.graphql.context import Caller
from core.platform import Platform
from tests.conftest import GraphQLClient, client_for
from tests.factories import TOWNSHIP_A, TOWNSHIP_C, VILLAGE_A1
from tests.plugins.employment_assistance.helpers import (
    VILLAGE_C2,
    assistance_households,
    links,
    mutate,
    person_id,
    problems,
)


async def _id(
    gql: GraphQLClient, field: str, input_type: str, success: str, node: str, data: dict[str, Any]
) -> str:
    result = await mutate(gql, field, input_type, f"... on {success} {{ {node} {{ id }} }}", data)
    assert result["__typename"] == success, result
    return str(result[node]["id"])


@pytest.fixture
async def county_unit_gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """The plugin's lead department (各县区人民政府) acting for 三江县 only."""
    caller = Caller(name="三江县人民政府", role="department", department="XQZF", region="450226")
    async for client in client_for(platform, caller):
        yield client


@pytest.fixture
async def made(platform: Platform, gql: GraphQLClient) -> dict[str, Any]:
    """One record of each kind in 融水县 and one in 三江县, made by a city-wide caller."""
    ids = await assistance_households(platform)
    found: dict[str, Any] = {"ids": ids}
    people = {label: await person_id(gql, ids[label]) for label in ("a_head", "a_son", "e_head")}
    found["people"] = people
    for label, township in (("rongshui", TOWNSHIP_A), ("sanjiang", TOWNSHIP_C)):
        found[f"workshop_{label}"] = await _id(
            gql,
            "createPovertyWorkshop",
            "PovertyWorkshopCreateInput",
            "PovertyWorkshopSuccess",
            "povertyWorkshop",
            {
                "name": "车间",
                "enterprise": "企业",
                "townshipCode": township,
                "certifiedOn": "2019-03-01",
            },
        )
    for label, village, holder in (
        ("rongshui", VILLAGE_A1, "a_head"),
        ("sanjiang", VILLAGE_C2, "e_head"),
    ):
        found[f"post_{label}"] = await _id(
            gql,
            "createVillagePost",
            "VillagePostCreateInput",
            "VillagePostSuccess",
            "villagePost",
            {
                "villageCode": village,
                "post": "保洁员",
                "personId": people[holder],
                "monthlyPay": "1300",
                "startDate": "2019-03-01",
            },
        )
    for label, person in (("rongshui", "a_son"), ("sanjiang", "e_head")):
        found[f"subsidy_{label}"] = await _id(
            gql,
            "createHiringSubsidy",
            "HiringSubsidyCreateInput",
            "HiringSubsidySuccess",
            "hiringSubsidy",
            {
                "kind": "NEW_JOB",
                "personId": people[person],
                "employer": "某厂",
                "hiredOn": "2019-03-01",
                "grantedOn": "2019-03-01",
                "amount": "500",
            },
        )
    for label, level, code in (
        ("city", "CITY", "450200"),
        ("rongshui", "COUNTY", "450225"),
        ("sanjiang", "COUNTY", "450226"),
    ):
        found[f"fair_{label}"] = await _id(
            gql,
            "createJobFair",
            "JobFairCreateInput",
            "JobFairSuccess",
            "jobFair",
            {
                "title": "招聘会",
                "level": level,
                "regionCode": code,
                "heldOn": "2019-03-01",
                "place": "广场",
                "employers": 0,
                "postings": 0,
                "attendees": 0,
            },
        )
    for label, code, households in (
        ("rongshui", VILLAGE_A1, ["H-A"]),
        ("sanjiang", "450226", ["H-D", "H-E"]),
    ):
        found[f"push_{label}"] = await _id(
            gql,
            "createJobPush",
            "JobPushCreateInput",
            "JobPushSuccess",
            "jobPush",
            {
                "regionCode": code,
                "pushedOn": "2019-09-01",
                "postings": 20,
                "channel": "CONTACT",
            },
        )
        reached = {"id": found[f"push_{label}"], "households": households}
        assert (await links(gql, "reachJobPushHouseholds", reached))["__typename"] == "LinksSaved"
    for label, code in (("city", "450200"), ("sanjiang", "450226")):
        found[f"event_{label}"] = await _id(
            gql,
            "createFiveEvent",
            "FiveEventCreateInput",
            "FiveEventSuccess",
            "fiveEvent",
            {
                "kind": "BASKETBALL",
                "title": "篮球赛",
                "regionCode": code,
                "heldOn": "2019-02-10",
                "place": "球场",
            },
        )
    return found


async def test_lists_nodes_and_fields_stay_inside(
    county_gql: GraphQLClient, made: dict[str, Any]
) -> None:
    data = await county_gql(
        """{ povertyWorkshops { totalCount } villagePosts { totalCount } hiringSubsidies { totalCount }
             jobFairs { totalCount } jobPushes { totalCount nodes { households } } fiveEvents { totalCount }
             minimumWages { nodes { countyCode } }
             rongshui: region(code: "450225") { workshops { id } }
             city: region(code: "450200") { workshops { townshipCode } } }"""
    )
    for field in ("povertyWorkshops", "villagePosts", "hiringSubsidies", "jobFairs", "fiveEvents"):
        assert data[field]["totalCount"] == 1, field
    assert data["jobPushes"] == {"totalCount": 1, "nodes": [{"households": 2}]}
    assert data["minimumWages"]["nodes"] == [{"countyCode": "450226"}]
    assert data["rongshui"]["workshops"] == []
    assert data["city"]["workshops"] == [{"townshipCode": TOWNSHIP_C}]
    for key in ("workshop", "post", "subsidy", "fair", "push"):
        hidden = await county_gql('{ node(id: "%s") { id } }' % made[f"{key}_rongshui"])
        assert hidden == {"node": None}, key
    for key in ("fair_city", "event_city"):
        assert (await county_gql('{ node(id: "%s") { id } }' % made[key])) == {"node": None}
    mine = await county_gql('{ node(id: "%s") { id } }' % made["post_sanjiang"])
    assert mine["node"] is not None
    person = await county_gql(
        '{ personByIdNumber(idNumber: "%s") { villagePosts { post } subsidies { kind } } }'
        % made["ids"]["e_head"]
    )
    assert person["personByIdNumber"] == {
        "villagePosts": [{"post": "保洁员"}],
        "subsidies": [{"kind": "NEW_JOB"}],
    }


async def test_reports_stay_inside(county_gql: GraphQLClient, made: dict[str, Any]) -> None:
    data = await county_gql(
        """{ villagePostCoverage(asOf: "2019-09-30") { regionCode poorVillages posts statedTotal }
             townshipsWithoutWorkshop(asOf: "2019-09-30") { totalCount }
             householdsNotReached(asOf: "2019-09-30") { totalCount }
             fiveEventCoverage { kind events } }"""
    )
    assert data["villagePostCoverage"] == {
        "regionCode": "450226",
        "poorVillages": 1,
        "posts": 1,
        "statedTotal": None,
    }
    assert data["townshipsWithoutWorkshop"]["totalCount"] == 0
    assert data["householdsNotReached"]["totalCount"] == 0
    assert {c["kind"]: c["events"] for c in data["fiveEventCoverage"]}["BASKETBALL"] == 1
    for field in ("villagePostCoverage", "townshipsWithoutWorkshop", "householdsNotReached"):
        response = await county_gql.post('{ %s(region: "450225") { __typename } }' % field)
        assert "没有区划 450225，或不在您的范围内" in response.json()["errors"][0]["message"]
    inside = await county_gql(
        '{ metric(key: "employment_assistance.village_posts", region: "450226", asOf: "2019-09-30") { value records { totalCount } } }'
    )
    assert inside["metric"] == {"value": "1", "records": {"totalCount": 1}}


CANCEL = {"cancelled": True, "cancelReason": "x"}


async def test_writes_stay_inside(county_unit_gql: GraphQLClient, made: dict[str, Any]) -> None:
    cases = [
        (
            "updatePovertyWorkshop",
            "PovertyWorkshopUpdateInput",
            {"id": made["workshop_rongshui"], "jobs": 1},
            "id",
        ),
        (
            "createPovertyWorkshop",
            "PovertyWorkshopCreateInput",
            {
                "name": "新车间",
                "enterprise": "企业",
                "townshipCode": TOWNSHIP_A,
                "certifiedOn": "2019-03-01",
            },
            "townshipCode",
        ),
        (
            "createVillagePost",
            "VillagePostCreateInput",
            {
                "villageCode": VILLAGE_C2,
                "post": "护林员",
                "personId": made["people"]["a_son"],
                "monthlyPay": "1300",
                "startDate": "2019-03-01",
            },
            "personId",
        ),
        (
            "updateVillagePost",
            "VillagePostUpdateInput",
            {"id": made["post_rongshui"], "endDate": "2019-09-01"},
            "id",
        ),
        (
            "updateHiringSubsidy",
            "HiringSubsidyUpdateInput",
            {"id": made["subsidy_rongshui"], "revokedOn": "2019-09-01", "revokeReason": "x"},
            "id",
        ),
        ("updateJobFair", "JobFairUpdateInput", {"id": made["fair_rongshui"], **CANCEL}, "id"),
        ("updateJobFair", "JobFairUpdateInput", {"id": made["fair_city"], **CANCEL}, "id"),
        ("updateFiveEvent", "FiveEventUpdateInput", {"id": made["event_city"], **CANCEL}, "id"),
    ]
    for field, input_type, data, where in cases:
        found = problems(await mutate(county_unit_gql, field, input_type, "", data))
        assert found[where][0] == "NOT_FOUND", (field, found)
    reach = {"id": made["push_sanjiang"], "households": ["H-A"]}
    outside = await links(county_unit_gql, "reachJobPushHouseholds", reach)
    assert outside["problems"][0]["code"] == "NOT_FOUND"
    allowed = await mutate(
        county_unit_gql,
        "updateJobFair",
        "JobFairUpdateInput",
        "",
        {"id": made["fair_sanjiang"], "cancelled": True, "cancelReason": "误录"},
    )
    assert allowed["__typename"] == "JobFairSuccess"


async def test_who_may_change_and_who_sees_records(
    county_gql: GraphQLClient,
    department_gql: GraphQLClient,
    viewer_gql: GraphQLClient,
    county_unit_gql: GraphQLClient,
    made: dict[str, Any],
) -> None:
    cancel = (
        'mutation { updateJobFair(input: {id: "%s", cancelled: true, cancelReason: "x"}) { __typename } }'
        % (made["fair_sanjiang"])
    )
    # A county token changes core records only; 市人社局 does not lead this plugin (各县区人民政府 does).
    for client, reason in (
        (county_gql, "县区令牌只能修改核心记录"),
        (department_gql, "牵头单位：XQZF"),
    ):
        response = await client.post(cancel)
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "FORBIDDEN" and reason in error["message"]
    wage = """mutation { createMinimumWage(input: {countyCode: "450226", effectiveFrom: "2019-07-01",
        monthlyMinimum: "1400", source: "x"}) { __typename } }"""
    refused = (await county_unit_gql.post(wage)).json()["errors"][0]
    assert refused["extensions"]["code"] == "FORBIDDEN" and "只有管理员" in refused["message"]
    for field in ("villagePosts", "hiringSubsidies", "householdsNotReached"):
        response = await viewer_gql.post("{ %s { totalCount } }" % field)
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN_FIELD", field
    board = await viewer_gql(
        """{ villagePostCoverage(asOf: "2019-09-30") { posts ruleTotal statedTotal }
             povertyWorkshops { totalCount } jobFairs { totalCount } fiveEventCoverage { kind held } }"""
    )
    assert board["villagePostCoverage"] == {"posts": 2, "ruleTotal": 20, "statedTotal": 830}
    assert board["povertyWorkshops"]["totalCount"] == 2
