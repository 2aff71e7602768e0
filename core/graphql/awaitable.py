"""A cheaper awaitable check for graphql-core, which asks it of every value it completes."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from decimal import Decimal
from types import CoroutineType
from typing import Any, TypeGuard

_PLAIN: frozenset[type] = frozenset(
    {str, int, float, bool, type(None), list, tuple, dict, Decimal, date, datetime}
)


def is_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    """Whether graphql-core must await `value`; plain values answer from their type alone."""
    kind = type(value)
    if kind in _PLAIN:
        return False
    if kind is CoroutineType:
        return True
    return hasattr(value, "__await__")
