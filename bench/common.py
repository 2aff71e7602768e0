"""Shared pieces of the benchmark suite: databases of a given size, timing, the machine."""

from __future__ import annotations

import asyncio
import os
import platform as host
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from core import migrate
from core.db import normalize_url
from core.platform import Platform
from core.records.models import household
from core.settings import Settings

ROOT = Path(__file__).parent
DATA = ROOT / ".data"
PG_SERVER = os.environ.get("JIUYE_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


@dataclass(frozen=True)
class Database:
    """One benchmark database: its engine name, size and URL."""

    kind: str
    households: int
    url: str


def sqlite_url(tag: int | str) -> str:
    """A SQLite file for the benchmark database named `tag`."""
    DATA.mkdir(exist_ok=True)
    return f"sqlite:///{DATA / f'bench-{tag}.db'}"


async def pg_url(tag: int | str) -> str:
    """A PostgreSQL database for the benchmark database named `tag` (created if missing)."""
    name = f"jiuye_bench_{tag}"
    admin = create_async_engine(normalize_url(PG_SERVER), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        exists = (
            await conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        ).first()
        if exists is None:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    base = PG_SERVER.rsplit("/", 1)[0]
    return f"{base}/{name}"


async def prepared(kind: str, households: int, seed: int = 2019) -> Database:
    """A migrated database holding the demo data at this size (built once, then reused)."""
    url = sqlite_url(households) if kind == "sqlite" else await pg_url(households)
    platform = Platform(Settings(database_url=url))
    try:
        await migrate.upgrade(platform.db, platform.plugins)
        async with platform.db.connect() as conn:
            count = (await conn.execute(select(func.count()).select_from(household))).scalar_one()
        if count != households:
            if count:
                raise RuntimeError(f"{url} holds {count} households, not {households}; delete it")
            started = time.perf_counter()
            await platform.plugins.acall(
                "populate_demo", db=platform.db, seed=seed, households=households
            )
            print(
                f"  built {kind} database with {households:,} households in {time.perf_counter() - started:.0f} s"
            )
    finally:
        await platform.close()
    return Database(kind, households, url)


def median_time(run: Callable[[], Any], repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of a synchronous call, in seconds."""
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def median_async(
    run: Callable[[], Awaitable[Any]], repeat: int = 7, warmup: int = 1
) -> float:
    """Median wall time of an async call, in seconds."""
    for _ in range(warmup):
        await run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def machine() -> str:
    """One paragraph describing where the figures were measured."""
    cpu = "unknown CPU"
    try:
        for line in subprocess.run(
            ["lscpu"], capture_output=True, text=True, check=False
        ).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            total_kb = int(meminfo.readline().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    import sqlite3

    pg = "PostgreSQL"
    try:
        pg = (
            subprocess.run(
                ["psql", PG_SERVER, "-Atc", "SHOW server_version"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            or pg
        )
        pg = f"PostgreSQL {pg.split()[0]}" if pg[0].isdigit() else pg
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}; {host.system()} {host.release()}; "
        f"Python {host.python_version()}; SQLite {sqlite3.sqlite_version}; {pg}; "
        "database and load generator on the same machine (loopback); load average "
        f"{os.getloadavg()[0]:.2f} when the run began."
    )


def run(coroutine: Awaitable[Any]) -> Any:
    """Run a coroutine on a fresh event loop."""
    return asyncio.run(coroutine)  # type: ignore[arg-type]
