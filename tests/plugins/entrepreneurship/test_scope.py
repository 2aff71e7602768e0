"""A caller limited to 三江县 sees and changes no loan, enterprise or base outside it; who may
write at all; every write in the audit log."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient
from tests.factories import VILLAGE_A1, VILLAGE_C1
from tests.plugins.entrepreneurship.conftest import (
    ERROR_FIELDS,
    create_base,
    create_enterprise,
    create_loan,
    problems,
)


@pytest.fixture
async def outside(gql: GraphQLClient, ids: dict[str, str]) -> dict[str, str]:
    """Records in 融水 and 融安 (outside) and in 三江 (inside); the outside ones' ids."""
    rongan = await create_base(gql, "融安基地", "RONGAN", "450224")
    await create_base(gql, "丹洲园", "SANJIANG_DANZHOU", "450226")
    son = await gql('{ personByIdNumber(idNumber: "%s") { employments { id } } }' % ids["a_son"])
    son_job = son["personByIdNumber"]["employments"][0]["id"]
    firm = await create_enterprise(gql, ids["a_head"], "甲记", regionCode=VILLAGE_A1)
    await create_enterprise(gql, ids["d_head"], "丁记", regionCode=VILLAGE_C1)
    loan = await create_loan(gql, ids["a_head"], "OUT-1", enterpriseId=firm["id"])
    await create_loan(gql, ids["d_head"], "IN-1")
    return {"loan": loan["id"], "firm": firm["id"], "base": rongan["id"], "job": son_job}


async def test_lists_lookups_and_nodes(
    county_gql: GraphQLClient, ids: dict[str, str], outside: dict[str, str]
) -> None:
    mine = await county_gql(
        "{ loans { totalCount nodes { contractNumber } } enterprises { totalCount nodes { name } } "
        'incubationBases { totalCount nodes { name } } city: region(code: "450200") { incubationBases { name } } '
        'rongshui: loans(filter: {region: "450225"}) { totalCount } }'
    )
    assert mine["loans"] == {"totalCount": 1, "nodes": [{"contractNumber": "IN-1"}]}
    assert mine["enterprises"] == {"totalCount": 1, "nodes": [{"name": "丁记"}]}
    assert mine["incubationBases"] == {"totalCount": 1, "nodes": [{"name": "丹洲园"}]}
    assert mine["city"]["incubationBases"] == [{"name": "丹洲园"}]
    assert mine["rongshui"]["totalCount"] == 0
    hidden = await county_gql(
        '{ loan(contractNumber: "OUT-1") { id } enterprise(id: "%s") { id } '
        'a: node(id: "%s") { id } b: node(id: "%s") { id } c: node(id: "%s") { id } }'
        % (outside["firm"], outside["loan"], outside["firm"], outside["base"])
    )
    assert hidden == {"loan": None, "enterprise": None, "a": None, "b": None, "c": None}


async def test_metrics_only_inside(county_gql: GraphQLClient, outside: dict[str, str]) -> None:
    found = await county_gql(
        '{ metric(key: "entrepreneurship.loan_amount", region: "450226", asOf: "2019-12-31") '
        "{ value records { nodes { node { ... on Loan { contractNumber } } } } } }"
    )
    assert found["metric"]["value"] == "50000.00"
    assert found["metric"]["records"]["nodes"] == [{"node": {"contractNumber": "IN-1"}}]
    response = await county_gql.post(
        '{ metric(key: "entrepreneurship.loan_amount", region: "450225") { value } }'
    )
    assert "没有区划 450225，或不在您的范围内" in response.json()["errors"][0]["message"]


async def test_writes_only_inside(
    sanjiang_rsj_gql: GraphQLClient, ids: dict[str, str], outside: dict[str, str]
) -> None:
    county_gql = sanjiang_rsj_gql  # the plugin's lead department, limited to 三江县
    loan = await create_loan(county_gql, ids["a_son"], "NEW-1")
    assert problems(loan) == [("borrowerIdNumber", "NOT_FOUND")]
    status = await county_gql(
        'mutation { updateLoanStatus(input: {loanId: "%s", status: REPAID}) { %s } }'
        % (outside["loan"], ERROR_FIELDS)
    )
    assert problems(status["updateLoanStatus"]) == [("loanId", "NOT_FOUND")]
    firm = await create_enterprise(
        county_gql,
        ids["d_head"],
        "丁二记",
        regionCode=VILLAGE_A1,
        workerEmploymentIds=[outside["job"]],
        incubationBaseId=outside["base"],
    )
    assert problems(firm) == [
        ("regionCode", "NOT_FOUND"),
        ("incubationBaseId", "NOT_FOUND"),
        ("workerEmploymentIds.0", "NOT_FOUND"),
    ]
    financed = await create_loan(
        county_gql, ids["d_head"], "NEW-2", programme="MIGRANT_WORKER", enterpriseId=outside["firm"]
    )
    assert problems(financed) == [("enterpriseId", "NOT_FOUND")]
    base = await create_base(county_gql, "融安二号", "RONGAN", "450224")
    assert problems(base) == [("regionCode", "NOT_FOUND")]
    change = await county_gql(
        'mutation { updateIncubationBase(input: {baseId: "%s", status: APPLIED}) { %s } '
        'updateEnterprise(input: {enterpriseId: "%s", jobsCreated: 1}) { %s } }'
        % (outside["base"], ERROR_FIELDS, outside["firm"], ERROR_FIELDS)
    )
    assert problems(change["updateIncubationBase"]) == [("baseId", "NOT_FOUND")]
    assert problems(change["updateEnterprise"]) == [("enterpriseId", "NOT_FOUND")]


