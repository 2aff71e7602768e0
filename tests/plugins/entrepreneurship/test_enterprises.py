"""Enterprises through the API: owner, region, registration, jobs, linked workers, loans."""

from __future__ import annotations

from typing import Any

from plugins.entrepreneurship.validation import uscc_check_char
from tests.conftest import GraphQLClient
from tests.factories import TOWNSHIP_B, VILLAGE_A1, VILLAGE_C1
from tests.plugins.entrepreneurship.conftest import (
    ENTERPRISE_FIELDS,
    ERROR_FIELDS,
    create_loan,
    problems,
)
from tests.plugins.entrepreneurship.conftest import create_enterprise as create

UPDATE = (
    "mutation($i: EnterpriseUpdateInput!) { updateEnterprise(input: $i) { __typename "
    "... on EnterpriseSuccess { enterprise { %s } } %s } }" % (ENTERPRISE_FIELDS, ERROR_FIELDS)
)


def uscc(body: str) -> str:
    return body + uscc_check_char(body)


async def jobs_of(gql: GraphQLClient, id_number: str) -> list[str]:
    found = await gql('{ personByIdNumber(idNumber: "%s") { employments { id } } }' % id_number)
    return [e["id"] for e in found["personByIdNumber"]["employments"]]


async def update(gql: GraphQLClient, **fields: Any) -> Any:
    return (await gql(UPDATE, {"i": fields}))["updateEnterprise"]


async def test_an_enterprise_with_its_workers(gql: GraphQLClient, ids: dict[str, str]) -> None:
    son, dee = await jobs_of(gql, ids["a_son"]), await jobs_of(gql, ids["d_head"])
    code = uscc("93450225MA5K00001")
    firm = await create(
        gql,
        ids["a_head"],
        "甲一村茶叶种养专业合作社",
        kind="COOPERATIVE",
        registrationNumber=code.lower(),
        jobsCreated=8,
        poorJobs=2,
        workerEmploymentIds=son + dee,
    )
    assert firm["registrationNumber"] == code and firm["owner"] == {"name": "甲"}
    assert firm["workers"] == [{"id": dee[0]}, {"id": son[0]}]  # by start date
    mine = await gql(
        '{ personByIdNumber(idNumber: "%s") { enterprises { name kind } } '
        'enterprise(registrationNumber: "%s") { id region { name } } }' % (ids["a_head"], code)
    )
    assert mine["personByIdNumber"]["enterprises"] == [
        {"name": "甲一村茶叶种养专业合作社", "kind": "COOPERATIVE"}
    ]
    assert mine["enterprise"] == {"id": firm["id"], "region": {"name": "甲一村"}}
    # The same employment record cannot work for a second enterprise.
    other = await create(gql, ids["d_head"], "丁记", regionCode=VILLAGE_C1, workerEmploymentIds=dee)
    assert problems(other) == [("workerEmploymentIds.0", "DUPLICATE")]
    assert "甲一村茶叶种养专业合作社" in other["message"]


