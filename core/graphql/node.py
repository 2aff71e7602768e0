"""Global object identification (Relay `Node`): every record type has an opaque `id`."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import strawberry
from strawberry.types.base import StrawberryObjectDefinition

from core.graphql.bounds import sql_int
from core.graphql.context import Info

MAX_KEY_LENGTH = 64
"""No record key is longer (ids, region codes); a longer one names nothing."""


def to_global_id(type_name: str, key: int | str) -> strawberry.ID:
    """Return the opaque global ID of a record: base64 of `Type:key`."""
    return strawberry.ID(base64.b64encode(f"{type_name}:{key}".encode()).decode())


def from_global_id(global_id: str) -> tuple[str, str] | None:
    """Return (type name, key) from a global ID, or None when it is not one.

    A key is printable ASCII; a key of digits is one a key column can hold (`SQL_INT_MAX`), so callers may
    turn any key passing `str.isdigit()` into an `int` and hand it to SQL.
    """
    if len(global_id) > 4 * MAX_KEY_LENGTH:
        return None
    try:
        text = base64.b64decode(global_id.encode(), validate=True).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    type_name, sep, key = text.partition(":")
    if not sep or not type_name or not key or len(key) > MAX_KEY_LENGTH:
        return None
    if not key.isascii() or not key.isprintable():
        return None
    if key.isdigit() and sql_int(key) is None:
        return None
    return type_name, key


@strawberry.interface(description="有全局唯一标识的记录（Relay 规范），可用 node(id:) 取回。")
class Node:
    """A record with a global ID."""

    id: strawberry.ID = strawberry.field(description="全局唯一标识（不透明字符串）。")

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Any:
        """Return the record with this key, or None; each Node type implements it."""
        raise NotImplementedError


def _record_type(info: Info, global_id: str) -> tuple[type[Node], str] | None:
    parsed = from_global_id(global_id)
    if parsed is None:
        return None
    type_name, key = parsed
    definition = info.schema.get_type_by_name(type_name)
    # Only object types hold records: an interface (`Node` itself) or a union names none.
    if not isinstance(definition, StrawberryObjectDefinition) or definition.is_interface:
        return None
    origin = definition.origin
    if not isinstance(origin, type) or not issubclass(origin, Node) or origin is Node:
        return None
    return origin, key


def names_a_record_type(info: Info, global_id: str) -> bool:
    """Whether a global id is one this schema could have issued: it decodes, its key is one a
    record can have, and it names a record type (the record itself may be gone)."""
    return _record_type(info, global_id) is not None


async def resolve_global_id(info: Info, global_id: str) -> Node | None:
    """Find the record a global ID names, among the types of this schema."""
    found = _record_type(info, global_id)
    if found is None:
        return None
    origin, key = found
    result: Node | None = await origin.resolve_node(info, key)
    return result
