"""Stream rows out of `.xlsx` and `.csv` files without holding the file in memory.

`.xlsx` is read with openpyxl's read-only mode (one row at a time; formula cells give the value
Excel last showed). `.csv` may be UTF-8 with or without BOM, GB18030 (what Chinese Excel
saves as "CSV"), or UTF-16 with a BOM ("Unicode text"); the encoding is found by decoding
the whole file once, incrementally, before any row is read.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

import openpyxl

Row = tuple[int, Sequence[object]]
"""A row number as Excel shows it and the row's cell values."""

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"
_CHUNK = 1 << 16


class ReadError(Exception):
    """The file cannot be read as a spreadsheet; the message is Chinese."""


@dataclass
class SheetSource:
    """One sheet: its name, an estimate of its rows, and a fresh row iterator on each call."""

    name: str
    total_rows: int | None
    book: Book

    def rows(self) -> Iterator[Row]:
        """Every row from the first, numbered as Excel numbers them."""
        return self.book.rows(self)


class Book:
    """An open spreadsheet file: its sheets and the format it was read as."""

    format: str = ""
    encoding: str | None = None
    sheets: list[SheetSource]

    def rows(self, sheet: SheetSource) -> Iterator[Row]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the file."""

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class XlsxBook(Book):
    """An `.xlsx` workbook opened read-only."""

    format = "xlsx"

    def __init__(self, file: IO[bytes]) -> None:
        try:
            self.workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ReadError(
                f"不是有效的 .xlsx 文件（{type(exc).__name__}），请用 Excel 另存后再试"
            ) from exc
        self.sheets = []
        for worksheet in self.workbook.worksheets:
            if not hasattr(worksheet, "iter_rows"):  # chart sheets hold no cells
                continue
            total = worksheet.max_row if isinstance(worksheet.max_row, int) else None
            self.sheets.append(SheetSource(worksheet.title, total, self))

    def rows(self, sheet: SheetSource) -> Iterator[Row]:
        worksheet: Any = self.workbook[sheet.name]
        # The stored dimension may be wrong (files written by other tools); trusting it
        # would silently drop the rows past it, so read to the end of the data instead.
        worksheet.reset_dimensions()
        yield from enumerate(worksheet.iter_rows(values_only=True), start=1)

    def close(self) -> None:
        self.workbook.close()


def detect_encoding(file: IO[bytes]) -> str:
    """Return the codec a CSV file is written in: utf-8-sig, utf-16 or gb18030."""
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := file.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            file.seek(0)
            continue
        file.seek(0)
        return encoding
    raise ReadError("无法识别文件的编码：请在 Excel 中另存为“CSV UTF-8”或 .xlsx")


def _unwrap(value: str) -> str | None:
    # Excel users keep leading zeros in CSV by writing ="0123"; the value is what is inside.
    if len(value) >= 3 and value.startswith('="') and value.endswith('"'):
        value = value[2:-1]
    return value if value.strip() else None


class CsvBook(Book):
    """A `.csv` file: one sheet named after the file."""

    format = "csv"

    def __init__(self, file: IO[bytes], name: str) -> None:
        self.file = file
        self.encoding = detect_encoding(file)
        text = self._text()
        first = text.readline()
        text.detach()  # closing the wrapper would close the file
        self.delimiter = "\t" if first.count("\t") > first.count(",") else ","
        file.seek(0)
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(_CHUNK), b""))
        file.seek(0)
        self.sheets = [SheetSource(PurePath(name).stem or "CSV", lines or None, self)]

    def _text(self) -> io.TextIOWrapper:
        self.file.seek(0)
        return io.TextIOWrapper(self.file, encoding=self.encoding, newline="", errors="strict")

    def rows(self, sheet: SheetSource) -> Iterator[Row]:
        text = self._text()
        try:
            # Numbered by record, as Excel numbers the rows of a CSV it opens.
            for number, values in enumerate(csv.reader(text, delimiter=self.delimiter), start=1):
                yield number, [_unwrap(value) for value in values]
        except csv.Error as exc:
            raise ReadError(f"CSV 格式有误：{exc}") from exc
        finally:
            text.detach()  # leave the underlying file open for the next pass


def open_book(file: IO[bytes], name: str) -> Book:
    """Open a spreadsheet by its content (not its extension): `.xlsx` or `.csv`."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(_OLE):
        raise ReadError("这是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 后再导入")
    if head.startswith(_ZIP):
        return XlsxBook(file)
    if PurePath(name).suffix.lower() in (".xlsx", ".xlsm"):
        raise ReadError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿：文件可能已损坏")
    if not head:
        raise ReadError("文件是空的")
    return CsvBook(file, name)
