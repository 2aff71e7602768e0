"""What a plugin's routes and commands need of the running platform: the caller's context on
a page, the platform in a command, and notices sent to whoever implements `notify`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import click
from starlette.exceptions import HTTPException
from starlette.requests import Request

from core.graphql.context import Context
from core.hookspecs import Notice
from core.platform import Platform
from core.plugins import Plugins
from core.security.auth import Unauthorized

T = TypeVar("T")
log = logging.getLogger(__name__)


async def request_context(request: Request) -> Context:
    """The context a `/graphql` request would get: the caller of the bearer token (401
    without a usable one), their scope, the database and the metrics engine."""
    try:
        built: Context = await request.app.state.context(request)
    except Unauthorized as exc:
        raise HTTPException(
            401, str(exc), {"WWW-Authenticate": 'Bearer realm="jiuye", error="invalid_token"'}
        ) from None
    return built


def run_command(work: Callable[[Platform], Awaitable[T]]) -> T:
    """Run a command's work on the platform the `jiuye` flags chose (`--database-url`,
    `--plugins`), closing the database afterwards."""
    state: Any = click.get_current_context().find_root().obj
    platform: Platform = state.platform if state is not None else Platform(_settings())

    async def wrapped() -> T:
        try:
            return await work(platform)
        finally:
            await platform.close()

    return asyncio.run(wrapped())


def _settings() -> Any:
    from core.settings import Settings

    return Settings()


async def send_notices(plugins: Plugins, notices: Iterable[Notice]) -> None:
    """Hand each notice to every `notify` implementation. A gateway that fails is logged, not
    raised: what the notice tells of has already happened."""
    for notice in notices:
        try:
            await plugins.acall("notify", notice=notice)
        except Exception:
            log.exception("notify failed for %s (%s)", notice.event, notice.region)


__all__ = ["request_context", "run_command", "send_notices"]
