"""The board in a real browser: headless Chromium against uvicorn serving the demo data.

Skipped when Chromium is not installed, unless JIUYE_REQUIRE_BROWSER is set (CI sets it and
installs Debian's `chromium`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import serving
from tests.test_cli import jiuye

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    if os.environ.get("JIUYE_REQUIRE_BROWSER"):
        raise RuntimeError("JIUYE_REQUIRE_BROWSER is set but Chromium is not installed")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(demo_url: str) -> Iterator[str]:
    with serving(demo_url) as base:
        yield base


@pytest.fixture(scope="module")
def token(demo_url: str) -> str:
    created = jiuye(
        "token", "create", "--role", "admin", "--name", "浏览器测试", database_url=demo_url
    )
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


@pytest.fixture
def page(base_url: str) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A 1366×768 page; collects console errors and every request URL."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": 1366, "height": 768}, accept_downloads=True
        )
        tab = context.new_page()
        errors: list[str] = []
        requests: list[str] = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.on("request", lambda r: requests.append(r.url))
        yield tab, errors, requests
        browser.close()


TOKEN: dict[str, str] = {}


def api(base_url: str, query: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {TOKEN['admin']}"}
    body = httpx.post(
        f"{base_url}/graphql", json={"query": query}, headers=headers, timeout=30
    ).json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def wait_loaded(tab: Page, prefix: str) -> None:
    tab.wait_for_function(
        "prefix => (document.body.dataset.loaded || '').startsWith(prefix)",
        arg=prefix,
        timeout=30_000,
    )


def test_board_matches_the_api_and_drills(
    page: tuple[Page, list[str], list[str]], base_url: str, token: str, tmp_path: Path
) -> None:
    TOKEN["admin"] = token
    tab, errors, requests = page
    tab.goto(f"{base_url}/?asOf=2019-09-30#token={token}")
    wait_loaded(tab, "450200|2019-09-30")
    board = api(
        base_url,
        '{ dashboard(asOf: "2019-09-30") { headline { value } rows { regionCode cells { key result { value } } } } }',
    )["dashboard"]
    assert number(tab.inner_text("[data-testid=headline-value]")) == Decimal(
        board["headline"]["value"]
    )
    rows = tab.locator("#matrix tbody tr")
    assert rows.count() == len(board["rows"]) == 10
    rongshui = next(r for r in board["rows"] if r["regionCode"] == "450225")
    headline_cell = next(
        c for c in rongshui["cells"] if c["key"] == "core.households_with_employment"
    )
    shown = tab.locator(
        '#matrix tr[data-region="450225"] a[data-key="core.households_with_employment"]'
    )
    assert number(shown.inner_text()) == Decimal(headline_cell["result"]["value"])

    screenshot = tmp_path / "dashboard.png"
    tab.screenshot(path=str(screenshot), full_page=False)
    assert screenshot.stat().st_size > 10_000
    if os.environ.get("JIUYE_SCREENSHOT"):
        tab.screenshot(path=os.environ["JIUYE_SCREENSHOT"], full_page=False)

    # drill-through: the records behind the county's number, as many as the API says
    shown.click()
    tab.wait_for_function(
        "() => document.querySelector('#drill-summary').dataset.total !== undefined"
    )
    total = int(tab.get_attribute("#drill-summary", "data-total") or "0")
    expected = api(
        base_url,
        '{ metric(key: "core.households_with_employment", region: "450225", asOf: "2019-09-30") { records { totalCount } } }',
    )["metric"]["records"]["totalCount"]
    assert total == expected > 0
    assert tab.locator("#drill-table tr.record").count() == min(20, total)
    drilled = tab.inner_text("#drill-table")
    assert "计入完成数" in drilled and "户" in drilled
    assert "Household" not in drilled and "计入分子" not in drilled
    with tab.expect_download() as download:
        tab.click("#drill-export")
    saved = tmp_path / "records.xlsx"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    tab.click("#drill-close")

    # drill-down: the county's own board, its townships as rows
    tab.click('#matrix tr[data-region="450225"] td.region a')
    wait_loaded(tab, "450225|")
    townships = api(base_url, '{ regions(parent: "450225") { code } }')["regions"]
    assert tab.locator("#matrix tbody tr").count() == len(townships)
    assert "融水县" in tab.inner_text("#crumbs")

    # the date picker changes the figures
    before = tab.inner_text("[data-testid=headline-value]")
    tab.fill("#asOf", "2019-03-31")
    tab.dispatch_event("#asOf", "change")
    wait_loaded(tab, "450225|2019-03-31")
    after = tab.inner_text("[data-testid=headline-value]")
    county_early = api(
        base_url,
        '{ metric(key: "core.households_with_employment", region: "450225", asOf: "2019-03-31") { value } }',
    )["metric"]["value"]
    assert number(after) == Decimal(county_early) != number(before)

    assert errors == []
    assert all(
        url.startswith(base_url) or url.startswith(("data:", "blob:")) for url in requests
    ), requests


def test_opens_on_the_date_the_data_reaches_and_says_so(
    page: tuple[Page, list[str], list[str]], base_url: str, token: str
) -> None:
    TOKEN["admin"] = token
    tab, errors, _ = page
    tab.goto(f"{base_url}/#token={token}")
    wait_loaded(tab, "450200|2019-09-30")
    assert "asOf=2019-09-30" in tab.url and "region=450200" in tab.url
    assert "统计日 2019-09-30" in tab.inner_text("#status")
    assert tab.input_value("#asOf") == "2019-09-30"
    assert "2026" not in tab.inner_text("[data-testid=headline-value]")
    assert errors == []


def test_without_a_token_the_page_asks_for_one_and_shows_no_empty_card(
    page: tuple[Page, list[str], list[str]], base_url: str
) -> None:
    tab, _, _ = page
    tab.goto(f"{base_url}/")
    tab.wait_for_function("() => document.getElementById('status').textContent.includes('令牌')")
    assert not tab.locator("#headline").is_visible()
    assert "%" not in tab.inner_text("body")


def test_snapshot_picker(
    page: tuple[Page, list[str], list[str]], base_url: str, token: str
) -> None:
    TOKEN["admin"] = token
    tab, errors, _ = page
    api(
        base_url,
        'mutation { createMetricSnapshot(input: {label: "浏览器测试", asOf: "2019-06-30"}) { __typename } }',
    )
    tab.goto(f"{base_url}/#token={token}")
    wait_loaded(tab, "450200|")
    tab.select_option("#snapshot", "浏览器测试")
    wait_loaded(tab, "450200|2019-06-30")
    assert "快照“浏览器测试”" in tab.inner_text("#status")
    frozen = api(base_url, '{ dashboard(snapshot: "浏览器测试") { headline { value } } }')[
        "dashboard"
    ]
    assert number(tab.inner_text("[data-testid=headline-value]")) == Decimal(
        frozen["headline"]["value"]
    )
    assert errors == []


def test_viewer_sees_no_lists(
    page: tuple[Page, list[str], list[str]], base_url: str, demo_url: str
) -> None:
    tab, errors, _ = page
    created = jiuye(
        "token", "create", "--role", "viewer", "--name", "看板查看者", database_url=demo_url
    )
    viewer = created.stdout.strip().splitlines()[-1]
    tab.goto(f"{base_url}/?asOf=2019-09-30#token={viewer}")
    wait_loaded(tab, "450200|2019-09-30")
    assert tab.locator("a.value-link").count() == 0
    assert "查看者不显示名单" in tab.inner_text("#headline-detail")
    assert tab.locator("#matrix tbody tr").count() == 10
    # A withheld cell shows a dash, and says why when pointed at.
    tab.goto(f"{base_url}/?region=450225&asOf=2019-09-30#token={viewer}")
    wait_loaded(tab, "450225|2019-09-30")
    withheld = tab.locator("#matrix td.SUPPRESSED")
    assert withheld.count() >= 2
    assert withheld.first.inner_text().strip() == "—"
    assert (withheld.first.get_attribute("title") or "").startswith("不显示：")
    assert errors == []


def test_graphiql_runs_the_nested_query(
    page: tuple[Page, list[str], list[str]], base_url: str, token: str
) -> None:
    """What `make serve` promises: GraphiQL, served locally, answers households → members → employments."""
    tab, errors, requests = page
    tab.goto(f"{base_url}/graphql#token={token}")
    tab.wait_for_selector(".graphiql-execute-button", timeout=30_000)
    tab.click(".graphiql-execute-button")
    tab.wait_for_function(
        "() => (document.querySelector('.graphiql-response')?.innerText || '').includes('registryNumber')",
        timeout=30_000,
    )
    response = tab.inner_text(".graphiql-response")
    assert '"members"' in response and '"employments"' in response and '"errors"' not in response
    assert all(
        url.startswith(base_url) or url.startswith(("data:", "blob:")) for url in requests
    ), requests
    assert errors == []


def test_map_colours_the_counties_and_drills_down(
    page: tuple[Page, list[str], list[str]], base_url: str, token: str
) -> None:
    TOKEN["admin"] = token
    tab, errors, _ = page
    tab.goto(f"{base_url}/?asOf=2019-09-30#token={token}")
    wait_loaded(tab, "450200|2019-09-30")
    tab.wait_for_function("() => window.jiuyeMap && document.getElementById('map').dataset.metric")
    assert tab.locator("#map-wrap").is_visible()
    shown = tab.evaluate(
        "() => window.jiuyeMap.getOption().series[0].data.map(d => [d.code, d.status, d.itemStyle.areaColor])"
    )
    board = api(
        base_url,
        '{ dashboard(asOf: "2019-09-30") { columns { key } rows { regionCode cells { key result { status } } } } }',
    )["dashboard"]
    first = "core.households_with_employment"  # the headline is the map's first metric
    expected = {
        row["regionCode"]: next(c["result"]["status"] for c in row["cells"] if c["key"] == first)
        for row in board["rows"]
    }
    assert {code: status for code, status, _ in shown} == expected
    assert len({colour for _, _, colour in shown}) >= 1 and len(shown) == 10
    # choosing another metric recolours the map
    second = board["columns"][0]["key"]
    tab.select_option("#map-metric", second)
    tab.wait_for_function(
        "key => document.getElementById('map').dataset.metric === key", arg=second
    )
    # a click on 融水县 opens its board
    x, y = tab.evaluate(
        "() => window.jiuyeMap.convertToPixel({seriesIndex: 0}, [109.256334, 25.065934])"
    )
    tab.locator("#map").scroll_into_view_if_needed()
    box = tab.locator("#map").bounding_box()
    assert box is not None
    tab.mouse.click(box["x"] + x, box["y"] + y)
    wait_loaded(tab, "450225|")
    assert not tab.locator("#map-wrap").is_visible()
    assert errors == []


@pytest.mark.parametrize(("width", "height"), [(390, 844), (360, 740)])
def test_the_board_fits_a_phone(base_url: str, token: str, width: int, height: int) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=2, is_mobile=True
        )
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(f"{base_url}/?asOf=2019-09-30#token={token}")
        wait_loaded(tab, "450200|2019-09-30")
        layout = tab.evaluate(
            """() => {
              const h1 = document.querySelector('.top h1');
              const line = parseFloat(getComputedStyle(h1).lineHeight) || 27;
              const out = [...document.querySelectorAll('.card, .headline, .map-wrap, .matrix-wrap, .behind-wrap, .top')]
                .filter(e => e.offsetParent !== null)
                .map(e => e.getBoundingClientRect())
                .filter(r => r.left < -1 || r.right > window.innerWidth + 1).length;
              return {
                page: document.documentElement.scrollWidth, view: window.innerWidth,
                titleLines: Math.round(h1.getBoundingClientRect().height / line), clipped: out,
              };
            }"""
        )
        browser.close()
    assert layout["page"] <= layout["view"], layout
    assert layout["titleLines"] <= 2, layout
    assert layout["clipped"] == 0, layout
    assert errors == []


def test_headers_sit_over_their_cells(
    page: tuple[Page, list[str], list[str]], base_url: str, token: str
) -> None:
    tab, _, _ = page
    tab.goto(f"{base_url}/?asOf=2019-09-30#token={token}")
    wait_loaded(tab, "450200|2019-09-30")
    aligned = tab.evaluate(
        """() => {
          const rows = document.querySelectorAll('#behind tr');
          if (rows.length < 2) return [];
          const heads = [...rows[0].children], cells = [...rows[1].children];
          return heads.map((h, i) => [getComputedStyle(h).textAlign, getComputedStyle(cells[i]).textAlign]);
        }"""
    )
    assert aligned and all(head == cell for head, cell in aligned), aligned
