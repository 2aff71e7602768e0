"""In-process scenarios: nested lists against their bare SQL, the city board, demo generation."""

from __future__ import annotations

import time
from typing import Any

from graphql import ExecutionResult, build_schema, execute, parse, validate
from graphql.pyutils import is_awaitable
from sqlalchemy import event

from bench.common import Database, median_async, median_time
from core.graphql.context import Caller
from core.platform import Platform
from core.settings import Settings

NESTED = (
    "query($n: Int!) { households(first: $n) { edges { node { registryNumber "
    "members { name employments { startDate } } } } } }"
)

# The same shape as plain graphql-core types over dicts, resolved by graphql-core's default
# resolvers: the floor any graphql-core server pays per field, measured beside ours.
FLOOR_SCHEMA = build_schema(
    """
    type Query { households(first: Int!): Connection! }
    type Connection { edges: [Edge!]! }
    type Edge { node: Household! }
    type Household { registryNumber: String! members: [Person!]! }
    type Person { name: String! employments: [Employment!]! }
    type Employment { startDate: String! }
    """
)


def floor_time(document: Any, variables: dict[str, Any], data: dict[str, Any]) -> float:
    """Median time (s) for graphql-core alone to execute `document` over the answer `data`."""
    households = data["households"]
    root = {"households": lambda info, first: households}

    def run() -> None:
        result = execute(FLOOR_SCHEMA, document, root_value=root, variable_values=variables)
        assert isinstance(result, ExecutionResult)
        assert not result.errors

    return median_time(run, repeat=15)


class Recorder:
    """Collects the statements (with parameters) an engine runs."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []
        self.on = False

    def __call__(self, conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        if self.on and not statement.lstrip().upper().startswith(
            ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")
        ):
            self.statements.append((statement, parameters))


async def _execute(platform: Platform, document: Any, variables: dict[str, Any]) -> ExecutionResult:
    context = platform.context(caller=Caller())
    result = execute(
        platform.schema._schema, document, context_value=context, variable_values=variables
    )
    if is_awaitable(result):
        result = await result
    assert isinstance(result, ExecutionResult)
    if result.errors:
        raise RuntimeError(result.errors)
    return result


def _fields(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(_fields(v) for v in value)
    return 0


async def nested_lists(
    db: Database, sizes: tuple[int, ...] = (10, 100, 1_000)
) -> list[dict[str, Any]]:
    """`households(first: N) { members { employments } }`: statements, time, bare SQL time."""
    platform = Platform(Settings(database_url=db.url, max_page_size=max(sizes)))
    document = parse(NESTED)
    assert not validate(platform.schema._schema, document)
    recorder = Recorder()
    event.listen(platform.db.engine.sync_engine, "before_cursor_execute", recorder)
    rows = []
    try:
        for size in sizes:
            variables = {"n": size}
            await _execute(platform, document, variables)  # warm pools and caches
            recorder.statements.clear()
            recorder.on = True
            result = await _execute(platform, document, variables)
            recorder.on = False
            statements = list(recorder.statements)
            fields = _fields(result.data)
            executed = await median_async(
                lambda variables=variables: _execute(platform, document, variables), repeat=15
            )

            async def bare(statements: list[tuple[str, Any]] = statements) -> None:
                async with platform.db.connect() as conn:
                    for statement, parameters in statements:
                        await conn.exec_driver_sql(statement, parameters)

            bare_time = await median_async(bare, repeat=15)
            assert result.data is not None
            floor = floor_time(document, variables, result.data)
            rows.append(
                {
                    "database": db.kind,
                    "households": db.households,
                    "N": size,
                    "statements": len(statements),
                    "fields": fields,
                    "execution_ms": executed * 1000,
                    "bare_sql_ms": bare_time * 1000,
                    "ratio": executed / bare_time if bare_time else float("nan"),
                    "us_per_field": (executed - bare_time) * 1e6 / fields
                    if fields
                    else float("nan"),
                    "floor_us_per_field": floor * 1e6 / fields if fields else float("nan"),
                }
            )
    finally:
        await platform.close()
    return rows


BOARD = """query { metrics(asOf: "2019-09-30") { key value target status breakdown { regionCode value target status } } }"""


async def city_board(db: Database) -> dict[str, Any]:
    """Every registered metric for the city with its county breakdown, through GraphQL."""
    platform = Platform(Settings(database_url=db.url))
    document = parse(BOARD)
    counter = Recorder()
    event.listen(platform.db.engine.sync_engine, "before_cursor_execute", counter)
    try:
        await _execute(platform, document, {})
        counter.on = True
        await _execute(platform, document, {})
        counter.on = False
        elapsed = await median_async(lambda: _execute(platform, document, {}), repeat=5)
        metrics = len(platform.metrics.definitions)
    finally:
        await platform.close()
    return {
        "database": db.kind,
        "households": db.households,
        "metrics": metrics,
        "statements": len(counter.statements),
        "time_ms": elapsed * 1000,
    }


async def demo_generation(kind: str, url: str, households: int) -> dict[str, Any]:
    """Time to write `households` demo households (every plugin's demo data included)."""
    from core import migrate

    platform = Platform(Settings(database_url=url))
    try:
        await migrate.upgrade(platform.db, platform.plugins)
        started = time.perf_counter()
        await platform.plugins.acall("populate_demo", db=platform.db, seed=7, households=households)
        elapsed = time.perf_counter() - started
    finally:
        await platform.close()
    return {"database": kind, "households": households, "time_s": elapsed}
