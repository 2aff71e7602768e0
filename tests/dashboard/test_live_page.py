"""Live figures in a real browser: a board open in Chromium shows a write made elsewhere
without a reload (the page subscribes to metricsChanged over a WebSocket)."""

from __future__ import annotations

import asyncio
import os
import shutil
from datetime import date

import httpx
import pytest

from core.platform import Platform
from core.testing.factories import (
    VILLAGE_A1,
    VILLAGE_C1,
    add_household,
    add_regions,
    id_number,
    member,
)
from tests.servers import serving
from tests.test_cli import jiuye

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    if os.environ.get("JIUYE_REQUIRE_BROWSER"):
        raise RuntimeError("JIUYE_REQUIRE_BROWSER is set but Chromium is not installed")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

CREATE = """mutation($v: String!, $n: String!, $id: String!) { createHousehold(input: {
    registryNumber: $n, villageCode: $v,
    members: [{name: "新户", idNumber: $id, relation: HEAD, labourCapacity: ORDINARY}]}) { __typename } }"""


def _watch(base: str, token: str) -> tuple[str, str, int]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1366, "height": 768})
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(f"{base}/?asOf=2019-09-30#token={token}")
        tab.wait_for_function("() => document.body.dataset.live === 'on'", timeout=30_000)
        before = tab.inner_text("#headline-detail")
        loads = int(tab.evaluate("() => document.body.dataset.loads"))
        # a write by someone else, over the API
        answer = httpx.post(
            f"{base}/graphql",
            json={
                "query": CREATE,
                "variables": {
                    "v": VILLAGE_C1,
                    "n": "LIVE-9",
                    "id": id_number(date(1985, 5, 5), 41, "450226"),
                },
            },
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ).json()
        assert answer["data"]["createHousehold"]["__typename"] == "HouseholdSuccess", answer
        tab.wait_for_function(
            "n => Number(document.body.dataset.loads) > n", arg=loads, timeout=20_000
        )
        after = tab.inner_text("#headline-detail")
        reloads = int(tab.evaluate("() => document.body.dataset.loads")) - loads
        browser.close()
    assert errors == []
    return before, after, reloads


async def test_an_open_board_shows_a_new_household_without_a_reload(
    platform: Platform, database_url: str
) -> None:
    await add_regions(platform)
    await add_household(platform, "H-1", VILLAGE_A1, [member("韦一", date(1970, 1, 1), 1)])
    made = jiuye("token", "create", "--role", "admin", "--name", "看板", database_url=database_url)
    token = made.stdout.strip().splitlines()[-1]
    with serving(database_url, JIUYE_LIVE_POLL_SECONDS="0.3") as base:
        before, after, reloads = await asyncio.to_thread(_watch, base, token)
    assert "有劳动能力的户 1 户" in before
    assert "有劳动能力的户 2 户" in after
    assert reloads >= 1
