"""The audit log: every write and every reveal, in the same transaction as the change.

Who is acting travels in a context variable set where a request, an import or a command
starts; services call `log` next to each write, on the same connection, so that if the audit
row cannot be written, neither is the change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from core.security.models import audit_log
from core.sqltypes import utcnow


@dataclass(frozen=True)
class Actor:
    """Who is acting, as what, and through which path."""

    name: str
    role: str
    path: str
    """GRAPHQL, IMPORT or CLI."""
    request_id: str | None = None
    token: str | None = None
    """Prefix of the API token acting, if any (never the token)."""


SYSTEM = Actor("system", "admin", "CLI")
_actor: ContextVar[Actor] = ContextVar("jiuye_actor", default=SYSTEM)


def current_actor() -> Actor:
    """Who is acting in this task."""
    return _actor.get()


def set_actor(actor: Actor) -> None:
    """Make `actor` the one acting for the rest of this task (and the tasks it starts)."""
    _actor.set(actor)


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """Act as `actor` inside the block."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _json(values: Mapping[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps({k: _plain(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True)


async def log(
    conn: AsyncConnection,
    action: str,
    record_type: str,
    record_key: object,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Record one write or reveal on `conn`, inside the caller's transaction."""
    actor = current_actor()
    await conn.execute(
        insert(audit_log).values(
            at=utcnow(),
            actor=actor.name[:64],
            role=actor.role,
            path=actor.path,
            request_id=actor.request_id,
            action=action[:64],
            record_type=record_type[:64],
            record_key=str(record_key)[:64],
            before=_json(before),
            after=_json(after),
        )
    )


@dataclass(frozen=True)
class Entry:
    """One write of a bulk change (an import), for `log_many`."""

    action: str
    record_type: str
    record_key: object
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


async def log_many(conn: AsyncConnection, entries: Iterable[Entry]) -> None:
    """Record many writes with one statement, inside the caller's transaction."""
    actor = current_actor()
    now = utcnow()
    rows = [
        {
            "at": now,
            "actor": actor.name[:64],
            "role": actor.role,
            "path": actor.path,
            "request_id": actor.request_id,
            "action": entry.action[:64],
            "record_type": entry.record_type[:64],
            "record_key": str(entry.record_key)[:64],
            "before": _json(entry.before),
            "after": _json(entry.after),
        }
        for entry in entries
    ]
    if rows:
        await conn.execute(insert(audit_log), rows)
