"""Job fairs and pushes at a site: counts within their limits, duplicates refused."""

from __future__ import annotations

from typing import Any

import pytest

from core.platform import Platform
from core.testing.factories import TOWNSHIP_A, add_regions
from core.testing.kit import GraphQLClient
from tests.plugins.relocation_sites.helpers import add_site, gid, problems

FAIR = """mutation($i: RecordSiteJobFairInput!) { recordSiteJobFair(input: $i) {
  __typename ... on SiteJobFairSuccess { jobFair { heldOn title employers postings attendees intentions site { name } } }
  ... on RecordError { code message problems { field code message } } } }"""
PUSH = """mutation($i: RecordSiteJobPushInput!) { recordSiteJobPush(input: $i) {
  __typename ... on SiteJobPushSuccess { jobPush { pushedOn channel postings households } }
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
    recorded = (await gql(FAIR, {"i": fair(site_id, intentions=300)}))["recordSiteJobFair"]
    assert recorded["jobFair"]["intentions"] == 300 and recorded["jobFair"]["site"] == {
        "name": "甲安置点"
    }
    again = (await gql(FAIR, {"i": fair(site_id)}))["recordSiteJobFair"]
    assert problems(again) == {"title": "DUPLICATE"}
    await gql(FAIR, {"i": fair(site_id, heldOn="2018-10-01")})
    await gql(PUSH, {"i": push(site_id)})
    await gql(PUSH, {"i": push(site_id, channel="WECHAT", postings=1_000_000, households=0)})
    duplicate = (await gql(PUSH, {"i": push(site_id)}))["recordSiteJobPush"]
    assert problems(duplicate) == {"pushedOn": "DUPLICATE"}
    listed = await gql(
        '{ relocationSite(id: "%s") { jobFairs { heldOn } thisYear: jobFairs(year: 2019) { heldOn } jobPushes(year: 2019) { channel postings } } }'
        % gid("RelocationSite", site_id)
    )
    site = listed["relocationSite"]
    assert [f["heldOn"] for f in site["jobFairs"]] == ["2018-10-01", "2019-03-15"]
    assert site["thisYear"] == [{"heldOn": "2019-03-15"}]
    assert site["jobPushes"] == [
        {"channel": "SMS", "postings": 2_500},
        {"channel": "WECHAT", "postings": 1_000_000},
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"intentions": 301}, "intentions", "0–300 人"),
        ({"attendees": 100_001}, "attendees", "0–100,000 人"),
        ({"employers": 1_001}, "employers", "0–1,000 家"),
        ({"postings": -1}, "postings", "0–1,000,000 个"),
        ({"heldOn": "2999-01-01"}, "heldOn", "今天"),
    ],
)
async def test_fair_limits(
    gql: GraphQLClient, site_id: int, overrides: dict[str, Any], field: str, words: str
) -> None:
    result = (await gql(FAIR, {"i": fair(site_id, **overrides)}))["recordSiteJobFair"]
    assert set(problems(result)) == {field}
    assert words in result["message"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"postings": 0}, "postings", "1–1,000,000 个"),
        ({"postings": 1_000_001}, "postings", "1–1,000,000 个"),
        ({"households": 100_001}, "households", "0–100,000 户"),
        ({"pushedOn": "2015-06-01"}, "pushedOn", "2016-01-01"),
    ],
)
async def test_push_limits(
    gql: GraphQLClient, site_id: int, overrides: dict[str, Any], field: str, words: str
) -> None:
    result = (await gql(PUSH, {"i": push(site_id, **overrides)}))["recordSiteJobPush"]
    assert set(problems(result)) == {field}
    assert words in result["message"]


async def test_unknown_site(gql: GraphQLClient, site_id: int) -> None:
    result = (await gql(FAIR, {"i": fair(site_id, siteId=gid("RelocationSite", site_id + 99))}))[
        "recordSiteJobFair"
    ]
    assert problems(result) == {"siteId": "NOT_FOUND"}
    wrong = (await gql(PUSH, {"i": push(site_id, siteId=gid("SitePost", site_id))}))[
        "recordSiteJobPush"
    ]
    assert problems(wrong) == {"siteId": "INVALID"}
