"""A caller limited to one county sees and changes nothing outside it, on every path."""

from __future__ import annotations

from datetime import date

import pytest

from core.platform import Platform
from tests.conftest import GraphQLClient
from tests.factories import VILLAGE_A1, VILLAGE_C1, four_households, id_number


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    return await four_households(platform)


async def test_lists_and_lookups(
    county_gql: GraphQLClient, gql: GraphQLClient, ids: dict[str, str]
) -> None:
    mine = await county_gql(
        "{ households { totalCount nodes { registryNumber } } persons { totalCount } }"
    )
    assert mine["households"] == {"totalCount": 1, "nodes": [{"registryNumber": "H-D"}]}
    assert mine["persons"]["totalCount"] == 1
    hidden = await county_gql(
        '{ household(registryNumber: "H-A") { id } personByIdNumber(idNumber: "%s") { id } }'
        % ids["a_son"]
    )
    assert hidden == {"household": None, "personByIdNumber": None}
    # a region outside reads like one that does not exist
    filtered = await county_gql.post('{ households(filter: {region: "450225"}) { totalCount } }')
    assert filtered.json()["errors"][0]["message"].endswith("没有区划 450225，或不在您的范围内")
    # IDs obtained elsewhere resolve to nothing through node, nested fields included
    everything = await gql(
        '{ household(registryNumber: "H-A") { id members { id employments { id } } } }'
    )
    household = everything["household"]
    son = household["members"][1]
    for global_id in (household["id"], son["id"], son["employments"][0]["id"]):
        assert (await county_gql('{ node(id: "%s") { id } }' % global_id)) == {"node": None}


async def test_metrics_only_inside(county_gql: GraphQLClient, ids: dict[str, str]) -> None:
    inside = await county_gql(
        '{ metric(key: "core.labor_households", region: "450226", asOf: "2019-09-30") { value records { totalCount } } }'
    )
    assert inside["metric"] == {"value": "1", "records": {"totalCount": 1}}
    response = await county_gql.post('{ metrics(region: "450200") { value } }')
    assert response.json()["errors"][0]["message"].endswith("没有区划 450200，或不在您的范围内")


async def test_writes_only_inside(county_gql: GraphQLClient, ids: dict[str, str]) -> None:
    outside = await county_gql(
        'mutation { updatePerson(input: {idNumber: "%s", name: "x"}) { ... on RecordError { code } } }'
        % ids["a_head"]
    )
    assert outside["updatePerson"] == {"code": "NOT_FOUND"}
    job = await county_gql(
        'mutation { recordEmployment(input: {idNumber: "%s", form: FLEXIBLE, place: IN_COUNTY, startDate: "2019-05-01"}) '
        "{ ... on RecordError { code } } }" % ids["b_head"]
    )
    assert job["recordEmployment"] == {"code": "NOT_FOUND"}
    create = """mutation($v: String!, $id: String!) { createHousehold(input: {registryNumber: "N-1", villageCode: $v,
        members: [{name: "新", idNumber: $id, relation: HEAD, labourCapacity: ORDINARY}]}) {
        __typename ... on RecordError { problems { field code message } } } }"""
    elsewhere = await county_gql(
        create, {"v": VILLAGE_A1, "id": id_number(date(1990, 1, 1), 11, "450226")}
    )
    assert elsewhere["createHousehold"]["problems"][0]["code"] == "NOT_FOUND"
    duplicate = await county_gql(create, {"v": VILLAGE_C1, "id": ids["a_head"]})
    problem = duplicate["createHousehold"]["problems"][0]
    assert (
        problem["code"] == "DUPLICATE"
        and "H-A" not in problem["message"]
        and "权限范围外" in problem["message"]
    )
    ok = await county_gql(
        create, {"v": VILLAGE_C1, "id": id_number(date(1990, 1, 1), 11, "450226")}
    )
    assert ok["createHousehold"]["__typename"] == "HouseholdSuccess"
