"""Trained workers (三(二)1) and placement after training, on hand-made data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import update

from core.metrics.registry import collect_metrics, collect_target_defaults
from core.metrics.targets import seed_defaults
from core.platform import Platform
from plugins.training.enums import TrainingKind
from plugins.training.models import enrolment
from tests.conftest import GraphQLClient
from tests.factories import TOWNSHIP_A, add_job, four_households
from tests.plugins.training.builders import add_class, enrol

TRAINED = "training.trained_workers"
PLACEMENT = "training.placement_rate"
VOCATIONAL = TrainingKind.VOCATIONAL


async def metric(gql: GraphQLClient, key: str, as_of: str, extra: str = "") -> dict[str, Any]:
    data = await gql(
        """{ metric(key: "%s", asOf: "%s" %s) { value base target targetSource status statusReason
             breakdown { regionCode value base } } }"""
        % (key, as_of, extra)
    )
    result: dict[str, Any] = data["metric"]
    return result


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    return await four_households(platform)


async def seed_plan_targets(platform: Platform) -> None:
    """Write the plan's default targets, as `jiuye db upgrade` does."""
    defaults = collect_target_defaults(platform.plugins, collect_metrics(platform.plugins))
    async with platform.db.begin() as conn:
        await seed_defaults(conn, defaults)


async def test_a_person_trained_twice_counts_once(
    platform: Platform, gql: GraphQLClient, ids: dict[str, str]
) -> None:
    await seed_plan_targets(platform)
    welding = await add_class(platform, "450225", date(2019, 3, 1), kind=VOCATIONAL, days=9)
    leaders = await add_class(platform, "450225", date(2019, 6, 1), days=4)
    sanjiang = await add_class(platform, "450226", date(2019, 12, 20), kind=VOCATIONAL, days=11)
    await enrol(platform, welding, ids["a_head"], date(2019, 3, 10))
    await enrol(platform, leaders, ids["a_head"], date(2019, 6, 5))  # the same man again
    await enrol(platform, welding, ids["a_son"], date(2019, 3, 10))
    await enrol(platform, welding, ids["b_head"])  # did not complete
    await enrol(platform, sanjiang, ids["d_head"], date(2019, 12, 31))
    found = await metric(gql, TRAINED, "2019-12-31")
    assert found["value"] == "3"
    assert found["target"] == "3100" and found["targetSource"] == "RECORD"
    assert found["status"] == "BEHIND"
    by_county = {b["regionCode"]: b["value"] for b in found["breakdown"] if b["value"] != "0"}
    assert by_county == {"450225": "2", "450226": "1"}
    # a flow: only completions up to asOf count
    assert (await metric(gql, TRAINED, "2019-06-04"))["value"] == "2"
    # the year ends on 12-31: a completion then counts, one on 01-01 belongs to 2020
    async with platform.db.begin() as conn:
        await conn.execute(
            update(enrolment)
            .where(enrolment.c.completed_on == date(2019, 12, 31))
            .values(completed_on=date(2020, 1, 1))
        )
    assert (await metric(gql, TRAINED, "2020-06-30"))["value"] == "2"
    next_year = await metric(gql, TRAINED, "2020-06-30", ", period: {year: 2020}")
    assert next_year["value"] == "1" and next_year["status"] == "NO_TARGET"
    split = await gql(
        """{ metric(key: "%s", asOf: "2019-12-31") { split(dimension: "kind") { category value }
             records { totalCount nodes { node { ... on Person { name } } } } } }"""
        % TRAINED
    )
    kinds = {s["category"]: s["value"] for s in split["metric"]["split"]}
    assert kinds == {"VOCATIONAL": "2", "LEADER": "1"}
    records = split["metric"]["records"]
    assert records["totalCount"] == 2
    assert {n["node"]["name"] for n in records["nodes"]} == {"甲", "甲子"}


async def test_township_breakdown(
    platform: Platform, gql: GraphQLClient, ids: dict[str, str]
) -> None:
    course = await add_class(platform, "450225", date(2019, 3, 1), kind=VOCATIONAL)
    for label in ("a_head", "a_son", "b_head"):
        await enrol(platform, course, ids[label], date(2019, 3, 4))
    found = await metric(gql, TRAINED, "2019-12-31", ', region: "450225"')
    assert found["value"] == "3"
    assert {b["regionCode"]: b["value"] for b in found["breakdown"]}[TOWNSHIP_A] == "3"


@pytest.fixture
async def placements(platform: Platform, ids: dict[str, str]) -> dict[str, int]:
    """One class in 融水 ending 2019-05-10; everyone completes that day.

    甲  starts a job on 06-09, day 30 after completion → placed
    乙  already works (since 02-01) and starts another job on 06-10, day 31 → not placed
    甲子 works since 03-01 and starts nothing new → not placed
    One class in 三江 ending 2019-05-10: 丁 starts a job on 05-09, the day before → not placed
    甲子 also completes a work-leader class that day: leader classes are not 三(二)1 training
    and are left out of the placement rate.
    """
    course = await add_class(platform, "450225", date(2019, 5, 1), kind=VOCATIONAL, days=9)
    leaders = await add_class(platform, "450225", date(2019, 5, 1), days=9)
    await enrol(platform, leaders, ids["a_son"], date(2019, 5, 10))
    other = await add_class(platform, "450226", date(2019, 5, 1), kind=VOCATIONAL, days=9)
    done = date(2019, 5, 10)
    found = {
        label: await enrol(platform, course, ids[label], done)
        for label in ("a_head", "b_head", "a_son")
    }
    found["d_head"] = await enrol(platform, other, ids["d_head"], done)
    await add_job(platform, ids["a_head"], date(2019, 6, 9))
    await add_job(platform, ids["b_head"], date(2019, 6, 10), employer="另一家厂")
    await add_job(platform, ids["d_head"], date(2019, 5, 9), employer="新厂")
    return found


