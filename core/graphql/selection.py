"""Look-ahead: which fields a request selects below the current one.

List resolvers use it to fetch nested relations in one batched query up front and hand them
to the child objects, so child fields answer from plain lists instead of awaiting loaders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from core.graphql.context import Info


def _children(selections: Iterable[Any]) -> Iterable[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _children(selection.selections)


def selects(info: Info, *paths: Sequence[str]) -> bool:
    """Whether the current field's selection contains any of `paths` (camelCase names)."""
    # `selected_fields` holds the current field itself; look below it.
    below = [
        child for field in _children(info.selected_fields) for child in _children(field.selections)
    ]
    return any(_has(below, list(path)) for path in paths)


def _has(fields: list[SelectedField], path: list[str]) -> bool:
    if not path:
        return True
    head, *rest = path
    for field in fields:
        if field.name == head and _has(list(_children(field.selections)), rest):
            return True
    return False


def node_paths(*suffix: str) -> tuple[tuple[str, ...], ...]:
    """The paths a connection's nodes are reached by, followed by `suffix`."""
    return (("edges", "node", *suffix), ("nodes", *suffix))
