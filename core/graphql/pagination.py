"""Relay cursor connections over keyset pagination: page 5,000 costs what page 1 does."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import strawberry
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.graphql.bounds import sql_int
from core.graphql.errors import bad_argument

if TYPE_CHECKING:
    from core.graphql.context import Info

T = TypeVar("T")
_PREFIX = "k:"


@strawberry.type(description="分页信息（Relay 游标分页规范）。")
class PageInfo:
    """Where this page sits in the whole list."""

    has_next_page: bool = strawberry.field(description="这一页之后是否还有记录。")
    has_previous_page: bool = strawberry.field(
        description="这一页之前是否还有记录（按 after 翻页时，有 after 即为真）。"
    )
    start_cursor: str | None = strawberry.field(description="这一页第一条记录的游标。")
    end_cursor: str | None = strawberry.field(description="这一页最后一条记录的游标。")


@strawberry.type(description="列表中的一条记录及其游标。")
class Edge(Generic[T]):
    """One node and the cursor to page from it."""

    cursor: str = strawberry.field(description="这条记录的游标，可传给 after 或 before。")
    node: T = strawberry.field(description="记录本身。")


@strawberry.type(description="一页记录、分页信息与总数（Relay 连接）。")
class Connection(Generic[T]):
    """A page of a list, with its cursors and the size of the whole list."""

    edges: list[Edge[T]] = strawberry.field(description="这一页的记录及各自的游标。")
    page_info: PageInfo = strawberry.field(description="分页信息。")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="符合筛选条件的记录总数（不受分页影响），单位：条。")
    async def total_count(self) -> int:
        return await self.count()

    @strawberry.field(description="这一页的记录（edges 中 node 的简写）。")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def encode_cursor(key: int) -> str:
    """Return the opaque cursor for a row's key."""
    return base64.b64encode(f"{_PREFIX}{key}".encode()).decode()


def decode_cursor(cursor: str, *, field: str, argument: str) -> int:
    """Return the key a cursor stands for; a malformed cursor is a request error."""
    key = None
    if len(cursor) <= 64:
        try:
            text = base64.b64decode(cursor.encode(), validate=True).decode()
        except (ValueError, binascii.Error, UnicodeDecodeError):
            text = ""
        if text.startswith(_PREFIX):
            # Only keys a key column can hold: a wider one would overflow in SQL.
            key = sql_int(text[len(_PREFIX) :])
    if key is None:
        raise bad_argument(field, argument, f"“{cursor[:64]}”不是这个列表的游标")
    return key


@dataclass(frozen=True)
class PageRequest:
    """The Relay pagination arguments of one connection field."""

    field: str
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def limit(self, *, default: int, maximum: int) -> tuple[int, bool]:
        """Return (page size, backwards) after checking the arguments' limits."""
        if self.first is not None and self.last is not None:
            raise bad_argument(self.field, "last", "first 和 last 只能给一个")
        for name, value in (("first", self.first), ("last", self.last)):
            if value is not None and not 1 <= value <= maximum:
                raise bad_argument(
                    self.field,
                    name,
                    f"应在 1 至 {maximum} 之间（收到 {value}）",
                    limit=maximum,
                )
        if self.last is not None:
            return self.last, True
        return (self.first if self.first is not None else default), False


@dataclass(frozen=True)
class Page:
    """Rows of one page, in key order, and whether more lie on either side."""

    rows: Sequence[Row[Any]]
    has_previous: bool
    has_next: bool


async def fetch_page(
    conn: AsyncConnection,
    query: Select[Any],
    key: ColumnElement[int],
    request: PageRequest,
    *,
    default: int,
    maximum: int,
) -> Page:
    """Run `query` for one page ordered by `key`, using the cursors as keyset bounds."""
    size, backwards = request.limit(default=default, maximum=maximum)
    if request.after is not None:
        query = query.where(
            key > decode_cursor(request.after, field=request.field, argument="after")
        )
    if request.before is not None:
        query = query.where(
            key < decode_cursor(request.before, field=request.field, argument="before")
        )
    query = query.order_by(key.desc() if backwards else key.asc()).limit(size + 1)
    rows = list((await conn.execute(query)).all())
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        return Page(rows, has_previous=more, has_next=request.before is not None)
    return Page(rows, has_previous=request.after is not None, has_next=more)


async def count_rows(conn: AsyncConnection, query: Select[Any]) -> int:
    """Count the rows a filtered query would return."""
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return int((await conn.execute(counted)).scalar_one())


def make_connection(
    nodes: Sequence[T],
    keys: Sequence[int],
    page: Page,
    count: Callable[[], Awaitable[int]],
) -> Connection[T]:
    """Assemble a Connection from mapped nodes, their keys and the page they came from."""
    edges = [Edge(cursor=encode_cursor(k), node=n) for n, k in zip(nodes, keys, strict=True)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )


async def paginate(
    info: Info,
    field: str,
    query: Select[Any],
    key: ColumnElement[int],
    node: Callable[[Row[Any]], T],
    *,
    row_key: Callable[[Row[Any]], int] | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Connection[T]:
    """One Relay page of `query` in `key` order, with a `totalCount` counted only if asked.

    Each row's cursor is its value of `key`; give `row_key` when `key` is an expression (a
    newest-first list pages by `-id`).
    """
    ctx = info.context
    request = PageRequest(field, first, after, last, before)
    async with ctx.db.connect() as conn:
        page = await fetch_page(
            conn,
            query,
            key,
            request,
            default=ctx.settings.default_page_size,
            maximum=ctx.settings.max_page_size,
        )

    async def count() -> int:
        async with ctx.db.connect() as conn:
            return await count_rows(conn, query)

    keys = [row_key(row) if row_key else row._mapping[key] for row in page.rows]
    return make_connection([node(row) for row in page.rows], keys, page, count)
