"""Masking of personal identifiers in every response, report and log line."""

from __future__ import annotations


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
