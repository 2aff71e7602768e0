"""The benchmark suite (`make bench`): prints a table per scenario and writes them into
docs/performance.md between the `bench:start` and `bench:end` markers, leaving the rest of
that page (the analysis) as it is.

    python -m bench.run [--quick] [--full] [--only SCENARIO ...]

--quick uses 10,000 households and short loads; --full adds 1,000,000 households on PostgreSQL.
Never run by the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent.parent))

from bench import http, inprocess
from bench.common import machine, pg_url, prepared, sqlite_url

DOC = Path(__file__).parent.parent / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
SCENARIOS = ("fixed", "nested", "http", "board", "browser", "import", "demo")


def table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str, str]]) -> str:
    """A Markdown table: (key, heading, format) per column."""
    lines = ["| " + " | ".join(h for _, h, _ in columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = []
        for key, _, fmt in columns:
            value = row.get(key, "")
            cells.append(
                format(value, fmt) if fmt and isinstance(value, int | float) else str(value)
            )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


async def _main(args: argparse.Namespace) -> str:
    sizes = [10_000] if args.quick else [10_000, 100_000]
    main_size = sizes[-1]
    kinds = ["sqlite", "postgresql"]
    wanted = set(args.only or SCENARIOS)
    out: list[str] = [f"Measured {datetime.date.today().isoformat()} on {machine()}", ""]

    def emit(lines: list[str]) -> None:
        """Keep a finished section and show it at once (a later failure loses nothing)."""
        out.extend(lines)
        print("\n".join(lines), flush=True)

    print(out[0], flush=True)

    databases = {}
    for kind in kinds:
        for size in sizes:
            databases[(kind, size)] = await prepared(kind, size)
    if args.full:
        databases[("postgresql", 1_000_000)] = await prepared("postgresql", 1_000_000)

    if "nested" in wanted:
        rows = []
        for kind in kinds:
            rows += await inprocess.nested_lists(databases[(kind, main_size)])
        emit(
            [
                f"### 1. Nested lists — `households(first: N) {{ members {{ employments }} }}` at {main_size:,} households",
                "",
                table(
                    rows,
                    [
                        ("database", "database", ""),
                        ("N", "N", ""),
                        ("statements", "SQL statements", ""),
                        ("fields", "fields resolved", ""),
                        ("execution_ms", "execution (ms)", ".2f"),
                        ("bare_sql_ms", "same SQL bare (ms)", ".2f"),
                        ("ratio", "ratio", ".2f"),
                        ("us_per_field", "µs per field beyond SQL", ".2f"),
                        (
                            "floor_us_per_field",
                            "graphql-core alone, same answer (µs per field)",
                            ".2f",
                        ),
                    ],
                ),
                "",
            ]
        )
    if "board" in wanted:
        rows = [await inprocess.city_board(db) for db in databases.values()]
        emit(
            [
                "### 3. City board — `metrics` for the city, county breakdown, every registered metric",
                "",
                table(
                    rows,
                    [
                        ("database", "database", ""),
                        ("households", "households", ","),
                        ("metrics", "metrics", ""),
                        ("statements", "SQL statements", ""),
                        ("time_ms", "time (ms)", ".0f"),
                    ],
                ),
                "",
            ]
        )
    if "browser" in wanted:
        from bench import browser

        rows = [
            await asyncio.to_thread(browser.board_ready, databases[(kind, main_size)])
            for kind in kinds
        ]  # Playwright's sync API runs outside the event loop
        emit(
            [
                f"### 3b. The city board in the browser — headless Chromium, 1366×768, {main_size:,} households",
                "",
                table(
                    rows,
                    [
                        ("database", "database", ""),
                        ("households", "households", ","),
                        ("ready_ms", "navigation → every figure drawn (ms, median of 5)", ".0f"),
                    ],
                ),
                "",
            ]
        )
    if wanted & {"fixed", "http"}:
        rows = []
        for kind in kinds:
            rows += http.scenarios(
                databases[(kind, main_size)], seconds=3 if args.quick else 8, workers=2
            )
        emit(
            [
                f"### 0 and 2. Over HTTP — uvicorn, 2 workers, wrk on loopback, {main_size:,} households",
                "",
                table(
                    rows,
                    [
                        ("database", "database", ""),
                        ("scenario", "scenario", ""),
                        ("clients", "clients", ""),
                        ("rps", "requests/s", ".1f"),
                        ("p50_ms", "p50 (ms)", ".2f"),
                        ("p99_ms", "p99 (ms)", ".2f"),
                        ("plain_rps", "plain Starlette, same SQL (requests/s)", ".0f"),
                        ("share", "share of plain", ".0%"),
                    ],
                ),
                "",
            ]
        )
    if "import" in wanted:
        try:
            from bench import import_bench  # type: ignore[attr-defined]
        except ImportError:
            import_bench = None
        if import_bench is not None and hasattr(import_bench, "measure"):
            rows = [await import_bench.measure(kind) for kind in kinds]
            emit(["### 4. Import — 100,000 ledger rows", "", import_bench.render(rows), ""])
    if "demo" in wanted:
        rows = []
        for kind in kinds:
            url = sqlite_url("demo") if kind == "sqlite" else await pg_url("demo")
            if kind == "sqlite":
                await asyncio.to_thread(_remove_sqlite, url)
            else:
                await _drop_pg(url)
                url = await pg_url("demo")
            rows.append(await inprocess.demo_generation(kind, url, main_size))
        emit(
            [
                f"### 5. Demo data — generating {main_size:,} households (core and every plugin)",
                "",
                table(
                    rows,
                    [
                        ("database", "database", ""),
                        ("households", "households", ","),
                        ("time_s", "time (s)", ".1f"),
                    ],
                ),
                "",
            ]
        )
    return "\n".join(out)


def _remove_sqlite(url: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)


async def _drop_pg(url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from bench.common import PG_SERVER
    from core.db import normalize_url

    name = url.rsplit("/", 1)[1]
    admin = create_async_engine(normalize_url(PG_SERVER), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--only", nargs="*", choices=SCENARIOS)
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave docs/performance.md alone"
    )
    args = parser.parse_args()
    report = asyncio.run(_main(args))
    print(report)
    if args.no_write:
        return
    page = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in page:
        page += f"\n{START}\n{END}\n"
    head, rest = page.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{report}\n{END}{tail}", encoding="utf-8")
    print(f"written to {DOC}")


if __name__ == "__main__":
    main()
