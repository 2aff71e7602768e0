"""Job fairs and pushes (三(一)6) and the "五个一" events (三(一)1): rules and metrics."""

from __future__ import annotations

from typing import Any

import pytest

from core.platform import Platform
from tests.conftest import GraphQLClient
from tests.factories import TOWNSHIP_A, TOWNSHIP_B, VILLAGE_A1
from tests.plugins.employment_assistance.helpers import (
    assistance_households,
    metrics,
    mutate,
    problems,
)

FAIR = "... on JobFairSuccess { jobFair { id title level regionCode cancelled version region { name } } }"
PUSH = """... on JobPushSuccess { jobPush { id regionCode pushedOn postings channel households
  reachedHouseholds { registryNumber } } }"""
EVENT = "... on FiveEventSuccess { fiveEvent { id kind regionCode cancelled } }"
REACH = """mutation($i: JobPushHouseholdsInput!) { reachJobPushHouseholds(input: $i) { __typename
  ... on LinksSaved { count } ... on RecordError { problems { field code message } } } }"""


async def fair(
    gql: GraphQLClient, level: str, region: str, held: str = "2019-03-01", **more: Any
) -> dict[str, Any]:
    data = {
        "title": f"招聘会{held}",
        "level": level,
        "regionCode": region,
        "heldOn": held,
        "place": "广场",
        "employers": 30,
        "postings": 800,
        "attendees": 1200,
    } | more
    return await mutate(gql, "createJobFair", "JobFairCreateInput", FAIR, data)


async def reach(
    gql: GraphQLClient, push_id: str, households: list[str], every: bool = False
) -> dict[str, Any]:
    data = {"id": push_id, "households": households, "everyHousehold": every}
    result: dict[str, Any] = (await gql(REACH, {"i": data}))["reachJobPushHouseholds"]
    return result


async def push(
    gql: GraphQLClient, region: str, day: str, households: list[str], **more: Any
) -> dict[str, Any]:
    """A push, then the households it reached (a list, or every one with everyHousehold)."""
    every = more.pop("everyHousehold", False)
    data = {
        "regionCode": region,
        "pushedOn": day,
        "postings": 30,
        "channel": "WORK_TEAM",
        "title": f"{region}{day}{more.get('postings', 30)}",
    } | more
    created = await mutate(gql, "createJobPush", "JobPushCreateInput", PUSH, data)
    if created["__typename"] != "JobPushSuccess" or not (households or every):
        return created
    reached = await reach(gql, created["jobPush"]["id"], households, every)
    if reached["__typename"] != "LinksSaved":
        return reached
    return await mutate(
        gql, "updateJobPush", "JobPushUpdateInput", PUSH, {"id": created["jobPush"]["id"]}
    )


async def cancel(gql: GraphQLClient, kind: str, fields: str, key: str, reason: str) -> Any:
    data = {"id": key, "cancelled": True, "cancelReason": reason}
    return await mutate(gql, f"update{kind}", f"{kind}UpdateInput", fields, data)


async def event(
    gql: GraphQLClient, kind: str, region: str = "450200", held: str = "2019-02-10"
) -> dict[str, Any]:
    data = {
        "kind": kind,
        "title": f"活动{region}",
        "regionCode": region,
        "heldOn": held,
        "place": "体育馆",
        "attendance": 500,
    }
    return await mutate(gql, "createFiveEvent", "FiveEventCreateInput", EVENT, data)


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    return await assistance_households(platform)


async def test_fair_levels_and_counts(gql: GraphQLClient) -> None:
    city = await fair(gql, "CITY", "450200")
    assert city["jobFair"]["region"] == {"name": "柳州市"}
    wrong = problems(await fair(gql, "COUNTY", TOWNSHIP_A, held="2099-01-01", employers=-1))
    assert {"heldOn", "employers"} <= set(wrong)
    wrong = problems(await fair(gql, "COUNTY", TOWNSHIP_A))
    assert wrong["regionCode"][0] == "INVALID" and "县" in wrong["regionCode"][1]
    site = problems(await fair(gql, "SITE", TOWNSHIP_A))
    assert site["level"][0] == "INVALID" and "安置点" in site["level"][1]
    assert (await fair(gql, "TOWNSHIP", TOWNSHIP_A))["__typename"] == "JobFairSuccess"
    twice = problems(await fair(gql, "TOWNSHIP", TOWNSHIP_A))
    assert twice["title"][0] == "DUPLICATE"
    city_as_county = problems(await fair(gql, "COUNTY", "450200"))
    assert city_as_county["regionCode"][0] == "INVALID"


