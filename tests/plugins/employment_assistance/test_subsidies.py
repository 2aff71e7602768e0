""" "一岗多补" subsidies (三(一)2): every amount and month limit at its boundary, and the metrics."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from core.platform import Platform
from tests.conftest import GraphQLClient
from tests.plugins.employment_assistance.helpers import (
    assistance_households,
    metrics,
    mutate,
    person_id,
    problems,
)

FIELDS = """... on HiringSubsidySuccess { subsidy: hiringSubsidy { id kind employer hiredOn grantedOn
  graduate monthlyAmount months amount: total oneOff: amount revoked revokedOn version person { name } } }"""


async def grant(gql: GraphQLClient, id_number: str, kind: str, **fields: Any) -> dict[str, Any]:
    data = {
        "kind": kind,
        "personId": await person_id(gql, id_number),
        "employer": "柳州某汽车配件有限公司",
        "hiredOn": "2019-03-01",
        "grantedOn": "2019-04-15",
    } | fields
    return await mutate(gql, "createHiringSubsidy", "HiringSubsidyCreateInput", FIELDS, data)


def ok(result: dict[str, Any]) -> dict[str, Any]:
    assert result["__typename"] == "HiringSubsidySuccess", result
    subsidy: dict[str, Any] = result["subsidy"]
    return subsidy


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    return await assistance_households(platform)


@pytest.mark.parametrize(
    ("monthly", "accepted"), [("299", False), ("300", True), ("500", True), ("501", False)]
)
async def test_wage_subsidy_per_month(
    gql: GraphQLClient, ids: dict[str, str], monthly: str, accepted: bool
) -> None:
    result = await grant(gql, ids["a_son"], "WAGE", monthlyAmount=monthly, months=12)
    if accepted:
        saved = ok(result)
        assert saved["amount"] == f"{int(monthly) * 12}.00" and saved["months"] == 12
    else:
        code, message = problems(result)["monthlyAmount"]
        assert code == "OUT_OF_RANGE"
        assert "300 元至 500 元" in message and f"{monthly} 元" in message


@pytest.mark.parametrize(("months", "accepted"), [(12, True), (13, False), (0, False)])
async def test_wage_subsidy_months(
    gql: GraphQLClient, ids: dict[str, str], months: int, accepted: bool
) -> None:
    result = await grant(gql, ids["a_son"], "WAGE", monthlyAmount="400", months=months)
    if accepted:
        assert ok(result)["amount"] == "4800.00"
    else:
        code, message = problems(result)["months"]
        assert code == "OUT_OF_RANGE" and ("12 个月" in message or months == 0)


async def test_wage_months_add_up_per_hire(gql: GraphQLClient, ids: dict[str, str]) -> None:
    first = ok(await grant(gql, ids["a_son"], "WAGE", monthlyAmount="400", months=6))
    more = problems(await grant(gql, ids["a_son"], "WAGE", monthlyAmount="400", months=7))
    assert more["months"][0] == "OUT_OF_RANGE" and "已登记 6 个月" in more["months"][1]
    ok(await grant(gql, ids["a_son"], "WAGE", monthlyAmount="400", months=7, employer="另一家公司"))
    ok(
        await grant(
            gql, ids["a_son"], "WAGE", monthlyAmount="400", months=6, grantedOn="2019-05-15"
        )
    )
    revoke = {"id": first["id"], "revokedOn": "2019-05-01"}
    unexplained = problems(
        await mutate(gql, "updateHiringSubsidy", "HiringSubsidyUpdateInput", FIELDS, revoke)
    )
    assert unexplained["revokeReason"][0] == "REQUIRED"
    revoked = await mutate(
        gql,
        "updateHiringSubsidy",
        "HiringSubsidyUpdateInput",
        FIELDS,
        revoke | {"revokeReason": "误录"},
    )
    assert revoked["subsidy"]["revoked"] is True
    ok(
        await grant(
            gql, ids["a_son"], "WAGE", monthlyAmount="400", months=6, grantedOn="2019-06-15"
        )
    )
    changed = problems(
        await mutate(
            gql,
            "updateHiringSubsidy",
            "HiringSubsidyUpdateInput",
            FIELDS,
            {"id": first["id"], "months": 1},
        )
    )
    assert changed["revokedOn"][0] == "CONFLICT"


@pytest.mark.parametrize(
    ("amount", "accepted"),
    [("2999.99", False), ("3000", True), ("5000", True), ("5000.01", False)],
)
async def test_graduate_post_subsidy(
    gql: GraphQLClient, ids: dict[str, str], amount: str, accepted: bool
) -> None:
    result = await grant(gql, ids["l_son"], "GRADUATE_POST", amount=amount, graduate=True)
    if accepted:
        assert ok(result)["monthlyAmount"] is None
    else:
        code, message = problems(result)["amount"]
        assert code == "OUT_OF_RANGE" and "3,000 元至 5,000 元" in message


async def test_other_subsidies(gql: GraphQLClient, ids: dict[str, str]) -> None:
    not_graduate = problems(await grant(gql, ids["l_son"], "GRADUATE_POST", amount="4000"))
    assert not_graduate["graduate"][0] == "RULE_VIOLATED"
    ok(await grant(gql, ids["l_son"], "SOCIAL_INSURANCE", monthlyAmount="350", months=36))
    over = problems(
        await grant(
            gql, ids["l_son"], "SOCIAL_INSURANCE", monthlyAmount="350", months=37, employer="乙厂"
        )
    )
    assert over["months"][0] == "OUT_OF_RANGE" and "36" in over["months"][1]
    negative = problems(await grant(gql, ids["l_son"], "EMPLOYMENT_REWARD", amount="-0.01"))
    assert negative["amount"][0] == "OUT_OF_RANGE"
    assert ok(await grant(gql, ids["l_son"], "EMPLOYMENT_REWARD", amount="0"))["amount"] == "0.00"
    twice = problems(await grant(gql, ids["l_son"], "EMPLOYMENT_REWARD", amount="1000"))
    assert twice["kind"][0] == "DUPLICATE"
    mixed = problems(
        await grant(gql, ids["l_son"], "NEW_JOB", amount="800", monthlyAmount="100", months=2)
    )
    assert set(mixed) == {"monthlyAmount", "months"}
    assert ok(await grant(gql, ids["l_son"], "NEW_JOB", amount="800"))["kind"] == "NEW_JOB"
    total = problems(await grant(gql, ids["l_head"], "WAGE", amount="4800"))
    assert set(total) == {"amount", "monthlyAmount", "months"}


async def test_who_and_when(gql: GraphQLClient, ids: dict[str, str]) -> None:
    found = problems(
        await grant(
            gql,
            ids["c_head"],
            "WAGE",
            monthlyAmount="400",
            months=6,
            hiredOn="2019-05-01",
            grantedOn="2019-04-30",
        )
    )
    assert found["personId"][0] == "RULE_VIOLATED" and "劳动能力" in found["personId"][1]
    assert found["grantedOn"][0] == "INVALID"
    nameless = problems(await grant(gql, ids["a_son"], "WAGE", monthlyAmount="400", employer=""))
    assert nameless["employer"][0] == "REQUIRED"
    future = problems(
        await grant(
            gql,
            ids["a_son"],
            "WAGE",
            monthlyAmount="400",
            months=6,
            hiredOn="2099-01-01",
            grantedOn="2099-01-02",
        )
    )
    assert {"hiredOn", "grantedOn"} <= set(future)


async def test_metrics_and_the_persons_subsidies(gql: GraphQLClient, ids: dict[str, str]) -> None:
    # Hired in 2019: 甲子 (wage 6 × 400 + social insurance 12 × 350), 己子 (wage 12 × 300).
    # 戊 was hired in 2018 (granted 2019-01-10); 己's subsidy is revoked.
    ok(await grant(gql, ids["a_son"], "WAGE", monthlyAmount="400", months=6))
    ok(await grant(gql, ids["a_son"], "SOCIAL_INSURANCE", monthlyAmount="350", months=12))
    ok(await grant(gql, ids["l_son"], "WAGE", monthlyAmount="300", months=12))
    ok(
        await grant(
            gql,
            ids["e_head"],
            "NEW_JOB",
            amount="1000",
            hiredOn="2018-12-01",
            grantedOn="2019-01-10",
        )
    )
    gone = ok(await grant(gql, ids["l_head"], "EMPLOYMENT_REWARD", amount="2000"))
    await mutate(
        gql,
        "updateHiringSubsidy",
        "HiringSubsidyUpdateInput",
        FIELDS,
        {"id": gone["id"], "revokedOn": "2019-06-01", "revokeReason": "补贴追回"},
    )
    found = await metrics(
        gql,
        "450200",
        "2019-12-31",
        "employment_assistance.subsidised_hires",
        "employment_assistance.subsidy_paid",
    )
    hires = found["employment_assistance.subsidised_hires"]
    assert (
        hires["value"] == "2" and hires["target"] == "3000" and hires["leadDepartmentCode"] == "RSJ"
    )
    by_county = {b["regionCode"]: b["value"] for b in hires["breakdown"]}
    assert by_county["450225"] == "1" and by_county["450206"] == "1" and by_county["450226"] == "0"
    paid = found["employment_assistance.subsidy_paid"]
    assert paid["value"] == f"{2400 + 4200 + 3600 + 1000}.00" and paid["status"] == "NO_TARGET"
    split = await gql(
        """{ metric(key: "employment_assistance.subsidy_paid", asOf: "2019-12-31") {
             split(dimension: "kind") { category label value }
             records { totalCount nodes { node { ... on HiringSubsidy { kind amount } } } } } }"""
    )
    # Compared as numbers: PostgreSQL hands round sums back as 6.0E+5 fen.
    kinds = {s["category"]: Decimal(s["value"]) for s in split["metric"]["split"]}
    assert kinds["WAGE"] == 6000 and kinds["SOCIAL_INSURANCE"] == 4200 and kinds["NEW_JOB"] == 1000
    assert split["metric"]["records"]["totalCount"] == 4
    person = await gql(
        '{ personByIdNumber(idNumber: "%s") { subsidies { kind amount: total } } }' % ids["a_son"]
    )
    assert person["personByIdNumber"]["subsidies"] == [
        {"kind": "WAGE", "amount": "2400.00"},
        {"kind": "SOCIAL_INSURANCE", "amount": "4200.00"},
    ]
    listed = await gql(
        '{ hiringSubsidies(filter: {region: "450206"}) { totalCount nodes { person { name } revoked } } }'
    )
    assert listed["hiringSubsidies"] == {
        "totalCount": 2,
        "nodes": [
            {"person": {"name": "己子"}, "revoked": False},
            {"person": {"name": "己"}, "revoked": True},
        ],
    }


async def test_a_subsidy_stays_editable_after_the_person_changes(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    saved = ok(await grant(gql, ids["a_son"], "WAGE", monthlyAmount="400", months=12))
    await gql(
        'mutation { updatePerson(input: {idNumber: "%s", labourCapacity: LOST}) { __typename } }'
        % ids["a_son"]
    )
    shortened = await mutate(
        gql,
        "updateHiringSubsidy",
        "HiringSubsidyUpdateInput",
        FIELDS,
        {"id": saved["id"], "version": 1, "months": 5},
    )
    assert ok(shortened)["amount"] == "2000.00" and shortened["subsidy"]["version"] == 2
    refused = problems(await grant(gql, ids["a_son"], "NEW_JOB", amount="500"))
    assert refused["personId"][0] == "RULE_VIOLATED"
