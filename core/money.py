"""Money is stored as whole fen (分) in integer columns and shown as exact yuan decimals.

Nothing between a spreadsheet cell and a total passes through a float.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

FEN_PER_YUAN = 100


class MoneyError(ValueError):
    """A value that is not an amount of yuan exact to the fen; the message is Chinese."""


def yuan_to_fen(value: Decimal | int | str) -> int:
    """Convert yuan (Decimal, int or text such as "1,234.50") to whole fen, exactly."""
    if isinstance(value, (bool, float)):
        # Floats cannot be trusted to the fen; callers pass text or Decimal instead.
        raise MoneyError(f"金额 {value!r} 必须以文本或定点数给出")
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "").replace("元", "")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise MoneyError(f"“{value}”不是金额") from exc
    else:
        amount = Decimal(value)
    if not amount.is_finite():
        raise MoneyError(f"“{value}”不是金额")
    fen = amount * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise MoneyError(f"金额 {value} 精确到分即可，不能有第三位小数")
    return int(fen)


def fen_to_yuan(fen: int) -> Decimal:
    """Convert whole fen to an exact yuan Decimal with two places."""
    return (Decimal(fen) / FEN_PER_YUAN).quantize(Decimal("0.01"))
