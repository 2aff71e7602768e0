"""Mutations through the real app: what is saved, and every expected error at once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.graphql.node import to_global_id
from core.platform import Platform
from tests.conftest import GraphQLClient
from tests.factories import four_households
from tests.plugins.training.builders import add_class, enrol

CREATE = """mutation($i: TrainingClassCreateInput!) { createTrainingClass(input: $i) {
    __typename
    ... on TrainingClassSuccess { trainingClass { id kind title organiserKind countyCode county { shortName }
        startDate endDate subsidy otherTrainees trainees qualifies quarter version } }
    ... on RecordError { code message problems { field code message } } } }"""
UPDATE = """mutation($i: TrainingClassUpdateInput!) { updateTrainingClass(input: $i) {
    __typename
    ... on TrainingClassSuccess { trainingClass { title endDate subsidy trade version } }
    ... on RecordError { code problems { field code message } } } }"""
ENROL = """mutation($i: EnrolmentCreateInput!) { enrol(input: $i) {
    __typename
    ... on EnrolmentSuccess { enrolment { id completed completedOn certificate version
        person { name } trainingClass { title trainees } } }
    ... on RecordError { code problems { field code message } } } }"""
UPDATE_ENROLMENT = """mutation($i: EnrolmentUpdateInput!) { updateEnrolment(input: $i) {
    __typename
    ... on EnrolmentSuccess { enrolment { completed completedOn certificate version } }
    ... on RecordError { code problems { field code message } } } }"""

GOOD = {
    "kind": "LEADER",
    "title": "融水县2019年第二季度务工带头人培训班",
    "organiser": "柳州东城投资开发集团有限公司",
    "organiserKind": "CITY_GROUP",
    "county": "450225000000",
    "startDate": "2019-04-08",
    "endDate": "2019-04-12",
    "subsidy": "24000.00",
    "otherTrainees": 30,
}


def problems(result: dict[str, Any]) -> dict[str, str]:
    return {p["field"]: p["code"] for p in result["problems"]}


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    return await four_households(platform)


@pytest.mark.usefixtures("ids")
async def test_create_and_update_a_class(gql: GraphQLClient) -> None:
    created = (await gql(CREATE, {"i": GOOD}))["createTrainingClass"]
    assert created["__typename"] == "TrainingClassSuccess"
    saved = created["trainingClass"]
    assert saved["countyCode"] == "450225" and saved["county"] == {"shortName": "融水县"}
    assert saved["subsidy"] == "24000.00" and saved["trainees"] == 30
    assert saved["qualifies"] is True and saved["quarter"] == 2 and saved["version"] == 1
    changed = await gql(
        UPDATE,
        {
            "i": {
                "id": saved["id"],
                "version": 1,
                "title": "改名",
                "trade": "务工带头人",
                "subsidy": None,
            }
        },
    )
    assert changed["updateTrainingClass"]["trainingClass"] == {
        "title": "改名",
        "endDate": "2019-04-12",
        "subsidy": "0.00",
        "trade": "务工带头人",
        "version": 2,
    }
    stale = await gql(UPDATE, {"i": {"id": saved["id"], "version": 1, "title": "再改"}})
    assert problems(stale["updateTrainingClass"]) == {"version": "CONFLICT"}
    cleared = await gql(UPDATE, {"i": {"id": saved["id"], "title": None, "county": None}})
    assert problems(cleared["updateTrainingClass"]) == {"title": "REQUIRED", "county": "REQUIRED"}
    twin = (await gql(CREATE, {"i": {**GOOD, "title": "改名"}}))["createTrainingClass"]
    assert problems(twin) == {"title": "DUPLICATE"} and "同一天开班" in twin["message"]
    other = (await gql(CREATE, {"i": GOOD}))["createTrainingClass"]["trainingClass"]
    clash = await gql(UPDATE, {"i": {"id": other["id"], "title": "改名"}})
    assert problems(clash["updateTrainingClass"]) == {"title": "DUPLICATE"}
    same = await gql(UPDATE, {"i": {"id": saved["id"], "version": 2, "title": "改名"}})
    assert same["updateTrainingClass"]["trainingClass"]["version"] == 2  # nothing changed
    found = await gql('{ trainingClass(id: "%s") { title version } }' % saved["id"])
    assert found["trainingClass"] == {"title": "改名", "version": 2}


@pytest.mark.usefixtures("ids")
async def test_every_problem_at_once(gql: GraphQLClient) -> None:
    bad = {
        **GOOD,
        "title": " ",
        "county": "450225101",  # a township
        "endDate": "2019-04-01",
        "subsidy": "-1",
        "otherTrainees": 1001,
    }
    result = (await gql(CREATE, {"i": bad}))["createTrainingClass"]
    assert result["__typename"] == "RecordError"
    assert problems(result) == {
        "title": "REQUIRED",
        "county": "INVALID",
        "endDate": "INVALID",
        "subsidy": "OUT_OF_RANGE",
        "otherTrainees": "OUT_OF_RANGE",
    }
    messages = {p["field"]: p["message"] for p in result["problems"]}
    assert "0 至 1000" in messages["otherTrainees"]
    assert "100,000,000.00" in messages["subsidy"]
    assert "不是县区代码" in messages["county"]
    unknown = (await gql(CREATE, {"i": {**GOOD, "county": "450299"}}))["createTrainingClass"]
    assert problems(unknown) == {"county": "NOT_FOUND"}
    listed = await gql("{ trainingClasses { totalCount } }")
    assert listed["trainingClasses"]["totalCount"] == 0  # nothing written


async def test_enrol_and_complete(
    platform: Platform, gql: GraphQLClient, ids: dict[str, str]
) -> None:
    course = to_global_id("TrainingClass", await add_class(platform, "450225", date(2019, 4, 8)))
    done = await gql(
        ENROL,
        {
            "i": {
                "trainingClass": course,
                "idNumber": ids["a_son"].lower(),
                "completedOn": "2019-04-11",
                "certificate": "LZ2019000001",
            }
        },
    )
    enrolment = done["enrol"]["enrolment"]
    assert enrolment["completed"] is True and enrolment["certificate"] == "LZ2019000001"
    assert enrolment["person"] == {"name": "甲子"}
    assert enrolment["trainingClass"]["trainees"] == 1
    again = await gql(ENROL, {"i": {"trainingClass": course, "idNumber": ids["a_son"]}})
    assert problems(again["enrol"]) == {"idNumber": "DUPLICATE"}
    lost = await gql(ENROL, {"i": {"trainingClass": course, "idNumber": ids["c_head"]}})
    assert problems(lost["enrol"]) == {"idNumber": "RULE_VIOLATED"}
    assert "丧失劳动力" in lost["enrol"]["problems"][0]["message"]
    several = await gql(
        ENROL,
        {
            "i": {
                "trainingClass": course,
                "idNumber": "450225199001010000",
                "completedOn": "2019-04-10",
                "certificate": "x" * 65,
            }
        },
    )
    assert problems(several["enrol"]) == {
        "idNumber": "NOT_FOUND",
        "completedOn": "INVALID",
        "certificate": "INVALID",
    }
    wrong_id = await gql(
        ENROL, {"i": {"trainingClass": enrolment["id"], "idNumber": ids["a_head"]}}
    )
    assert problems(wrong_id["enrol"]) == {"trainingClass": "INVALID"}
    gone = await gql(
        ENROL,
        {"i": {"trainingClass": to_global_id("TrainingClass", 999), "idNumber": ids["a_head"]}},
    )
    assert problems(gone["enrol"]) == {"trainingClass": "NOT_FOUND"}
    both = await gql(
        ENROL,
        {"i": {"trainingClass": to_global_id("TrainingClass", 999), "idNumber": ids["c_head"]}},
    )
    assert problems(both["enrol"]) == {"trainingClass": "NOT_FOUND", "idNumber": "RULE_VIOLATED"}

    pending = (await gql(ENROL, {"i": {"trainingClass": course, "idNumber": ids["a_head"]}}))[
        "enrol"
    ]["enrolment"]
    assert pending["completed"] is False
    completed = await gql(
        UPDATE_ENROLMENT,
        {"i": {"enrolmentId": pending["id"], "version": 1, "completedOn": "2019-04-12"}},
    )
    assert completed["updateEnrolment"]["enrolment"] == {
        "completed": True,
        "completedOn": "2019-04-12",
        "certificate": None,
        "version": 2,
    }
    cleared = await gql(
        UPDATE_ENROLMENT, {"i": {"enrolmentId": enrolment["id"], "completedOn": None}}
    )
    # the certificate stays, so the completion cannot go
    assert problems(cleared["updateEnrolment"]) == {"certificate": "RULE_VIOLATED"}
    cleared = await gql(
        UPDATE_ENROLMENT,
        {"i": {"enrolmentId": enrolment["id"], "completedOn": None, "certificate": None}},
    )
    assert cleared["updateEnrolment"]["enrolment"]["completed"] is False


async def test_class_dates_and_deletion_guard_the_trainees(
    platform: Platform, gql: GraphQLClient, ids: dict[str, str]
) -> None:
    pk = await add_class(platform, "450225", date(2019, 4, 8), days=4)  # ends 04-12
    course = to_global_id("TrainingClass", pk)
    enrolment = to_global_id(
        "Enrolment", await enrol(platform, pk, ids["a_head"], date(2019, 4, 12))
    )
    later = await gql(UPDATE, {"i": {"id": course, "endDate": "2019-04-13"}})
    result = later["updateTrainingClass"]
    assert problems(result) == {"endDate": "CONFLICT"}
    assert "1 名学员" in result["problems"][0]["message"]
    delete = 'mutation { deleteTrainingClass(input: {id: "%s"}) { __typename ... on RecordError { code } } }'
    assert (await gql(delete % course))["deleteTrainingClass"] == {
        "__typename": "RecordError",
        "code": "CONFLICT",
    }
    removed = await gql(
        'mutation { removeEnrolment(input: {enrolmentId: "%s", version: 1}) { __typename ... on EnrolmentRemoved { id } } }'
        % enrolment
    )
    assert removed["removeEnrolment"] == {"__typename": "EnrolmentRemoved", "id": enrolment}
    assert (await gql(delete % course))["deleteTrainingClass"]["__typename"] == (
        "TrainingClassDeleted"
    )
    assert (await gql('{ node(id: "%s") { id } }' % course))["node"] is None
