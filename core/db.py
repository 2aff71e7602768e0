"""Database engines: URL normalisation, SQLite pragmas, connections per unit of work.

Readers open their own connection for each batch (sibling GraphQL fields run concurrently,
so nothing shares one connection across resolvers); writers open one transaction per change.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from core.settings import Settings

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


def create_engine(settings: Settings) -> AsyncEngine:
    """Create the async engine for the configured database."""
    url = normalize_url(settings.database_url)
    # Parameters hold ID and phone numbers: keep them out of echoed SQL and error texts.
    kwargs: dict[str, Any] = {"echo": settings.echo_sql, "hide_parameters": True}
    if is_sqlite(url):
        if url.database in (None, "", ":memory:"):
            raise ValueError("SQLite 需要一个文件路径，例如 sqlite:///jiuye.db")
        kwargs.update(pool_size=5, max_overflow=10)
    else:
        kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        if not settings.postgres_jit:
            # The metric queries are short aggregates; compiling them costs more than it saves.
            kwargs["connect_args"] = {"server_settings": {"jit": "off"}}
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        event.listen(
            engine.sync_engine, "connect", _sqlite_pragmas(settings.sqlite_busy_timeout_ms)
        )
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    return engine


def table_of(model: type[Any]) -> Table:
    """The Core `Table` behind a SQLModel table class (queries use Core rows, not ORM objects)."""
    found = getattr(model, "__table__", None)
    if not isinstance(found, Table):
        raise TypeError(f"{model!r} is not a table model")
    return found


class Database:
    """The engine and the two ways to use it: read on a connection, write in a transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """Create the database handle for these settings, with the keys of its encrypted columns."""
        from core import crypto

        engine = create_engine(settings)
        if settings.production:
            # Production refuses to start without configured keys.
            crypto.bind(engine.dialect, crypto.keyring_for(settings))
        else:
            crypto.bind(engine.dialect, lambda: crypto.keyring_for(settings))
        return cls(engine)

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        """Open a connection for reading; nothing it does is committed."""
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
