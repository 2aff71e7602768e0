"""Roles: what viewers, counties and departments may see and change; masking; reveal; audit."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from core.graphql.http import UNEXPECTED_MESSAGE
from core.platform import Platform
from core.records.models import household
from core.security.masking import mask_id_number, mask_phone
from core.security.models import audit_log
from tests.conftest import GraphQLClient, StatementCounter
from tests.factories import (
    VILLAGE_C1,
    add_household,
    add_regions,
    four_households,
    id_number,
    member,
)


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    return await four_households(platform)


@pytest.mark.usefixtures("ids")
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("{ households { nodes { id } } }", "Query.households"),
        ('{ household(registryNumber: "H-A") { relocated } }', "Query.household"),
        ('{ regions(parent: "450225") { code } persons { totalCount } }', "Query.persons"),
        ('{ node(id: "x") { id } }', "Query.node"),
        (
            '{ metric(key: "core.labor_households") { records { totalCount } } }',
            "MetricResult.records",
        ),
    ],
)
async def test_viewer_personal_fields_refused_before_any_sql(
    viewer_gql: GraphQLClient, sql_counter: StatementCounter, query: str, field: str
) -> None:
    response = await viewer_gql.post(query, accept="application/graphql-response+json")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert f"字段 {field} " in error["message"] and error["extensions"]["code"] == "FORBIDDEN_FIELD"
    assert sql_counter.count == 0


async def test_viewer_sees_aggregates_but_not_small_ones(
    demo_viewer_gql: GraphQLClient, demo_gql: GraphQLClient
) -> None:
    query = '{ metric(key: "core.households_with_employment", region: "450225", asOf: "2019-09-30") { value status breakdown { regionCode value status } } }'
    seen = (await demo_viewer_gql(query))["metric"]
    full = (
        await demo_gql(
            query.replace(
                "breakdown { regionCode value status }",
                "breakdown { regionCode value status base }",
            )
        )
    )["metric"]
    assert seen["value"] == full["value"] is not None
    for viewer_row, admin_row in zip(seen["breakdown"], full["breakdown"], strict=True):
        small = admin_row["base"] is not None and 0 < int(admin_row["base"]) < 5
        if small or viewer_row["status"] == "SUPPRESSED":
            assert viewer_row["value"] is None and viewer_row["status"] == "SUPPRESSED"
        else:
            assert viewer_row["value"] == admin_row["value"]
    # Never one withheld alone: the county minus the others would give it back.
    assert sum(r["status"] == "SUPPRESSED" for r in seen["breakdown"]) >= 2
    board = await demo_viewer_gql(
        '{ dashboard(asOf: "2019-09-30") { headline { value } rows { regionName } } }'
    )
    assert board["dashboard"]["headline"]["value"] is not None


@pytest.mark.usefixtures("ids")
async def test_viewer_makes_no_changes(
    viewer_gql: GraphQLClient, sql_counter: StatementCounter
) -> None:
    response = await viewer_gql.post(
        'mutation { updatePerson(input: {idNumber: "x", name: "y"}) { __typename } }',
        accept="application/graphql-response+json",
    )
    assert response.status_code == 403
    assert (
        "查看者（viewer）角色不能修改数据（updatePerson）"
        in response.json()["errors"][0]["message"]
    )
    assert sql_counter.count == 0


async def test_admin_only_and_department_rules(
    county_gql: GraphQLClient, department_gql: GraphQLClient, ids: dict[str, str]
) -> None:
    target = 'mutation { setTarget(input: {metricKey: "core.employed_workers", region: "450226", period: {actionPeriod: true}, value: "1", source: "x"}) { __typename } }'
    refused = await county_gql.post(target)
    assert "只有管理员可以调用 setTarget" in refused.json()["errors"][0]["message"]
    core_write = await department_gql.post(
        'mutation { updatePerson(input: {idNumber: "%s", name: "y"}) { __typename } }'
        % ids["d_head"]
    )
    assert (
        "单位 RSJ 不能调用 updatePerson（属于插件 core" in core_write.json()["errors"][0]["message"]
    )
    allowed = await county_gql(
        'mutation { updatePerson(input: {idNumber: "%s", name: "丁丁"}) { __typename } }'
        % ids["d_head"]
    )
    assert allowed["updatePerson"]["__typename"] == "PersonSuccess"


async def test_identifiers_masked_everywhere_and_revealed_with_audit(
    gql: GraphQLClient, county_gql: GraphQLClient, viewer_gql: GraphQLClient, platform: Platform
) -> None:
    await add_regions(platform)
    head = id_number(date(1980, 1, 1), 9, county="450226")
    await add_household(
        platform, "H-P", VILLAGE_C1, [member("丁", date(1980, 1, 1), 9, county="450226")]
    )
    await gql(
        'mutation { updatePerson(input: {idNumber: "%s", phone: "13800138000"}) { __typename } }'
        % head
    )
    shown = (await gql('{ personByIdNumber(idNumber: "%s") { id idNumber phone } }' % head))[
        "personByIdNumber"
    ]
    assert shown["idNumber"] == mask_id_number(head) == head[:6] + "*" * 10 + head[-2:]
    assert shown["phone"] == mask_phone("13800138000") == "138******00"
    reveal = """mutation($p: ID!, $r: String!) { revealPerson(input: {personId: $p, reason: $r}) {
        __typename ... on RevealedPerson { idNumber phone birthDate } ... on RecordError { code } } }"""
    revealed = (await county_gql(reveal, {"p": shown["id"], "r": "核对社保缴纳"}))["revealPerson"]
    assert revealed == {
        "__typename": "RevealedPerson",
        "idNumber": head,
        "phone": "13800138000",
        "birthDate": "1980-01-01",
    }
    no_reason = (await county_gql(reveal, {"p": shown["id"], "r": "看"}))["revealPerson"]
    assert no_reason["code"] == "REQUIRED"
    forbidden = await viewer_gql.post(reveal, {"p": shown["id"], "r": "核对社保缴纳"})
    assert "查看者（viewer）角色不能修改数据" in forbidden.json()["errors"][0]["message"]
    log = (
        await gql(
            '{ auditLog(recordType: "person") { totalCount nodes { action actor role path after } } }'
        )
    )["auditLog"]
    reveals = [n for n in log["nodes"] if n["action"] == "revealPerson"]
    assert len(reveals) == 1
    assert (
        reveals[0]["actor"] == "三江县人社局"
        and reveals[0]["role"] == "county"
        and reveals[0]["path"] == "GRAPHQL"
    )
    assert json.loads(reveals[0]["after"]) == {"reason": "核对社保缴纳"}
    denied = await county_gql.post("{ auditLog { totalCount } }")
    assert "只有管理员可以查看审计日志" in denied.json()["errors"][0]["message"]


async def test_every_write_is_audited_before_and_after(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    await gql(
        'mutation { updatePerson(input: {idNumber: "%s", name: "甲甲", version: 1}) { __typename } }'
        % ids["a_head"]
    )
    log = (await gql("{ auditLog(first: 5) { nodes { action recordType before after } } }"))[
        "auditLog"
    ]["nodes"]
    latest = log[0]
    assert latest["action"] == "update person" and latest["recordType"] == "person"
    assert json.loads(latest["before"]) == {"name": "甲"} and json.loads(latest["after"]) == {
        "name": "甲甲"
    }


async def test_no_audit_no_change(
    gql: GraphQLClient, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.security import audit

    await four_households(platform)
    async with platform.db.connect() as conn:
        audited = (await conn.execute(select(func.count()).select_from(audit_log))).scalar_one()

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(audit, "log", broken)
    response = await gql.post(
        """mutation { createHousehold(input: {registryNumber: "N-9", villageCode: "%s",
           members: [{name: "新", idNumber: "%s", relation: HEAD, labourCapacity: ORDINARY}]}) { __typename } }"""
        % (VILLAGE_C1, id_number(date(1991, 1, 1), 21, "450226"))
    )
    assert response.json()["errors"][0]["message"] == UNEXPECTED_MESSAGE
    async with platform.db.connect() as conn:
        assert (
            await conn.execute(
                select(func.count())
                .select_from(household)
                .where(household.c.registry_number == "N-9")
            )
        ).scalar_one() == 0
        assert (
            await conn.execute(select(func.count()).select_from(audit_log))
        ).scalar_one() == audited


async def test_lead_by_lets_another_department_call_a_plugin_mutation(
    department_gql: GraphQLClient, gql_as: object
) -> None:
    # 三(一)2 一岗多补 is led by 市人社局 although its plugin is led by the county governments.
    subsidy = 'mutation { createHiringSubsidy(input: {kind: WAGE, personId: "x", employer: "y", hiredOn: "2019-03-01", grantedOn: "2019-03-01"}) { __typename } }'
    allowed = await department_gql.post(subsidy)
    assert "FORBIDDEN" not in allowed.text
    workshop = (
        'mutation { updatePovertyWorkshop(input: {id: "x", endedOn: "2019-03-01"}) { __typename } }'
    )
    refused = await department_gql.post(workshop)
    assert "单位 RSJ 不能调用 updatePovertyWorkshop" in refused.json()["errors"][0]["message"]