@pytest.mark.usefixtures("placements")
async def test_placement_day_30_inside_day_31_outside(gql: GraphQLClient) -> None:
    found = await metric(gql, PLACEMENT, "2019-12-31")
    assert found["value"] == "25.00" and found["base"] == "4"
    assert found["status"] == "NO_RULE" and "培训合格即上岗" in found["statusReason"]
    by_county = {b["regionCode"]: (b["value"], b["base"]) for b in found["breakdown"]}
    assert by_county["450225"] == ("33.33", "3")
    assert by_county["450226"] == ("0.00", "1")
    assert by_county["450222"] == (None, "0")
    drill = await gql(
        """{ metric(key: "%s", asOf: "2019-12-31") {
             placed: records { totalCount nodes { node { ... on Enrolment { person { name }
               placementDeadline placement { startDate } } } } }
             missing: records(which: MISSING) { totalCount nodes { node { ... on Enrolment { person { name } placement { id } } } } } } }"""
        % PLACEMENT
    )
    placed = drill["metric"]["placed"]
    assert placed["totalCount"] == 1
    assert placed["nodes"][0]["node"] == {
        "person": {"name": "甲"},
        "placementDeadline": "2019-06-09",
        "placement": {"startDate": "2019-06-09"},
    }
    missing = drill["metric"]["missing"]
    assert missing["totalCount"] == 3
    assert {n["node"]["person"]["name"] for n in missing["nodes"]} == {"乙", "甲子", "丁"}
    assert all(n["node"]["placement"] is None for n in missing["nodes"])


@pytest.mark.usefixtures("placements")
async def test_open_windows_wait(gql: GraphQLClient) -> None:
    # On 06-05 every window (to 06-09) is still open and nobody is placed yet: nothing judged.
    early = await metric(gql, PLACEMENT, "2019-06-05")
    assert early["value"] is None and early["base"] == "0"
    # On 06-09 the windows close at the end of the day; 甲 starts that day.
    last_day = await metric(gql, PLACEMENT, "2019-06-09")
    assert last_day["value"] == "25.00" and last_day["base"] == "4"


@pytest.mark.usefixtures("placements")
async def test_window_is_a_setting(
    gql: GraphQLClient, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIUYE_TRAINING_PLACEMENT_WINDOW_DAYS", "31")
    found = await metric(gql, PLACEMENT, "2019-12-31")
    assert found["value"] == "50.00"  # 乙's day-31 job now counts
    data = await gql(
        '{ enrolments(filter: {idNumber: "%s"}) { nodes { placementDeadline placement { startDate } } } }'
        % ids["b_head"]
    )
    assert data["enrolments"]["nodes"] == [
        {"placementDeadline": "2019-06-10", "placement": {"startDate": "2019-06-10"}}
    ]


async def test_placement_target_record_wins_over_the_rule(
    gql: GraphQLClient, placements: dict[str, int]
) -> None:
    set_target = await gql(
        """mutation { setTarget(input: {metricKey: "%s", region: "450200", period: {year: 2019},
             value: "80", source: "市人社局考核要求"}) { __typename } }"""
        % PLACEMENT
    )
    assert set_target["setTarget"]["__typename"] == "TargetSuccess"
    found = await metric(gql, PLACEMENT, "2019-12-31")
    assert found["target"] == "80.00" and found["targetSource"] == "RECORD"
    assert found["status"] == "BEHIND"


async def test_definitions(gql: GraphQLClient) -> None:
    data = await gql(
        "{ metricDefinitions { key unit clause leadDepartmentCode kind entityType levels } }"
    )
    found = {d["key"]: d for d in data["metricDefinitions"] if d["key"].startswith("training.")}
    assert found == {
        TRAINED: {
            "key": TRAINED,
            "unit": "人",
            "clause": "三(二)1",
            "leadDepartmentCode": "RSJ",
            "kind": "FLOW",
            "entityType": "Person",
            "levels": ["CITY", "COUNTY", "TOWNSHIP", "VILLAGE"],
        },
        "training.leader_class_compliance": {
            "key": "training.leader_class_compliance",
            "unit": "个",
            "clause": "三(二)2",
            "leadDepartmentCode": "RSJ",
            "kind": "STOCK",
            "entityType": "Region",
            "levels": ["CITY", "COUNTY"],
        },
        PLACEMENT: {
            "key": PLACEMENT,
            "unit": "%",
            "clause": "三(二)1",
            "leadDepartmentCode": "RSJ",
            "kind": "FLOW",
            "entityType": "Enrolment",
            "levels": ["CITY", "COUNTY", "TOWNSHIP", "VILLAGE"],
        },
    }
