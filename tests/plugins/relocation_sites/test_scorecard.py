"""The per-site scorecard: every figure worked out by hand, and statements that do not grow."""

from __future__ import annotations

from datetime import date

import pytest

from core.platform import Platform
from core.sdk import JobPushChannel
from core.testing.kit import GraphQLClient, StatementCounter
from plugins.relocation_sites.enums import SiteFacilityKind
from plugins.relocation_sites.kinds import FAIRS, PUSHES, STATIONS
from tests.plugins.relocation_sites.helpers import (
    B_HEAD,
    G_HEAD,
    add_facility,
    add_post,
    create,
    world,
)

TODAY = date(2026, 11, 25)
CARD = """site { name } asOf population households householdsNotFlagged members labourers
  labourHouseholds householdsWithEmployment employmentRate hasConditions workshops gardens markets
  postRule { required status } postsFilled postsVacant postsShortfall jobFairs jobFairsRequired
  fairPostings postingsPushed postingsRequired stationRequired stationStatus station { staff checklist { missing } }"""


@pytest.fixture
async def sites(platform: Platform) -> dict[str, int]:
    found = await world(platform)
    await add_facility(platform, found["S1"], opened=date(2019, 1, 1))
    await add_facility(platform, found["S1"], SiteFacilityKind.MARKET, name="微市场")
    await add_facility(
        platform, found["S1"], SiteFacilityKind.GARDEN, name="旧微田园", closed=date(2019, 6, 30)
    )
    await add_post(platform, found["S1"], B_HEAD, start=date(2019, 5, 1))
    await add_post(platform, found["S1"], title="治安巡逻员")
    await add_post(platform, found["S4"], G_HEAD, start=date(2019, 7, 1))
    fair = {"employers": 10, "postings": 400, "attendees": 120, "intentions": 30}
    for day, title in (
        (date(2019, 3, 1), "春风行动"),
        (date(2019, 10, 1), "金秋招聘"),
        (date(2018, 5, 1), "去年"),
    ):
        await create(platform, FAIRS, site_id=found["S1"], held_on=day, title=title, **fair)
    await create(
        platform,
        FAIRS,
        site_id=found["S1"],
        held_on=date(2019, 4, 1),
        title="取消了",
        cancelled=True,
        **fair,
    )
    for day, postings in (
        (date(2019, 2, 1), 9_000),
        (date(2019, 9, 30), 6_000),
        (date(2019, 10, 1), 5_000),
    ):
        await create(
            platform,
            PUSHES,
            site_id=found["S1"],
            pushed_on=day,
            channel=JobPushChannel.SMS,
            postings=postings,
            households=200,
        )
    ready = {f"{name}_ready": True for name in ("organisation", "personnel", "funding")}
    ready |= {"premises_ready": True, "work_ready": True}
    await create(
        platform,
        STATIONS,
        site_id=found["S4"],
        name="四号服务站",
        established_on=date(2019, 6, 1),
        staff=3,
        **ready,
    )
    return found


async def test_figures_by_site(gql: GraphQLClient, sites: dict[str, int]) -> None:
    data = await gql('{ siteScorecards(asOf: "2019-09-30") { totalCount nodes { %s } } }' % CARD)
    cards = {c["site"]["name"]: c for c in data["siteScorecards"]["nodes"]}
    assert data["siteScorecards"]["totalCount"] == 4
    assert cards["一号安置点"] == {
        "site": {"name": "一号安置点"},
        "asOf": "2019-09-30",
        "population": 999,
        "households": 1,  # H-B
        "householdsNotFlagged": 0,
        "members": 1,
        "labourers": 1,
        "labourHouseholds": 1,
        "householdsWithEmployment": 0,  # 乙's job ended on 2019-09-29
        "employmentRate": "0.00",
        "hasConditions": True,
        "workshops": 1,
        "gardens": 0,  # closed on 2019-06-30
        "markets": 1,
        "postRule": {"required": 3, "status": "PLAN_RULE"},
        "postsFilled": 1,
        "postsVacant": 1,
        "postsShortfall": 2,
        "jobFairs": 1,  # 2019-03-01; 2019-10-01 is after asOf, 2018 is another year
        "jobFairsRequired": 2,
        "fairPostings": 400,
        "postingsPushed": 15_000,
        "postingsRequired": 30_000,
        "stationRequired": False,
        "stationStatus": "NOT_REQUIRED",
        "station": None,
    }
    s2, s3, s4 = cards["二号安置点"], cards["三号安置点"], cards["四号安置点"]
    assert (s2["labourHouseholds"], s2["employmentRate"], s2["members"]) == (0, None, 1)
    assert (s2["postRule"], s2["postsShortfall"]) == ({"required": None, "status": "NO_RULE"}, None)
    assert (s2["stationRequired"], s2["stationStatus"]) == (True, "MISSING")
    assert (s3["householdsWithEmployment"], s3["employmentRate"]) == (1, "100.00")  # H-E's 戊
    assert (s4["postsFilled"], s4["postsShortfall"], s4["stationStatus"]) == (1, 9, "INCOMPLETE")
    assert s4["station"] == {"staff": 3, "checklist": {"missing": ["制度"]}}
    only_sanjiang = await gql(
        '{ siteScorecards(filter: {region: "450226"}) { nodes { site { name } } } }'
    )
    assert only_sanjiang["siteScorecards"]["nodes"] == [{"site": {"name": "四号安置点"}}]


@pytest.mark.usefixtures("sites")
async def test_statements_do_not_grow_with_the_number_of_sites(
    gql: GraphQLClient, sql_counter: StatementCounter
) -> None:
    counts = []
    for size in (1, 4):
        sql_counter.reset()
        data = await gql(
            '{ siteScorecards(first: %d, asOf: "2019-09-30") { nodes { %s } } }' % (size, CARD)
        )
        assert len(data["siteScorecards"]["nodes"]) == size
        counts.append(sql_counter.count)
    # the page, the households' figures, the sites' figures, the stations
    assert counts == [4, 4], sql_counter.statements


async def test_more_sites_same_statements(
    gql: GraphQLClient, platform: Platform, sql_counter: StatementCounter
) -> None:
    found = await world(platform)
    for site_id in found.values():
        await add_post(platform, site_id)
    sql_counter.reset()
    data = await gql(
        "{ siteScorecards(first: 100) { totalCount nodes { postsVacant site { region { name } } } } }"
    )
    assert [n["postsVacant"] for n in data["siteScorecards"]["nodes"]] == [1, 1, 1, 1]
    # page, households, figures, stations, townships, totalCount
    assert sql_counter.count == 6, sql_counter.statements
