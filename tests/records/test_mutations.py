"""Mutations on the core records: every rule refused as data, nothing half-written."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from core.platform import Platform
from core.records.models import Employment, Household, Person
from core.security.masking import mask_id_number
from tests.conftest import GraphQLClient
from tests.factories import VILLAGE_A1, VILLAGE_C1, add_regions, id_number

HEAD = id_number(date(1970, 1, 1), 1)
WIFE = id_number(date(1972, 2, 2), 2)
SON = id_number(date(1998, 3, 3), 3)

CREATE = """mutation($input: CreateHouseholdInput!) { createHousehold(input: $input) {
  __typename
  ... on HouseholdSuccess { household { registryNumber version members { name idNumber relation sex } } }
  ... on RecordError { code message problems { field code message } } } }"""


def household_input(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "registryNumber": "H-1",
        "villageCode": VILLAGE_A1,
        "members": [
            {
                "name": "韦一",
                "idNumber": HEAD,
                "relation": "HEAD",
                "labourCapacity": "ORDINARY",
                "phone": "13800138000",
            },
            {
                "name": "覃二",
                "idNumber": WIFE.lower(),
                "relation": "SPOUSE",
                "labourCapacity": "WEAK",
            },
        ],
    }
    data.update(overrides)
    return data


async def counts(platform: Platform) -> tuple[int, int, int]:
    async with platform.db.connect() as conn:
        found = [
            (await conn.execute(select(func.count()).select_from(t.__table__))).scalar_one()
            for t in (Household, Person, Employment)
        ]
    return found[0], found[1], found[2]


@pytest.fixture
async def regions(platform: Platform) -> None:
    await add_regions(platform)


@pytest.mark.usefixtures("regions")
async def test_create_household(gql: GraphQLClient, platform: Platform) -> None:
    data = await gql(CREATE, {"input": household_input()})
    result = data["createHousehold"]
    assert result["__typename"] == "HouseholdSuccess"
    assert result["household"]["members"] == [
        {"name": "韦一", "idNumber": mask_id_number(HEAD), "relation": "HEAD", "sex": "MALE"},
        {"name": "覃二", "idNumber": mask_id_number(WIFE), "relation": "SPOUSE", "sex": "FEMALE"},
    ]
    assert await counts(platform) == (1, 2, 0)


@pytest.mark.usefixtures("regions")
async def test_every_problem_is_reported_and_nothing_is_written(
    gql: GraphQLClient, platform: Platform
) -> None:
    bad = household_input(
        registryNumber="H 1",
        villageCode="450225101",
        members=[
            {
                "name": "",
                "idNumber": HEAD[:-1] + "0" if HEAD[-1] != "0" else HEAD[:-1] + "1",
                "relation": "SPOUSE",
                "labourCapacity": "ORDINARY",
            },
            {
                "name": "覃二",
                "idNumber": WIFE,
                "relation": "SPOUSE",
                "labourCapacity": "WEAK",
                "phone": "12345",
            },
            {"name": "覃三", "idNumber": WIFE, "relation": "CHILD", "labourCapacity": "NONE"},
        ],
    )
    result = (await gql(CREATE, {"input": bad}))["createHousehold"]
    assert result["__typename"] == "RecordError"
    fields = {(p["field"], p["code"]) for p in result["problems"]}
    assert fields == {
        ("registryNumber", "INVALID"),
        ("villageCode", "INVALID"),
        ("members.0.name", "REQUIRED"),
        ("members.0.idNumber", "INVALID"),
        ("members.1.phone", "INVALID"),
        ("members.2.idNumber", "DUPLICATE"),
        ("members", "RULE_VIOLATED"),
    }
    assert "不是行政村" in result["message"]
    assert "没有户主" in result["message"]
    assert await counts(platform) == (0, 0, 0)


@pytest.mark.usefixtures("regions")
async def test_duplicates_against_the_database(gql: GraphQLClient, platform: Platform) -> None:
    await gql(CREATE, {"input": household_input()})
    again = (await gql(CREATE, {"input": household_input(villageCode=VILLAGE_C1)}))[
        "createHousehold"
    ]
    messages = {p["field"]: p["message"] for p in again["problems"]}
    assert "户编号 H-1 已经登记" in messages["registryNumber"]
    assert "已登记在户 H-1" in messages["members.0.idNumber"]
    missing_village = (
        await gql(
            CREATE,
            {
                "input": household_input(
                    registryNumber="H-2", villageCode="450225199299", members=[]
                )
            },
        )
    )["createHousehold"]
    assert {p["code"] for p in missing_village["problems"]} == {"NOT_FOUND", "REQUIRED"}
    assert await counts(platform) == (1, 2, 0)


PERSON = """mutation($input: CreatePersonInput!) { createPerson(input: $input) {
  __typename ... on PersonSuccess { person { name household { registryNumber } } }
  ... on RecordError { problems { field code message } } } }"""

UPDATE_PERSON = """mutation($input: UpdatePersonInput!) { updatePerson(input: $input) {
  __typename ... on PersonSuccess { person { name phone labourCapacity version } }
  ... on RecordError { code problems { field code message } } } }"""


@pytest.mark.usefixtures("regions")
async def test_members_and_heads(gql: GraphQLClient) -> None:
    await gql(CREATE, {"input": household_input()})
    son = {"name": "韦三", "idNumber": SON, "relation": "CHILD", "labourCapacity": "SKILLED"}
    added = (await gql(PERSON, {"input": {"registryNumber": "H-1", "person": son}}))["createPerson"]
    assert added == {
        "__typename": "PersonSuccess",
        "person": {"name": "韦三", "household": {"registryNumber": "H-1"}},
    }
    second_head = {**son, "idNumber": id_number(date(2000, 1, 1), 5), "relation": "HEAD"}
    refused = (await gql(PERSON, {"input": {"registryNumber": "H-1", "person": second_head}}))[
        "createPerson"
    ]
    assert refused["problems"][0]["code"] == "RULE_VIOLATED"
    demote = (await gql(UPDATE_PERSON, {"input": {"idNumber": HEAD, "relation": "OTHER"}}))[
        "updatePerson"
    ]
    assert demote["problems"][0]["field"] == "relation"
    swap = await gql(
        f"""mutation {{ changeHouseholdHead(input: {{registryNumber: "H-1", newHeadIdNumber: "{SON}", formerHeadRelation: PARENT}}) {{
           ... on HouseholdSuccess {{ household {{ members {{ idNumber relation }} }} }} }} }}"""
    )
    members = swap["changeHouseholdHead"]["household"]["members"]
    assert members[0] == {"idNumber": mask_id_number(SON), "relation": "HEAD"}
    assert {"idNumber": mask_id_number(HEAD), "relation": "PARENT"} in members


@pytest.mark.usefixtures("regions")
async def test_update_person_with_versions(gql: GraphQLClient) -> None:
    await gql(CREATE, {"input": household_input()})
    ok = (
        await gql(
            UPDATE_PERSON,
            {"input": {"idNumber": HEAD, "version": 1, "phone": None, "labourCapacity": "LOST"}},
        )
    )["updatePerson"]
    assert ok["person"] == {"name": "韦一", "phone": None, "labourCapacity": "LOST", "version": 2}
    stale = (await gql(UPDATE_PERSON, {"input": {"idNumber": HEAD, "version": 1, "name": "韦壹"}}))[
        "updatePerson"
    ]
    assert stale["code"] == "CONFLICT"
    assert "第 1 版" in stale["problems"][0]["message"]
    cleared = (await gql(UPDATE_PERSON, {"input": {"idNumber": HEAD, "name": None}}))[
        "updatePerson"
    ]
    assert cleared["problems"][0]["code"] == "REQUIRED"
    missing = (await gql(UPDATE_PERSON, {"input": {"idNumber": SON, "name": "x"}}))["updatePerson"]
    assert missing["problems"][0]["code"] == "NOT_FOUND"


RECORD = """mutation($input: RecordEmploymentInput!) { recordEmployment(input: $input) {
  __typename ... on EmploymentSuccess { employment { id form monthlyIncome endDate version person { name } } }
  ... on RecordError { problems { field code message } } } }"""

END = """mutation($input: EndEmploymentInput!) { endEmployment(input: $input) {
  __typename ... on EmploymentSuccess { employment { endDate version activeOn(on: "2019-06-01") } }
  ... on RecordError { code problems { field code message } } } }"""


@pytest.mark.usefixtures("regions")
async def test_employment_is_recorded_then_ended_not_deleted(
    gql: GraphQLClient, platform: Platform
) -> None:
    await gql(CREATE, {"input": household_input()})
    job = {
        "idNumber": HEAD,
        "form": "WAGE_WORK",
        "place": "GUANGDONG",
        "startDate": "2019-03-01",
        "employer": "湛江某厂",
        "monthlyIncome": "3500.5",
    }
    recorded = (await gql(RECORD, {"input": job}))["recordEmployment"]["employment"]
    assert recorded["monthlyIncome"] == "3500.50"
    assert recorded["person"] == {"name": "韦一"}
    duplicate = (await gql(RECORD, {"input": job}))["recordEmployment"]
    assert duplicate["problems"][0]["code"] == "DUPLICATE"
    ended = (
        await gql(
            END, {"input": {"employmentId": recorded["id"], "endDate": "2019-06-01", "version": 1}}
        )
    )["endEmployment"]
    assert ended["employment"] == {"endDate": "2019-06-01", "version": 2, "activeOn": True}
    twice = (await gql(END, {"input": {"employmentId": recorded["id"], "endDate": "2019-07-01"}}))[
        "endEmployment"
    ]
    assert twice["code"] == "CONFLICT"
    assert await counts(platform) == (1, 2, 1)


@pytest.mark.usefixtures("regions")
@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"startDate": "2099-01-01"}, "startDate", "不能晚于今天"),
        ({"endDate": "2019-01-01"}, "endDate", "不能早于开始日期"),
        ({"monthlyIncome": "-1"}, "monthlyIncome", "不能为负数"),
        ({"monthlyIncome": "1.001"}, "monthlyIncome", "精确到分"),
        ({"idNumber": SON}, "idNumber", "找不到身份证号"),
    ],
)
async def test_employment_rules(
    gql: GraphQLClient, changes: dict[str, str], field: str, reason: str
) -> None:
    await gql(CREATE, {"input": household_input()})
    job = {
        "idNumber": HEAD,
        "form": "FLEXIBLE",
        "place": "IN_COUNTY",
        "startDate": "2019-03-01",
        **changes,
    }
    problems = (await gql(RECORD, {"input": job}))["recordEmployment"]["problems"]
    assert problems[0]["field"] == field
    assert reason in problems[0]["message"]


async def test_end_employment_with_a_foreign_id(gql: GraphQLClient) -> None:
    result = (
        await gql(END, {"input": {"employmentId": "SG91c2Vob2xkOjE=", "endDate": "2019-06-01"}})
    )["endEmployment"]
    assert result["problems"][0] == {
        "field": "employmentId",
        "code": "INVALID",
        "message": "这不是就业记录的标识（Employment.id）",
    }


MEMBER_IDS = '{ household(registryNumber: "H-1") { members { id idNumber } } }'


async def _member_ids(gql: GraphQLClient) -> dict[str, str]:
    members = (await gql(MEMBER_IDS))["household"]["members"]
    return {m["idNumber"]: m["id"] for m in members}


@pytest.mark.usefixtures("regions")
async def test_writes_on_a_person_take_the_persons_id(gql: GraphQLClient) -> None:
    """A UI holds the masked answer and the person's id; it needs no `revealPerson` to write."""
    await gql(CREATE, {"input": household_input()})
    son = {"name": "韦三", "idNumber": SON, "relation": "CHILD", "labourCapacity": "SKILLED"}
    await gql(PERSON, {"input": {"registryNumber": "H-1", "person": son}})
    ids = await _member_ids(gql)
    head, son_id = ids[mask_id_number(HEAD)], ids[mask_id_number(SON)]
    job = {"personId": head, "form": "WAGE_WORK", "place": "GUANGDONG", "startDate": "2019-03-01"}
    recorded = (await gql(RECORD, {"input": job}))["recordEmployment"]
    assert recorded["__typename"] == "EmploymentSuccess"
    assert recorded["employment"]["person"] == {"name": "韦一"}
    renamed = (await gql(UPDATE_PERSON, {"input": {"personId": head, "name": "韦壹"}}))[
        "updatePerson"
    ]
    assert renamed["person"]["name"] == "韦壹"
    swap = await gql(
        """mutation($id: ID!) { changeHouseholdHead(input: {registryNumber: "H-1",
           newHeadPersonId: $id, formerHeadRelation: PARENT}) {
           ... on HouseholdSuccess { household { members { id relation } } } } }""",
        {"id": son_id},
    )
    assert swap["changeHouseholdHead"]["household"]["members"][0] == {
        "id": son_id,
        "relation": "HEAD",
    }


