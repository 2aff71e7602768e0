"""Reads on a real streaming standby: queries read from it, a token sees its own writes at
once, mutations answer from the primary, and a standby that goes away is stepped around.

Runs a throwaway primary and standby (pg_basebackup) on loopback; only in the PostgreSQL
pass of the suite, where the server programs are installed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

import pytest

from core import migrate
from core.platform import Platform
from core.security.caller import Caller
from core.settings import Settings
from core.testing import GraphQLClient
from core.testing.factories import VILLAGE_A1, add_regions, id_number
from core.testing.kit import client_for
from tests.db.clusters import Pair, bindir, primary_and_standby, psql

CREATE = (
    """mutation($n: String!, $id: String!) { createHousehold(input: {registryNumber: $n,
    villageCode: "%s", members: [{name: "新", idNumber: $id, relation: HEAD,
    labourCapacity: ORDINARY}]}) { __typename ... on HouseholdSuccess { household { registryNumber } } } }"""
    % VILLAGE_A1
)
COUNT = '{ households(filter: {region: "450200"}) { totalCount } }'


@pytest.fixture
def pair(database_url: str) -> Iterator[Pair]:
    if not database_url.startswith("postgresql"):
        pytest.skip("replicas are PostgreSQL's; this runs in the PostgreSQL pass")
    if bindir() is None:
        pytest.skip("PostgreSQL's server programs are not installed")
    with primary_and_standby() as made:
        yield made


@pytest.fixture
async def replicated(pair: Pair) -> AsyncIterator[Platform]:
    platform = Platform(
        Settings(
            database_url=pair.url(pair.primary),
            read_database_url=pair.url(pair.standby),
            read_after_write_seconds=30,
            replica_retry_seconds=60,
        )
    )
    await migrate.upgrade(platform.db, platform.plugins)
    await add_regions(platform)
    pair.caught_up()
    yield platform
    await platform.close()


async def clients(platform: Platform) -> AsyncIterator[tuple[GraphQLClient, GraphQLClient]]:
    writer = client_for(platform, Caller(name="录入员", role="admin"))
    reader = client_for(platform, Caller(name="看板", role="admin"))
    w = await writer.__anext__()
    r = await reader.__anext__()
    yield w, r


async def test_queries_read_the_standby_and_a_writer_sees_its_own_writes(
    replicated: Platform, pair: Pair
) -> None:
    async for writer, reader in clients(replicated):
        assert (await reader(COUNT))["households"]["totalCount"] == 0
        psql(pair.standby, "select pg_wal_replay_pause()")
        try:
            made = await writer(CREATE, {"n": "R-1", "id": id_number(date(1980, 1, 1), 1)})
            # the mutation's answer is read on the primary
            assert made["createHousehold"]["household"]["registryNumber"] == "R-1"
            # the writer's next query too; the other reader's comes from the paused standby
            assert (await writer(COUNT))["households"]["totalCount"] == 1
            assert (await reader(COUNT))["households"]["totalCount"] == 0
            board = await reader('{ dashboard(asOf: "2019-09-30") { headline { base } } }')
            assert board["dashboard"]["headline"]["base"] in (None, "0", 0)
        finally:
            psql(pair.standby, "select pg_wal_replay_resume()")
        pair.caught_up()
        assert (await reader(COUNT))["households"]["totalCount"] == 1
        break


async def test_a_standby_that_goes_away_is_stepped_around(
    replicated: Platform, pair: Pair, caplog: pytest.LogCaptureFixture
) -> None:
    async for writer, reader in clients(replicated):
        await writer(CREATE, {"n": "R-2", "id": id_number(date(1981, 1, 1), 2)})
        pair.caught_up()
        await asyncio.to_thread(pair.stop_standby)
        answers: list[Any] = []
        for _ in range(3):
            answers.append((await reader(COUNT))["households"]["totalCount"])
        assert answers == [1, 1, 1]
        assert "read replica" in caplog.text and "unreachable" in caplog.text
        break
