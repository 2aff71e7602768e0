"""The board's page, served by the app itself at `/` and `/dashboard`."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

PAGE = Path(__file__).parent.parent / "static" / "dashboard" / "index.html"


async def dashboard_page(request: Request) -> Response:
    """The board; all its data comes from `/graphql`."""
    return FileResponse(PAGE, media_type="text/html; charset=utf-8")


ROUTES: list[BaseRoute] = [
    Route("/", dashboard_page, methods=["GET"]),
    Route("/dashboard", dashboard_page, methods=["GET"]),
]