async def test_job_fair_rule_and_metric(gql: GraphQLClient) -> None:
    await fair(gql, "CITY", "450200", "2019-02-14")
    await fair(gql, "COUNTY", "450225", "2019-03-01")
    await fair(gql, "TOWNSHIP", TOWNSHIP_A, "2019-04-01")
    await fair(gql, "TOWNSHIP", TOWNSHIP_A, "2019-05-01")
    dropped = (await fair(gql, "TOWNSHIP", TOWNSHIP_A, "2019-06-01"))["jobFair"]
    reasonless = problems(await cancel(gql, "JobFair", FAIR, dropped["id"], ""))
    assert reasonless["cancelReason"][0] == "REQUIRED"
    cancelled = await cancel(gql, "JobFair", FAIR, dropped["id"], "暴雨，未举办")
    assert cancelled["jobFair"]["cancelled"] is True
    frozen = problems(
        await mutate(
            gql, "updateJobFair", "JobFairUpdateInput", FAIR, {"id": dropped["id"], "title": "x"}
        )
    )
    assert frozen["cancelled"][0] == "CONFLICT"
    found = await metrics(gql, "450200", "2019-12-31", "employment_assistance.job_fairs")
    fairs = found["employment_assistance.job_fairs"]
    # 2 at the city + 10 counties/districts × 2 + 1 key poor township (甲镇) × 3 = 25.
    assert fairs["value"] == "4" and fairs["target"] == "25" and fairs["targetSource"] == "RULE"
    by_county = {b["regionCode"]: b for b in fairs["breakdown"]}
    assert (by_county["450225"]["value"], by_county["450225"]["target"]) == ("3", "5")
    assert (by_county["450226"]["value"], by_county["450226"]["target"]) == ("0", "2")
    townships = await metrics(gql, "450225", "2019-12-31", "employment_assistance.job_fairs")
    rows = {b["regionCode"]: b for b in townships["employment_assistance.job_fairs"]["breakdown"]}
    assert (rows[TOWNSHIP_A]["value"], rows[TOWNSHIP_A]["target"]) == ("2", "3")
    assert (
        rows[TOWNSHIP_B]["status"] == "NO_RULE"
        and "重点贫困乡镇" in rows[TOWNSHIP_B]["statusReason"]
    )
    quarter = await metrics(
        gql,
        "450200",
        "2019-03-31",
        "employment_assistance.job_fairs",
        period={"year": 2019, "quarter": 1},
    )
    assert quarter["employment_assistance.job_fairs"]["status"] == "NO_RULE"
    assert quarter["employment_assistance.job_fairs"]["value"] == "2"


async def test_push_households_must_be_in_its_region(gql: GraphQLClient) -> None:
    assert problems(await push(gql, VILLAGE_A1, "2019-04-02", [], postings=-1))["postings"][0] == (
        "OUT_OF_RANGE"
    )
    created = (await push(gql, VILLAGE_A1, "2019-04-02", []))["jobPush"]
    found = await reach(gql, created["id"], ["H-A", "H-D", "H-X"])
    messages = [p["message"] for p in found["problems"]]
    assert any("H-X" in m for m in messages) and any("H-D" in m for m in messages)
    both = await reach(gql, created["id"], ["H-A"], every=True)
    assert both["problems"][0]["code"] == "INVALID"
    every = await push(gql, "450225", "2019-04-02", [], everyHousehold=True, channel="ONLINE")
    assert every["jobPush"]["households"] == 3
    assert [h["registryNumber"] for h in every["jobPush"]["reachedHouseholds"]] == [
        "H-A",
        "H-B",
        "H-C",
    ]
    assert (await reach(gql, created["id"], ["H-A", " H-A"]))["count"] == 1
    assert (await reach(gql, every["jobPush"]["id"], ["H-B"]))["count"] == 1
    changed = await mutate(
        gql,
        "updateJobPush",
        "JobPushUpdateInput",
        PUSH,
        {"id": every["jobPush"]["id"], "postings": 1500},
    )
    assert changed["jobPush"]["reachedHouseholds"] == [{"registryNumber": "H-B"}]
    assert (changed["jobPush"]["postings"], changed["jobPush"]["households"]) == (1500, 1)


@pytest.fixture(autouse=True)
async def households_ready(ids: dict[str, str]) -> None:
    """Every test here works on the hand-made households."""


