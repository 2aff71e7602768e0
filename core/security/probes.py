"""Answers that a key is registered outside the caller's scope: audited and capped per token.

One person cannot be registered twice, so a county that enters an ID number registered in
another county must be told so — without being told where. Every such answer is a *probe*:
it is written to the audit log (action `PROBE`, the kind of key, the key masked) and counted
per token name over a sliding window. A request that would take a token past
`JIUYE_PROBE_LIMIT` answers in `JIUYE_PROBE_WINDOW_MINUTES` is refused as a whole
(`LIMIT_PROBES`, nothing written, no key answered), and so is every request that could give
such an answer while the token is at its limit: were a request without a hit let through,
its success would answer just the same. Each refusal is audited (`PROBE_LIMIT`) and counts
too, so a token that keeps trying stays refused.

Answers collect in a per-request ledger (a context variable, like the acting actor) and are
written once the request's own transaction has ended, on a transaction of their own: a dry
run or a refused write rolls its transaction back, yet the answers it gave stay on record;
and the record being written is still all or nothing. Counts come from the audit rows, so
they hold across processes and restarts.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db import Database
from core.problems import ErrorCode, Problem, Problems
from core.scope import Scope
from core.security import audit
from core.security.masking import mask_id_number
from core.security.models import audit_log
from core.settings import Settings
from core.sqltypes import utcnow

log = logging.getLogger("jiuye.security")

PROBE = "PROBE"
"""Audit action of one answer that a key exists outside the caller's scope."""
PROBE_LIMIT = "PROBE_LIMIT"
"""Audit action of a request refused because its token reached the limit."""
ACTIONS = (PROBE, PROBE_LIMIT)

ID_NUMBER = "id_number"
"""Kind of key: a person's ID number (身份证号)."""
REGISTRY_NUMBER = "registry_number"
"""Kind of key: a household's registry number (户编号)."""

_DEFAULTS = Settings.model_fields


@dataclass(frozen=True)
class Answer:
    """One key the caller was told exists outside their scope, and what kind of key it is."""

    kind: str
    key: str


