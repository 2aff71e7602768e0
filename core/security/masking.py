"""Masking of personal identifiers in every response, report and log line.

What a mask keeps is chosen together with what else a role can read of a person (birth
year, sex, region): an 18-digit ID number is region (6) + birth date (8) + sequence (3, odd
for men) + check character. Readers see the birth year and the sex, so a mask that kept the
last four characters (as this one once did) left only the day of birth unknown — about 30
candidates that pass the check character. Keeping the region and the last two characters
leaves day of birth x two sequence digits: 365 x 100 / 11, about 3,300 candidates for every
person. A mobile number keeps its network prefix and last two digits: 10^6 candidates.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

ID_KEEP_HEAD = 6
"""Characters an ID number mask keeps at the start: the region code."""
ID_KEEP_TAIL = 2
"""Characters an ID number mask keeps at the end: the last sequence digit and the check."""
PHONE_KEEP_HEAD = 3
PHONE_KEEP_TAIL = 2

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{9,10})(\d[0-9Xx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1\d{2})(\d{6})(\d{2})(?!\d)")


def mask_id_number(value: str | None) -> str | None:
    """`450225199001011234` → `450225**********34` (region and last two kept)."""
    if value is None:
        return None
    keep = ID_KEEP_HEAD + ID_KEEP_TAIL
    if len(value) <= keep + 6:
        return "*" * len(value)
    return value[:ID_KEEP_HEAD] + "*" * (len(value) - keep) + value[-ID_KEEP_TAIL:]


def mask_phone(value: str | None) -> str | None:
    """`13800138000` → `138******00` (network prefix and last two kept)."""
    if value is None:
        return None
    keep = PHONE_KEEP_HEAD + PHONE_KEEP_TAIL
    if len(value) <= keep + 3:
        return "*" * len(value)
    return value[:PHONE_KEEP_HEAD] + "*" * (len(value) - keep) + value[-PHONE_KEEP_TAIL:]


def mask_text(text: str | None) -> str | None:
    """Mask every ID number and mobile number inside a piece of text (messages, cell values)."""
    if text is None:
        return None
    masked = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)
    return _PHONE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), masked)


def mask_url_text(text: str) -> str:
    """Mask numbers in text that may be URL-encoded (a request line, a query string).

    `%22450225…%22` hides the number's edges from `mask_text`, so such text is decoded
    first; it is returned decoded only when something had to be masked.
    """
    masked = mask_text(text) or ""
    if "%" not in text and "+" not in text:
        return masked
    decoded = unquote_plus(text)
    hidden = mask_text(decoded) or ""
    return hidden if hidden != decoded else masked


def id_numbers_in(text: str | None) -> list[str]:
    """Every ID number written inside a piece of text, in order of appearance."""
    if not text:
        return []
    return ["".join(m.groups()) for m in _ID_NUMBER.finditer(text)]