async def test_households_not_reached_in_the_last_two_months(gql: GraphQLClient) -> None:
    # On 2019-09-30 the window is 2019-07-30 … 2019-09-30, both ends included.
    await push(gql, VILLAGE_A1, "2019-07-30", ["H-A"])
    await push(gql, "450225", "2019-07-29", ["H-B"])
    await push(gql, "450226", "2019-09-30", ["H-D", "H-E"])
    cancelled = (await push(gql, "450226", "2019-09-01", ["H-E"]))["jobPush"]
    assert (await cancel(gql, "JobPush", PUSH, cancelled["id"], "误录"))["jobPush"]
    assert (await reach(gql, cancelled["id"], ["H-E"]))["problems"][0]["code"] == "CONFLICT"
    await push(gql, "450206", "2019-10-01", ["H-L"])
    query = """query($r: String, $d: Date) { householdsNotReached(region: $r, asOf: $d) {
        totalCount nodes { registryNumber } } }"""
    data = await gql(query, {"r": None, "d": "2019-09-30"})
    # H-C has no labour capacity; H-D's push was cancelled but H-D got another one.
    assert [n["registryNumber"] for n in data["householdsNotReached"]["nodes"]] == ["H-B", "H-L"]
    later = await gql(query, {"r": "450225", "d": "2019-09-29"})
    # A day earlier the window starts on 2019-07-29, and H-B's push is inside it.
    assert later["householdsNotReached"] == {"totalCount": 0, "nodes": []}
    found = await metrics(
        gql, "450200", "2019-09-30", "employment_assistance.households_not_reached"
    )
    missed = found["employment_assistance.households_not_reached"]
    assert missed["value"] == "2" and missed["target"] == "0" and missed["targetSource"] == "RULE"
    by_county = {b["regionCode"]: b for b in missed["breakdown"]}
    assert by_county["450226"]["value"] == "0" and by_county["450226"]["status"] == "MET"
    assert by_county["450225"]["value"] == "1" and by_county["450206"]["value"] == "1"
    drill = await gql(
        """{ metric(key: "employment_assistance.households_not_reached", asOf: "2019-09-30") {
             records { totalCount nodes { node { ... on Household { registryNumber } } } } } }"""
    )
    assert [n["node"]["registryNumber"] for n in drill["metric"]["records"]["nodes"]] == [
        "H-B",
        "H-L",
    ]


async def test_postings_pushed_per_quarter(gql: GraphQLClient) -> None:
    await push(gql, "450225", "2019-06-30", [], postings=9_000, channel="ONLINE")
    await push(gql, "450225", "2019-07-01", [], postings=30_000, channel="ONLINE")
    await push(gql, VILLAGE_A1, "2019-08-15", ["H-A"], postings=25)
    third = await metrics(
        gql,
        "450200",
        "2019-09-30",
        "employment_assistance.postings_pushed",
        period={"year": 2019, "quarter": 3},
    )
    q3 = third["employment_assistance.postings_pushed"]
    assert q3["value"] == "30025" and q3["target"] == "50000" and q3["targetSource"] == "RECORD"
    assert q3["status"] == "BEHIND"
    counties = {b["regionCode"]: b for b in q3["breakdown"]}
    assert counties["450225"]["value"] == "30025" and counties["450225"]["status"] == "NO_TARGET"
    year = await metrics(gql, "450200", "2019-12-31", "employment_assistance.postings_pushed")
    whole = year["employment_assistance.postings_pushed"]
    assert (
        whole["value"] == "39025"
        and whole["target"] == "200000"
        and whole["targetSource"] == "RULE"
    )
    odd = await metrics(
        gql,
        "450200",
        "2019-09-30",
        "employment_assistance.postings_pushed",
        period={"start": "2019-07-15", "end": "2019-09-30"},
    )
    assert odd["employment_assistance.postings_pushed"]["status"] == "NO_RULE"


async def test_five_events(gql: GraphQLClient) -> None:
    for kind in ("JOB_FAIR", "GUIDANCE_TRAINING", "BASKETBALL"):
        assert (await event(gql, kind))["__typename"] == "FiveEventSuccess"
    await event(gql, "JOB_FAIR", "450225")
    await event(gql, "RETURNEE_FORUM", VILLAGE_A1)
    tour = (await event(gql, "PERFORMANCE_TOUR", "450226"))["fiveEvent"]
    assert (await cancel(gql, "FiveEvent", EVENT, tour["id"], "延期"))["fiveEvent"]["cancelled"]
    bad = problems(await event(gql, "BASKETBALL", "4502", "2099-01-01"))
    assert set(bad) == {"regionCode", "heldOn"}
    found = await metrics(gql, "450200", "2019-12-31", "employment_assistance.five_events")
    five = found["employment_assistance.five_events"]
    assert five["value"] == "4" and five["target"] == "5" and five["status"] == "BEHIND"
    by_county = {b["regionCode"]: b["value"] for b in five["breakdown"]}
    assert by_county["450225"] == "2" and by_county["450226"] == "0"
    coverage = await gql("{ fiveEventCoverage { kind events attendance held } }")
    held = {c["kind"]: c for c in coverage["fiveEventCoverage"]}
    assert held["JOB_FAIR"] == {"kind": "JOB_FAIR", "events": 2, "attendance": 1000, "held": True}
    assert held["PERFORMANCE_TOUR"]["held"] is False
    listed = await gql(
        '{ fiveEvents(filter: {region: "450225", dateFrom: "2019-02-10"}) { totalCount } }'
    )
    assert listed["fiveEvents"]["totalCount"] == 2
