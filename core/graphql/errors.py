"""GraphQL request errors that name the field and argument at fault.

Expected failures of a mutation are data (result unions); these are for requests that
cannot be answered as asked: an argument out of range, a malformed cursor or code.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError


class RequestError(GraphQLError):
    """An error the caller can fix by changing the request; shown as it is, never masked."""

    def __init__(self, message: str, *, code: str = "BAD_REQUEST", **extensions: Any) -> None:
        super().__init__(message, extensions={"code": code, **extensions})


def bad_argument(field: str, argument: str, reason: str, **extensions: Any) -> RequestError:
    """Build the error for an argument value the field cannot accept."""
    return RequestError(
        f"参数 {argument}（字段 {field}）：{reason}",
        code="BAD_ARGUMENT",
        field=field,
        argument=argument,
        **extensions,
    )


def graphql_path(field: str) -> str:
    """Turn a problem's snake_case field path (`members.0.id_number`) into GraphQL names."""
    parts = []
    for part in field.split("."):
        head, *rest = part.split("_")
        parts.append(head + "".join(word.capitalize() for word in rest))
    return ".".join(parts)
