"""Cost limits, before and after: a shared-strings zip bomb uploaded, and 15 boards in one request.

    PYTHONPATH=. .venv/bin/python -P bench/limits.py [--households 20000] [--strings 15000000]

Each case runs in a fresh process (so its peak memory is its own) on the code `PYTHONPATH`
names: `PYTHONPATH=<another checkout>` measures that checkout's code with this script
(`-P` keeps this folder off the path, where `bench/http.py` would hide the standard
library's `http`). Prints a Markdown table:
wall time and peak resident memory of the process for each case. Never run by the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
BOARDS = (
    "{ "
    + " ".join(f"b{i}: dashboard {{ regionName behind {{ shortfall }} }}" for i in range(15))
    + " }"
)


def bomb(path: Path, strings: int) -> Path:
    """A one-sheet workbook whose shared texts part unzips to `strings` × 17 bytes."""
    from openpyxl import Workbook

    plain = path.with_suffix(".plain.xlsx")
    book = Workbook()
    book.active.append(["户编号", "姓名", "身份证号"])
    book.save(plain)
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "[Content_Types].xml":
                override = (
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_TYPE}"/>'
                )
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            new.writestr(info, data)
        with new.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{MAIN}" count="{strings}" uniqueCount="{strings}">'.encode())
            chunk = b"<si><t>x</t></si>" * 10_000
            for _ in range(strings // 10_000):
                part.write(chunk)
            part.write(b"</sst>")
    plain.unlink()
    return path


async def upload_case(path: Path, url: str) -> dict[str, Any]:
    """Import the file as `importLedger` does (dry run), through the app."""
    import httpx

    from core.app import create_app
    from core.graphql.context import Caller
    from core.platform import Platform
    from core.settings import Settings

    platform = Platform(Settings(database_url=url))

    async def admin(request: Any) -> Caller:
        return Caller()

    app = create_app(platform=platform, caller=admin)
    content = await asyncio.to_thread(path.read_bytes)
    query = "mutation($f: Upload!) { importLedger(file: $f, dryRun: true) { problems { code reason } } }"
    operations = {"query": query, "variables": {"f": None}}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=900
    ) as client:
        started = time.perf_counter()
        response = await client.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]})},
            files={"0": (path.name, content, "application/octet-stream")},
            headers={"X-Jiuye-Upload": "1"},
        )
        seconds = time.perf_counter() - started
    await platform.close()
    body = response.json()
    problems = (body.get("data") or {}).get("importLedger", {}).get("problems") or []
    outcome = problems[0]["code"] if problems else (body.get("errors") or [{}])[0].get("message")
    return {"outcome": outcome, "seconds": round(seconds, 2)}


async def boards_case(url: str) -> dict[str, Any]:
    """15 aliased boards from a viewer, with /healthz asked every 50 ms meanwhile."""
    import httpx

    from core.app import create_app
    from core.graphql.context import Caller
    from core.platform import Platform
    from core.settings import Settings

    platform = Platform(Settings(database_url=url))

    async def viewer(request: Any) -> Caller:
        return Caller(name="看板", role="viewer")

    app = create_app(platform=platform, caller=viewer)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=900
    ) as client:
        await client.get("/healthz")  # the pool and the schema are warm
        started = time.perf_counter()
        heavy = asyncio.ensure_future(client.post("/graphql", json={"query": BOARDS}))
        slowest = 0.0
        while not heavy.done():
            asked = time.perf_counter()
            await client.get("/healthz")
            slowest = max(slowest, time.perf_counter() - asked)
            await asyncio.sleep(0.05)
        body = (await heavy).json()
        seconds = time.perf_counter() - started
    await platform.close()
    errors = body.get("errors") or []
    outcome = (
        errors[0].get("extensions", {}).get("code", errors[0]["message"]) if errors else "answered"
    )
    return {"outcome": outcome, "seconds": round(seconds, 2), "healthz_max_s": round(slowest, 2)}


def child(case: str, argument: str) -> None:
    """Run one case in this process and print its figures as JSON."""
    if case == "bomb":
        found = asyncio.run(upload_case(Path(argument.split("|")[0]), argument.split("|")[1]))
    else:
        found = asyncio.run(boards_case(argument))
    found["peak_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(found, ensure_ascii=False))


def run(case: str, argument: str) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-P", __file__, "--child", case, argument],
        check=False,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    if output.returncode:
        raise SystemExit(output.stderr)
    return dict(json.loads(output.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--strings", type=int, default=15_000_000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from bench.common import prepared

    database = asyncio.run(prepared("sqlite", args.households))
    with tempfile.TemporaryDirectory() as folder:
        path = bomb(Path(folder) / "bomb.xlsx", args.strings)
        size = path.stat().st_size
        with zipfile.ZipFile(path) as book:
            unzipped = book.getinfo("xl/sharedStrings.xml").file_size
        bombed = run("bomb", f"{path}|{database.url}")
    boards = run("boards", database.url)
    print(
        "| case | outcome | request (s) | process peak memory (MiB) | slowest /healthz meanwhile (s) |"
    )
    print("|---|---|---:|---:|---:|")
    print(
        f"| zip bomb: {size / 1024:,.0f} KB unzipping to {unzipped / 2**20:,.0f} MB of shared texts "
        f"| {bombed['outcome']} | {bombed['seconds']} | {bombed['peak_mib']} | |"
    )
    print(
        f"| 15 aliased `dashboard` fields, viewer, {args.households:,} households (SQLite) "
        f"| {boards['outcome']} | {boards['seconds']} | {boards['peak_mib']} | {boards['healthz_max_s']} |"
    )


if __name__ == "__main__":
    main()
