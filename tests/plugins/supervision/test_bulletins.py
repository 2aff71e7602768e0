"""Bulletins (通报): drafted from the board, numbered and frozen when issued, printable."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from docx import Document

from core.platform import Platform
from core.sdk import decode_id
from core.testing import GraphQLClient
from tests.plugins.supervision.board import CITY, RONGSHUI, SANJIANG, hand_made_board

DRAFT = """mutation($region: String!) {
  createBulletin(input: {regionCode: $region, asOf: "2019-06-30"}) {
    ... on BulletinSuccess { bulletin { id version status number } }
    ... on RecordError { problems { field code message } }
  }
}"""
ITEMS = """query($id: ID!) { node(id: $id) { ... on Bulletin {
  status number title issuedOn
  items { position metricKey regionCode value expected gap status reason region { name } }
} } }"""
ISSUE = """mutation($id: ID!) { issueBulletin(id: $id) {
  ... on BulletinIssued { tasks bulletin { status number issuedOn } }
  ... on RecordError { problems { field code reason message } }
} }"""


async def draft(gql: GraphQLClient, region: str = CITY) -> str:
    data = await gql(DRAFT, {"region": region})
    bulletin: dict[str, Any] = data["createBulletin"]["bulletin"]
    assert bulletin["status"] == "DRAFT" and bulletin["number"] is None
    return str(bulletin["id"])


async def items(gql: GraphQLClient, key: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (await gql(ITEMS, {"id": key}))["node"]["items"]
    return found


async def test_a_county_behind_is_listed_with_its_shortfall_and_one_on_track_is_not(
    platform: Platform, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with hand_made_board(platform, monkeypatch):
        key = await draft(gql)
        found = {i["regionCode"]: i for i in await items(gql, key)}
    assert set(found) == {CITY, RONGSHUI}  # 三江 (90 of an expected ~50) is on track
    county = found[RONGSHUI]
    assert county["metricKey"] == "test.hires" and county["status"] == "BEHIND"
    assert Decimal(county["value"]) == 40
    expected = Decimal(county["expected"])
    assert 40 < expected < 60  # 100 × the share of 2019 gone by 30 June
    assert Decimal(county["gap"]) == expected - 40
    assert county["region"]["name"].startswith("融水")
    assert Decimal(found[CITY]["value"]) == 130


async def test_a_bulletin_is_for_the_city_or_one_county(gql: GraphQLClient) -> None:
    data = await gql(DRAFT, {"region": "450225101"})
    assert data["createBulletin"]["problems"][0]["field"] == "regionCode"


async def test_issuing_numbers_and_freezes_the_items(
    platform: Platform, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with hand_made_board(platform, monkeypatch) as figures:
        key = await draft(gql)
        issued = (await gql(ISSUE, {"id": key}))["issueBulletin"]
        assert issued["tasks"] == 2
        year = issued["bulletin"]["issuedOn"][:4]
        assert issued["bulletin"] == {
            "status": "ISSUED",
            "number": f"柳人社通〔{year}〕1号",
            "issuedOn": issued["bulletin"]["issuedOn"],
        }
        before = await items(gql, key)
        figures[RONGSHUI] = 100  # the board moves on; the bulletin does not
        figures[SANJIANG] = 0
        assert await items(gql, key) == before
        again = (await gql(ISSUE, {"id": key}))["issueBulletin"]
        assert again["problems"][0]["code"] == "RULE_VIOLATED"
        second = await draft(gql, RONGSHUI)
        numbered = (await gql(ISSUE, {"id": second}))["issueBulletin"]
        assert numbered["bulletin"]["number"] == f"柳人社通〔{year}〕2号"
    update = await gql(
        """mutation($id: ID!) { updateBulletin(input: {id: $id, title: "改"}) {
          ... on RecordError { problems { code message } } } }""",
        {"id": key},
    )
    assert "已印发" in update["updateBulletin"]["problems"][0]["message"]
    delete = await gql(
        """mutation($id: ID!) { deleteBulletin(input: {id: $id}) {
          ... on RecordError { problems { code } } } }""",
        {"id": key},
    )
    assert delete["deleteBulletin"]["problems"][0]["code"] == "RULE_VIOLATED"


async def test_a_draft_may_change_and_go(gql: GraphQLClient) -> None:
    key = await draft(gql)
    changed = await gql(
        """mutation($id: ID!) { updateBulletin(input: {id: $id, title: "二季度通报"}) {
          ... on BulletinSuccess { bulletin { title status } } } }""",
        {"id": key},
    )
    assert changed["updateBulletin"]["bulletin"] == {"title": "二季度通报", "status": "DRAFT"}
    gone = await gql(
        """mutation($id: ID!) { deleteBulletin(input: {id: $id}) {
          ... on BulletinDeleted { id } } }""",
        {"id": key},
    )
    assert gone["deleteBulletin"]["id"] == key


async def test_status_and_number_are_not_inputs(gql: GraphQLClient) -> None:
    response = await gql.post(
        """mutation { createBulletin(input: {regionCode: "450200", asOf: "2019-06-30",
          status: ISSUED}) { __typename } }"""
    )
    assert "errors" in response.json()


async def test_the_page_and_the_word_file_hold_the_items(
    platform: Platform, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch, gql_as: Any
) -> None:
    with hand_made_board(platform, monkeypatch):
        key = await draft(gql)
        await gql(ISSUE, {"id": key})
    pk = decode_id(key, "Bulletin")
    page = await gql.http.get(f"/supervision/bulletins/{pk}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "柳人社通〔" in page.text and "融水" in page.text and "测试招聘人数" in page.text
    assert "三江" not in page.text
    word = await gql.http.get(f"/supervision/bulletins/{pk}.docx")
    assert word.status_code == 200
    document = Document(io.BytesIO(word.content))
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells[0][:3] == ["序号", "区划", "指标"]
    assert {row[1][:2] for row in cells[1:]} == {"柳州", "融水"}
    assert any(p.text.startswith("柳人社通〔") for p in document.paragraphs)
    async with gql_as(role="county", region=SANJIANG, name="三江县") as county:
        assert (await county.http.get(f"/supervision/bulletins/{pk}")).status_code == 404
        assert (await county.http.get(f"/supervision/bulletins/{pk}.docx")).status_code == 404
    assert (await gql.http.get("/supervision/bulletins/999999")).status_code == 404


async def test_the_tasks_page_and_its_script_are_served(gql: GraphQLClient) -> None:
    page = await gql.http.get("/supervision/tasks")
    assert page.status_code == 200 and 'src="/supervision/tasks.js"' in page.text
    script = await gql.http.get("/supervision/tasks.js")
    assert script.status_code == 200 and "createTaskUpdate" in script.text
