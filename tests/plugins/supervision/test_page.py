"""The county officer's page in a real browser: issue → tasks → answer → deadline check.

Skipped when Chromium is not installed, unless JIUYE_REQUIRE_BROWSER is set (as for the board).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from core.platform import Platform
from tests.servers import serving
from tests.test_cli import jiuye

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    if os.environ.get("JIUYE_REQUIRE_BROWSER"):
        raise RuntimeError("JIUYE_REQUIRE_BROWSER is set but Chromium is not installed")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture
def tab() -> Iterator[tuple[Page, list[str]]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page, errors
        browser.close()


def token(database_url: str, *args: str) -> str:
    created = jiuye("token", "create", *args, database_url=database_url)
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


def api(base: str, secret: str, query: str) -> dict[str, Any]:
    body = httpx.post(
        f"{base}/graphql",
        json={"query": query},
        headers={"Authorization": f"Bearer {secret}"},
        timeout=30,
    ).json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def reload(page: Page, before: str | None = None) -> None:
    page.wait_for_function(
        "before => document.body.dataset.loaded && document.body.dataset.loaded !== before",
        arg=before,
        timeout=30_000,
    )


def test_a_county_answers_its_tasks_and_sees_the_check(
    platform: Platform, database_url: str, tab: tuple[Page, list[str]]
) -> None:
    page, errors = tab
    issued = jiuye(
        "supervision", "issue", "--region", "450225", "--date", "2019-06-30",
        "--issued-on", "2019-07-05", database_url=database_url,
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    county = token(database_url, "--role", "county", "--region", "450225", "--name", "融水县")
    with serving(database_url) as base:
        tasks = api(base, county, "{ rectificationTasks { totalCount } }")
        total = tasks["rectificationTasks"]["totalCount"]
        assert total > 0
        page.goto(f"{base}/supervision/tasks#token={county}")
        reload(page)
        cards = page.locator("section.task")
        assert cards.count() == total
        assert page.url.endswith("/supervision/tasks")  # the token left the address bar
        first = cards.first
        task_id = first.get_attribute("data-task")
        first.locator("textarea[name=measures]").fill("组织乡镇专场招聘会 3 场")
        first.locator("input[name=evidence]").fill("招聘会签到表.pdf")
        loaded = page.evaluate("document.body.dataset.loaded")
        first.locator("button[type=submit]").click()
        reload(page, loaded)
        answered = page.locator(f'section.task[data-task="{task_id}"] ul.updates li')
        assert "组织乡镇专场招聘会 3 场" in answered.inner_text()
        assert "招聘会签到表.pdf" in answered.inner_text()

        checked = jiuye("supervision", "check", "--date", "2019-07-20", database_url=database_url)
        assert checked.returncode == 0, checked.stderr
        page.reload()
        reload(page)
        statuses = {
            page.locator("section.task").nth(i).get_attribute("data-status") for i in range(total)
        }
        assert statuses == {"OVERDUE"}
        assert "逾期未整改" in page.locator("section.task").first.inner_text()
    assert errors == []
