"""Roles and the audit log as they apply to the plugin's fields and mutations."""

from __future__ import annotations

from datetime import date

from core.graphql.context import Caller
from core.platform import Platform
from tests.conftest import GraphQLClient, client_for
from tests.factories import four_households
from tests.plugins.training.builders import add_class

CREATE = """mutation { createTrainingClass(input: {kind: LEADER, title: "三江县务工带头人培训班",
    organiser: "柳州东城投资开发集团有限公司", organiserKind: CITY_GROUP, county: "450226",
    startDate: "2019-05-06", endDate: "2019-05-10", otherTrainees: 30}) {
    __typename ... on TrainingClassSuccess { trainingClass { id } } } }"""


async def test_county_and_viewer_tokens_make_no_training_changes(
    county_gql: GraphQLClient, viewer_gql: GraphQLClient
) -> None:
    for client, reason in (
        (county_gql, "县区令牌只能修改核心记录"),
        (viewer_gql, "查看者（viewer）角色不能修改数据"),
    ):
        error = (await client.post(CREATE)).json()["errors"][0]
        assert error["extensions"]["code"] == "FORBIDDEN" and reason in error["message"]


async def test_the_lead_department_writes_and_is_audited(
    department_gql: GraphQLClient, gql: GraphQLClient, platform: Platform
) -> None:
    ids = await four_households(platform)
    created = await department_gql(CREATE)
    class_id = created["createTrainingClass"]["trainingClass"]["id"]
    enrolled = await department_gql(
        'mutation { enrol(input: {trainingClass: "%s", idNumber: "%s", completedOn: "2019-05-10"}) '
        "{ ... on EnrolmentSuccess { enrolment { id } } } }" % (class_id, ids["d_head"])
    )
    enrolment_id = enrolled["enrol"]["enrolment"]["id"]
    await department_gql(
        'mutation { updateEnrolment(input: {enrolmentId: "%s", certificate: "LZ2019000001"}) '
        "{ __typename } }" % enrolment_id
    )
    await department_gql(
        'mutation { removeEnrolment(input: {enrolmentId: "%s"}) { __typename } }' % enrolment_id
    )
    log = await gql(
        "{ auditLog(first: 10) { nodes { actor path action recordType before after } } }"
    )
    entries = [e for e in log["auditLog"]["nodes"] if e["recordType"].startswith("training_")]
    assert [e["action"] for e in entries] == [
        "removeEnrolment",
        "updateEnrolment",
        "enrol",
        "createTrainingClass",
    ]
    assert {e["actor"] for e in entries} == {"市人社局"}
    assert '"certificate": "LZ2019000001"' in entries[1]["after"]
    assert '"certificate": null' in entries[1]["before"]
    assert '"county_code": "450226"' in entries[3]["after"]


async def test_viewer_sees_classes_and_the_grid_not_trainees(
    viewer_gql: GraphQLClient, platform: Platform
) -> None:
    await add_class(platform, "450226", date(2019, 3, 6), other=30)
    found = await viewer_gql(
        """{ trainingClasses { nodes { title trainees qualifies } }
             leaderClassCompliance(region: "450226", asOf: "2019-03-31") { compliant } }"""
    )
    assert found["trainingClasses"]["nodes"][0]["trainees"] == 30
    assert found["leaderClassCompliance"] == [{"compliant": True}]
    for query in (
        "{ enrolments { totalCount } }",
        "{ trainingClasses { nodes { enrolments { completedOn } } } }",
    ):
        response = await viewer_gql.post(query)
        assert "查看者（viewer）角色只能看汇总数字" in response.json()["errors"][0]["message"]


async def test_other_departments_are_refused(platform: Platform) -> None:
    """市国资委 co-organises leader classes but does not lead 三(二): its token may not write."""
    caller = Caller(name="市国资委", role="department", department="GZW")
    async for client in client_for(platform, caller):
        error = (await client.post(CREATE)).json()["errors"][0]
        assert error["extensions"]["code"] == "FORBIDDEN" and "牵头单位：RSJ" in error["message"]
