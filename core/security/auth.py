"""Who is calling: the bearer token on each request, checked against the stored hashes."""

from __future__ import annotations

import time

from starlette.requests import Request

from core.db import Database
from core.security.caller import Caller
from core.security.tokens import TokenError, TokenInfo, authenticate, hash_token
from core.sqltypes import utcnow

CACHE_SECONDS = 10.0
"""How long a checked token is trusted without asking the database again (bounds how long a
revoked token keeps working in a running process)."""


class Unauthorized(Exception):
    """No usable credential; the message says what is wrong (answered with 401)."""


class TokenAuth:
    """Resolves `Authorization: Bearer <token>` to the caller it stands for."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[str, tuple[float, TokenInfo]] = {}

    async def __call__(self, request: Request) -> Caller:
        header = request.headers.get("authorization")
        if not header:
            raise Unauthorized("缺少 API 令牌：请发送请求头 Authorization: Bearer <令牌>")
        scheme, _, credential = header.partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential:
            raise Unauthorized("Authorization 请求头应为 Bearer <令牌>")
        key = hash_token(credential)
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] > now:
            info = cached[1]
            if info.expires_at is None or info.expires_at > utcnow():
                return info.caller()
        try:
            async with self.db.connect() as conn:
                info = await authenticate(conn, credential)
        except TokenError as exc:
            self._cache.pop(key, None)
            raise Unauthorized(str(exc)) from None
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[key] = (now + CACHE_SECONDS, info)
        return info.caller()
