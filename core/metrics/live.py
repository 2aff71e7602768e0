"""Live figures: `metricsChanged(region)` tells an open board that its figures may have moved.

Every write of the platform — the core's, every plugin's, every import — leaves audit rows
in the same transaction (`core.security.audit`). One feed per process watches the audit log
(one small indexed query every `JIUYE_LIVE_POLL_SECONDS` while anyone listens) and tells
each subscription about the new writes whose writer's region overlaps the subscription's:
a county's import reaches the boards of that county, of its townships and villages, and of
the city; a city-wide writer's change reaches every board. Reads that are audited (reveals,
probe answers) are not changes and are left out. Works the same with several worker
processes and on both databases, since the audit log is the one shared record.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import func, or_, select

from core.db import Database, replica_reads
from core.graphql.context import Info
from core.graphql.errors import bad_argument
from core.records.models import region as region_table
from core.records.queries import region_argument
from core.regions import CITY_CODE, subtree_prefix
from core.security.models import api_token, audit_log

NOT_CHANGES = ("PROBE", "reveal", "export", "EXPORT")
"""Audited actions that read rather than write."""


@dataclass(frozen=True)
class Writes:
    """New writes seen in one poll: how many, when the last was, by writer region."""

    at: datetime
    regions: dict[str | None, int]
    """Writer's region (None: a writer not limited to a region) → number of writes."""


def _overlaps(subscribed: str, writer: str | None) -> bool:
    """Whether one region lies in the other's subtree (a writer not limited reaches all)."""
    return (
        writer is None
        or writer.startswith(subtree_prefix(subscribed))
        or subscribed.startswith(subtree_prefix(writer))
    )


class ChangeFeed:
    """One per process: polls the audit log while there are listeners, fans out what is new."""

    def __init__(self, db: Database, every: float) -> None:
        self.db = db
        self.every = every
        self._queues: set[asyncio.Queue[Writes]] = set()
        self._task: asyncio.Task[None] | None = None
        self._last: int | None = None

    async def _newest(self) -> int:
        # The log is read where boards read (a replica, if any): a push then comes once the
        # board's next query can see the write.
        with replica_reads():
            return await self._newest_here()

    async def _newest_here(self) -> int:
        async with self.db.connect() as conn:
            found = (await conn.execute(select(func.max(audit_log.c.id)))).scalar()
        return int(found or 0)

    async def _poll(self) -> None:
        while self._queues:
            await asyncio.sleep(self.every)
            with contextlib.suppress(Exception):  # a failed poll is retried on the next tick
                await self._once()

    async def _once(self) -> None:
        assert self._last is not None
        query = (
            select(audit_log.c.id, audit_log.c.at, audit_log.c.action, api_token.c.region_code)
            .select_from(audit_log.outerjoin(api_token, api_token.c.id == audit_log.c.token_id))
            .where(audit_log.c.id > self._last)
            .where(~or_(*(audit_log.c.action.startswith(a) for a in NOT_CHANGES)))
            .order_by(audit_log.c.id)
            .limit(10_000)
        )
        with replica_reads():
            newest = await self._newest_here()
            async with self.db.connect() as conn:
                rows = (await conn.execute(query.where(audit_log.c.id <= newest))).all()
        self._last = newest
        if not rows:
            return
        regions: dict[str | None, int] = {}
        for row in rows:
            regions[row.region_code] = regions.get(row.region_code, 0) + 1
        writes = Writes(at=rows[-1].at, regions=regions)
        for queue in list(self._queues):
            queue.put_nowait(writes)

    async def listen(self) -> AsyncGenerator[Writes, None]:
        """New writes as they are seen, from now on."""
        queue: asyncio.Queue[Writes] = asyncio.Queue()
        if self._last is None:
            self._last = await self._newest()
        self._queues.add(queue)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._poll())
        try:
            while True:
                yield await queue.get()
        finally:
            self._queues.discard(queue)


_FEEDS: dict[int, ChangeFeed] = {}


def feed_for(db: Database, every: float) -> ChangeFeed:
    """The process's feed for this database."""
    found = _FEEDS.get(id(db))
    if found is None or found.db is not db:
        found = _FEEDS[id(db)] = ChangeFeed(db, every)
    return found


@strawberry.type(description="某区划的指标可能已变化：有新的写入（登记、修改、导入）涉及这个区划。")
class MetricsChange:
    """A nudge to reload: which region, how many writes, when the last was."""

    region_code: str = strawberry.field(description="订阅的区划代码。")
    writes: int = strawberry.field(description="自上次推送以来涉及这个区划的写入条数。")
    at: datetime = strawberry.field(description="其中最后一次写入的时间（UTC）。")


@strawberry.type
class MetricsSubscription:
    """Root subscription fields contributed by the metrics."""

    @strawberry.subscription(
        description=(
            "这个区划（默认您的范围）的指标可能变化时推送一次：有人登记、修改或导入了涉及它的数据"
            "（写入者的范围与它重叠）。看板收到后重新查询。范围与查询相同。"
        )
    )
    async def metrics_changed(
        self,
        info: Info,
        region: Annotated[
            str | None, strawberry.argument(description="区划代码，默认您的范围（或柳州市）。")
        ] = None,
    ) -> AsyncGenerator[MetricsChange, None]:
        ctx = info.context
        code = region_argument("metricsChanged", "region", region or ctx.caller.region or CITY_CODE)
        async with ctx.db.connect() as conn:
            known = (
                await conn.execute(select(region_table.c.code).where(region_table.c.code == code))
            ).first()
        if known is None or not ctx.scope.allows(code):
            raise bad_argument("metricsChanged", "region", f"没有区划 {code}，或不在您的范围内")
        return _changes(feed_for(ctx.db, ctx.settings.live_poll_seconds), code)


async def _changes(feed: ChangeFeed, code: str) -> AsyncGenerator[MetricsChange, None]:
    async for writes in feed.listen():
        count = sum(n for writer, n in writes.regions.items() if _overlaps(code, writer))
        if count:
            yield MetricsChange(region_code=code, writes=count, at=writes.at)


__all__ = ["ChangeFeed", "MetricsChange", "MetricsSubscription", "feed_for"]
