"""Rectification tasks (限时整改): one per item of an issued bulletin, answered by the unit
responsible, checked on or after the deadline, escalated (问责) past the grace period."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from core.platform import Platform
from core.testing import GraphQLClient
from tests.plugins.supervision.board import CITY, RONGSHUI, SANJIANG, hand_made_board
from tests.plugins.supervision.test_bulletins import ISSUE, draft

TASKS = """{ rectificationTasks { totalCount nodes {
  id regionCode department metricKey deadline status checkedOn bulletinId
  item { regionCode value }
  updates { measures evidence recordedBy }
  history { fromStatus toStatus reason actor on }
} } }"""
ANSWER = """mutation($task: ID!, $text: String!) {
  createTaskUpdate(input: {taskId: $task, measures: $text, evidence: "会议纪要.pdf"}) {
    ... on TaskUpdateSuccess { taskUpdate { measures evidence } }
    ... on RecordError { problems { field code reason message } }
  }
}"""
CHECK = """mutation($on: Date!) { checkRectificationTasks(on: $on) {
  ... on TasksChecked { rectified overdue escalated }
} }"""


async def issued(platform: Platform, gql: GraphQLClient) -> dict[str, dict[str, Any]]:
    await gql(ISSUE, {"id": await draft(gql)})
    nodes = (await gql(TASKS))["rectificationTasks"]["nodes"]
    return {n["regionCode"]: n for n in nodes}


async def test_each_item_becomes_a_task_for_the_unit_responsible(
    platform: Platform, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with hand_made_board(platform, monkeypatch):
        tasks = await issued(platform, gql)
    assert set(tasks) == {CITY, RONGSHUI}
    county, city = tasks[RONGSHUI], tasks[CITY]
    assert county["department"] is None and city["department"] == "RSJ"
    assert county["status"] == "OPEN" and county["checkedOn"] is None
    assert date.fromisoformat(county["deadline"]) == date.today() + timedelta(days=15)
    assert county["item"]["value"] == "40" and county["bulletinId"]
    (created,) = county["history"]
    assert created["fromStatus"] is None and created["toStatus"] == "OPEN"
    assert "第 " in created["reason"] and created["actor"]


async def test_a_county_sees_and_answers_only_its_own_tasks(
    platform: Platform, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch, gql_as: Any
) -> None:
    with hand_made_board(platform, monkeypatch):
        tasks = await issued(platform, gql)
    async with gql_as(role="county", region=RONGSHUI, name="融水县") as rongshui:
        own = (await rongshui(TASKS))["rectificationTasks"]["nodes"]
        assert [t["regionCode"] for t in own] == [RONGSHUI]
        answer = await rongshui(ANSWER, {"task": own[0]["id"], "text": "召开专场招聘会 2 场"})
        assert answer["createTaskUpdate"]["taskUpdate"]["measures"] == "召开专场招聘会 2 场"
        city = await rongshui(ANSWER, {"task": tasks[CITY]["id"], "text": "越权"})
        assert city["createTaskUpdate"]["problems"][0]["code"] == "NOT_FOUND"
    async with gql_as(role="county", region=SANJIANG, name="三江县") as sanjiang:
        assert (await sanjiang(TASKS))["rectificationTasks"]["totalCount"] == 0
        other = await sanjiang(ANSWER, {"task": tasks[RONGSHUI]["id"], "text": "越权"})
        assert other["createTaskUpdate"]["problems"][0]["code"] == "NOT_FOUND"
    async with gql_as(role="department", department="RSJ", name="市人社局") as rsj:
        done = await rsj(ANSWER, {"task": tasks[CITY]["id"], "text": "督导各县区"})
        assert "taskUpdate" in done["createTaskUpdate"]
    async with gql_as(role="department", department="FGW", name="市发改委") as other_dept:
        refused = await other_dept(ANSWER, {"task": tasks[CITY]["id"], "text": "越权"})
        assert refused["createTaskUpdate"]["problems"][0]["reason"] == "NOT_LEAD_DEPARTMENT"
    async with gql_as(role="viewer", name="查看") as viewer:
        response = await viewer.post(ANSWER, {"task": tasks[CITY]["id"], "text": "x"})
        assert "errors" in response.json()
    history = {t["regionCode"]: t for t in (await gql(TASKS))["rectificationTasks"]["nodes"]}
    assert [u["measures"] for u in history[RONGSHUI]["updates"]] == ["召开专场招聘会 2 场"]
    assert history[RONGSHUI]["updates"][0]["evidence"] == "会议纪要.pdf"
    assert history[RONGSHUI]["updates"][0]["recordedBy"] == "融水县"
    assert history[CITY]["updates"][0]["recordedBy"] == "市人社局"


async def test_updates_are_never_changed_or_deleted(gql: GraphQLClient) -> None:
    response = await gql.post('mutation { deleteTaskUpdate(input: {id: "x"}) { __typename } }')
    assert "errors" in response.json()
    response = await gql.post('mutation { updateTaskUpdate(input: {id: "x"}) { __typename } }')
    assert "errors" in response.json()


async def test_the_deadline_check_rectifies_marks_overdue_and_escalates(
    platform: Platform, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with hand_made_board(platform, monkeypatch) as figures:
        tasks = await issued(platform, gql)
        deadline = date.fromisoformat(tasks[RONGSHUI]["deadline"])
        early = await gql(CHECK, {"on": str(deadline - timedelta(days=1))})
        assert early["checkRectificationTasks"] == {"rectified": 0, "overdue": 0, "escalated": 0}
        figures[RONGSHUI] = 100  # 融水 meets its target; the city stays behind
        due = await gql(CHECK, {"on": str(deadline)})
        assert due["checkRectificationTasks"] == {"rectified": 1, "overdue": 1, "escalated": 0}
        again = await gql(CHECK, {"on": str(deadline + timedelta(days=15))})
        assert again["checkRectificationTasks"] == {"rectified": 0, "overdue": 0, "escalated": 0}
        late = await gql(CHECK, {"on": str(deadline + timedelta(days=16))})
        assert late["checkRectificationTasks"] == {"rectified": 0, "overdue": 0, "escalated": 1}
    now = {t["regionCode"]: t for t in (await gql(TASKS))["rectificationTasks"]["nodes"]}
    assert now[RONGSHUI]["status"] == "RECTIFIED" and now[CITY]["status"] == "ESCALATED"
    steps = [(h["fromStatus"], h["toStatus"]) for h in now[CITY]["history"]]
    assert steps == [(None, "OPEN"), ("OPEN", "OVERDUE"), ("OVERDUE", "ESCALATED")]
    assert "问责" in now[CITY]["history"][-1]["reason"]
    assert now[CITY]["checkedOn"] == str(deadline + timedelta(days=16))
    listed = (await gql("{ escalatedTasks { regionCode status } }"))["escalatedTasks"]
    assert listed == [{"regionCode": CITY, "status": "ESCALATED"}]
    rectified = await gql(ANSWER, {"task": now[RONGSHUI]["id"], "text": "再报"})
    assert rectified["createTaskUpdate"]["problems"][0]["reason"] == "TASK_RECTIFIED"


async def test_a_county_checks_only_its_own_tasks(
    platform: Platform, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch, gql_as: Any
) -> None:
    with hand_made_board(platform, monkeypatch):
        tasks = await issued(platform, gql)
        on = str(date.fromisoformat(tasks[RONGSHUI]["deadline"]))
        async with gql_as(role="county", region=SANJIANG, name="三江县") as sanjiang:
            response = await sanjiang.post(CHECK, {"on": on})
        assert "errors" in response.json()  # checks are the city's (市人社局) to run
    assert {t["status"] for t in (await gql(TASKS))["rectificationTasks"]["nodes"]} == {"OPEN"}
