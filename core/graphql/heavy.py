"""How many heavy computations (metric evaluations: `metrics`, `metric`, `dashboard`) run at once.

A metric evaluation holds a pooled connection and, with `JIUYE_METRIC_CONCURRENCY` above 1,
asks the pool for more while it holds that one. Unbounded, enough boards at once took every
connection and then waited for more: each other (until the pool's 30 s timeout), and every
other request too, `/healthz` included. The gate is taken before any connection is, so the
evaluations running at once need at most `slots × (1 + JIUYE_METRIC_CONCURRENCY)` connections
and the rest of the pool stays free for cheap requests. A computation that waits longer than
`wait_seconds` for its turn is refused as `LIMIT_BUSY`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from core.graphql.errors import RequestError


class HeavyGate:
    """A semaphore for heavy computations, refusing those that wait too long for a turn."""

    def __init__(self, slots: int, wait_seconds: float) -> None:
        self.slots = slots
        self.wait_seconds = wait_seconds
        self._free = asyncio.Semaphore(slots)

    @property
    def busy(self) -> int:
        """How many computations hold a turn now."""
        return self.slots - self._free._value

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait (at most `wait_seconds`) for a turn, hold it for the block, then give it back."""
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self._free.acquire()
        except TimeoutError:
            raise RequestError(
                f"服务器正忙：同时进行的指标计算已达上限 {self.slots} 个（JIUYE_HEAVY_CONCURRENCY），"
                f"排队超过 {self.wait_seconds:g} 秒（JIUYE_HEAVY_WAIT_SECONDS）；请稍后重试",
                code="LIMIT_BUSY",
                limit=self.slots,
            ) from None
        try:
            yield
        finally:
            self._free.release()
