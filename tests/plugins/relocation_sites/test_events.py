"""Job fairs and pushes at a site, on the shared job-fair and job-push fields: counts within
their limits, duplicates refused, cancelled ones not counted."""

from __future__ import annotations

from typing import Any

import pytest

from core.platform import Platform
from core.testing.factories import TOWNSHIP_A, add_regions
from core.testing.kit import GraphQLClient
from tests.plugins.relocation_sites.helpers import add_site, gid, problems

FAIR = """mutation($i: SiteJobFairCreateInput!) { createSiteJobFair(input: $i) {
  __typename ... on SiteJobFairSuccess { siteJobFair { heldOn title employers postings attendees intentions site { name } } }
  ... on RecordError { code message problems { field code message } } } }"""
PUSH = """mutation($i: SiteJobPushCreateInput!) { createSiteJobPush(input: $i) {
  __typename ... on SiteJobPushSuccess { siteJobPush { pushedOn channel postings households } }
  ... on RecordError { code message problems { field code message } } } }"""


@pytest.fixture
async def site_id(platform: Platform) -> int:
    await add_regions(platform)
    return await add_site(platform, "甲安置点", TOWNSHIP_A, 800)


def fair(site_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "siteId": gid("RelocationSite", site_id),
        "heldOn": "2019-03-15",
        "title": "春风行动专场招聘会",
        "employers": 20,
        "postings": 600,
        "attendees": 300,
        "intentions": 90,
    } | overrides


def push(site_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "siteId": gid("RelocationSite", site_id),
        "pushedOn": "2019-04-01",
        "channel": "SMS",
        "postings": 2_500,
        "households": 180,
    } | overrides


async def test_fairs_and_pushes(gql: GraphQLClient, site_id: int) -> None:
    recorded = (await gql(FAIR, {"i": fair(site_id, intentions=300)}))["createSiteJobFair"]
    assert recorded["siteJobFair"]["intentions"] == 300 and recorded["siteJobFair"]["site"] == {
        "name": "甲安置点"
    }
    again = (await gql(FAIR, {"i": fair(site_id)}))["createSiteJobFair"]
    assert problems(again) == {"title": "DUPLICATE"}
    await gql(FAIR, {"i": fair(site_id, heldOn="2018-10-01")})
    await gql(PUSH, {"i": push(site_id)})
    await gql(PUSH, {"i": push(site_id, channel="WECHAT", postings=1_000_000, households=0)})
    duplicate = (await gql(PUSH, {"i": push(site_id)}))["createSiteJobPush"]
    assert problems(duplicate) == {"channel": "DUPLICATE"}
    listed = await gql(
        '{ node(id: "%s") { ... on RelocationSite { jobFairs { heldOn } jobPushes { channel postings } } } '
        'siteJobFairs(filter: {dateFrom: "2019-01-01", dateTo: "2019-12-31"}) { nodes { heldOn } } }'
        % gid("RelocationSite", site_id)
    )
    site = listed["node"]
    assert [f["heldOn"] for f in site["jobFairs"]] == ["2018-10-01", "2019-03-15"]
    assert listed["siteJobFairs"]["nodes"] == [{"heldOn": "2019-03-15"}]
    assert site["jobPushes"] == [
        {"channel": "SMS", "postings": 2_500},
        {"channel": "WECHAT", "postings": 1_000_000},
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"intentions": 301}, "intentions", "300 人"),
        ({"attendees": 10_000_001}, "attendees", "0–10000000"),
        ({"employers": 100_001}, "employers", "0–100000"),
        ({"postings": -1}, "postings", "0–10000000"),
        ({"heldOn": "2999-01-01"}, "heldOn", "今天"),
    ],
)
async def test_fair_limits(
    gql: GraphQLClient, site_id: int, overrides: dict[str, Any], field: str, words: str
) -> None:
    result = (await gql(FAIR, {"i": fair(site_id, **overrides)}))["createSiteJobFair"]
    assert set(problems(result)) == {field}
    assert words in result["message"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"postings": -1}, "postings", "0–10000000"),
        ({"postings": 10_000_001}, "postings", "0–10000000"),
        ({"households": 10_000_001}, "households", "0–10000000"),
        ({"pushedOn": "2999-06-01"}, "pushedOn", "今天"),
    ],
)
async def test_push_limits(
    gql: GraphQLClient, site_id: int, overrides: dict[str, Any], field: str, words: str
) -> None:
    result = (await gql(PUSH, {"i": push(site_id, **overrides)}))["createSiteJobPush"]
    assert set(problems(result)) == {field}
    assert words in result["message"]


async def test_unknown_site(gql: GraphQLClient, site_id: int) -> None:
    result = (await gql(FAIR, {"i": fair(site_id, siteId=gid("RelocationSite", site_id + 99))}))[
        "createSiteJobFair"
    ]
    assert problems(result) == {"siteId": "NOT_FOUND"}
    wrong = (await gql(PUSH, {"i": push(site_id, siteId=gid("SitePost", site_id))}))[
        "createSiteJobPush"
    ]
    assert problems(wrong) == {"siteId": "INVALID"}


async def test_shared_channels_and_cancellations(
    gql: GraphQLClient, platform: Platform, site_id: int
) -> None:
    """The shared channel list holds every code sites used, and the assistance plugin's too; a
    cancelled fair or a withdrawn push is kept but not counted."""
    for channel in ("SMS", "WECHAT", "NOTICE_BOARD", "DOOR_TO_DOOR", "ONLINE", "WORK_TEAM"):
        done = await gql(PUSH, {"i": push(site_id, channel=channel)})
        assert done["createSiteJobPush"]["__typename"] == "SiteJobPushSuccess", channel
    await gql(FAIR, {"i": fair(site_id)})
    await gql(FAIR, {"i": fair(site_id, title="取消的招聘会", cancelled=True, cancelReason="暴雨")})
    query = """{ metric(key: "relocation.site_job_fairs", region: "450200", asOf: "2019-12-31") {
        value } }"""
    assert (await gql(query))["metric"]["value"] == "1"
