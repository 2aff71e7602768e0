"""The core's metrics on hand-made data, through the GraphQL API, with drill-through."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.platform import Platform
from tests.conftest import GraphQLClient, StatementCounter
from tests.factories import TOWNSHIP_A, TOWNSHIP_B, add_job, four_households

RESULT = """key value base target targetSource expected status statusReason definitionVersion
            period { start end } breakdown { regionCode value base status }"""


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    return await four_households(platform)


async def metrics(
    gql: GraphQLClient, region: str, as_of: str, *keys: str
) -> dict[str, dict[str, Any]]:
    data = await gql(
        "query($r: String!, $d: Date!, $k: [String!]) { metrics(region: $r, asOf: $d, keys: $k) { %s } }"
        % RESULT,
        {"r": region, "d": as_of, "k": list(keys) or None},
    )
    return {m["key"]: m for m in data["metrics"]}


@pytest.mark.usefixtures("ids")
async def test_headline_on_the_deadline(gql: GraphQLClient) -> None:
    # On 2019-09-30: H-A works (son), H-B's job ended the day before, H-C has no labour, H-D works.
    found = await metrics(gql, "450200", "2019-09-30")
    labour = found["core.labor_households"]
    assert labour["value"] == "3" and labour["status"] == "NO_TARGET"
    headline = found["core.households_with_employment"]
    assert headline["value"] == "66.67" and headline["base"] == "3"
    assert headline["target"] == "100.00" and headline["targetSource"] == "RULE"
    assert headline["status"] == "BEHIND" and headline["expected"] == "100.00"
    assert headline["period"] == {"start": "2019-02-01", "end": "2019-09-30"}
    assert headline["definitionVersion"] == 1
    by_county = {b["regionCode"]: b for b in headline["breakdown"]}
    assert len(by_county) == 10
    assert by_county["450225"]["value"] == "50.00" and by_county["450225"]["base"] == "2"
    assert by_county["450226"]["value"] == "100.00" and by_county["450226"]["status"] == "MET"
    assert by_county["450222"]["value"] is None and by_county["450222"]["status"] == "NO_DATA"
    zero = found["core.zero_employment_households"]
    assert zero["value"] == "1" and zero["target"] == "0" and zero["status"] == "BEHIND"
    assert found["core.employed_workers"]["value"] == "2"


@pytest.mark.usefixtures("ids")
async def test_a_job_ending_the_day_before(gql: GraphQLClient) -> None:
    before = await metrics(
        gql,
        "450225",
        "2019-09-29",
        "core.households_with_employment",
        "core.zero_employment_households",
    )
    assert before["core.households_with_employment"]["value"] == "100.00"
    assert before["core.zero_employment_households"]["value"] == "0"
    assert before["core.households_with_employment"]["status"] == "MET"


@pytest.mark.usefixtures("ids")
async def test_midway_expected_from_the_baseline(gql: GraphQLClient) -> None:
    # 2019-02-01: H-B and H-D work, H-A's son starts in March → baseline 2/3 = 66.67 %.
    # 2019-06-30 is day 150 of 242; everyone works → 100 %, MET.
    found = await metrics(gql, "450200", "2019-06-30", "core.households_with_employment")
    assert found["core.households_with_employment"]["value"] == "100.00"
    assert found["core.households_with_employment"]["status"] == "MET"
    early = await metrics(gql, "450200", "2019-02-15", "core.households_with_employment")
    # 15 days in: expected 66.67 + 33.33 × 15/242 = 68.736 → 68.74; still 66.67 → BEHIND
    assert early["core.households_with_employment"]["expected"] == "68.74"
    assert early["core.households_with_employment"]["status"] == "BEHIND"


async def test_the_only_labourer_losing_capacity(gql: GraphQLClient, ids: dict[str, str]) -> None:
    await gql(
        'mutation { updatePerson(input: {idNumber: "%s", labourCapacity: LOST}) { __typename } }'
        % ids["b_head"]
    )
    found = await metrics(
        gql, "450200", "2019-09-30", "core.labor_households", "core.households_with_employment"
    )
    assert found["core.labor_households"]["value"] == "2"
    assert found["core.households_with_employment"]["value"] == "100.00"


@pytest.mark.usefixtures("ids")
async def test_township_breakdown_with_an_empty_base(gql: GraphQLClient) -> None:
    found = await metrics(gql, "450225", "2019-09-30", "core.households_with_employment")
    rows = {b["regionCode"]: b for b in found["core.households_with_employment"]["breakdown"]}
    assert rows[TOWNSHIP_A]["value"] == "50.00"
    assert rows[TOWNSHIP_B] == {
        "regionCode": TOWNSHIP_B,
        "value": None,
        "base": "0",
        "status": "NO_DATA",
    }


@pytest.mark.usefixtures("ids")
async def test_drill_through_matches_the_number(gql: GraphQLClient) -> None:
    data = await gql(
        """{ metric(key: "core.households_with_employment", asOf: "2019-09-30") {
             value base
             counted: records { totalCount nodes { key regionCode node { ... on Household { registryNumber } } } }
             missing: records(which: MISSING) { totalCount nodes { node { ... on Household { registryNumber } } } }
             all: records(which: ALL, first: 2) { totalCount pageInfo { hasNextPage } } } }"""
    )
    metric = data["metric"]
    assert metric["counted"]["totalCount"] == 2
    assert [n["node"]["registryNumber"] for n in metric["counted"]["nodes"]] == ["H-A", "H-D"]
    assert [n["node"]["registryNumber"] for n in metric["missing"]["nodes"]] == ["H-B"]
    assert metric["all"]["totalCount"] == int(metric["base"]) == 3
    assert metric["all"]["pageInfo"]["hasNextPage"] is True
    workers = await gql(
        """{ metric(key: "core.employed_workers", asOf: "2019-09-30") { value
             records { totalCount nodes { node { ... on Person { name } } } }
             byPlace: split(dimension: "place") { category label value } } }"""
    )
    worker = workers["metric"]
    assert int(worker["value"]) == worker["records"]["totalCount"] == 2
    assert {n["node"]["name"] for n in worker["records"]["nodes"]} == {"甲子", "丁"}
    places = {s["category"]: s["value"] for s in worker["byPlace"]}
    assert places == {"IN_COUNTY": "1", "IN_REGION": "0", "GUANGDONG": "1", "OTHER_PROVINCE": "0"}


@pytest.mark.usefixtures("ids")
async def test_target_records_splits_and_issues(gql: GraphQLClient) -> None:
    set_target = """mutation($i: SetTargetInput!) { setTarget(input: $i) {
        __typename ... on TargetSuccess { target { id value version } } ... on RecordError { problems { field code } } } }"""
    period = {"actionPeriod": True}
    city = await gql(
        set_target,
        {
            "i": {
                "metricKey": "core.employed_workers",
                "region": "450200",
                "period": period,
                "value": "10",
                "source": "测试",
            }
        },
    )
    assert city["setTarget"]["target"]["value"] == "10"
    for county, value in (("450225", "4"), ("450226", "5")):
        await gql(
            set_target,
            {
                "i": {
                    "metricKey": "core.employed_workers",
                    "region": county,
                    "period": period,
                    "value": value,
                    "source": "县区任务",
                }
            },
        )
    found = await gql(
        """{ metric(key: "core.employed_workers", asOf: "2019-09-30") { target childTargetsTotal targetSplitMatches
               breakdown { regionCode target targetSource } }
             targetSplitIssues { metricKey regionCode target partsTotal difference } }"""
    )
    metric = found["metric"]
    assert (
        metric["target"] == "10"
        and metric["childTargetsTotal"] == "9"
        and metric["targetSplitMatches"] is False
    )
    assert {b["regionCode"]: b["target"] for b in metric["breakdown"] if b["target"]} == {
        "450225": "4",
        "450226": "5",
    }
    assert found["targetSplitIssues"] == [
        {
            "metricKey": "core.employed_workers",
            "regionCode": "450200",
            "target": "10",
            "partsTotal": "9",
            "difference": "-1",
        }
    ]
    stale = await gql(
        set_target,
        {
            "i": {
                "metricKey": "core.employed_workers",
                "region": "450200",
                "period": period,
                "value": "9",
                "source": "测试",
                "version": 7,
            }
        },
    )
    assert stale["setTarget"]["problems"] == [{"field": "version", "code": "CONFLICT"}]
    bad = await gql(
        set_target,
        {
            "i": {
                "metricKey": "nope.x",
                "region": "4502",
                "period": period,
                "value": "-1",
                "source": " ",
            }
        },
    )
    assert {p["field"] for p in bad["setTarget"]["problems"]} == {
        "metricKey",
        "region",
        "value",
        "source",
    }
    removed = await gql(
        'mutation { deleteTarget(input: {id: "%s"}) { __typename } }'
        % city["setTarget"]["target"]["id"]
    )
    assert removed["deleteTarget"]["__typename"] == "TargetDeleted"


async def test_snapshot_stays_as_reported(gql: GraphQLClient, ids: dict[str, str]) -> None:
    taken = await gql(
        'mutation { createMetricSnapshot(input: {label: "2019年三季度", asOf: "2019-09-30"}) { __typename } }'
    )
    assert taken["createMetricSnapshot"]["__typename"] == "SnapshotSuccess"
    again = await gql(
        'mutation { createMetricSnapshot(input: {label: "2019年三季度", asOf: "2019-09-30"}) { ... on RecordError { code } } }'
    )
    assert again["createMetricSnapshot"]["code"] == "DUPLICATE"
    # Live data moves on: H-B's worker is recorded as working from 2019-09-30.
    await add_job(platform_of(gql), ids["b_head"], date(2019, 9, 30))
    live = await metrics(gql, "450200", "2019-09-30", "core.households_with_employment")
    assert live["core.households_with_employment"]["value"] == "100.00"
    frozen = await gql(
        """{ metrics(snapshot: "2019年三季度", keys: ["core.households_with_employment"]) {
             value status snapshot definitionVersion breakdown { regionCode value } } }"""
    )
    result = frozen["metrics"][0]
    assert (
        result["value"] == "66.67"
        and result["snapshot"] == "2019年三季度"
        and result["definitionVersion"] == 1
    )
    assert {b["regionCode"]: b["value"] for b in result["breakdown"]}["450225"] == "50.00"
    township = await gql(
        '{ metrics(snapshot: "2019年三季度", region: "450225101", keys: ["core.labor_households"]) { value } }'
    )
    assert township["metrics"][0]["value"] == "2"
    listed = await gql("{ metricSnapshots { label asOf } }")
    assert listed["metricSnapshots"] == [{"label": "2019年三季度", "asOf": "2019-09-30"}]


def platform_of(gql: GraphQLClient) -> Platform:
    app = gql.http._transport.app  # type: ignore[attr-defined]
    platform: Platform = app.state.platform
    return platform


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ('keys: ["core.nope"]', "没有指标 core.nope"),
        ('region: "12"', "没有区划 12，或不在您的范围内"),
        ("period: {year: 2019, actionPeriod: true}", "三者恰给一种"),
        ("period: {year: 2019, quarter: 5}", "季度应为 1 至 4"),
        ('snapshot: "nope"', "没有名为“nope”的快照"),
    ],
)
async def test_bad_arguments(gql: GraphQLClient, arguments: str, message: str) -> None:
    response = await gql.post("{ metrics(%s) { key } }" % arguments)
    assert message in response.json()["errors"][0]["message"]


async def test_definitions_are_listed(gql: GraphQLClient) -> None:
    data = await gql(
        "{ metricDefinitions { key unit clause actionLine leadDepartment { name } kind dimensions { name labels } } }"
    )
    keys = [d["key"] for d in data["metricDefinitions"]]
    assert keys[:4] == [
        "core.labor_households",
        "core.households_with_employment",
        "core.zero_employment_households",
        "core.employed_workers",
    ]
    headline = data["metricDefinitions"][1]
    assert headline["actionLine"] == "二" and headline["leadDepartment"] == {
        "name": "各县区人民政府"
    }


async def test_statements_do_not_grow_with_households(
    demo_gql: GraphQLClient, demo_sql_counter: StatementCounter
) -> None:
    keys = ["core.labor_households", "core.households_with_employment"]
    await demo_gql(
        '{ metrics(asOf: "2019-09-30", keys: %s) { value breakdown { value } } }'
        % str(keys).replace("'", '"')
    )
    # children (1) + targets (1) + one pass over the households for both metrics (1)
    assert demo_sql_counter.count == 3, demo_sql_counter.statements
    demo_sql_counter.reset()
    await demo_gql(
        '{ metrics(asOf: "2019-06-30", keys: %s) { value } }' % str(keys).replace("'", '"')
    )
    # midway through the period a metric with a target also reads its baseline (1 more pass)
    assert demo_sql_counter.count == 4
    demo_sql_counter.reset()
    # every core metric (named, so that plugins' metrics installed beside them do not count):
    # children, targets, the household pass, the worker pass
    core_keys = [
        "core.labor_households",
        "core.households_with_employment",
        "core.zero_employment_households",
        "core.employed_workers",
    ]
    await demo_gql(
        '{ metrics(asOf: "2019-09-30", keys: %s) { value breakdown { value } } }'
        % str(core_keys).replace("'", '"')
    )
    assert demo_sql_counter.count == 4