def mask_key(kind: str, key: str) -> str:
    """The key as the audit log keeps it: an ID number masked as everywhere; any other key
    with at most a quarter of it (4 characters) kept at each end, `OUT-1` → `O***1`."""
    if kind == ID_NUMBER:
        return mask_id_number(key) or ""
    keep = min(4, len(key) // 4)
    if keep == 0:
        return "*" * len(key)
    return key[:keep] + "*" * (len(key) - 2 * keep) + key[-keep:]


def elsewhere(field: str, label: str, key: str) -> Problem:
    """The one answer for a key registered outside the caller's scope: that it is, not where
    (no county, no household, no name)."""
    return Problem(
        field,
        ErrorCode.DUPLICATE,
        f"{label} {key} 已在您权限范围外登记，不能重复登记；请与市人社局核实"
        "（这类答复记入审计日志，并有次数上限）",
        key,
    )


@dataclass(frozen=True)
class _Pending:
    actor: audit.Actor
    action: str
    kind: str
    key: str
    withheld: int = 0


_unwritten: Counter[str] = Counter()
"""Answers and refusals noted in this process and not yet written, per token name: requests
running side by side see each other's before either is on record."""
_written: Counter[str] = Counter()
"""Answers and refusals this process has written, per token name (a count that only grows)."""


def _name(actor: audit.Actor) -> str:
    return actor.name[:64]


@dataclass
class ProbeLedger:
    """The probe answers and refusals of one request or import, until they are written."""

    limit: int = _DEFAULTS["probe_limit"].default
    window: timedelta = timedelta(minutes=_DEFAULTS["probe_window_minutes"].default)
    pending: list[_Pending] = field(default_factory=list)
    _stored: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per token name: the rows the audit log held when first read, and `_written` just before
    (an import asks once per batch or row; the log is read once)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> ProbeLedger:
        """A ledger with the limit and window of these settings."""
        return cls(settings.probe_limit, timedelta(minutes=settings.probe_window_minutes))

    def mark(self) -> int:
        """A point to go back to with `forget_answers_since`."""
        return len(self.pending)

    def note(self, entries: Iterable[_Pending]) -> None:
        """Keep `entries` until `flush`, counted at once against their token names."""
        for entry in entries:
            self.pending.append(entry)
            _unwritten[_name(entry.actor)] += 1

    def forget_answers_since(self, mark: int) -> None:
        """Drop the answers noted since `mark` (they were withheld after all); keep refusals."""
        dropped = [p for p in self.pending[mark:] if p.action == PROBE]
        self.pending[mark:] = [p for p in self.pending[mark:] if p.action != PROBE]
        _unwritten.subtract(_name(p.actor) for p in dropped)

    async def flush(self, db: Database) -> None:
        """Write what is pending to the audit log on a transaction of its own."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        names = [_name(p.actor) for p in pending]
        try:
            async with db.begin() as conn:
                for actor in dict.fromkeys(p.actor for p in pending):
                    entries = [
                        audit.Entry(p.action, p.kind, p.key, after=_after(p))
                        for p in pending
                        if p.actor == actor
                    ]
                    with audit.acting_as(actor):
                        await audit.log_many(conn, entries)
        except BaseException:
            _unwritten.subtract(names)
            raise
        # Written and no longer unwritten in one step: the sum of the two never dips.
        _unwritten.subtract(names)
        _written.update(names)


def _after(pending: _Pending) -> dict[str, object] | None:
    after: dict[str, object] = {}
    if pending.actor.token is not None:
        after["token"] = f"{pending.actor.token}…"
    if pending.action == PROBE_LIMIT:
        after["withheld_answers"] = pending.withheld
    return after or None


_ledger: ContextVar[ProbeLedger | None] = ContextVar("jiuye_probe_ledger", default=None)


def current() -> ProbeLedger | None:
    """The ledger of this request or import, if one is being kept."""
    return _ledger.get()


@contextmanager
def watching(ledger: ProbeLedger) -> Iterator[ProbeLedger]:
    """Note probe answers in `ledger` inside the block (the caller flushes it afterwards)."""
    token = _ledger.set(ledger)
    try:
        yield ledger
    finally:
        _ledger.reset(token)


class ProbeLimit(Problems):
    """The token reached its limit of probe answers: the request is refused as a whole."""

    def __init__(self, ledger: ProbeLedger) -> None:
        minutes = int(ledger.window.total_seconds() // 60)
        super().__init__(
            [
                Problem(
                    "input",
                    ErrorCode.LIMIT_PROBES,
                    f"您的令牌在 {minutes} 分钟内收到“已在您权限范围外登记”的答复已达上限"
                    f"（{ledger.limit} 次，JIUYE_PROBE_LIMIT / JIUYE_PROBE_WINDOW_MINUTES），"
                    "本次请求整体拒绝，什么都没有写入；请稍后再试，或请市人社局核实这些登记",
                )
            ]
        )


async def _used(conn: AsyncConnection, ledger: ProbeLedger, actor: audit.Actor) -> int:
    """Answers and refusals counted against `actor` in the window: those on record, those
    this process wrote since, and those noted here and not yet written (this ledger's too).

    A row written while the count runs may be counted twice — never not at all."""
    name = _name(actor)
    if name not in ledger._stored:
        before = _written[name]
        since = utcnow() - ledger.window
        query = (
            select(func.count())
            .select_from(audit_log)
            .where(
                audit_log.c.at >= since,
                audit_log.c.actor == name,
                audit_log.c.action.in_(ACTIONS),
            )
        )
        ledger._stored[name] = (int((await conn.execute(query)).scalar_one()), before)
    stored, before = ledger._stored[name]
    return stored + (_written[name] - before) + _unwritten[name]


async def admit(conn: AsyncConnection, scope: Scope, answers: Iterable[Answer] = ()) -> None:
    """Let `answers` be given, noting each in the ledger, or raise `ProbeLimit` (and note the
    refusal) when the token is at its limit or they would take it past it.

    Call it wherever a scoped caller could be told that a key exists outside their scope —
    with no answers too, before the check, so that a token at its limit learns nothing from
    the request's success either. A caller who sees everywhere is never probing.
    """
    if scope.unrestricted:
        return
    found = list(answers)
    ledger = current()
    if ledger is None:
        # Only requests and imports keep a ledger; a service called on its own answers as
        # usual but leaves no trace, which is worth knowing when it happens.
        if found:
            log.warning("%d probe answer(s) given outside a request or import", len(found))
        return
    actor = audit.current_actor()
    used = await _used(conn, ledger, actor)
    if used >= ledger.limit or used + len(found) > ledger.limit:
        ledger.note([_Pending(actor, PROBE_LIMIT, "request", actor.request_id or "-", len(found))])
        raise ProbeLimit(ledger)
    ledger.note(
        _Pending(actor, PROBE, answer.kind, mask_key(answer.kind, answer.key)) for answer in found
    )


@dataclass(frozen=True)
class Tally:
    """One token name's probe answers and refusals since a given time."""

    actor: str
    role: str
    answers: int
    refusals: int
    first_at: datetime
    last_at: datetime
    in_window: int
    """Answers and refusals inside the current window (what the limit is checked against)."""


async def tallies(conn: AsyncConnection, since: datetime, window: timedelta) -> list[Tally]:
    """Every token name that probed since `since`, most answers first."""
    window_start = utcnow() - window
    answers = func.sum(case((audit_log.c.action == PROBE, 1), else_=0))
    query = (
        select(
            audit_log.c.actor,
            func.max(audit_log.c.role).label("role"),
            answers.label("answers"),
            func.sum(case((audit_log.c.action == PROBE_LIMIT, 1), else_=0)).label("refusals"),
            func.min(audit_log.c.at).label("first_at"),
            func.max(audit_log.c.at).label("last_at"),
            func.sum(case((audit_log.c.at >= window_start, 1), else_=0)).label("in_window"),
        )
        .where(audit_log.c.at >= since, audit_log.c.action.in_(ACTIONS))
        .group_by(audit_log.c.actor)
        .order_by(answers.desc(), audit_log.c.actor)
    )
    return [
        Tally(
            r.actor,
            r.role,
            int(r.answers),
            int(r.refusals),
            r.first_at,
            r.last_at,
            int(r.in_window),
        )
        for r in await conn.execute(query)
    ]
