"""Poverty-alleviation workshops (三(一)4): records, rules, workers, coverage and metrics."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from core.platform import Platform
from plugins.employment_assistance.models import workshop
from tests.conftest import GraphQLClient
from tests.factories import TOWNSHIP_A, TOWNSHIP_B, TOWNSHIP_C, VILLAGE_A1
from tests.plugins.employment_assistance.helpers import (
    TOWNSHIP_L,
    assistance_households,
    links,
    metrics,
    mutate,
    problems,
    workshop_job,
)

FIELDS = """... on PovertyWorkshopSuccess { workshop: povertyWorkshop { id name enterprise
  townshipCode certifiedOn jobs endedOn endReason version township: region { name } } }"""


async def create(gql: GraphQLClient, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": "甲镇服装扶贫车间",
        "enterprise": "柳州某服饰有限公司",
        "townshipCode": TOWNSHIP_A,
        "certifiedOn": "2019-03-01",
        "jobs": 40,
    } | overrides
    return await mutate(gql, "createPovertyWorkshop", "PovertyWorkshopCreateInput", FIELDS, data)


async def count(platform: Platform) -> int:
    async with platform.db.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(workshop))).scalar_one())


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    return await assistance_households(platform)


@pytest.mark.usefixtures("ids")
async def test_create_and_find_through_the_region(gql: GraphQLClient) -> None:
    result = await create(gql)
    assert result["__typename"] == "PovertyWorkshopSuccess"
    saved = result["workshop"]
    assert saved["township"] == {"name": "甲镇"} and saved["version"] == 1 and saved["jobs"] == 40
    await create(gql, name="乙乡竹编车间", townshipCode=TOWNSHIP_B, certifiedOn="2018-06-01")
    data = await gql(
        """{ township: region(code: "%s") { workshops { name } }
             county: region(code: "450225") { workshops { name activeOn(on: "2019-01-01") } }
             other: region(code: "450226") { workshops { name } } }"""
        % TOWNSHIP_A
    )
    assert data["township"]["workshops"] == [{"name": "甲镇服装扶贫车间"}]
    assert data["county"]["workshops"] == [
        {"name": "乙乡竹编车间", "activeOn": True},
        {"name": "甲镇服装扶贫车间", "activeOn": False},
    ]
    assert data["other"]["workshops"] == []
    listed = await gql(
        '{ povertyWorkshops(filter: {region: "450225", dateFrom: "2019-01-01"}) { totalCount nodes { name } } }'
    )
    assert listed["povertyWorkshops"] == {"totalCount": 1, "nodes": [{"name": "甲镇服装扶贫车间"}]}


@pytest.mark.usefixtures("ids")
async def test_every_problem_at_once_and_nothing_written(
    gql: GraphQLClient, platform: Platform
) -> None:
    result = await create(gql, name=" ", townshipCode=VILLAGE_A1, certifiedOn="2099-01-01", jobs=-1)
    found = problems(result)
    assert set(found) == {"name", "townshipCode", "certifiedOn", "jobs"}
    assert found["townshipCode"][0] == "INVALID" and "乡镇" in found["townshipCode"][1]
    assert found["jobs"][0] == "OUT_OF_RANGE" and "-1" in found["jobs"][1]
    assert found["certifiedOn"][0] == "OUT_OF_RANGE"
    unknown = problems(await create(gql, townshipCode="450225199"))
    assert unknown["townshipCode"][0] == "NOT_FOUND"
    assert await count(platform) == 0


@pytest.mark.usefixtures("ids")
async def test_names_are_unique_within_a_township(gql: GraphQLClient) -> None:
    await create(gql)
    again = problems(await create(gql))
    assert again["name"][0] == "DUPLICATE" and "车间名称" in again["name"][1]
    elsewhere = await create(gql, townshipCode=TOWNSHIP_B)
    assert elsewhere["__typename"] == "PovertyWorkshopSuccess"


@pytest.mark.usefixtures("ids")
async def test_update_with_versions_and_end(gql: GraphQLClient) -> None:
    saved = (await create(gql))["workshop"]
    update = "PovertyWorkshopUpdateInput"
    changed = await mutate(
        gql, "updatePovertyWorkshop", update, FIELDS, {"id": saved["id"], "version": 1, "jobs": 60}
    )
    assert changed["workshop"]["jobs"] == 60 and changed["workshop"]["version"] == 2
    stale = problems(
        await mutate(
            gql,
            "updatePovertyWorkshop",
            update,
            FIELDS,
            {"id": saved["id"], "version": 1, "jobs": 1},
        )
    )
    assert stale["version"][0] == "CONFLICT"
    cleared = problems(
        await mutate(
            gql, "updatePovertyWorkshop", update, FIELDS, {"id": saved["id"], "name": None}
        )
    )
    assert cleared["name"][0] == "REQUIRED"
    end = update
    early = problems(
        await mutate(
            gql, "updatePovertyWorkshop", end, FIELDS, {"id": saved["id"], "endedOn": "2019-02-28"}
        )
    )
    assert early["endedOn"][0] == "INVALID"
    ended = await mutate(
        gql,
        "updatePovertyWorkshop",
        end,
        FIELDS,
        {"id": saved["id"], "endedOn": "2019-08-31", "endReason": "企业迁址"},
    )
    assert (
        ended["workshop"]["endedOn"] == "2019-08-31"
        and ended["workshop"]["endReason"] == "企业迁址"
    )
    twice = problems(
        await mutate(
            gql, "updatePovertyWorkshop", end, FIELDS, {"id": saved["id"], "endedOn": "2019-09-01"}
        )
    )
    assert twice["endedOn"][0] == "CONFLICT"
    active = await gql(
        '{ node(id: "%s") { ... on PovertyWorkshop { last: activeOn(on: "2019-08-31") after: activeOn(on: "2019-09-01") } } }'
        % saved["id"]
    )
    assert active["node"] == {"last": True, "after": False}
    wrong = problems(
        await mutate(
            gql,
            "updatePovertyWorkshop",
            end,
            FIELDS,
            {"id": "bm90LWFuLWlk", "endedOn": "2019-09-01"},
        )
    )
    assert wrong["id"][0] == "INVALID"


async def test_workers_are_workshop_employment_records(
    gql: GraphQLClient, platform: Platform, ids: dict[str, str]
) -> None:
    saved = (await create(gql))["workshop"]
    head = await workshop_job(platform, ids["a_head"], date(2019, 4, 1))
    person = await gql(
        '{ personByIdNumber(idNumber: "%s") { employments { id form } } }' % ids["a_son"]
    )
    guangdong = person["personByIdNumber"]["employments"][0]["id"]
    job = await gql('{ personByIdNumber(idNumber: "%s") { employments { id } } }' % ids["a_head"])
    job_id = job["personByIdNumber"]["employments"][0]["id"]
    assert head
    pair = {"workshopId": saved["id"], "employmentId": job_id}
    added = await links(gql, "addPovertyWorkshopWorker", pair)
    assert added == {"__typename": "LinksSaved", "id": saved["id"], "count": 1}
    again = await links(gql, "addPovertyWorkshopWorker", pair)
    assert again["problems"][0]["code"] == "DUPLICATE"
    wage = await links(gql, "addPovertyWorkshopWorker", pair | {"employmentId": guangdong})
    problem = wage["problems"][0]
    assert problem["field"] == "employmentId" and problem["code"] == "RULE_VIOLATED"
    assert "务工" in problem["message"]
    data = await gql(
        '{ node(id: "%s") { ... on PovertyWorkshop { workers { person { name } } before: poorWorkers(on: "2019-03-31") '
        'after: poorWorkers(on: "2019-04-01") } } }' % saved["id"]
    )
    assert data["node"] == {"workers": [{"person": {"name": "甲"}}], "before": 0, "after": 1}
    removed = await links(gql, "removePovertyWorkshopWorker", pair)
    assert removed["count"] == 0
    gone = await links(gql, "removePovertyWorkshopWorker", pair)
    assert gone["problems"][0]["code"] == "NOT_FOUND"


@pytest.mark.usefixtures("ids")
async def test_townships_without_a_workshop(gql: GraphQLClient) -> None:
    saved = (await create(gql))["workshop"]
    query = """query($r: String, $d: Date) { townshipsWithoutWorkshop(region: $r, asOf: $d) {
        totalCount nodes { code } } }"""

    async def missing(region: str | None, day: str) -> list[str]:
        data = await gql(query, {"r": region, "d": day})
        found = data["townshipsWithoutWorkshop"]
        assert found["totalCount"] == len(found["nodes"])
        return [n["code"] for n in found["nodes"]]

    assert await missing("450225", "2019-09-30") == [TOWNSHIP_B]
    assert await missing(None, "2019-09-30") == [TOWNSHIP_L, TOWNSHIP_B, TOWNSHIP_C]
    assert await missing("450225", "2019-02-28") == [TOWNSHIP_A, TOWNSHIP_B]
    ended = await mutate(
        gql,
        "updatePovertyWorkshop",
        "PovertyWorkshopUpdateInput",
        FIELDS,
        {"id": saved["id"], "endedOn": "2019-06-30"},
    )
    assert ended["__typename"] == "PovertyWorkshopSuccess", ended
    assert await missing("450225", "2019-06-30") == [TOWNSHIP_B]
    assert await missing("450225", "2019-07-01") == [TOWNSHIP_A, TOWNSHIP_B]
    page = await gql(
        "{ townshipsWithoutWorkshop(first: 2) { pageInfo { hasNextPage endCursor } nodes { code } } }"
    )
    after = page["townshipsWithoutWorkshop"]["pageInfo"]["endCursor"]
    rest = await gql(
        '{ townshipsWithoutWorkshop(first: 2, after: "%s") { nodes { code } } }' % after
    )
    assert [n["code"] for n in rest["townshipsWithoutWorkshop"]["nodes"]] == [
        TOWNSHIP_B,
        TOWNSHIP_C,
    ]


@pytest.mark.usefixtures("ids")
async def test_workshop_metrics(gql: GraphQLClient) -> None:
    # Certified: 甲镇 2019-03-01, 乙乡 2018-12-31 (before the year), 丙镇 2019-12-31 (after asOf).
    await create(gql)
    await create(gql, name="乙乡车间", townshipCode=TOWNSHIP_B, certifiedOn="2018-12-31")
    await create(gql, name="丙镇车间", townshipCode=TOWNSHIP_C, certifiedOn="2019-12-31")
    found = await metrics(
        gql,
        "450200",
        "2019-09-30",
        "employment_assistance.workshops",
        "employment_assistance.township_workshop_coverage",
    )
    built = found["employment_assistance.workshops"]
    assert built["value"] == "1" and built["target"] == "86" and built["targetSource"] == "RECORD"
    assert built["period"] == {"start": "2019-01-01", "end": "2019-12-31"}
    assert built["leadDepartmentCode"] == "XQZF" and built["clause"] == "三(一)4"
    # Townships on 2019-09-30: 甲镇 and 乙乡 have one, 丙镇 not yet, 丁镇 none: 2 of 4.
    coverage = found["employment_assistance.township_workshop_coverage"]
    assert coverage["value"] == "50.00" and coverage["base"] == "4"
    assert coverage["target"] == "100.00" and coverage["targetSource"] == "RULE"
    by_county = {b["regionCode"]: b for b in coverage["breakdown"]}
    assert by_county["450225"]["value"] == "100.00" and by_county["450225"]["status"] == "MET"
    assert by_county["450226"]["value"] == "0.00" and by_county["450226"]["status"] == "BEHIND"
    assert by_county["450222"]["value"] is None
    year_end = await metrics(gql, "450200", "2019-12-31", "employment_assistance.workshops")
    assert year_end["employment_assistance.workshops"]["value"] == "2"
    drill = await gql(
        """{ metric(key: "employment_assistance.township_workshop_coverage", asOf: "2019-09-30") {
             records(which: MISSING) { totalCount nodes { key node { ... on Region { name } } } } } }"""
    )
    records = drill["metric"]["records"]
    assert records["totalCount"] == 2
    assert [n["node"]["name"] for n in records["nodes"]] == ["丁镇", "丙镇"]


@pytest.mark.usefixtures("ids")
async def test_every_write_is_audited_and_a_refused_one_is_not(gql: GraphQLClient) -> None:
    saved = (await create(gql))["workshop"]
    await create(gql, name="")  # refused: writes nothing, audits nothing
    await mutate(
        gql,
        "updatePovertyWorkshop",
        "PovertyWorkshopUpdateInput",
        FIELDS,
        {"id": saved["id"], "jobs": 45},
    )
    data = await gql(
        '{ auditLog(recordType: "PovertyWorkshop") { nodes { action recordKey before after } } }'
    )
    entries = data["auditLog"]["nodes"]
    assert [e["action"] for e in entries] == ["updatePovertyWorkshop", "createPovertyWorkshop"]
    assert '"jobs": 40' in entries[0]["before"] and '"jobs": 45' in entries[0]["after"]
