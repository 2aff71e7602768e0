"""Recognise a sheet by its header row and map its columns to fields.

Headers match whatever their order, surrounding or inner spaces (full-width ones too),
full-width brackets, a trailing `*` or colon, and the variants each column declares
(`身份证号码` for `身份证号`). The header row may sit below a title: the first ten rows are
searched for the one that matches a sheet kind best.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from core.importing.readers import Row
from core.importing.sheets import Column, SheetKind

HEADER_SCAN_ROWS = 10
REPORT_COLUMN = "导入问题"
"""The column a report copy appends with each row's problems; ignored when that copy is re-imported."""
REPORT_SHEET = "导入报告"
"""The summary sheet of a report copy; skipped when the copy is imported again."""

_SPACES = re.compile(r"\s+")


def normalize(text: object) -> str:
    """The comparable form of a header: NFKC (full-width → half-width), no spaces, no `*` or colon."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text))
    value = _SPACES.sub("", value).strip("*:")
    return value.lower()


def _lookup(kind: SheetKind) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for column in kind.columns:
        for header in (column.header, *column.variants):
            table.setdefault(normalize(header), column)
    return table


@dataclass
class HeaderMatch:
    """A header row matched to a sheet kind."""

    kind: SheetKind
    row: int
    """The header row's number as Excel shows it."""
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Field → (1-based column index, header as written)."""
    unknown: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[Column, list[tuple[int, str]]]] = field(default_factory=list)
    missing: list[Column] = field(default_factory=list)

    @property
    def positions(self) -> list[tuple[int, str]]:
        """(0-based index, field) of every matched column, for reading rows."""
        return [(index - 1, name) for name, (index, _header) in self.columns.items()]

    def rank(self) -> tuple[float, int]:
        required = [c for c in self.kind.columns if c.required]
        found = sum(1 for c in required if c.field in self.columns)
        return (found / len(required) if required else 1.0, len(self.columns))

    def recognised(self) -> bool:
        """Enough of the kind's headers to say the sheet is one of its kind."""
        required = [c for c in self.kind.columns if c.required]
        found = sum(1 for c in required if c.field in self.columns)
        return len(self.columns) >= min(2, len(self.kind.columns)) and found >= math.ceil(
            len(required) / 2
        )


def match_row(kind: SheetKind, number: int, values: Sequence[object]) -> HeaderMatch:
    """Match one row's cells against a kind's headers."""
    table = _lookup(kind)
    match = HeaderMatch(kind, number)
    seen: dict[str, list[tuple[int, str]]] = {}
    for index, value in enumerate(values, start=1):
        key = normalize(value)
        if not key or key == REPORT_COLUMN:
            continue
        written = str(value).strip()
        column = table.get(key)
        if column is None:
            match.unknown.append((index, written))
            continue
        seen.setdefault(column.field, []).append((index, written))
    by_field = {c.field: c for c in kind.columns}
    for name, places in seen.items():
        match.columns[name] = places[0]
        if len(places) > 1:
            match.duplicates.append((by_field[name], places))
    match.missing = [c for c in kind.columns if c.required and c.field not in match.columns]
    return match


def find_header(rows: Iterable[Row], kinds: Iterable[SheetKind]) -> HeaderMatch | None:
    """The best header match among the first rows, or None when no kind is recognised."""
    candidates = list(kinds)
    best: HeaderMatch | None = None
    for scanned, (number, values) in enumerate(rows):
        if scanned >= HEADER_SCAN_ROWS:
            break
        for kind in candidates:
            match = match_row(kind, number, values)
            if match.recognised() and (best is None or match.rank() > best.rank()):
                best = match
    return best


def describe_duplicates(match: HeaderMatch) -> list[str]:
    """Chinese sentences naming each column that appears twice."""
    return [
        f"列“{column.header}”出现了 {len(places)} 次（"
        + "、".join(f"{get_column_letter(i)} 列“{h}”" for i, h in places)
        + "）：请只保留一列"
        for column, places in match.duplicates
    ]
