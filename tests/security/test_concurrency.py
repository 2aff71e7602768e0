"""Nothing lost under concurrent writers: one of two racing updates wins, the other is told."""

from __future__ import annotations

import asyncio
from datetime import date

from sqlalchemy import func, select

from core.platform import Platform
from core.records.models import household
from tests.conftest import GraphQLClient
from tests.factories import VILLAGE_A1, add_regions, four_households, id_number

CREATE = (
    """mutation($r: String!, $id: String!) { createHousehold(input: {registryNumber: $r, villageCode: "%s",
  members: [{name: "并发", idNumber: $id, relation: HEAD, labourCapacity: ORDINARY}]}) {
  __typename ... on RecordError { message } } }"""
    % VILLAGE_A1
)


async def test_fifty_concurrent_writers(gql: GraphQLClient, platform: Platform) -> None:
    await add_regions(platform)
    results = await asyncio.gather(
        *(
            gql.post(CREATE, {"r": f"C-{n:02d}", "id": id_number(date(1980, 1, 1), 100 + 2 * n)})
            for n in range(50)
        )
    )
    bodies = [r.json() for r in results]
    assert all(r.status_code == 200 for r in results)
    assert [b.get("errors") for b in bodies if b.get("errors")] == []
    assert {b["data"]["createHousehold"]["__typename"] for b in bodies} == {"HouseholdSuccess"}
    async with platform.db.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(household))).scalar_one() == 50


async def test_racing_updates_one_wins(gql: GraphQLClient, platform: Platform) -> None:
    ids = await four_households(platform)
    update = """mutation($n: String!) { updatePerson(input: {idNumber: "%s", version: 1, name: $n}) {
        __typename ... on RecordError { code } } }""" % ids["a_head"]
    first, second = await asyncio.gather(gql(update, {"n": "甲一"}), gql(update, {"n": "甲二"}))
    outcomes = sorted([first["updatePerson"]["__typename"], second["updatePerson"]["__typename"]])
    assert outcomes == ["PersonSuccess", "RecordError"]
    loser = first if first["updatePerson"]["__typename"] == "RecordError" else second
    assert loser["updatePerson"]["code"] == "CONFLICT"
