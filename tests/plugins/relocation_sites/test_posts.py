"""Site posts: opened vacant or filled, filled by the site's own residents, ended not deleted."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from core.platform import Platform
from core.records.enums import Relation
from core.records.models import person
from core.testing.factories import (
    TOWNSHIP_A,
    VILLAGE_A2,
    add_household,
    four_households,
    id_number,
    member,
)
from core.testing.kit import GraphQLClient
from tests.plugins.relocation_sites.helpers import add_post, add_site, gid, link, problems

B_HEAD = id_number(date(1960, 1, 1), 5)
E_HEAD = id_number(date(1975, 1, 1), 11)
E_WIFE = id_number(date(1977, 1, 1), 12)
A_HEAD = id_number(date(1970, 1, 1), 1)

POST = """id title openedOn startDate endDate monthlyPay version filled(on: "2019-09-30")
          holder { name } site { name }"""
ERROR = "... on RecordError { code message problems { field code message } }"
CREATE = """mutation($i: SitePostCreateInput!) { createSitePost(input: $i) {
  __typename ... on SitePostSuccess { sitePost { %s } } %s } }""" % (POST, ERROR)
UPDATE = """mutation($i: SitePostUpdateInput!) { updateSitePost(input: $i) {
  __typename ... on SitePostSuccess { sitePost { %s } } %s } }""" % (POST, ERROR)


async def who(platform: Platform, number: str) -> str:
    """The global id of the person with this ID number."""
    async with platform.db.connect() as conn:
        query = select(person.c.id).where(person.c.id_number_hash == number)
        return gid("Person", (await conn.execute(query)).scalar_one())


@pytest.fixture
async def site_id(platform: Platform) -> int:
    await four_households(platform)
    await add_household(
        platform,
        "H-E",
        VILLAGE_A2,
        [member("戊", date(1975, 1, 1), 11), member("戊妻", date(1977, 1, 1), 12, Relation.SPOUSE)],
        relocated=True,
    )
    site = await add_site(platform, "甲安置点", TOWNSHIP_A, 800)
    await link(platform, "H-B", site)
    await link(platform, "H-E", site)
    return site


def post_input(site_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "siteId": gid("RelocationSite", site_id),
        "title": "保洁员",
        "openedOn": "2019-03-01",
    } | overrides


async def test_open_vacant_then_fill_then_end(
    gql: GraphQLClient, platform: Platform, site_id: int
) -> None:
    created = (await gql(CREATE, {"i": post_input(site_id, monthlyPay="1200.50")}))[
        "createSitePost"
    ]["sitePost"]
    assert (
        created["holder"] is None
        and created["filled"] is False
        and created["monthlyPay"] == "1200.50"
        and created["site"] == {"name": "甲安置点"}
    )
    b_head = await who(platform, B_HEAD)
    fill = {"id": created["id"], "holderId": b_head, "startDate": "2019-04-01", "version": 1}
    filled = (await gql(UPDATE, {"i": fill}))["updateSitePost"]["sitePost"]
    assert (
        filled["holder"] == {"name": "乙"}
        and filled["startDate"] == "2019-04-01"
        and filled["filled"] is True
    )
    other = {"id": created["id"], "holderId": await who(platform, E_HEAD)}
    twice = (await gql(UPDATE, {"i": other}))["updateSitePost"]
    assert problems(twice) == {"holderId": "CONFLICT"}
    early = (await gql(UPDATE, {"i": {"id": created["id"], "endDate": "2019-03-31"}}))[
        "updateSitePost"
    ]
    assert problems(early) == {"endDate": "OUT_OF_RANGE"}
    assert "2019-04-01" in early["message"]
    end = {"id": created["id"], "endDate": "2019-09-29", "version": 2}
    ended = (await gql(UPDATE, {"i": end}))["updateSitePost"]["sitePost"]
    assert ended["endDate"] == "2019-09-29" and ended["filled"] is False and ended["version"] == 3
    again = (await gql(UPDATE, {"i": {"id": created["id"], "startDate": "2019-05-01"}}))[
        "updateSitePost"
    ]
    assert problems(again) == {"id": "CONFLICT"}
    # the same person may take another post once the first has ended
    next_post = (
        await gql(
            CREATE,
            {
                "i": post_input(
                    site_id, holderId=b_head, startDate="2019-09-30", openedOn="2019-09-01"
                )
            },
        )
    )["createSitePost"]
    assert next_post["sitePost"]["filled"] is True


async def test_holders_come_from_the_site(
    gql: GraphQLClient, platform: Platform, site_id: int
) -> None:
    outsider = (
        await gql(
            CREATE,
            {
                "i": post_input(
                    site_id, holderId=await who(platform, A_HEAD), startDate="2019-03-01"
                )
            },
        )
    )["createSitePost"]
    assert problems(outsider) == {"holderId": "RULE_VIOLATED"}
    assert "没有分配到安置点“甲安置点”" in outsider["message"]
    unknown = (await gql(CREATE, {"i": post_input(site_id, holderId=gid("Person", 99_999))}))[
        "createSitePost"
    ]
    assert problems(unknown) == {"holderId": "NOT_FOUND"}
    e_head = await who(platform, E_HEAD)
    no_start = (await gql(CREATE, {"i": post_input(site_id, holderId=e_head)}))["createSitePost"]
    assert problems(no_start) == {"startDate": "REQUIRED"}
    before_opened = (
        await gql(CREATE, {"i": post_input(site_id, holderId=e_head, startDate="2019-02-28")})
    )["createSitePost"]
    assert problems(before_opened) == {"startDate": "OUT_OF_RANGE"}
    vacant_with_start = (await gql(CREATE, {"i": post_input(site_id, startDate="2019-03-01")}))[
        "createSitePost"
    ]
    assert problems(vacant_with_start) == {"startDate": "INVALID"}


async def test_one_post_at_a_time(gql: GraphQLClient, platform: Platform, site_id: int) -> None:
    await add_post(platform, site_id, E_WIFE, start=date(2019, 3, 1))
    wife = await who(platform, E_WIFE)
    second = (await gql(CREATE, {"i": post_input(site_id, holderId=wife, startDate="2019-06-01")}))[
        "createSitePost"
    ]
    assert problems(second) == {"holderId": "CONFLICT"}


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"title": "员" * 33}, "title", "OUT_OF_RANGE"),
        ({"monthlyPay": "-0.01"}, "monthlyPay", "OUT_OF_RANGE"),
        ({"monthlyPay": "10000.01"}, "monthlyPay", "OUT_OF_RANGE"),
        ({"monthlyPay": "1.001"}, "monthlyPay", "INVALID"),
        ({"openedOn": "2999-12-31"}, "openedOn", "OUT_OF_RANGE"),
    ],
)
async def test_each_field_at_its_limits(
    gql: GraphQLClient, site_id: int, overrides: dict[str, Any], field: str, code: str
) -> None:
    result = (await gql(CREATE, {"i": post_input(site_id, **overrides)}))["createSitePost"]
    assert problems(result) == {field: code}


async def test_limits_that_pass(gql: GraphQLClient, site_id: int) -> None:
    for title, pay in (("员", "0"), ("员" * 32, "10000.00")):
        result = await gql(CREATE, {"i": post_input(site_id, title=title, monthlyPay=pay)})
        assert result["createSitePost"]["__typename"] == "SitePostSuccess"