@pytest.mark.parametrize(
    ("named", "field", "code"),
    [
        ({}, "personId", "REQUIRED"),
        ({"personId": "x", "idNumber": HEAD}, "personId", "REQUIRED"),
        ({"personId": "bm9wZQ=="}, "personId", "INVALID"),
        ({"personId": "SG91c2Vob2xkOjE="}, "personId", "INVALID"),  # Household:1
        ({"personId": "UGVyc29uOjk5OTk5"}, "personId", "NOT_FOUND"),  # Person:99999
    ],
)
@pytest.mark.usefixtures("regions")
async def test_a_person_is_named_exactly_once(
    gql: GraphQLClient, named: dict[str, str], field: str, code: str
) -> None:
    await gql(CREATE, {"input": household_input()})
    job = {**named, "form": "WAGE_WORK", "place": "GUANGDONG", "startDate": "2019-03-01"}
    refused = (await gql(RECORD, {"input": job}))["recordEmployment"]
    assert refused["problems"][0]["field"] == field
    assert refused["problems"][0]["code"] == code
    changed = (await gql(UPDATE_PERSON, {"input": {**named, "name": "x"}}))["updatePerson"]
    assert changed["problems"][0] == {**changed["problems"][0], "field": field, "code": code}
    if code == "REQUIRED":
        assert "personId 或 idNumber" in refused["problems"][0]["message"]


async def test_a_person_outside_the_scope_is_not_found_by_id(
    gql: GraphQLClient, county_gql: GraphQLClient, platform: Platform
) -> None:
    await add_regions(platform)
    await gql(CREATE, {"input": household_input()})
    head = (await _member_ids(gql))[mask_id_number(HEAD)]
    job = {"personId": head, "form": "WAGE_WORK", "place": "GUANGDONG", "startDate": "2019-03-01"}
    refused = (await county_gql(RECORD, {"input": job}))["recordEmployment"]
    assert refused["problems"][0]["code"] == "NOT_FOUND"
    renamed = await county_gql(UPDATE_PERSON, {"input": {"personId": head, "name": "x"}})
    assert renamed["updatePerson"]["problems"][0]["code"] == "NOT_FOUND"
    swap = await county_gql(
        """mutation($id: ID!) { changeHouseholdHead(input: {registryNumber: "H-1",
           newHeadPersonId: $id, formerHeadRelation: PARENT}) {
           ... on RecordError { code } } }""",
        {"id": head},
    )
    assert swap["changeHouseholdHead"] == {"code": "NOT_FOUND"}
