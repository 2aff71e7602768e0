"""Each metric of 三(五) on hand-made data whose right answer is worked out here."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import insert

from core.platform import Platform
from core.sdk import JobPushChannel
from core.sqltypes import utcnow
from core.testing.factories import TOWNSHIP_A, TOWNSHIP_B
from core.testing.kit import GraphQLClient, StatementCounter
from plugins.relocation_sites.enums import SiteFacilityKind
from plugins.relocation_sites.kinds import POSTS
from plugins.relocation_sites.models import job_fair, job_push, service_station
from plugins.relocation_sites.settings import RelocationSettings, metric_settings
from tests.plugins.relocation_sites.helpers import (
    B_HEAD,
    E_HEAD,
    G_HEAD,
    add_facility,
    add_post,
    gid,
    update,
    world,
)

RESULT = """key value base target targetSource targetBasis status statusReason period { start end }
            breakdown { regionCode value base target status }"""


async def results(
    gql: GraphQLClient, region: str, as_of: str, *keys: str, period: str = ""
) -> dict[str, Any]:
    data = await gql(
        "query($r: String!, $d: Date!, $k: [String!]) { metrics(region: $r, asOf: $d, keys: $k%s) { %s } }"
        % (period, RESULT),
        {"r": region, "d": as_of, "k": list(keys)},
    )
    return {m["key"]: m for m in data["metrics"]}


def by_region(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["regionCode"]: b for b in result["breakdown"]}


@pytest.fixture
async def sites(platform: Platform) -> dict[str, int]:
    return await world(platform)


async def test_relocated_households_with_employment(
    gql: GraphQLClient, sites: dict[str, int]
) -> None:
    # On 2019-09-30: H-B's job ended the day before, H-E works, H-F has no labour, H-G never works.
    key = "relocation.households_with_employment"
    found = (await results(gql, "450200", "2019-09-30", key))[key]
    assert (found["value"], found["base"], found["target"], found["status"]) == (
        "33.33",
        "3",
        "100.00",
        "BEHIND",
    )
    assert found["period"] == {"start": "2019-02-01", "end": "2019-09-30"}
    counties = by_region(found)
    assert (counties["450225"]["value"], counties["450225"]["base"]) == ("50.00", "2")
    assert (counties["450226"]["value"], counties["450226"]["base"]) == ("0.00", "1")
    townships = by_region((await results(gql, "450225", "2019-09-30", key))[key])
    assert townships[TOWNSHIP_A]["value"] == "50.00"
    assert townships[TOWNSHIP_B] == {
        "regionCode": TOWNSHIP_B,
        "value": None,
        "base": "0",
        "target": "100.00",
        "status": "NO_DATA",
    }
    day_before = (await results(gql, "450200", "2019-09-29", key))[key]
    assert day_before["value"] == "66.67"
    missing = await gql(
        '{ metric(key: "%s", asOf: "2019-09-30") { records(which: MISSING) { nodes { node { ... on Household { registryNumber } } } } } }'
        % key
    )
    assert [n["node"]["registryNumber"] for n in missing["metric"]["records"]["nodes"]] == [
        "H-B",
        "H-G",
    ]


async def test_sites_with_workshop(
    gql: GraphQLClient, platform: Platform, sites: dict[str, int]
) -> None:
    await add_facility(platform, sites["S1"], opened=date(2019, 1, 1))
    # S2's workshop lies 3 km away and closes the day before; its 微田园 does not count
    await add_facility(
        platform, sites["S2"], distance=3_000, opened=date(2018, 5, 1), closed=date(2019, 9, 29)
    )
    await add_facility(platform, sites["S2"], SiteFacilityKind.GARDEN, name="微田园")
    # S3 has a workshop but not "the conditions": it is in neither the number nor the target
    await add_facility(platform, sites["S3"], opened=date(2019, 1, 1))
    key = "relocation.sites_with_workshop"
    found = (await results(gql, "450200", "2019-09-30", key))[key]
    assert (found["value"], found["target"], found["targetSource"]) == ("1", "3", "RULE")
    assert "每个具备条件的安置点至少建 1 个微车间" in found["targetBasis"]
    counties = by_region(found)
    assert (counties["450225"]["value"], counties["450225"]["target"]) == ("1", "2")
    assert (counties["450226"]["value"], counties["450226"]["target"]) == ("0", "1")
    assert (counties["450222"]["target"], counties["450222"]["status"]) == ("0", "MET")
    assert (await results(gql, "450200", "2019-09-29", key))[key]["value"] == "2"
    drill = await gql(
        '{ metric(key: "%s", asOf: "2019-09-30") { records(which: ALL) { nodes { value node { ... on RelocationSite { name } } } } } }'
        % key
    )
    assert [(n["node"]["name"], n["value"]) for n in drill["metric"]["records"]["nodes"]] == [
        ("一号安置点", "1"),
        ("二号安置点", "0"),
        ("四号安置点", "0"),
    ]


async def test_site_posts_filled_against_the_rule(
    gql: GraphQLClient, platform: Platform, sites: dict[str, int]
) -> None:
    await add_post(platform, sites["S1"], B_HEAD, start=date(2019, 5, 1))
    await add_post(platform, sites["S1"], title="治安巡逻员")  # vacant
    ended = await add_post(platform, sites["S3"], E_HEAD, start=date(2019, 6, 1))
    await update(platform, POSTS, ended, end_date=date(2019, 9, 29))
    await add_post(platform, sites["S4"], G_HEAD, start=date(2019, 7, 1))
    key = "relocation.site_posts_filled"
    found = (await results(gql, "450200", "2019-09-30", key))[key]
    # S2 (3,001 residents) has no rule: the city and 融水 report NO_RULE naming it
    assert (found["value"], found["target"], found["status"]) == ("2", None, "NO_RULE")
    assert "二号安置点（3,001 人）" in found["statusReason"]
    counties = by_region(found)
    assert (counties["450225"]["value"], counties["450225"]["status"]) == ("1", "NO_RULE")
    assert (
        counties["450226"]["value"],
        counties["450226"]["target"],
        counties["450226"]["status"],
    ) == (
        "1",
        "10",
        "BEHIND",
    )
    # S1 999 → 3, S3 1,001 → 5; 甲镇 has a target, 乙乡 (S2) has none
    townships = by_region((await results(gql, "450225", "2019-09-30", key))[key])
    assert (townships[TOWNSHIP_A]["value"], townships[TOWNSHIP_A]["target"]) == ("1", "8")
    assert townships[TOWNSHIP_B]["status"] == "NO_RULE"
    await gql(
        'mutation { updateRelocationSite(input: {id: "%s", postRequirement: 6, postRequirementBasis: "县里定"}) { __typename } }'
        % gid("RelocationSite", sites["S2"])
    )
    after = (await results(gql, "450200", "2019-09-30", key))[key]
    assert (after["target"], by_region(after)["450225"]["target"]) == ("24", "14")
    assert (await results(gql, "450200", "2019-09-28", key))[key]["value"] == "3"


async def test_fairs_and_postings_in_the_year(
    gql: GraphQLClient, platform: Platform, sites: dict[str, int]
) -> None:
    async with platform.db.begin() as conn:
        await conn.execute(
            insert(job_fair),
            [
                fair_row(sites["S1"], date(2019, 3, 1)),
                fair_row(sites["S1"], date(2019, 10, 15)),
                fair_row(sites["S4"], date(2018, 12, 31)),
                fair_row(sites["S4"], date(2019, 5, 5)),
            ],
        )
        await conn.execute(
            insert(job_push),
            [
                push_row(sites["S1"], date(2019, 1, 10), 12_000),
                push_row(sites["S1"], date(2019, 12, 20), 20_000),
                push_row(sites["S4"], date(2019, 6, 1), 30_000),
            ],
        )
    fairs, postings = "relocation.site_job_fairs", "relocation.site_postings"
    found = await results(gql, "450200", "2019-09-30", fairs, postings)
    assert (found[fairs]["value"], found[fairs]["target"]) == ("2", "8")
    assert found[fairs]["period"] == {"start": "2019-01-01", "end": "2019-12-31"}
    assert (
        by_region(found[fairs])["450226"]["value"],
        by_region(found[fairs])["450226"]["target"],
    ) == ("1", "2")
    assert (found[postings]["value"], found[postings]["target"]) == ("42000", "120000")
    sanjiang = by_region(found[postings])["450226"]
    assert (sanjiang["value"], sanjiang["target"], sanjiang["status"]) == ("30000", "30000", "MET")
    year_end = await results(gql, "450200", "2019-12-31", fairs, postings)
    assert (year_end[fairs]["value"], year_end[postings]["value"]) == ("3", "62000")
    assert year_end[fairs]["status"] == "BEHIND"
    earlier_year = await results(
        gql, "450200", "2018-12-31", fairs, period=", period: {year: 2018}"
    )
    assert earlier_year[fairs]["value"] == "1"


def fair_row(site_id: int, day: date) -> dict[str, Any]:
    return {
        "site_id": site_id,
        "held_on": day,
        "title": f"{day.isoformat()} 专场",
        "employers": 10,
        "postings": 500,
        "attendees": 100,
        "intentions": 20,
        "version": 1,
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }


def push_row(site_id: int, day: date, postings: int) -> dict[str, Any]:
    return {
        "site_id": site_id,
        "pushed_on": day,
        "channel": JobPushChannel.SMS.value,
        "postings": postings,
        "households": 100,
        "version": 1,
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }


def station_row(site_id: int, day: date) -> dict[str, Any]:
    now = utcnow()
    return {
        "site_id": site_id,
        "name": "服务站",
        "established_on": day,
        "staff": 2,
        "subsidy_fen": 8_000_000,
        "organisation_ready": True,
        "personnel_ready": True,
        "funding_ready": True,
        "premises_ready": True,
        "work_ready": True,
        "rules_ready": False,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


async def test_service_stations_at_large_sites_no_community_manages(
    gql: GraphQLClient, platform: Platform, sites: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Large (≥ 1,000 by default) and not community-managed: S2 (3,001) and S4 (5,000).
    # S1 has 999 residents; S3 (1,001) is community-managed, so its station does not count.
    async with platform.db.begin() as conn:
        await conn.execute(
            insert(service_station),
            [
                station_row(sites["S2"], date(2019, 10, 1)),
                station_row(sites["S3"], date(2019, 1, 1)),
                station_row(sites["S4"], date(2019, 6, 1)),
            ],
        )
    key = "relocation.service_stations"
    found = (await results(gql, "450200", "2019-09-30", key))[key]
    assert (found["value"], found["target"]) == ("1", "2")
    assert "规模以上安置点建 1 个服务站" in found["targetBasis"]
    counties = by_region(found)
    assert (counties["450225"]["value"], counties["450225"]["target"]) == ("0", "1")
    assert (
        counties["450226"]["value"],
        counties["450226"]["target"],
        counties["450226"]["status"],
    ) == (
        "1",
        "1",
        "MET",
    )
    assert (await results(gql, "450200", "2019-12-31", key))[key]["value"] == "2"
    # "large" is a setting: at 5,000 only S4 needs a station
    monkeypatch.setenv("JIUYE_RELOCATION_LARGE_SITE_POPULATION", "5000")
    metric_settings.cache_clear()
    read = platform.plugins.settings_of(RelocationSettings)
    monkeypatch.setattr(read, "large_site_population", 5000)
    narrowed = (await results(gql, "450200", "2019-09-30", key))[key]
    assert (narrowed["value"], narrowed["target"]) == ("1", "1")
    flags = await gql("{ relocationSites { nodes { name stationRequired } } }")
    assert [n["stationRequired"] for n in flags["relocationSites"]["nodes"]] == [
        False,
        False,
        False,
        True,
    ]


@pytest.mark.usefixtures("sites")
async def test_every_metric_is_listed_with_its_lead(gql: GraphQLClient) -> None:
    data = await gql(
        "{ metricDefinitions { key unit clause actionLine leadDepartment { code } entityType } }"
    )
    mine = {d["key"]: d for d in data["metricDefinitions"] if d["key"].startswith("relocation.")}
    assert {k: (d["unit"], d["clause"], d["leadDepartment"]["code"]) for k, d in mine.items()} == {
        "relocation.households_with_employment": ("%", "三(五)", "XQZF"),
        "relocation.sites_with_workshop": ("个", "三(五)1", "XQZF"),
        "relocation.site_posts_filled": ("个", "三(五)2", "XQZF"),
        "relocation.site_job_fairs": ("场", "三(五)3", "XQZF"),
        "relocation.site_postings": ("个", "三(五)3", "XQZF"),
        "relocation.service_stations": ("个", "三(五)4", "RSJ"),
    }
    assert {d["actionLine"] for d in mine.values()} == {"三(五)"}


async def test_statements_do_not_grow_with_households(
    demo_gql: GraphQLClient, demo_sql_counter: StatementCounter
) -> None:
    await demo_gql(
        '{ metrics(asOf: "2019-12-31", keys: %s) { value breakdown { value } } }'
        % str(KEYS).replace("'", '"')
    )
    # children, targets, one pass per source (6), one site list per site rule (5)
    assert demo_sql_counter.count == 13, demo_sql_counter.statements


KEYS = [
    "relocation.households_with_employment",
    "relocation.sites_with_workshop",
    "relocation.site_posts_filled",
    "relocation.site_job_fairs",
    "relocation.site_postings",
    "relocation.service_stations",
]
