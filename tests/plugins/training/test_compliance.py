"""Work-leader classes (三(二)2): the 30-trainee threshold, quarter boundaries, the urban
districts' yearly rule, the metric and the grid agreeing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.platform import Platform
from plugins.training.enums import TrainingKind
from tests.conftest import GraphQLClient
from tests.factories import four_households
from tests.plugins.training.builders import add_class, create_class, enrol

KEY = "training.leader_class_compliance"
RONGSHUI, SANJIANG, LIUCHENG, LIUJIANG = "450225", "450226", "450222", "450206"
LUZHAI, RONGAN = "450223", "450224"
CHENGZHONG, YUFENG, LIUNAN, LIUBEI = "450202", "450203", "450204", "450205"


@pytest.fixture
async def classes(platform: Platform) -> None:
    """Leader classes of 2019 (30 trainees unless said otherwise):

    融水  03-31, 04-01, 07-01, 12-31         → every quarter, on its boundaries
    三江  01-01 (29), 04-01 (35), 07-01, 10-01 → Q1 missed: 29 trainees do not count
    柳城  03-31                               → Q1 only (03-31 is not Q2)
    柳江  01-15, 04-15, 07-15, 2020-01-01     → Q4 missed (01-01 belongs to next year)
    鹿寨  none; 融安 vocational classes of 50 only
    城中  12-31; 鱼峰 06-01 (29); 柳南 none; 柳北 06-01 (29 others + 1 registered)
    """
    ids = await four_households(platform)
    leader = [
        (RONGSHUI, date(2019, 3, 31), 30),
        (RONGSHUI, date(2019, 4, 1), 30),
        (RONGSHUI, date(2019, 7, 1), 30),
        (RONGSHUI, date(2019, 12, 31), 30),
        (SANJIANG, date(2019, 1, 1), 29),
        (SANJIANG, date(2019, 4, 1), 35),
        (SANJIANG, date(2019, 7, 1), 30),
        (SANJIANG, date(2019, 10, 1), 30),
        (LIUCHENG, date(2019, 3, 31), 30),
        (LIUJIANG, date(2019, 1, 15), 30),
        (LIUJIANG, date(2019, 4, 15), 30),
        (LIUJIANG, date(2019, 7, 15), 30),
        (LIUJIANG, date(2020, 1, 1), 30),
        (CHENGZHONG, date(2019, 12, 31), 30),
        (YUFENG, date(2019, 6, 1), 29),
    ]
    async with platform.db.begin() as conn:
        for county, start, size in leader:
            await create_class(conn, county, start, other=size)
        for month in (2, 5, 8, 11):
            await create_class(
                conn, RONGAN, date(2019, month, 1), kind=TrainingKind.VOCATIONAL, other=50
            )
    liubei = await add_class(platform, LIUBEI, date(2019, 6, 1), other=29)
    await enrol(platform, liubei, ids["a_head"])


async def compliance(gql: GraphQLClient, as_of: str, period: str = "") -> dict[str, Any]:
    data = await gql(
        """{ metric(key: "%s", asOf: "%s" %s) { value target targetSource targetBasis status
             breakdown { regionCode value target status }
             records { totalCount nodes { node { ... on Region { shortName } } } } } }"""
        % (KEY, as_of, period)
    )
    return data["metric"]


def compliant(metric: dict[str, Any]) -> set[str]:
    return {b["regionCode"] for b in metric["breakdown"] if b["value"] == "1"}


@pytest.mark.usefixtures("classes")
async def test_year_end(gql: GraphQLClient) -> None:
    metric = await compliance(gql, "2019-12-31")
    assert compliant(metric) == {RONGSHUI, CHENGZHONG, LIUBEI}
    assert metric["value"] == "3" and metric["target"] == "10"
    assert metric["targetSource"] == "RULE" and "三(二)2" in metric["targetBasis"]
    assert metric["status"] == "BEHIND"
    by_county = {b["regionCode"]: b for b in metric["breakdown"]}
    assert by_county[RONGSHUI]["target"] == "1" and by_county[RONGSHUI]["status"] == "MET"
    assert by_county[SANJIANG]["status"] == "BEHIND"
    names = {n["node"]["shortName"] for n in metric["records"]["nodes"]}
    assert metric["records"]["totalCount"] == 3 and names == {"融水县", "城中区", "柳北区"}


@pytest.mark.usefixtures("classes")
async def test_quarter_boundaries(gql: GraphQLClient) -> None:
    # Nothing is due before the first quarter's last day.
    assert compliant(await compliance(gql, "2019-03-30")) == {
        RONGSHUI, SANJIANG, LIUCHENG, LIUJIANG, LUZHAI, RONGAN,
        CHENGZHONG, YUFENG, LIUNAN, LIUBEI,
    }  # fmt: skip
    # On 03-31 the first quarter is judged: 柳城's and 融水's 03-31 classes count for it.
    urban = {CHENGZHONG, YUFENG, LIUNAN, LIUBEI}
    assert compliant(await compliance(gql, "2019-03-31")) == {RONGSHUI, LIUCHENG, LIUJIANG} | urban
    # By the end of June 柳城 has missed the second quarter: its 03-31 class was in the first.
    assert compliant(await compliance(gql, "2019-06-30")) == {RONGSHUI, LIUJIANG} | urban


@pytest.mark.usefixtures("classes")
async def test_one_quarter_as_the_period(gql: GraphQLClient) -> None:
    metric = await compliance(gql, "2019-06-30", ", period: {year: 2019, quarter: 2}")
    # Only the second quarter is asked about: 三江's 29-trainee class in Q1 no longer matters.
    assert compliant(metric) == {RONGSHUI, SANJIANG, LIUJIANG, CHENGZHONG, YUFENG, LIUNAN, LIUBEI}


@pytest.mark.usefixtures("classes")
async def test_grid_at_year_end_agrees_with_the_metric(gql: GraphQLClient) -> None:
    data = await gql(
        """{ leaderClassCompliance(year: 2019, asOf: "2019-12-31") {
             regionCode urbanDistrict compliant region { shortName }
             quarters { quarter start end classesHeld qualifyingClasses trainees status met }
             year { classesHeld qualifyingClasses trainees status } } }"""
    )
    rows = {r["regionCode"]: r for r in data["leaderClassCompliance"]}
    assert len(rows) == 10
    metric = await compliance(gql, "2019-12-31")
    assert {c for c, r in rows.items() if r["compliant"]} == compliant(metric)

    def statuses(code: str) -> list[str]:
        return [q["status"] for q in rows[code]["quarters"]]

    assert statuses(RONGSHUI) == ["MET"] * 4
    assert statuses(LIUCHENG) == ["MET", "MISSED", "MISSED", "MISSED"]
    assert statuses(LIUJIANG) == ["MET", "MET", "MET", "MISSED"]
    sanjiang_q1 = rows[SANJIANG]["quarters"][0]
    assert sanjiang_q1 == {
        "quarter": 1,
        "start": "2019-01-01",
        "end": "2019-03-31",
        "classesHeld": 1,
        "qualifyingClasses": 0,
        "trainees": 29,
        "status": "MISSED",
        "met": False,
    }
    assert rows[SANJIANG]["year"] == {
        "classesHeld": 4,
        "qualifyingClasses": 3,
        "trainees": 124,
        "status": "MISSED",
    }
    assert rows[RONGAN]["year"]["classesHeld"] == 0  # vocational classes are not leader classes
    assert rows[LIUBEI]["urbanDistrict"] is True and statuses(LIUBEI) == ["NOT_REQUIRED"] * 4
    assert rows[LIUBEI]["year"] == {
        "classesHeld": 1,
        "qualifyingClasses": 1,
        "trainees": 30,
        "status": "MET",
    }
    assert rows[YUFENG]["year"]["status"] == "MISSED" and rows[YUFENG]["compliant"] is False
    assert rows[LIUNAN]["year"]["status"] == "MISSED"
    assert rows[RONGSHUI]["region"] == {"shortName": "融水县"}


@pytest.mark.usefixtures("classes")
async def test_grid_midway(gql: GraphQLClient) -> None:
    data = await gql(
        """{ leaderClassCompliance(asOf: "2019-05-01") {
             regionCode compliant quarters { status } year { status classesHeld } } }"""
    )
    rows = {r["regionCode"]: r for r in data["leaderClassCompliance"]}
    assert [q["status"] for q in rows[LUZHAI]["quarters"]] == [
        "MISSED",
        "PENDING",
        "NOT_STARTED",
        "NOT_STARTED",
    ]
    assert [q["status"] for q in rows[LIUCHENG]["quarters"]][:2] == ["MET", "PENDING"]
    assert [q["status"] for q in rows[SANJIANG]["quarters"]][:2] == ["MISSED", "MET"]
    # 柳北's class opens on 06-01: not held yet, the year still in progress
    assert rows[LIUBEI]["year"] == {"status": "PENDING", "classesHeld": 0}
    assert rows[LIUBEI]["compliant"] is True and rows[LUZHAI]["compliant"] is False
    before = await gql('{ leaderClassCompliance(asOf: "2018-12-31") { year { status } } }')
    assert {r["year"]["status"] for r in before["leaderClassCompliance"]} == {"NOT_STARTED"}


@pytest.mark.usefixtures("classes")
async def test_grid_for_one_county_and_bad_years(gql: GraphQLClient) -> None:
    data = await gql(
        '{ leaderClassCompliance(region: "450225", asOf: "2019-12-31") { regionCode compliant } }'
    )
    assert data["leaderClassCompliance"] == [{"regionCode": RONGSHUI, "compliant": True}]
    response = await gql.post("{ leaderClassCompliance(year: 1999) { regionCode } }")
    assert "must be between 2000 and 2100" in response.json()["errors"][0]["message"]


async def test_the_thirtieth_trainee(platform: Platform, gql: GraphQLClient) -> None:
    """29 trainees do not make a qualifying class; the 30th, registered or not, does."""
    ids = await four_households(platform)
    first = await add_class(platform, SANJIANG, date(2019, 2, 1), other=28)
    await enrol(platform, first, ids["d_head"])
    query = """{ metric(key: "%s", region: "450226", asOf: "2019-03-31") { value }
                 trainingClasses(filter: {region: "450226"}) { nodes { trainees qualifies } } }"""
    found = await gql(query % KEY)
    assert found["metric"]["value"] == "0"
    assert found["trainingClasses"]["nodes"] == [{"trainees": 29, "qualifies": False}]
    await enrol(platform, first, ids["a_head"])  # a 融水 person in a 三江 class
    found = await gql(query % KEY)
    assert found["metric"]["value"] == "1"
    assert found["trainingClasses"]["nodes"] == [{"trainees": 30, "qualifies": True}]


async def test_target_rule_at_each_level(platform: Platform, gql: GraphQLClient) -> None:
    found = await gql(
        """{ city: metric(key: "%s", asOf: "2019-12-31") { target value }
             county: metric(key: "%s", region: "450225", asOf: "2019-12-31") { target value status } }"""
        % (KEY, KEY)
    )
    assert found["city"] == {"target": "10", "value": "0"}
    assert found["county"] == {"target": "1", "value": "0", "status": "BEHIND"}
