"""Requests per API token: a token bucket each, refilled at a steady rate.

A token may send `burst` requests at once, then `per_minute` a minute. A request finding its
bucket empty is answered 429 with `Retry-After` (whole seconds) and the GraphQL error code
`LIMIT_RATE`, before its body is read. Buckets live in the process: with several uvicorn
workers, each keeps its own.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable

from starlette.requests import Request

from core.security.caller import Caller

MAX_BUCKETS = 10_000
"""Buckets kept before the full ones (tokens idle long enough to have refilled) are dropped."""


class RateLimiter:
    """A token bucket per API token."""

    def __init__(
        self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_second = per_minute / 60
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        """Tokens left and when they were counted, by bucket key."""

    @property
    def enabled(self) -> bool:
        """Whether requests are limited at all (a rate of 0 turns the limit off)."""
        return self.per_second > 0

    def take(self, key: str) -> float | None:
        """Take one token from `key`'s bucket; None when there was one, else the seconds
        until there will be."""
        if not self.enabled:
            return None
        now = self.clock()
        tokens, then = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.per_second)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.per_second
        if key not in self._buckets and len(self._buckets) >= MAX_BUCKETS:
            self._forget_full(now)
        self._buckets[key] = (tokens - 1, now)
        return None

    def _forget_full(self, now: float) -> None:
        full = [
            key
            for key, (tokens, then) in self._buckets.items()
            if tokens + (now - then) * self.per_second >= self.burst
        ]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) >= MAX_BUCKETS:  # every bucket in use: the oldest go
            for key in list(self._buckets)[: MAX_BUCKETS // 10]:
                del self._buckets[key]


def bucket_key(request: Request, caller: Caller) -> str:
    """The bucket a request draws on: its API token (hashed), else who the caller is."""
    header = request.headers.get("authorization")
    if header:
        return "token:" + hashlib.sha256(header.encode()).hexdigest()
    return f"caller:{caller.role}:{caller.name}:{caller.region or ''}:{caller.department or ''}"


def retry_after(seconds: float) -> int:
    """Whole seconds to put in `Retry-After` (at least 1)."""
    return max(1, math.ceil(seconds))
