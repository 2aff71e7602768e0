"""Per-request DataLoaders: every relation resolves through one, batching by key."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from strawberry.dataloader import DataLoader

if TYPE_CHECKING:
    from core.graphql.context import Context

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
R = TypeVar("R")


class Loader(DataLoader[K, V], Generic[K, V]):
    """A DataLoader bound to one request's context; subclasses implement `fetch`.

    Name loaders `<Thing>By<Key>Loader` and register them through `register_loaders`.
    """

    def __init__(self, context: Context) -> None:
        self.context = context
        super().__init__(load_fn=self.fetch)

    async def fetch(self, keys: list[K]) -> Sequence[V]:
        """Return one value per key, in the order of `keys`."""
        raise NotImplementedError


def one_per_key(keys: Sequence[K], rows: Iterable[R], key: Callable[[R], K]) -> list[R | None]:
    """Order `rows` to match `keys`; a key with no row gets None."""
    found = {key(row): row for row in rows}
    return [found.get(k) for k in keys]


def many_per_key(keys: Sequence[K], rows: Iterable[R], key: Callable[[R], K]) -> list[list[R]]:
    """Group `rows` by key in the order of `keys`; a key with no rows gets an empty list."""
    groups: dict[K, list[R]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return [groups.get(k, []) for k in keys]
