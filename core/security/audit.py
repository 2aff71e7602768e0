"""The audit log: every write and every reveal, in the same transaction as the change.

Who is acting travels in a context variable set where a request, an import or a command
starts; services call `log` next to each write, on the same connection, so that if the audit
row cannot be written, neither is the change.

ID numbers and phones are masked in what a row keeps (key, before, after); each ID number it
mentions is kept as its keyed hash in `audit_subject`, so every row about a person can still be
found (`auditLog(idNumber:)`) without the log holding the number.
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

from core.security.masking import id_numbers_in, mask_text
from core.security.models import audit_log, audit_subject
from core.sqltypes import utcnow


@dataclass(frozen=True)
class Actor:
    """Who is acting, as what, and through which path."""

    name: str
    role: str
    path: str
    """GRAPHQL, IMPORT or CLI."""
    request_id: str | None = None
    token_id: int | None = None
    """The API token acting (None: a command, or tokens switched off)."""
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


def _row(
    actor: Actor,
    at: Any,
    action: str,
    record_type: str,
    record_key: object,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    about: Iterable[str],
) -> tuple[dict[str, Any], set[str]]:
    """The stored row, masked, and the ID numbers it concerns (for `audit_subject`)."""
    key, old, new = str(record_key), _json(before), _json(after)
    mentioned = {n.upper() for text in (key, old, new) for n in id_numbers_in(text)}
    mentioned.update(n.strip().upper() for n in about if n)
    row = {
        "at": at,
        "actor": actor.name[:64],
        "role": actor.role,
        "path": actor.path,
        "request_id": actor.request_id,
        "token_id": actor.token_id,
        "action": action[:64],
        "record_type": record_type[:64],
        "record_key": (mask_text(key) or "")[:64],
        "before": mask_text(old),
        "after": mask_text(new),
    }
    return row, mentioned


async def _subjects(conn: AsyncConnection, ids: list[int], mentioned: list[set[str]]) -> None:
    rows = [
        {"audit_id": audit_id, "id_hash": number}
        for audit_id, numbers in zip(ids, mentioned, strict=True)
        for number in sorted(numbers)
    ]
    if rows:
        await conn.execute(insert(audit_subject), rows)


async def log(
    conn: AsyncConnection,
    action: str,
    record_type: str,
    record_key: object,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    about: Iterable[str] = (),
) -> None:
    """Record one write or reveal on `conn`, inside the caller's transaction.

    `about`: ID numbers of the people the row concerns when its values do not name them (a
    person's update, a reveal); they are kept only as hashes.
    """
    row, mentioned = _row(
        current_actor(), utcnow(), action, record_type, record_key, before, after, about
    )
    audit_id = (
        await conn.execute(insert(audit_log).values(row).returning(audit_log.c.id))
    ).scalar_one()
    await _subjects(conn, [audit_id], [mentioned])


@dataclass(frozen=True)
class Entry:
    """One write of a bulk change (an import), for `log_many`."""

    action: str
    record_type: str
    record_key: object
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None
    about: tuple[str, ...] = ()
    """ID numbers of the people concerned that the values do not name (see `log`)."""


async def log_many(conn: AsyncConnection, entries: Iterable[Entry]) -> None:
    """Record many writes with one statement, inside the caller's transaction."""
    actor = current_actor()
    now = utcnow()
    built = [
        _row(actor, now, e.action, e.record_type, e.record_key, e.before, e.after, e.about)
        for e in entries
    ]
    if not built:
        return
    if not any(mentioned for _, mentioned in built):
        await conn.execute(insert(audit_log), [row for row, _ in built])
        return
    ids = (
        await conn.execute(
            insert(audit_log).returning(audit_log.c.id, sort_by_parameter_order=True),
            [row for row, _ in built],
        )
    ).scalars()
    await _subjects(conn, list(ids), [mentioned for _, mentioned in built])
