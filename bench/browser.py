"""The city board in headless Chromium: time from navigation until every figure is drawn."""

from __future__ import annotations

import os
import shutil
import statistics
from typing import Any

from bench.common import Database
from bench.http import BIN, _free_port, _server, _token

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def board_ready(db: Database, *, runs: int = 5) -> dict[str, Any]:
    """Median time (ms) until the city board has loaded, over `runs` fresh page loads."""
    chromium = shutil.which("chromium")
    if chromium is None:
        raise RuntimeError("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "JIUYE_DATABASE_URL": db.url}
    token = _token(db.url)
    port = _free_port()
    command = [str(BIN / "jiuye"), "serve", "--port", str(port), "--workers", "2"]
    times = []
    with _server(command, env, f"http://127.0.0.1:{port}/healthz") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        for _ in range(runs + 1):
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(f"{base}/?asOf=2019-09-30#token={token}")
            page.wait_for_function("() => document.body.dataset.loaded", timeout=120_000)
            elapsed = page.evaluate("() => performance.now()")
            times.append(float(elapsed))
            page.close()
        browser.close()
    times = times[1:]  # the first load also warms the server's caches
    return {"database": db.kind, "households": db.households, "ready_ms": statistics.median(times)}
