"""Demo data: every rule holds, the city part-way to its targets at any size, deterministic."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import select

from core.platform import Platform
from core.records.demo import COUNTIES
from plugins.entrepreneurship.demo import PLAN_HOUSEHOLDS, PLAN_TARGETS, build, split
from plugins.entrepreneurship.demo_rows import Candidate, Pools, read_pools
from plugins.entrepreneurship.enums import (
    MAX_SEQUENCE,
    SMALL_MICRO_KINDS,
    EnterpriseKind,
    LoanProgramme,
)
from plugins.entrepreneurship.models import enterprise, enterprise_worker, loan
from plugins.entrepreneurship.settings import EntrepreneurshipSettings
from plugins.entrepreneurship.validation import check_registration_number
from tests.conftest import GraphQLClient

KEYS = ("loan_amount", "entrepreneurs", "jobs_driven")


async def test_the_city_stands_part_way_with_counties_ahead_and_behind(
    demo_gql: GraphQLClient,
) -> None:
    data = await demo_gql(
        '{ metrics(asOf: "2019-09-30", keys: ["entrepreneurship.loan_amount", "entrepreneurship.entrepreneurs", '
        '"entrepreneurship.jobs_driven", "entrepreneurship.incubation_bases_admitted"]) '
        "{ key value target targetSource breakdown { regionCode value target status } } "
        'targetSplitIssues(metricKeys: ["entrepreneurship.loan_amount", "entrepreneurship.entrepreneurs", '
        '"entrepreneurship.jobs_driven", "entrepreneurship.incubation_bases_admitted"]) { regionCode } }'
    )
    found = {m["key"].split(".")[1]: m for m in data["metrics"]}
    for key in KEYS:
        result = found[key]
        # 300 households: the plan's figure × 300 / 100,000
        assert Decimal(result["target"]) == max(
            1, round(PLAN_TARGETS[f"entrepreneurship.{key}"] * Decimal("0.003"))
        )
        assert result["targetSource"] == "RECORD"
        assert (
            Decimal("0.6")
            <= Decimal(result["value"]) / Decimal(result["target"])
            <= Decimal("0.85")
        ), result
    statuses = {b["status"] for b in found["loan_amount"]["breakdown"] if Decimal(b["target"] or 0)}
    assert "BEHIND" in statuses and statuses & {"ON_TRACK", "MET"}
    bases = found["incubation_bases_admitted"]
    assert (bases["value"], bases["target"]) == ("3", "4")
    assert data["targetSplitIssues"] == []


async def test_every_rule_holds(demo_platform: Platform) -> None:
    settings = EntrepreneurshipSettings.model_construct()
    async with demo_platform.db.connect() as conn:
        loans = (await conn.execute(select(loan).order_by(loan.c.issued_on, loan.c.id))).all()
        firms = {r.id: r for r in (await conn.execute(select(enterprise))).all()}
        links = (await conn.execute(select(enterprise_worker))).all()
    assert loans and firms and links
    sequences: dict[tuple[int, str], list[int]] = defaultdict(list)
    for row in loans:
        programme = LoanProgramme(row.programme)
        assert 0 < row.amount_fen <= settings.loan_limit_fen(programme)
        assert 1 <= row.term_months <= settings.max_term_months
        sequences[(row.borrower_id, row.programme)].append(row.sequence)
        if row.enterprise_id is not None:
            assert firms[row.enterprise_id].owner_id == row.borrower_id
        if programme is LoanProgramme.SMALL_MICRO:
            firm = firms[row.enterprise_id]
            assert EnterpriseKind(firm.kind) in SMALL_MICRO_KINDS and firm.registration_number
    for (_, programme), found in sequences.items():
        assert found == list(range(1, len(found) + 1))
        assert len(found) <= MAX_SEQUENCE[LoanProgramme(programme)]
    linked: dict[int, int] = defaultdict(int)
    for link in links:
        linked[link.enterprise_id] += 1
    for firm in firms.values():
        assert linked[firm.id] <= firm.poor_jobs <= firm.jobs_created
        if firm.registration_number is not None:
            assert check_registration_number(firm.registration_number) == firm.registration_number


async def test_the_same_seed_gives_the_same_rows(demo_platform: Platform) -> None:
    async with demo_platform.db.connect() as conn:
        pools = await read_pools(conn)
    ids = {"base": 1, "enterprise": 1, "loan": 1}
    assert build(2019, pools, dict(ids)) == build(2019, pools, dict(ids))
    assert build(2019, pools, dict(ids)).loans != build(2020, pools, dict(ids)).loans


def synthetic(households: int) -> Pools:
    """Pools shaped like the core's demo at any size, without a database."""
    shares = split(households, {code: weight for code, (_, weight, _) in COUNTIES.items()})
    candidates: dict[str, list[Candidate]] = {}
    workers: dict[str, list[tuple[int, int]]] = {}
    next_id = 1
    for county, count in shares.items():
        people = []
        for n in range(count):
            village = f"{county}101{201 + n % 9:03d}"
            people.append(Candidate(next_id, f"人{next_id}", village, n % 10 == 0))
            next_id += 1
        candidates[county] = people
        workers[county] = [(p.id, p.id + 1) for p in people[::3]]
    return Pools(shares, candidates, workers, {})


@pytest.mark.parametrize("households", [300, 2_000, 100_000])
@pytest.mark.parametrize("seed", [1, 2019])
def test_part_way_at_any_size(households: int, seed: int) -> None:
    rows = build(seed, synthetic(households), {"base": 1, "enterprise": 1, "loan": 1})
    scale = Decimal(households) / PLAN_HOUSEHOLDS
    this_year = [r for r in rows.loans if r["issued_on"].year == 2019]
    amount = Decimal(sum(r["amount_fen"] for r in this_year)) / 100
    people = {r["borrower_id"] for r in this_year} | {
        e["owner_id"] for e in rows.enterprises if e["established_on"].year == 2019
    }
    jobs = sum(e["jobs_created"] for e in rows.enterprises if e["established_on"].year == 2019)
    for key, value in (
        ("loan_amount", amount),
        ("entrepreneurs", len(people)),
        ("jobs_driven", jobs),
    ):
        target = rows.targets[f"entrepreneurship.{key}"]["450200"]
        assert target == max(1, round(PLAN_TARGETS[f"entrepreneurship.{key}"] * scale))
        assert (
            sum(
                v for code, v in rows.targets[f"entrepreneurship.{key}"].items() if code != "450200"
            )
            == target
        )
        assert Decimal("0.6") <= value / target <= Decimal("0.85"), (key, value, target)
