"""Connection plumbing shared by the plugin's list fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy import BigInteger, ColumnElement, Select, cast
from sqlalchemy.engine import Row

from core.sdk import (
    CITY_CODE,
    Connection,
    Info,
    RegionCodeError,
    bad_argument,
    canonical_code,
)
from core.sdk import paginate as page_of

T = TypeVar("T")

First = Annotated[
    int | None, strawberry.argument(description="取前 N 条（1 至最大页长，默认 20，最大 100）。")
]
After = Annotated[str | None, strawberry.argument(description="从这个游标之后开始。")]
Last = Annotated[int | None, strawberry.argument(description="取后 N 条。")]
Before = Annotated[str | None, strawberry.argument(description="到这个游标之前为止。")]


def region_argument(field: str, argument: str, code: str) -> str:
    """Canonicalise a region code argument; a malformed code is a request error."""
    try:
        return canonical_code(code)
    except RegionCodeError as exc:
        raise bad_argument(field, argument, str(exc)) from None


def report_region(info: Info, field: str, code: str | None) -> str:
    """The region a report is about: the one asked for (within scope) or the caller's own."""
    scope = info.context.scope
    if code is None:
        return scope.region or CITY_CODE
    canonical = region_argument(field, "region", code)
    if not scope.covers(canonical):
        raise bad_argument(field, "region", f"no region {canonical} in your scope")
    return canonical


def code_key(column: ColumnElement[Any]) -> ColumnElement[int]:
    """A region code as a number, so regions page by code like records page by id."""
    return cast(column, BigInteger)


async def paginate(
    info: Info,
    field: str,
    query: Select[Any],
    key: ColumnElement[int],
    build: Callable[[Row[Any]], T],
    row_key: Callable[[Row[Any]], int],
    pages: tuple[int | None, str | None, int | None, str | None],
) -> Connection[T]:
    """One page of `query` ordered by `key`, and a total counted only when asked for."""
    first, after, last, before = pages
    return await page_of(
        info,
        field,
        query,
        key,
        build,
        row_key=row_key,
        first=first,
        after=after,
        last=last,
        before=before,
    )
