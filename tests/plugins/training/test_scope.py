"""A caller limited to 三江县 (450226) sees and changes only what belongs there.

Reads are tried with the county token; writes with 三江's 人社局 acting for the department
that leads this plugin (county tokens change core records only, see test_security.py).

An enrolment belongs both to its class's county and to the trainee's home: the 三江 officer
sees enrolments in 三江 classes and enrolments of 三江 people in other counties' classes,
and nothing else; records behind them outside 三江 resolve to null.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from core.graphql.context import Caller
from core.graphql.node import to_global_id
from core.platform import Platform
from tests.conftest import GraphQLClient, client_for
from tests.factories import four_households
from tests.plugins.training.builders import add_class, enrol


@pytest.fixture
async def data(platform: Platform) -> dict[str, str]:
    ids = await four_households(platform)
    rongshui = await add_class(platform, "450225", date(2019, 4, 1), other=30)
    sanjiang = await add_class(platform, "450226", date(2019, 4, 2), other=30)
    found = {
        "rongshui": to_global_id("TrainingClass", rongshui),
        "sanjiang": to_global_id("TrainingClass", sanjiang),
        "son_in_rongshui": to_global_id(
            "Enrolment", await enrol(platform, rongshui, ids["a_son"], date(2019, 4, 4))
        ),
        "ding_in_rongshui": to_global_id(
            "Enrolment", await enrol(platform, rongshui, ids["d_head"], date(2019, 4, 4))
        ),
        "jia_in_sanjiang": to_global_id(
            "Enrolment", await enrol(platform, sanjiang, ids["a_head"], date(2019, 4, 5))
        ),
    }
    return {**ids, **found}


async def test_reads(county_gql: GraphQLClient, data: dict[str, str]) -> None:
    found = await county_gql(
        """{ trainingClasses { totalCount nodes { countyCode enrolledTrainees } }
             enrolments { totalCount nodes { id person { name } trainingClass { countyCode } } }
             city: region(code: "450200") { trainingClasses { countyCode } }
             grid: leaderClassCompliance(asOf: "2019-12-31") { regionCode }
             hidden: trainingClass(id: "%s") { id } }"""
        % data["rongshui"]
    )
    assert found["trainingClasses"] == {
        "totalCount": 1,
        "nodes": [{"countyCode": "450226", "enrolledTrainees": 1}],
    }
    enrolments = {n["id"]: n for n in found["enrolments"]["nodes"]}
    assert found["enrolments"]["totalCount"] == 2
    assert enrolments[data["ding_in_rongshui"]]["person"] == {"name": "丁"}
    assert enrolments[data["ding_in_rongshui"]]["trainingClass"] is None
    assert enrolments[data["jia_in_sanjiang"]]["person"] is None
    assert enrolments[data["jia_in_sanjiang"]]["trainingClass"] == {"countyCode": "450226"}
    assert found["city"]["trainingClasses"] == [{"countyCode": "450226"}]
    assert found["grid"] == [{"regionCode": "450226"}]
    assert found["hidden"] is None
    for hidden in (data["rongshui"], data["son_in_rongshui"]):
        assert (await county_gql('{ node(id: "%s") { id } }' % hidden)) == {"node": None}
    ding = await county_gql(
        '{ personByIdNumber(idNumber: "%s") { trainings { trainingClass { id } } } }'
        % data["d_head"]
    )
    assert ding["personByIdNumber"]["trainings"] == [{"trainingClass": None}]


async def test_metrics_inside(county_gql: GraphQLClient, data: dict[str, str]) -> None:
    found = await county_gql(
        """{ metric(key: "training.trained_workers", region: "450226", asOf: "2019-12-31") {
             value records { totalCount nodes { node { ... on Person { name } } } } } }"""
    )
    assert found["metric"]["value"] == "1"
    assert found["metric"]["records"]["nodes"] == [{"node": {"name": "丁"}}]


@pytest.fixture
async def sanjiang_rsj(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """三江县人社局 acting for the department RSJ, limited to 450226."""
    caller = Caller(name="三江县人社局", role="department", region="450226", department="RSJ")
    async for client in client_for(platform, caller):
        yield client


async def test_writes(sanjiang_rsj: GraphQLClient, data: dict[str, str]) -> None:
    county_gql = sanjiang_rsj

    def code(result: dict[str, dict[str, str]], field: str) -> str:
        return result[field]["code"]

    create = await county_gql(
        """mutation { createTrainingClass(input: {kind: LEADER, title: "外县", organiser: "某公司",
             organiserKind: CITY_GROUP, county: "450225", startDate: "2019-05-01", endDate: "2019-05-03"})
             { ... on RecordError { code } } }"""
    )
    assert code(create, "createTrainingClass") == "NOT_FOUND"
    update = await county_gql(
        'mutation { updateTrainingClass(input: {id: "%s", title: "x"}) { ... on RecordError { code } } }'
        % data["rongshui"]
    )
    assert code(update, "updateTrainingClass") == "NOT_FOUND"
    moved = await county_gql(
        'mutation { updateTrainingClass(input: {id: "%s", county: "450225"}) { ... on RecordError { code } } }'
        % data["sanjiang"]
    )
    assert code(moved, "updateTrainingClass") == "NOT_FOUND"
    delete = await county_gql(
        'mutation { deleteTrainingClass(input: {id: "%s"}) { ... on RecordError { code } } }'
        % data["rongshui"]
    )
    assert code(delete, "deleteTrainingClass") == "NOT_FOUND"
    into_rongshui = await county_gql(
        'mutation { enrol(input: {trainingClass: "%s", idNumber: "%s"}) { ... on RecordError { code } } }'
        % (data["rongshui"], data["d_head"])
    )
    assert code(into_rongshui, "enrol") == "NOT_FOUND"
    outsider = await county_gql(
        'mutation { enrol(input: {trainingClass: "%s", idNumber: "%s"}) { ... on RecordError { problems { field code } } } }'
        % (data["sanjiang"], data["a_son"])
    )
    assert outsider["enrol"]["problems"] == [{"field": "idNumber", "code": "NOT_FOUND"}]
    for mutation in ("updateEnrolment", "removeEnrolment"):
        result = await county_gql(
            'mutation { %s(input: {enrolmentId: "%s"}) { ... on RecordError { code } } }'
            % (mutation, data["son_in_rongshui"])
        )
        assert code(result, mutation) == "NOT_FOUND"
    # the 三江 officer may correct their own person's completion in the 融水 class
    own = await county_gql(
        'mutation { updateEnrolment(input: {enrolmentId: "%s", certificate: "LZ2019000009"}) { __typename } }'
        % data["ding_in_rongshui"]
    )
    assert own["updateEnrolment"]["__typename"] == "EnrolmentSuccess"
