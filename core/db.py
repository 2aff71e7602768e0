"""Database engines: URL normalisation, SQLite pragmas, connections per unit of work.

Readers open their own connection for each batch (sibling GraphQL fields run concurrently,
so nothing shares one connection across resolvers); writers open one transaction per change.
"""

from __future__ import annotations

import itertools
import logging
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from core.settings import Settings

log = logging.getLogger("jiuye.db")

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


def normalize_url(url: str) -> URL:
    """Turn the URL a person types into one with the async driver chosen for them."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in _ASYNC_DRIVERS:
        raise ValueError(f"不支持的数据库：{backend}（支持 sqlite 与 postgresql）")
    return parsed.set(drivername=_ASYNC_DRIVERS[backend])


def is_sqlite(url: URL) -> bool:
    """Tell whether the URL names a SQLite database."""
    return url.get_backend_name() == "sqlite"


WRITE = "jiuye_write"
"""Execution option marking a connection that will write (SQLite: BEGIN IMMEDIATE)."""


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver must not begin transactions by itself: `_sqlite_begin` does, so that a
        # writer takes the write lock up front instead of failing to upgrade a read lock.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def _sqlite_begin(conn: Any) -> None:
    # A writer waits (busy_timeout) for the lock at BEGIN; readers begin deferred (WAL lets
    # them read while one writes).
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


def create_engine(settings: Settings, database_url: str | None = None) -> AsyncEngine:
    """Create the async engine for the configured database (or for one of its replicas)."""
    url = normalize_url(database_url or settings.database_url)
    # Parameters hold ID and phone numbers: keep them out of echoed SQL and error texts.
    kwargs: dict[str, Any] = {"echo": settings.echo_sql, "hide_parameters": True}
    if is_sqlite(url):
        if url.database in (None, "", ":memory:"):
            raise ValueError("SQLite 需要一个文件路径，例如 sqlite:///jiuye.db")
        kwargs.update(pool_size=5, max_overflow=10)
    else:
        kwargs.update(
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_pre_ping=True,
        )
        connect_args: dict[str, Any] = {}
        if not settings.postgres_jit:
            # The metric queries are short aggregates; compiling them costs more than it saves.
            connect_args["server_settings"] = {"jit": "off"}
        if settings.pgbouncer:
            # In transaction mode a server connection serves other clients between
            # transactions: a prepared statement must not be reused, nor its name collide.
            connect_args["statement_cache_size"] = 0
            connect_args["prepared_statement_name_func"] = _statement_name
            kwargs["prepared_statement_cache_size"] = 0
        if connect_args:
            kwargs["connect_args"] = connect_args
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        event.listen(
            engine.sync_engine, "connect", _sqlite_pragmas(settings.sqlite_busy_timeout_ms)
        )
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    return engine


def _statement_name() -> str:
    return f"__jiuye_{uuid.uuid4().hex}__"


_REPLICA_READS: ContextVar[bool] = ContextVar("jiuye_replica_reads", default=False)


@contextmanager
def replica_reads(allowed: bool = True) -> Iterator[None]:
    """Within this block, `Database.connect()` may read from a replica (a query request)."""
    token = _REPLICA_READS.set(allowed)
    try:
        yield
    finally:
        _REPLICA_READS.reset(token)


class RecentWriters:
    """Who wrote in the last few seconds (per process): their reads stay on the primary."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at: dict[str, float] = {}

    def wrote(self, who: str) -> None:
        now = time.monotonic()
        if len(self._at) > 10_000:
            self._at = {k: t for k, t in self._at.items() if now - t < self.seconds}
        self._at[who] = now

    def recently(self, who: str) -> bool:
        at = self._at.get(who)
        return at is not None and time.monotonic() - at < self.seconds


def table_of(model: type[Any]) -> Table:
    """The Core `Table` behind a SQLModel table class (queries use Core rows, not ORM objects)."""
    found = getattr(model, "__table__", None)
    if not isinstance(found, Table):
        raise TypeError(f"{model!r} is not a table model")
    return found


class Database:
    """The engine and the two ways to use it: read on a connection, write in a transaction.

    With read replicas, `connect()` inside `replica_reads()` (a query request) reads from
    them in turn; everything else — writes, and reads outside such a block — uses the primary.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        replicas: Sequence[AsyncEngine] = (),
        *,
        retry_seconds: float = 30.0,
    ) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.replicas = list(replicas)
        self.retry_seconds = retry_seconds
        self._down_until: dict[int, float] = {}
        self._turn = itertools.count()

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """Create the database handle for these settings, with the keys of its encrypted columns."""
        from core import crypto

        engine = create_engine(settings)
        replicas = [
            create_engine(settings, url.strip())
            for url in (settings.read_database_url or "").split(",")
            if url.strip()
        ]
        for each in (engine, *replicas):
            if settings.production:
                # Production refuses to start without configured keys.
                crypto.bind(each.dialect, crypto.keyring_for(settings))
            else:
                crypto.bind(each.dialect, lambda: crypto.keyring_for(settings))
        return cls(engine, replicas, retry_seconds=settings.replica_retry_seconds)

    def _next_replica(self) -> tuple[int, AsyncEngine] | None:
        now = time.monotonic()
        for _ in range(len(self.replicas)):
            index = next(self._turn) % len(self.replicas)
            if self._down_until.get(index, 0.0) <= now:
                return index, self.replicas[index]
        return None

    async def _replica_connection(self) -> AsyncConnection | None:
        while (chosen := self._next_replica()) is not None:
            index, engine = chosen
            try:
                return await engine.connect()
            except (OSError, DBAPIError) as exc:
                self._down_until[index] = time.monotonic() + self.retry_seconds
                log.warning(
                    "read replica %s unreachable (%s); reading from the primary for %.0f s",
                    engine.url.render_as_string(hide_password=True),
                    type(exc).__name__,
                    self.retry_seconds,
                )
        return None

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        """Open a connection for reading; nothing it does is committed. Inside
        `replica_reads()` it comes from a replica when one is configured and reachable."""
        if self.replicas and _REPLICA_READS.get():
            replica = await self._replica_connection()
            if replica is not None:
                try:
                    yield replica
                finally:
                    await replica.close()
                return
        async with self.engine.connect() as conn:
            yield conn

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncConnection]:
        """Open a write transaction that commits on success and rolls back on any exception."""
        async with self.engine.connect() as conn:
            await conn.execution_options(**{WRITE: True})
            async with conn.begin():
                yield conn

    async def ping(self) -> None:
        """Run a trivial statement; raises when the database cannot be reached."""
        from sqlalchemy import text

        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
        for replica in self.replicas:
            await replica.dispose()
