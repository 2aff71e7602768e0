"""Money is exact to the fen from text to total."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.money import MoneyError, fen_to_yuan, yuan_to_fen


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        ("1,234.50", 123450),
        ("0.01", 1),
        (Decimal("200000000"), 20_000_000_000),
        (3, 300),
        ("5元", 500),
    ],
)
def test_yuan_to_fen(value: object, fen: int) -> None:
    assert yuan_to_fen(value) == fen  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["0.001", "abc", 1.5, True, "NaN"])
def test_refused(value: object) -> None:
    with pytest.raises(MoneyError):
        yuan_to_fen(value)  # type: ignore[arg-type]


def test_many_small_amounts_add_up_exactly() -> None:
    assert fen_to_yuan(sum(yuan_to_fen("0.10") for _ in range(1000))) == Decimal("100.00")
