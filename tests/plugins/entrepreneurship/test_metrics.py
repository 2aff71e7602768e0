"""The plugin's metrics on hand-made data, each answer worked out by hand, with drill-through.

Data (four_households: 甲, 甲子 in 融水 甲一村; 乙 in 融水 甲二村; 丙 in 融水 乙一村; 丁 in 三江 丙一村):

loans   L1 甲   国家      100,000.00  2019-03-01     enterprises  E1 丙 乙乡   2019-04-01  7 jobs, 3 poor
        L2 甲   农民工     50,000.50  2019-06-15                  E2 甲 甲一村 2019-02-01  5 jobs, 2 poor
        L3 甲子 农民工     30,000.25  2018-12-31                  E3 丁 丙一村 2018-06-01  9 jobs, 4 poor
        L4 甲子 农民工     40,000.00  2019-01-01                  E4 丁 丙一村 2019-09-30  3 jobs, 1 poor
        L5 丁   国家       80,000.00  2019-10-15
        L6 乙   农民工     20,000.00  2019-12-31
bases   B1 融安 admitted 2019-05-01, B2 融安 admitted 2019-07-01 (same area), B3 布央 admitted
        2019-10-10, B4 鹿寨 applied, B5 other area (融水) admitted 2019-03-01.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.factories import TOWNSHIP_A, TOWNSHIP_B, VILLAGE_A1, VILLAGE_C1
from tests.plugins.entrepreneurship.conftest import create_base, create_enterprise, create_loan

RESULT = (
    """key value target expected progress status breakdown { regionCode value target status }"""
)


@pytest.fixture
async def data(gql: GraphQLClient, ids: dict[str, str], plan_targets: None) -> None:
    for contract, who, programme, amount, day in (
        ("L1", "a_head", "NATIONAL", "100000.00", "2019-03-01"),
        ("L2", "a_head", "MIGRANT_WORKER", "50000.50", "2019-06-15"),
        ("L3", "a_son", "MIGRANT_WORKER", "30000.25", "2018-12-31"),
        ("L4", "a_son", "MIGRANT_WORKER", "40000.00", "2019-01-01"),
        ("L5", "d_head", "NATIONAL", "80000.00", "2019-10-15"),
        ("L6", "b_head", "MIGRANT_WORKER", "20000.00", "2019-12-31"),
    ):
        loan = await create_loan(
            gql, ids[who], contract, programme=programme, amount=amount, issuedOn=day
        )
        assert "id" in loan, loan
    for who, name, region, day, jobs, poor, kind in (
        ("c_head", "E1", TOWNSHIP_B, "2019-04-01", 7, 3, "COOPERATIVE"),
        ("a_head", "E2", VILLAGE_A1, "2019-02-01", 5, 2, "WORKSHOP"),
        ("d_head", "E3", VILLAGE_C1, "2018-06-01", 9, 4, "WORKSHOP"),
        ("d_head", "E4", VILLAGE_C1, "2019-09-30", 3, 1, "INDIVIDUAL_BUSINESS"),
    ):
        firm = await create_enterprise(
            gql,
            ids[who],
            name,
            regionCode=region,
            establishedOn=day,
            jobsCreated=jobs,
            poorJobs=poor,
            kind=kind,
        )
        assert "id" in firm, firm
    for name, area, region, status, day in (
        ("B1", "RONGAN", "450224", "ADMITTED", "2019-05-01"),
        ("B2", "RONGAN", "450224", "ADMITTED", "2019-07-01"),
        ("B3", "SANJIANG_BUYANG", "450226", "ADMITTED", "2019-10-10"),
        ("B4", "LUZHAI", "450223", "APPLIED", None),
        ("B5", "OTHER", "450225", "ADMITTED", "2019-03-01"),
    ):
        extra = {"areaName": "融水县"} if area == "OTHER" else {}
        base = await create_base(gql, name, area, region, status=status, admittedOn=day, **extra)
        assert "id" in base, base


async def metrics(gql: GraphQLClient, region: str, as_of: str) -> dict[str, dict[str, Any]]:
    data = await gql(
        'query($r: String!, $d: Date!) { metrics(region: $r, asOf: $d, keys: ["entrepreneurship.loan_amount", '
        '"entrepreneurship.entrepreneurs", "entrepreneurship.jobs_driven", '
        '"entrepreneurship.poor_labourers_employed", "entrepreneurship.incubation_bases_admitted"]) { %s } }'
        % RESULT,
        {"r": region, "d": as_of},
    )
    return {m["key"].split(".")[1]: m for m in data["metrics"]}


def by_region(result: dict[str, Any]) -> dict[str, Decimal]:
    """Non-zero values of the breakdown, as exact decimals."""
    return {
        b["regionCode"]: Decimal(b["value"]) for b in result["breakdown"] if Decimal(b["value"])
    }


@pytest.mark.usefixtures("data")
async def test_on_the_deadline(gql: GraphQLClient) -> None:
    found = await metrics(gql, "450200", "2019-09-30")
    # L1 + L2 + L4; L3 was issued in 2018, L5 and L6 after the date.
    amount = found["loan_amount"]
    assert Decimal(amount["value"]) == Decimal("190000.50") and amount["target"] == "200000000.00"
    assert by_region(amount) == {"450225": Decimal("190000.50")}
    # 2019-09-30 is day 273 of 365: expected 200,000,000 × 273 / 365.
    assert amount["expected"] == "149589041.10" and amount["status"] == "BEHIND"
    # Borrowers 甲, 甲子; owners 丙 (E1), 甲 (E2, counted once), 丁 (E4, on the day).
    people = found["entrepreneurs"]
    assert people["value"] == "4" and people["target"] == "2000"
    assert by_region(people) == {"450225": Decimal("3"), "450226": Decimal("1")}
    # E1 + E2 + E4; E3 started in 2018.
    assert found["jobs_driven"]["value"] == "15" and found["jobs_driven"]["target"] == "10000"
    assert by_region(found["jobs_driven"]) == {"450225": Decimal("12"), "450226": Decimal("3")}
    poor = found["poor_labourers_employed"]
    assert poor["value"] == "6" and poor["target"] is None and poor["status"] == "NO_TARGET"
    assert by_region(poor) == {"450225": Decimal("5"), "450226": Decimal("1")}
    # 融安 counts once for B1 and B2; B3 joined later; B5 is not one of the four areas.
    bases = found["incubation_bases_admitted"]
    assert bases["value"] == "1" and bases["target"] == "4" and bases["status"] == "BEHIND"
    assert by_region(bases) == {"450224": Decimal("1")}
    targets = {b["regionCode"]: b["target"] for b in bases["breakdown"] if b["target"]}
    assert targets == {"450223": "1", "450224": "1", "450226": "2"}


@pytest.mark.usefixtures("data")
async def test_at_the_end_of_the_year(gql: GraphQLClient) -> None:
    found = await metrics(gql, "450200", "2019-12-31")
    # Amounts read in 元 to the fen on every database (not 8E+4).
    assert {b["regionCode"]: b["value"] for b in found["loan_amount"]["breakdown"]}[
        "450226"
    ] == "80000.00"
    assert found["loan_amount"]["value"] == "290000.50"
    assert Decimal(found["loan_amount"]["value"]) == Decimal("290000.50")  # + L5 + L6
    assert by_region(found["loan_amount"]) == {
        "450225": Decimal("210000.50"),
        "450226": Decimal("80000.00"),
    }
    assert found["entrepreneurs"]["value"] == "5"  # + 乙 (丁 already counted)
    assert found["incubation_bases_admitted"]["value"] == "2"  # + 布央
    early = await metrics(gql, "450200", "2019-01-01")
    assert Decimal(early["loan_amount"]["value"]) == 40000  # L4 only
    assert early["incubation_bases_admitted"]["value"] == "0"


@pytest.mark.usefixtures("data")
async def test_township_breakdown(gql: GraphQLClient) -> None:
    found = await metrics(gql, "450225", "2019-09-30")
    assert by_region(found["entrepreneurs"]) == {TOWNSHIP_A: Decimal("2"), TOWNSHIP_B: Decimal("1")}
    assert by_region(found["jobs_driven"]) == {TOWNSHIP_A: Decimal("5"), TOWNSHIP_B: Decimal("7")}
    assert found["incubation_bases_admitted"]["breakdown"] == []  # reported down to counties


@pytest.mark.usefixtures("data")
async def test_drill_through_and_splits(gql: GraphQLClient) -> None:
    data = await gql(
        """{ amount: metric(key: "entrepreneurship.loan_amount", asOf: "2019-09-30") { value
               records { totalCount nodes { value node { ... on Loan { contractNumber amount } } } }
               split(dimension: "programme") { category value } }
             people: metric(key: "entrepreneurship.entrepreneurs", asOf: "2019-09-30") { value
               records { totalCount nodes { node { ... on Person { name } } } } }
             jobs: metric(key: "entrepreneurship.jobs_driven", asOf: "2019-09-30") {
               records { nodes { value node { ... on Enterprise { name } } } }
               split(dimension: "kind") { category value } }
             bases: metric(key: "entrepreneurship.incubation_bases_admitted", asOf: "2019-12-31") {
               records { totalCount nodes { node { ... on IncubationBase { name } } } } } }"""
    )
    amount = data["amount"]
    assert amount["records"]["totalCount"] == 3
    assert [n["node"]["contractNumber"] for n in amount["records"]["nodes"]] == ["L1", "L2", "L4"]
    assert {s["category"]: Decimal(s["value"]) for s in amount["split"]} == {
        "NATIONAL": Decimal("100000.00"),
        "MIGRANT_WORKER": Decimal("90000.50"),
        "SMALL_MICRO": 0,
    }
    people = data["people"]
    assert int(people["value"]) == people["records"]["totalCount"] == 4
    assert {n["node"]["name"] for n in people["records"]["nodes"]} == {"甲", "甲子", "丙", "丁"}
    jobs = data["jobs"]
    assert {n["node"]["name"]: n["value"] for n in jobs["records"]["nodes"]} == {
        "E1": "7",
        "E2": "5",
        "E4": "3",
    }
    kinds = {s["category"]: s["value"] for s in jobs["split"] if s["value"] != "0"}
    assert kinds == {"COOPERATIVE": "7", "WORKSHOP": "5", "INDIVIDUAL_BUSINESS": "3"}
    assert [n["node"]["name"] for n in data["bases"]["records"]["nodes"]] == ["B1", "B3"]
