"""Which board opens when nothing is asked for: the caller's region, on the date the data
reaches (never a date years after the plan, where every target reads 100 %)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from core.dashboard.queries import board_date
from core.metrics.periods import ACTION_PERIOD
from core.platform import Platform
from core.records.enums import Relation
from core.testing import GraphQLClient
from tests.factories import VILLAGE_A1, add_household, add_job, add_regions, id_number, member


def _info(platform: Platform, today: date) -> Any:
    return SimpleNamespace(context=SimpleNamespace(today=today, db=platform.db))


async def _two_jobs(platform: Platform) -> None:
    await add_regions(platform)
    await add_household(
        platform,
        "H-1",
        VILLAGE_A1,
        [member("韦一", date(1970, 1, 1), 1), member("韦二", date(1990, 2, 2), 3, Relation.CHILD)],
    )
    await add_job(platform, id_number(date(1970, 1, 1), 1), date(2019, 3, 1))
    await add_job(platform, id_number(date(1990, 2, 2), 3), date(2019, 6, 1))


async def test_within_the_period_the_board_opens_on_the_latest_date_the_data_reaches(
    platform: Platform,
) -> None:
    assert await board_date(_info(platform, date(2019, 5, 1))) == date(2019, 5, 1)
    await _two_jobs(platform)
    assert await board_date(_info(platform, date(2019, 5, 1))) == date(2019, 3, 1)
    assert await board_date(_info(platform, date(2019, 7, 1))) == date(2019, 6, 1)


async def test_after_the_period_the_board_opens_on_its_end(
    platform: Platform, gql: GraphQLClient
) -> None:
    await _two_jobs(platform)
    assert await board_date(_info(platform, date(2026, 12, 4))) == ACTION_PERIOD.end
    board = await gql("{ dashboard { asOf regionCode headline { expected } } }")
    assert board["dashboard"]["asOf"] == ACTION_PERIOD.end.isoformat()
    assert board["dashboard"]["regionCode"] == "450200"


async def test_a_county_opens_on_its_own_county(
    platform: Platform, county_gql: GraphQLClient
) -> None:
    await add_regions(platform)
    board = await county_gql("{ dashboard { regionCode } }")
    assert board["dashboard"]["regionCode"] == "450226"
