"""Demo classes and enrolments: deterministic, consistent with the demo households, and with
something for the board to show (a missed quarter, a short class, placements)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from core.platform import Platform
from core.records.models import household, person
from core.records.sql import CAPABLE_CODES
from plugins.training.compliance import QUALIFYING_TRAINEES
from plugins.training.demo import County, generate, quotas
from plugins.training.models import enrolment, training_class
from plugins.training.sql import class_size
from tests.conftest import GraphQLClient

COUNTIES = [
    County("450202", "城中区", True, [1, 2], []),
    County("450203", "鱼峰区", True, [], []),
    County("450225", "融水县", False, list(range(10, 400)), [(date(2019, 5, 1), 12)]),
    County("450226", "三江县", False, list(range(400, 700)), []),
]


def test_same_seed_same_rows() -> None:
    assert generate(2019, COUNTIES) == generate(2019, COUNTIES)
    assert generate(2019, COUNTIES) != generate(2020, COUNTIES)


def test_county_quotas_add_up_to_the_plan() -> None:
    found = quotas(COUNTIES, 3100)
    assert sum(found.values()) == 3100 and "450203" not in found
    assert found["450225"] > found["450226"] > found["450202"] > 0


def test_generated_rows_keep_the_rules() -> None:
    data = generate(7, COUNTIES)
    for row in data.classes:
        assert row["start_date"] <= row["end_date"] and row["start_date"].year == 2019
        assert row["subsidy_fen"] > 0 and row["other_trainees"] >= 0
    seen = Counter((e["class_index"], e["person_id"]) for e in data.enrolments)
    assert max(seen.values()) == 1  # nobody twice in one class
    for e in data.enrolments:
        course = data.classes[e["class_index"]]
        people = next(c.people for c in COUNTIES if c.code == course["county_code"])
        assert e["person_id"] in people
        if e["completed_on"] is not None:
            assert e["completed_on"] >= course["end_date"]
        else:
            assert e["certificate"] is None


async def test_written_demo(demo_platform: Platform, demo_gql: GraphQLClient) -> None:
    async with demo_platform.db.connect() as conn:
        classes = (
            await conn.execute(
                select(
                    training_class.c.county_code,
                    training_class.c.kind,
                    training_class.c.start_date,
                    class_size().label("size"),
                )
            )
        ).all()
        trainees = (
            await conn.execute(
                select(
                    person.c.labour_capacity,
                    household.c.village_code,
                    training_class.c.county_code,
                )
                .select_from(enrolment)
                .join(person, person.c.id == enrolment.c.person_id)
                .join(household, household.c.id == person.c.household_id)
                .join(training_class, training_class.c.id == enrolment.c.class_id)
            )
        ).all()
        twice = (
            await conn.execute(
                select(func.count()).select_from(
                    select(enrolment.c.person_id)
                    .group_by(enrolment.c.person_id)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
        ).scalar_one()
    leader = [c for c in classes if c.kind == "LEADER"]
    assert {c.kind for c in classes} == {"LEADER", "VOCATIONAL"}
    assert any(c.size < QUALIFYING_TRAINEES for c in leader)  # a class falls short
    assert len(trainees) > 100 and twice > 0
    for capacity, village, county in trainees:
        assert capacity in CAPABLE_CODES and village.startswith(county)
    board = await demo_gql(
        """{ metrics(asOf: "2019-12-31", keys: ["training.trained_workers",
               "training.leader_class_compliance", "training.placement_rate"]) {
               key value base target targetSplitMatches }
             leaderClassCompliance(asOf: "2019-12-31") { compliant quarters { status } } }"""
    )
    values = {m["key"]: m for m in board["metrics"]}
    trained = values["training.trained_workers"]
    assert 0 < int(trained["value"]) < 3100
    assert trained["target"] == "3100" and trained["targetSplitMatches"] is True
    assert 0 < int(values["training.leader_class_compliance"]["value"]) < 10
    placement = values["training.placement_rate"]
    assert 0 < float(placement["value"]) < 100 and int(placement["base"]) > 10
    rows = board["leaderClassCompliance"]
    assert any(q["status"] == "MISSED" for r in rows for q in r["quarters"])  # a missed quarter
    assert any(r["compliant"] for r in rows) and not all(r["compliant"] for r in rows)
