"""Time a 100,000-row 两清 ledger import on SQLite and PostgreSQL, with peak memory.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--postgres URL | --no-postgres]

Builds one `.xlsx` from the demo generator (a 统计用区划代码 sheet and a 两清台账 sheet of
`--rows` member rows, realistic names, IDs, jobs and relocation), then for each database:
migrates a fresh one, imports the file (everything created), imports it again (everything
unchanged). Each import runs in its own process, so its peak RSS (VmHWM) is its own.
Never run by the test suite; figures go to docs/performance.md.
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
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = date(2019, 9, 30)
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def build(path: Path, rows: int) -> int:
    """Write the benchmark workbook; return how many ledger rows it holds."""
    from openpyxl import Workbook

    from core.money import fen_to_yuan
    from core.records.demo import generate
    from core.records.enums import LabourCapacity, Relation, WorkForm, WorkPlace
    from core.records.importers import LEDGER_COLUMNS, REGION_COLUMNS
    from core.records.reference import REGIONS

    data = generate(seed=2019, households=rows // 3 + 100)
    names = {code: name for code, name, *_ in REGIONS}
    names.update({r["code"]: r["name"] for r in data.regions})
    book = Workbook(write_only=True)
    regions = book.create_sheet("区划")
    regions.append([c.header for c in REGION_COLUMNS])
    for r in data.regions:
        regions.append(
            [
                r["code"].ljust(12, "0"),
                r["name"],
                r["urban_rural_class"],
                ("是" if r["poor_village"] else "否") if r["level"] == "VILLAGE" else None,
                ("是" if r["key_poor_township"] else "否") if r["level"] == "TOWNSHIP" else None,
            ]
        )
    ledger = book.create_sheet("两清台账")
    ledger.append([c.header for c in LEDGER_COLUMNS])
    written = 0
    for home, members, spells in zip(data.households, data.members, data.spells, strict=True):
        village = home["village_code"]
        place = [names[village[:6]], names[village[:9]], names[village]]
        for member, member_spells in zip(members, spells, strict=True):
            active = [
                s
                for s in member_spells
                if s["start_date"] <= AS_OF and (s["end_date"] is None or s["end_date"] >= AS_OF)
            ]
            job: list[object] = ["未就业", None, None, None, None, None]
            if active:
                s = active[-1]
                income = s["monthly_income_fen"]
                job = [
                    "已就业",
                    WorkForm(s["form"]).label,
                    WorkPlace(s["place"]).label,
                    s["employer"],
                    s["start_date"],
                    fen_to_yuan(income) if income is not None else None,
                ]
            ledger.append(
                [
                    home["registry_number"],
                    member["name"],
                    member["id_number"],
                    Relation(member["relation"]).label,
                    *place,
                    LabourCapacity(member["labour_capacity"]).label,
                    member["phone"],
                    "是" if home["relocated"] else "否",
                    f"{place[2]}安置点" if home["relocated"] else None,
                    *job,
                ]
            )
            written += 1
        if written >= rows:
            break
    book.save(path)
    return written


async def _import_once(url: str, path: Path) -> dict[str, object]:
    from core.importing.runner import Source, run_import
    from core.importing.sheets import ImportOptions
    from core.platform import Platform
    from core.settings import Settings

    platform = Platform(Settings(database_url=url, plugins=""))
    started = time.perf_counter()
    with path.open("rb") as file:
        report = await run_import(
            platform.db,
            platform.plugins,
            Source(path.name, file),
            ImportOptions(today=date.today(), as_of=AS_OF),
        )
    seconds = time.perf_counter() - started
    await platform.close()
    t = report.totals
    return {
        "seconds": round(seconds, 1),
        "committed": report.committed,
        "problems": report.problem_count,
        "read": t.read,
        "created": t.created,
        "unchanged": t.unchanged,
        "peak_rss_mib": _peak_rss_mib(),
    }


def _peak_rss_mib() -> int:
    """This process's peak resident memory. ru_maxrss would do, but Linux carries it over
    from the parent across exec (the parent that built the workbook), so VmHWM is read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


async def _prepare(url: str) -> None:
    from core import migrate
    from core.platform import Platform
    from core.settings import Settings

    platform = Platform(Settings(database_url=url, plugins=""))
    await migrate.upgrade(platform.db, platform.plugins)
    await platform.close()


async def _postgres(base: str, drop: str | None = None) -> str:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    from core.db import normalize_url

    admin = create_async_engine(normalize_url(base), isolation_level="AUTOCOMMIT")
    name = drop or f"jiuye_bench_{uuid.uuid4().hex[:8]}"
    async with admin.connect() as conn:
        if drop:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        else:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def _child(url: str, path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", url, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


_WORKBOOK: Path | None = None


async def measure(kind: str, rows: int = 100_000) -> dict[str, object]:
    """One row of the suite's import table (`make bench`, bench/run.py) for "sqlite" or "postgresql"."""
    global _WORKBOOK
    if _WORKBOOK is None:
        _WORKBOOK = Path(tempfile.mkdtemp()) / "ledger.xlsx"
        await asyncio.to_thread(build, _WORKBOOK, rows)
    if kind == "sqlite":
        url, base = f"sqlite:///{_WORKBOOK.parent / f'bench-{uuid.uuid4().hex[:8]}.db'}", None
    else:
        base = os.environ.get("JIUYE_BENCH_POSTGRES", DEFAULT_POSTGRES)
        url = await _postgres(base)
    try:
        await _prepare(url)
        first = await asyncio.to_thread(_child, url, _WORKBOOK)
        again = await asyncio.to_thread(_child, url, _WORKBOOK)
    finally:
        if base is not None:
            await _postgres(base, drop=url.rsplit("/", 1)[-1])
    return {
        "database": kind,
        "rows": first["read"],
        "first_s": first["seconds"],
        "again_s": again["seconds"],
        "peak_mib": max(int(str(first["peak_rss_mib"])), int(str(again["peak_rss_mib"]))),
    }


def render(rows: list[dict[str, object]]) -> str:
    """The suite's Markdown table of `measure` rows."""
    lines = [
        "| database | rows read | first import (s) | same file again (s) | peak memory (MiB) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['database']} | {r['rows']:,} | {r['first_s']} | {r['again_s']} | {r['peak_mib']} |"
        for r in rows
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--postgres", default=os.environ.get("JIUYE_BENCH_POSTGRES", DEFAULT_POSTGRES)
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(_import_once(args.child[0], Path(args.child[1])))))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        started = time.perf_counter()
        rows = build(path, args.rows)
        print(
            f"workbook: {rows} ledger rows, {path.stat().st_size / 2**20:.1f} MiB, "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        targets = [("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}", None)]
        if not args.no_postgres:
            targets.append(("PostgreSQL", "", args.postgres))
        for label, url, base in targets:
            if base is not None:
                url = asyncio.run(_postgres(base))
            try:
                asyncio.run(_prepare(url))
                first = _child(url, path)
                again = _child(url, path)
            finally:
                if base is not None:
                    asyncio.run(_postgres(base, drop=url.rsplit("/", 1)[-1]))
            print(f"{label}: first import {first}")
            print(f"{label}: same file again {again}")


if __name__ == "__main__":
    main()
