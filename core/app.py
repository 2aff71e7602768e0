"""The ASGI application: `/graphql`, `/healthz`, static assets and plugin routes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import cast

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket

import core
from core.graphql.context import Context
from core.graphql.http import GraphQLEndpoint
from core.graphql.live import LiveEndpoint
from core.platform import Platform
from core.security import audit
from core.security.auth import TokenAuth
from core.security.caller import Caller
from core.security.headers import SecurityHeaders
from core.settings import Settings

STATIC = Path(__file__).parent / "static"


def graphiql_page() -> str:
    """GraphiQL, loading only assets this app serves (no CDN)."""
    return (STATIC / "graphiql.html").read_text(encoding="utf-8")


CallerResolver = Callable[[Request], Awaitable[Caller]]


async def local_caller(request: Request) -> Caller:
    """With authentication off (local development), every request is the local administrator."""
    return Caller()


def create_app(
    settings: Settings | None = None,
    *,
    platform: Platform | None = None,
    caller: CallerResolver | None = None,
) -> Starlette:
    """Build the application for these settings (or an already loaded platform).

    Callers are identified by their API token unless `auth_required` is off (local
    development) or a resolver is given (tests).
    """
    platform = platform or Platform(settings or Settings())
    if caller is None:
        caller = TokenAuth(platform.db) if platform.settings.auth_required else local_caller

    async def context(request: Request) -> Context:
        who = await caller(request)
        built = platform.context(request=request, caller=who)
        audit.set_actor(
            audit.Actor(
                who.name,
                who.role,
                "GRAPHQL",
                built.request_id,
                token_id=who.token_id,
                token=who.token,
            )
        )
        return built

    graphql = GraphQLEndpoint(
        platform.schema,
        context,
        platform.settings,
        graphiql_html=graphiql_page() if platform.settings.graphiql else None,
        policy=platform.mutation_policy,
    )

    async def healthz(request: Request) -> Response:
        try:
            await platform.db.ping()
        except Exception as exc:  # any failure to reach the database is "unreachable"
            return JSONResponse(
                {"status": "error", "database": "unreachable", "reason": type(exc).__name__},
                status_code=503,
            )
        return JSONResponse(
            {
                "status": "ok",
                "database": "ok",
                "version": core.__version__,
                "plugins": platform.plugins.names,
            }
        )

    async def live_context(websocket: WebSocket, token: str | None) -> Context:
        # The token comes in `connection_init` (browsers cannot set headers on a WebSocket);
        # the caller is resolved from it exactly as from an HTTP request's header.
        header = f"Bearer {token}" if token else websocket.headers.get("authorization", "")
        who = await caller(cast("Request", _Credentials(Headers({"authorization": header}))))
        return platform.context(caller=who)

    live = LiveEndpoint(graphql, live_context)

    routes: list[BaseRoute] = [
        Route("/graphql", graphql.endpoint, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", live.endpoint),
        Route("/healthz", healthz, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    for contribution in platform.plugins.flat("register_routes"):
        routes.append(contribution.value)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await platform.close()

    # Security headers wrap everything, errors from the routes included.
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)])
    app.state.platform = platform
    app.state.context = context
    """How plugin routes get the same per-request context as `/graphql` (`core.sdk.request_context`)."""
    return app


class _Credentials:
    """Just the headers of a request, for resolving a WebSocket's caller."""

    def __init__(self, headers: Headers) -> None:
        self.headers = headers


def app_factory() -> Starlette:
    """Entry for `uvicorn --factory core.app:app_factory`: settings from the environment."""
    return create_app(Settings())