async def test_who_may_write_and_read(
    county_gql: GraphQLClient,
    department_gql: GraphQLClient,
    viewer_gql: GraphQLClient,
    ids: dict[str, str],
) -> None:
    create = (
        'mutation { createIncubationBase(input: {name: "丹洲园二", area: SANJIANG_DANZHOU, '
        'regionCode: "450226"}) { __typename } }'
    )
    refused = await county_gql.post(create, accept="application/graphql-response+json")
    assert refused.status_code == 403
    assert "createIncubationBase 属于插件 entrepreneurship" in refused.text
    assert (await department_gql(create))["createIncubationBase"] == {
        "__typename": "IncubationBaseSuccess"
    }
    personal = await viewer_gql.post("{ loans { totalCount } }")
    assert "FORBIDDEN_FIELD" in personal.text
    public = await viewer_gql(
        "{ incubationBases { nodes { name status enterprisesIncubated } } "
        'metric(key: "entrepreneurship.incubation_bases_admitted") { key } }'
    )
    assert public["incubationBases"]["nodes"] == [
        {"name": "丹洲园二", "status": "CULTIVATING", "enterprisesIncubated": 0}
    ]
    hidden = await viewer_gql.post("{ incubationBases { nodes { enterprises { name } } } }")
    assert "FORBIDDEN_FIELD" in hidden.text


async def test_every_write_is_audited(
    gql: GraphQLClient, sanjiang_rsj_gql: GraphQLClient, ids: dict[str, str]
) -> None:
    loan = await create_loan(sanjiang_rsj_gql, ids["d_head"], "AUD-1", programme="MIGRANT_WORKER")
    await create_loan(
        sanjiang_rsj_gql, ids["d_head"], "AUD-0", programme="MIGRANT_WORKER", issuedOn="2018-01-01"
    )
    await sanjiang_rsj_gql(
        'mutation { updateLoanStatus(input: {loanId: "%s", status: OVERDUE}) { __typename } }'
        % loan["id"]
    )
    log = await gql(
        '{ auditLog(recordType: "entrepreneurship_loan") { nodes { actor role action before after } } }'
    )
    entries = [(e["actor"], e["action"]) for e in log["auditLog"]["nodes"]]
    assert sorted(entries) == sorted(
        [
            ("三江县人社局", "createLoan"),
            ("三江县人社局", "createLoan"),
            ("三江县人社局", "renumber entrepreneurship_loan"),
            ("三江县人社局", "renumber entrepreneurship_loan"),
            ("三江县人社局", "update entrepreneurship_loan"),
        ]
    )
    update = next(e for e in log["auditLog"]["nodes"] if e["action"].startswith("update"))
    assert '"ISSUED"' in update["before"] and '"OVERDUE"' in update["after"]


async def test_a_taken_worker_is_refused_without_naming_an_outside_enterprise(
    gql: GraphQLClient, sanjiang_rsj_gql: GraphQLClient, ids: dict[str, str]
) -> None:
    dee = await gql('{ personByIdNumber(idNumber: "%s") { employments { id } } }' % ids["d_head"])
    job = dee["personByIdNumber"]["employments"][0]["id"]
    taken = await create_enterprise(gql, ids["a_head"], "甲记", workerEmploymentIds=[job])
    assert taken["workers"] == [{"id": job}]
    again = await create_enterprise(
        sanjiang_rsj_gql, ids["d_head"], "丁记", regionCode=VILLAGE_C1, workerEmploymentIds=[job]
    )
    assert problems(again) == [("workerEmploymentIds.0", "DUPLICATE")]
    assert "您权限范围外的实体" in again["message"] and "甲记" not in again["message"]


async def test_the_county_governments_lead_the_bases(gql_as: object, ids: dict[str, str]) -> None:
    # 三(三)2 names 各县区人民政府 first: their department tokens manage bases, not loans.
    async with gql_as(  # type: ignore[operator]
        name="三江县人民政府", role="department", department="XQZF", region="450226"
    ) as county_government:
        base = await create_base(county_government, "丹洲园三", "SANJIANG_DANZHOU", "450226")
        assert base["areaName"] == "三江县丹洲产业区"
        refused = await county_government.post(
            'mutation { createLoan(input: {contractNumber: "X", borrowerIdNumber: "%s", '
            'programme: NATIONAL, amount: "1", bank: "b", issuedOn: "2019-01-01", termMonths: 1}) '
            "{ __typename } }" % ids["d_head"],
            accept="application/graphql-response+json",
        )
        assert refused.status_code == 403
        assert "牵头单位：RSJ" in refused.text
