"""The shared primitives a plugin's own resolvers use where a declaration cannot say enough:
one write helper, one global-id codec, one paginator, one sentinel for "not given"."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar, overload

import strawberry

from core.graphql.errors import bad_argument
from core.graphql.node import from_global_id
from core.graphql.pagination import paginate
from core.graphql.results import write
from core.problems import ErrorCode, Problem

R = TypeVar("R")
T = TypeVar("T")

UNSET: Any = strawberry.UNSET
"""An input field left out (as opposed to given as null)."""

MAX_KEY = 2**31 - 1
"""The largest record key (`id` columns are 32-bit on PostgreSQL); a larger number in an id
names no record."""

First = Annotated[
    int | None, strawberry.argument(description="取前 N 条（1 至最大页长，默认 20，最大 100）。")
]
After = Annotated[str | None, strawberry.argument(description="从这个游标之后开始。")]
Last = Annotated[int | None, strawberry.argument(description="取后 N 条。")]
Before = Annotated[str | None, strawberry.argument(description="到这个游标之前为止。")]


def given(value: object) -> bool:
    """Whether an input field was given (null included)."""
    return value is not strawberry.UNSET


def decode_id(global_id: str, type_name: str) -> int | None:
    """The key a global id of `type_name` names, or None when it is not one."""
    parsed = from_global_id(str(global_id))
    if parsed is None or parsed[0] != type_name:
        return None
    key = parsed[1]
    if not key.isascii() or not key.isdigit() or int(key) > MAX_KEY:
        return None
    return int(key)


def id_problem(field: str, global_id: str, type_name: str, title: str) -> Problem | None:
    """A problem when `global_id` is not the id of a `type_name`; None when it is."""
    if decode_id(global_id, type_name) is None:
        return Problem(field, ErrorCode.INVALID, f"这不是{title}的标识（{type_name}.id）")
    return None


@overload
def region_argument(field: str, argument: str, value: str) -> str: ...
@overload
def region_argument(field: str, argument: str, value: None) -> None: ...
@overload
def region_argument(field: str, argument: str, value: str | None) -> str | None: ...
def region_argument(field: str, argument: str, value: str | None) -> str | None:
    """A region code argument in canonical form; a malformed one is a request error."""
    from core.regions import RegionCodeError, canonical_code

    if value is None:
        return None
    try:
        return canonical_code(value)
    except RegionCodeError as exc:
        raise bad_argument(field, argument, str(exc)) from None


__all__ = [
    "MAX_KEY",
    "UNSET",
    "After",
    "Before",
    "First",
    "Last",
    "decode_id",
    "given",
    "id_problem",
    "paginate",
    "region_argument",
    "write",
]
