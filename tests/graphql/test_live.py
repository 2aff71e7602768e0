"""Subscriptions over WebSocket (graphql-transport-ws) against a real `jiuye serve`: the token
in `connection_init`, scope as for queries, and a write by a county reaching the boards that
cover it and no other."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
import websockets

from core.platform import Platform
from core.testing.factories import VILLAGE_C1, add_regions, id_number
from tests.servers import serving
from tests.test_cli import jiuye

CHANGED = "subscription($r: String) { metricsChanged(region: $r) { regionCode writes at } }"


def token(database_url: str, *args: str) -> str:
    made = jiuye("token", "create", *args, database_url=database_url)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip().splitlines()[-1]


@pytest.fixture
def server(database_url: str) -> Iterator[str]:
    with serving(database_url, JIUYE_LIVE_POLL_SECONDS="0.2") as base:
        yield base


async def connect(base: str, raw: str | None) -> Any:
    socket = await websockets.connect(
        base.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-transport-ws"]
    )
    await socket.send(json.dumps({"type": "connection_init", "payload": {"token": raw}}))
    return socket


async def message(socket: Any, wait: float = 10) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(await asyncio.wait_for(socket.recv(), wait))
    return found


async def subscribe(socket: Any, ident: str, region: str | None) -> None:
    payload = {"query": CHANGED, "variables": {"r": region}}
    await socket.send(json.dumps({"type": "subscribe", "id": ident, "payload": payload}))


def create_household(base: str, raw: str, number: str, seq: int) -> None:
    query = """mutation($v: String!, $n: String!, $id: String!) { createHousehold(input: {
        registryNumber: $n, villageCode: $v,
        members: [{name: "新", idNumber: $id, relation: HEAD, labourCapacity: ORDINARY}]}) { __typename } }"""
    answer = httpx.post(
        f"{base}/graphql",
        json={
            "query": query,
            "variables": {
                "v": VILLAGE_C1,
                "n": number,
                "id": id_number(date(1990, 1, 1), seq, "450226"),
            },
        },
        headers={"Authorization": f"Bearer {raw}"},
        timeout=30,
    ).json()
    assert answer["data"]["createHousehold"]["__typename"] == "HouseholdSuccess", answer


async def test_a_county_write_reaches_the_boards_that_cover_it(
    platform: Platform, database_url: str, server: str
) -> None:
    await add_regions(platform)
    sanjiang = token(database_url, "--role", "county", "--region", "450226", "--name", "三江")
    rongshui = token(database_url, "--role", "county", "--region", "450225", "--name", "融水")
    admin = token(database_url, "--role", "admin", "--name", "市局")
    city = await connect(server, admin)
    other = await connect(server, rongshui)
    own = await connect(server, sanjiang)
    for socket in (city, other, own):
        assert (await message(socket))["type"] == "connection_ack"
    await subscribe(city, "c", "450200")
    await subscribe(other, "o", None)  # defaults to the caller's own county
    await subscribe(own, "s", "450226")
    await asyncio.sleep(0.5)  # the feed starts from the newest write it has seen

    await asyncio.to_thread(create_household, server, sanjiang, "LIVE-1", 31)
    for socket, ident, region in ((city, "c", "450200"), (own, "s", "450226")):
        pushed = await message(socket)
        assert pushed["type"] == "next" and pushed["id"] == ident
        change = pushed["payload"]["data"]["metricsChanged"]
        assert change["regionCode"] == region and change["writes"] >= 1
    with pytest.raises(TimeoutError):
        await message(other, wait=1.5)

    # ping/pong, then a client `complete` ends one subscription; the socket stays usable
    await own.send(json.dumps({"type": "ping"}))
    assert (await message(own))["type"] == "pong"
    await own.send(json.dumps({"type": "complete", "id": "s"}))
    await asyncio.to_thread(create_household, server, sanjiang, "LIVE-2", 32)
    assert (await message(city))["type"] == "next"
    with pytest.raises(TimeoutError):
        await message(own, wait=1.5)
    for socket in (city, other, own):
        await socket.close()


async def test_scope_token_and_limits_hold_as_for_queries(
    platform: Platform, database_url: str, server: str
) -> None:
    await add_regions(platform)
    county = token(database_url, "--role", "county", "--region", "450226", "--name", "三江")

    refused = await connect(server, "jy_not_a_token")
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await message(refused)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403

    socket = await connect(server, county)
    assert (await message(socket))["type"] == "connection_ack"
    await subscribe(socket, "x", "450225")  # another county
    error = await message(socket)
    assert error["type"] == "error" and "不在您的范围内" in error["payload"][0]["message"]

    query = {"query": "{ __typename }"}
    await socket.send(json.dumps({"type": "subscribe", "id": "q", "payload": query}))
    error = await message(socket)
    assert error["type"] == "error" and "只接受订阅" in error["payload"][0]["message"]

    bad = {"query": "subscription { metricsChanged { nope } }"}
    await socket.send(json.dumps({"type": "subscribe", "id": "b", "payload": bad}))
    error = await message(socket)
    assert error["type"] == "error" and "nope" in error["payload"][0]["message"]
    await socket.close()

    # the subprotocol is required: the handshake is refused
    with pytest.raises(websockets.InvalidStatus) as refused_handshake:
        await websockets.connect(server.replace("http://", "ws://") + "/graphql")
    assert refused_handshake.value.response.status_code == 403