async def test_an_id_of_another_kind_is_refused_first(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    # Identifiers that this API never handed out are refused before the record is checked.
    son = await jobs_of(gql, ids["a_son"])
    result = await create(gql, ids["a_head"], "", workerEmploymentIds=[*son, ids["a_head"]])
    assert problems(result) == [("workerEmploymentIds.1", "INVALID")]
    assert result["message"] == "这不是就业记录的标识（Employment.id）"
    assert (await gql("{ enterprises { totalCount } }"))["enterprises"]["totalCount"] == 0


async def test_every_problem_at_once(gql: GraphQLClient, ids: dict[str, str]) -> None:
    son = await jobs_of(gql, ids["a_son"])
    result = await create(
        gql,
        "450225197001010000",
        "",
        regionCode="450225",
        registrationNumber="92450225MA5K000010",
        establishedOn="2999-01-01",
        jobsCreated=3,
        poorJobs=0,
        workerEmploymentIds=[*son, *son],
    )
    assert problems(result) == [
        ("ownerIdNumber", "NOT_FOUND"),
        ("name", "REQUIRED"),
        ("regionCode", "INVALID"),
        ("establishedOn", "INVALID"),
        ("registrationNumber", "INVALID"),
        ("workerEmploymentIds.1", "DUPLICATE"),
        ("workerEmploymentIds", "RULE_VIOLATED"),
    ]
    messages = {p["field"]: p["message"] for p in result["problems"]}
    assert messages["regionCode"] == "区划 450225 是县级，这里须是乡镇、行政村级区划"
    assert "多于填报的贫困劳动力人数（0 人）" in messages["workerEmploymentIds"]
    unknown = await create(gql, ids["a_head"], "x", regionCode="450225109201")
    assert problems(unknown) == [("regionCode", "NOT_FOUND")]


async def test_registration_numbers_and_names_are_unique(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    code = uscc("92450225MA5K00002")
    await create(gql, ids["a_head"], "甲记螺蛳粉店", registrationNumber=code)
    again = await create(gql, ids["d_head"], "丁记", regionCode=VILLAGE_C1, registrationNumber=code)
    assert problems(again) == [("registrationNumber", "DUPLICATE")]
    same_name = await create(gql, ids["a_head"], "甲记螺蛳粉店")
    assert problems(same_name) == [("name", "DUPLICATE")]


async def test_updates(gql: GraphQLClient, ids: dict[str, str]) -> None:
    son, dee = await jobs_of(gql, ids["a_son"]), await jobs_of(gql, ids["d_head"])
    firm = await create(
        gql, ids["a_head"], "甲记", jobsCreated=5, poorJobs=2, workerEmploymentIds=son
    )
    moved = await update(
        gql, enterpriseId=firm["id"], version=1, regionCode=TOWNSHIP_B, jobsCreated=9
    )
    assert moved["enterprise"]["regionCode"] == TOWNSHIP_B
    assert moved["enterprise"]["jobsCreated"] == 9 and moved["enterprise"]["version"] == 2
    stale = await update(gql, enterpriseId=firm["id"], version=1, name="乙记")
    assert stale["code"] == "CONFLICT"
    too_few = await update(gql, enterpriseId=firm["id"], poorJobs=0)
    assert problems(too_few) == [("poorJobs", "RULE_VIOLATED")]
    assert "已关联 1 条" in too_few["message"]
    over = await update(gql, enterpriseId=firm["id"], jobsCreated=1)
    assert problems(over) == [("poorJobs", "OUT_OF_RANGE")]
    relinked = await update(gql, enterpriseId=firm["id"], workerEmploymentIds=dee)
    assert relinked["enterprise"]["workers"] == [{"id": dee[0]}]
    assert relinked["enterprise"]["version"] == 3
    unchanged = await update(gql, enterpriseId=firm["id"], workerEmploymentIds=dee, jobsCreated=9)
    assert unchanged["enterprise"]["version"] == 3
    cleared = await update(gql, enterpriseId=firm["id"], workerEmploymentIds=None, poorJobs=0)
    assert cleared["enterprise"]["workers"] == [] and cleared["enterprise"]["poorJobs"] == 0
    refused = await update(gql, enterpriseId=firm["id"], name=None)
    assert problems(refused) == [("name", "REQUIRED")]


async def test_small_micro_loans_finance_registered_workshops_markets_and_cooperatives(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    shop = await create(
        gql, ids["a_head"], "甲记小卖部", registrationNumber=uscc("92450225MA5K00003")
    )
    bare = await create(gql, ids["a_head"], "甲一村微车间", kind="WORKSHOP")
    coop = await create(
        gql,
        ids["a_head"],
        "甲一村合作社",
        kind="COOPERATIVE",
        registrationNumber=uscc("93450225MA5K00004"),
    )
    theirs = await create(
        gql,
        ids["d_head"],
        "丁村微市场",
        kind="MICRO_MARKET",
        regionCode=VILLAGE_C1,
        registrationNumber=uscc("91450226MA5K00005"),
    )
    small = {"programme": "SMALL_MICRO", "amount": "800000"}
    none = await create_loan(gql, ids["a_head"], "SM-1", **small)
    assert problems(none) == [("enterpriseId", "REQUIRED")]
    for firm, words in (
        (shop, "是个体工商户"),
        (bare, "没有工商登记号"),
        (theirs, "负责人不是借款人"),
    ):
        refused = await create_loan(gql, ids["a_head"], "SM-1", enterpriseId=firm["id"], **small)
        assert problems(refused)[0] == ("enterpriseId", "RULE_VIOLATED")
        assert words in refused["message"]
    loan = await create_loan(gql, ids["a_head"], "SM-1", enterpriseId=coop["id"], **small)
    assert loan["enterprise"] == {"name": "甲一村合作社"} and loan["amount"] == "800000.00"
    # Other programmes may finance any enterprise of the borrower's, or none.
    other = await create_loan(gql, ids["a_head"], "N-1", enterpriseId=shop["id"])
    assert other["enterprise"] == {"name": "甲记小卖部"}
    loans = await gql('{ enterprise(id: "%s") { loans { contractNumber } } }' % coop["id"])
    assert loans["enterprise"]["loans"] == [{"contractNumber": "SM-1"}]
    assert coop["regionCode"] == VILLAGE_A1
