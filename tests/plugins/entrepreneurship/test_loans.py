"""Loans through the API: every rule, the sequence rule, statuses, settings, exact money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.platform import Platform
from core.records.enums import Relation
from plugins.entrepreneurship import services
from plugins.entrepreneurship.enums import LoanProgramme
from plugins.entrepreneurship.settings import EntrepreneurshipSettings
from tests.conftest import GraphQLClient
from tests.factories import TODAY, VILLAGE_A1, add_household, member
from tests.plugins.entrepreneurship.conftest import (
    ERROR_FIELDS,
    LOAN_FIELDS,
    create_loan,
    problems,
)

STATUS = (
    "mutation($i: LoanStatusUpdateInput!) { updateLoanStatus(input: $i) { __typename "
    "... on LoanSuccess { loan { status version } } %s } }" % ERROR_FIELDS
)
UPDATE = (
    "mutation($i: LoanUpdateInput!) { updateLoan(input: $i) { __typename "
    "... on LoanSuccess { loan { %s } } %s } }" % (LOAN_FIELDS, ERROR_FIELDS)
)


async def count_loans(gql: GraphQLClient) -> int:
    return int((await gql("{ loans { totalCount } }"))["loans"]["totalCount"])


async def test_a_loan_is_recorded_and_read_back(gql: GraphQLClient, ids: dict[str, str]) -> None:
    loan = await create_loan(
        gql, ids["a_head"], "DB-2019-001", amount="12345.6", issuedOn="2019-01-31", termMonths=13
    )
    assert loan["amount"] == "12345.60" and loan["sequence"] == 1
    assert loan["dueOn"] == "2020-02-29"  # 13 months on, on a shorter month's last day
    assert loan["status"] == "ISSUED" and loan["borrower"] == {"name": "甲"}
    assert loan["enterprise"] is None and loan["version"] == 1
    found = await gql(
        '{ loan(contractNumber: "DB-2019-001") { id } personByIdNumber(idNumber: "%s") '
        "{ loans { contractNumber amount } } }" % ids["a_head"]
    )
    assert found["loan"]["id"] == loan["id"]
    assert found["personByIdNumber"]["loans"] == [
        {"contractNumber": "DB-2019-001", "amount": "12345.60"}
    ]
    node = await gql('{ node(id: "%s") { ... on Loan { contractNumber } } }' % loan["id"])
    assert node["node"] == {"contractNumber": "DB-2019-001"}


async def test_every_problem_at_once_and_nothing_written(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    result = await create_loan(
        gql,
        "450225197001010000",
        " ",
        amount="150000.01",
        bank="",
        issuedOn=date.today().replace(year=date.today().year + 1).isoformat(),
        termMonths=37,
    )
    assert result["code"] == "INVALID" or result["code"] == "REQUIRED"
    assert problems(result) == [
        ("contractNumber", "REQUIRED"),
        ("borrowerIdNumber", "NOT_FOUND"),
        ("amount", "OUT_OF_RANGE"),
        ("bank", "REQUIRED"),
        ("issuedOn", "INVALID"),
        ("termMonths", "OUT_OF_RANGE"),
    ]
    messages = {p["field"]: p["message"] for p in result["problems"]}
    assert "不能超过 150,000.00 元" in messages["amount"]
    assert "1 至 36 个月" in messages["termMonths"]
    assert await count_loans(gql) == 0


@pytest.mark.usefixtures("fresh_settings")
async def test_limits_come_from_the_environment(
    gql: GraphQLClient, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIUYE_ENTREPRENEURSHIP_NATIONAL_LOAN_LIMIT", "60000")
    monkeypatch.setenv("JIUYE_ENTREPRENEURSHIP_MAX_TERM_MONTHS", "24")
    over = await create_loan(gql, ids["a_head"], "L-1", amount="60000.01", termMonths=25)
    messages = [p["message"] for p in over["problems"]]
    assert "国家创业担保贷款单笔不能超过 60,000.00 元" in messages[0]
    assert "1 至 24 个月" in messages[1]
    ok = await create_loan(gql, ids["a_head"], "L-1", amount="60000", termMonths=24)
    assert ok["amount"] == "60000.00"


async def test_migrant_workers_may_borrow_three_times_not_four(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    borrower = ids["a_son"]
    for n, day in enumerate(("2017-03-01", "2018-04-01", "2019-05-01"), start=1):
        loan = await create_loan(gql, borrower, f"MW-{n}", programme="MIGRANT_WORKER", issuedOn=day)
        assert loan["sequence"] == n
    fourth = await create_loan(
        gql, borrower, "MW-4", programme="MIGRANT_WORKER", issuedOn="2019-08-01"
    )
    assert problems(fourth) == [("programme", "RULE_VIOLATED")]
    assert "农民工创业担保贷款每人最多 3 次（首次、二次、三次）" in fourth["message"]
    assert "第 4 次不予登记" in fourth["message"]
    assert await count_loans(gql) == 3
    # Another programme is a separate count.
    national = await create_loan(gql, borrower, "N-1", programme="NATIONAL")
    assert national["sequence"] == 1


@pytest.mark.parametrize("programme", ["NATIONAL", "SMALL_MICRO"])
async def test_other_programmes_allow_one_loan(
    gql: GraphQLClient, ids: dict[str, str], platform: Platform, programme: str
) -> None:
    # The first loan goes in through the service (a small/micro loan needs an enterprise;
    # its own rules are tested with the enterprises).
    async with platform.db.begin() as conn:
        await services.create_loan(
            conn,
            services.LoanData(
                "FIRST",
                ids["d_head"],
                LoanProgramme.NATIONAL,
                "1000",
                "柳州银行",
                date(2019, 1, 5),
                12,
            ),
            today=TODAY,
            settings=EntrepreneurshipSettings(),
        )
        if programme == "SMALL_MICRO":
            await conn.execute(
                services.loans.update(services.loans.loan).values(programme="SMALL_MICRO")
            )
    second = await create_loan(gql, ids["d_head"], "SECOND", programme=programme)
    assert ("programme", "RULE_VIOLATED") in problems(second)
    message = next(p["message"] for p in second["problems"] if p["field"] == "programme")
    assert "每人只能贷一次" in message and "只有农民工创业担保贷款可申请二次、三次贷款" in message


async def test_the_sequence_follows_the_issue_dates(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    later = await create_loan(
        gql, ids["b_head"], "B-2", programme="MIGRANT_WORKER", issuedOn="2019-05-01"
    )
    earlier = await create_loan(
        gql, ids["b_head"], "B-1", programme="MIGRANT_WORKER", issuedOn="2018-01-10"
    )
    assert earlier["sequence"] == 1
    seq = await gql('{ loan(contractNumber: "B-2") { sequence } }')
    assert seq["loan"]["sequence"] == 2 and later["sequence"] == 1  # as it was when created
    moved = await gql(UPDATE, {"i": {"loanId": later["id"], "issuedOn": "2017-12-31"}})
    assert moved["updateLoan"]["loan"]["sequence"] == 1
    assert (await gql('{ loan(contractNumber: "B-1") { sequence } }'))["loan"]["sequence"] == 2


async def test_contract_numbers_are_unique(gql: GraphQLClient, ids: dict[str, str]) -> None:
    await create_loan(gql, ids["a_head"], "SAME")
    again = await create_loan(gql, ids["d_head"], " SAME ")
    assert problems(again) == [("contractNumber", "DUPLICATE")]


async def test_status_changes(gql: GraphQLClient, ids: dict[str, str]) -> None:
    loan = await create_loan(gql, ids["a_head"], "S-1")

    async def move(status: str, version: int | None = None) -> dict[str, object]:
        i = {"loanId": loan["id"], "status": status, "version": version}
        return dict((await gql(STATUS, {"i": i}))["updateLoanStatus"])

    assert (await move("OVERDUE"))["loan"] == {"status": "OVERDUE", "version": 2}
    assert (await move("ISSUED", 2))["loan"] == {"status": "ISSUED", "version": 3}
    stale = await move("REPAID", 2)
    assert stale["code"] == "CONFLICT" and "第 2 版，现在是第 3 版" in str(stale["message"])
    assert (await move("REPAID", 3))["loan"] == {"status": "REPAID", "version": 4}
    closed = await move("OVERDUE")
    assert closed["code"] == "CONFLICT"
    assert closed["message"] == "贷款现为“已还清”，不能改为“逾期”；可改为：无（已结清）"
    same = await move("REPAID")
    assert same["loan"] == {"status": "REPAID", "version": 4}  # nothing to change


async def test_corrections(gql: GraphQLClient, ids: dict[str, str]) -> None:
    loan = await create_loan(gql, ids["a_head"], "C-1", programme="MIGRANT_WORKER")
    fixed = await gql(
        UPDATE, {"i": {"loanId": loan["id"], "amount": "70000.05", "bank": "桂林银行柳州分行"}}
    )
    assert fixed["updateLoan"]["loan"]["amount"] == "70000.05"
    assert fixed["updateLoan"]["loan"]["bank"] == "桂林银行柳州分行"
    over = await gql(UPDATE, {"i": {"loanId": loan["id"], "amount": "150000.01"}})
    assert "农民工创业担保贷款单笔不能超过 150,000.00 元" in over["updateLoan"]["message"]
    cleared = await gql(UPDATE, {"i": {"loanId": loan["id"], "bank": None}})
    assert problems(cleared["updateLoan"]) == [("bank", "REQUIRED")]
    wrong_id = await gql(UPDATE, {"i": {"loanId": ids["a_head"], "bank": "x"}})
    assert problems(wrong_id["updateLoan"]) == [("loanId", "INVALID")]


async def test_money_is_exact_over_many_loans(
    gql: GraphQLClient, platform: Platform, ids: dict[str, str]
) -> None:
    # 100 borrowers in one household, three migrant-worker loans each: 300 amounts whose
    # float sum drifts, while the fen sum does not.
    members = [member("户主", date(1970, 1, 1), 101)] + [
        member(f"成员{n}", date(1971, 1, 1), 101 + 2 * n, Relation.OTHER) for n in range(1, 100)
    ]
    await add_household(platform, "MANY", VILLAGE_A1, members)
    numbers = [m.id_number for m in members]
    amounts = [Decimal("33333.33") + Decimal(n % 7) / 100 for n in range(300)]
    settings = EntrepreneurshipSettings()
    async with platform.db.begin() as conn:
        for n, amount in enumerate(amounts):
            await services.create_loan(
                conn,
                services.LoanData(
                    f"M-{n:03d}",
                    numbers[n % 100],
                    LoanProgramme.MIGRANT_WORKER,
                    amount,
                    "柳州银行",
                    date(2019, 1, 1 + n // 100),
                    24,
                ),
                today=TODAY,
                settings=settings,
            )
    exact = sum(amounts, Decimal(0))
    assert exact == Decimal("10000007.97")
    floating = 0.0
    for amount in amounts:
        floating += float(amount)
    assert Decimal(repr(floating)) != exact  # a float total would be off
    found = await gql(
        '{ metric(key: "entrepreneurship.loan_amount", asOf: "2019-12-31") { value '
        'byProgramme: split(dimension: "programme") { category value } } loans { totalCount } }'
    )
    assert found["loans"]["totalCount"] == 300
    assert Decimal(found["metric"]["value"]) == exact
    assert found["metric"]["value"] == str(exact)
    split = {s["category"]: s["value"] for s in found["metric"]["byProgramme"]}
    assert Decimal(split["MIGRANT_WORKER"]) == exact
