"""`register_loaders`: each request gets its own instance of a registered loader; others are refused."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from core.graphql.loaders import Loader
from core.platform import Platform
from core.records.loaders import RegionByCodeLoader


class UnregisteredByKeyLoader(Loader[int, int]):
    async def fetch(self, keys: list[int]) -> Sequence[int]:
        return keys


def test_registered_loaders_per_request(platform: Platform) -> None:
    names = {cls.__name__ for cls in platform.loaders}
    assert {"RegionByCodeLoader", "TrainingClassByIdLoader"} <= names
    first, second = platform.context(), platform.context()
    assert first.loader(RegionByCodeLoader) is first.loader(RegionByCodeLoader)
    assert first.loader(RegionByCodeLoader) is not second.loader(RegionByCodeLoader)
    with pytest.raises(LookupError, match="UnregisteredByKeyLoader is not registered"):
        first.loader(UnregisteredByKeyLoader)
