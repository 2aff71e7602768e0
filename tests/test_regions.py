"""Region codes: short and 12-digit forms, levels, parents, subtree ranges."""

from __future__ import annotations

import pytest

from core.regions import (
    RegionCodeError,
    canonical_code,
    child_length,
    level_of,
    parent_of,
    subtree_prefix,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("450200", "450200"),
        ("450225000000", "450225"),
        (" 450225101000 ", "450225101"),
        ("450225101201", "450225101201"),
        ("450225101", "450225101"),
    ],
)
def test_canonical_code(text: str, code: str) -> None:
    assert canonical_code(text) == code


@pytest.mark.parametrize("text", ["", "4502", "45022510120", "45022a", "４５０２２５"])
def test_malformed_code(text: str) -> None:
    with pytest.raises(RegionCodeError):
        canonical_code(text)


def test_levels_and_parents() -> None:
    assert level_of("450000") == "PROVINCE"
    assert parent_of("450000") is None
    assert level_of("450200") == "CITY"
    assert parent_of("450200") == "450000"
    assert level_of("450225") == "COUNTY"
    assert parent_of("450225") == "450200"
    assert level_of("450225101") == "TOWNSHIP"
    assert parent_of("450225101") == "450225"
    assert level_of("450225101201") == "VILLAGE"
    assert parent_of("450225101201") == "450225101"


def test_subtree_prefixes() -> None:
    assert subtree_prefix("450200") == "4502"
    assert subtree_prefix("450225") == "450225"
    assert child_length("450200") == 6
    assert child_length("450225") == 9
    assert child_length("450225101") == 12
