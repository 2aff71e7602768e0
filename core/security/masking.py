"""Masking of personal identifiers in every response, report and log line."""

from __future__ import annotations

import re

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{7,8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1\d{2})(\d{4})(\d{4})(?!\d)")


def mask_id_number(value: str | None) -> str | None:
    """`450225199001011234` → `450225********1234` (region and last four kept)."""
    if value is None:
        return None
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str | None:
    """`13800138000` → `138****8000`."""
    if value is None:
        return None
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_text(text: str | None) -> str | None:
    """Mask every ID number and mobile number inside a piece of text (messages, cell values)."""
    if text is None:
        return None
    masked = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3)[-4:], text)
    return _PHONE.sub(lambda m: m.group(1) + "****" + m.group(3), masked)


def id_numbers_in(text: str | None) -> list[str]:
    """Every ID number written inside a piece of text, in order of appearance."""
    if not text:
        return []
    return ["".join(m.groups()) for m in _ID_NUMBER.finditer(text)]
