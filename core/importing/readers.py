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
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any
from xml.etree.ElementTree import iterparse

import openpyxl
from openpyxl.utils.datetime import from_excel, from_ISO8601

Row = tuple[int, Sequence[object]]
"""A row number as Excel shows it and the row's cell values."""

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"
_CHUNK = 1 << 16
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SHEET_DATA, _ROW, _VALUE, _TEXT = (f"{_MAIN}{tag}" for tag in ("sheetData", "row", "v", "t"))
_SHARED_ITEM = f"{_MAIN}si"
_MB = 1 << 20
_RATIO_FLOOR = _MB
"""Parts smaller than this (unzipped) may compress as well as they like: they cost nothing."""


@dataclass(frozen=True)
class ReadLimits:
    """What reading one file may cost; each is checked before openpyxl opens the file or while
    rows are read, and each refusal names its setting. A `.xlsx` is a zip of XML parts: a small
    file can unzip to gigabytes (a "zip bomb") or claim millions of rows."""

    unzipped_bytes: int = 500 * _MB
    """All parts of a `.xlsx` together, unzipped (JIUYE_IMPORT_MAX_UNZIPPED_BYTES)."""
    zip_ratio: int = 100
    """How many times larger than its zipped size a part of 1 MB or more may unzip
    (JIUYE_IMPORT_MAX_ZIP_RATIO); Excel's own files stay near 10."""
    rows: int = 1_048_576
    """Rows of one sheet, as numbered (JIUYE_IMPORT_MAX_ROWS): Excel's own limit."""
    shared_strings: int = 2_000_000
    """Distinct texts a `.xlsx` shares among its cells (JIUYE_IMPORT_MAX_SHARED_STRINGS)."""
    shared_strings_bytes: int = 100 * _MB
    """The shared texts' part, unzipped (JIUYE_IMPORT_MAX_SHARED_STRINGS_BYTES); openpyxl
    holds all of it in memory."""

    @classmethod
    def of(cls, settings: Any) -> ReadLimits:
        """The limits a `Settings` object configures."""
        return cls(
            unzipped_bytes=settings.import_max_unzipped_bytes,
            zip_ratio=settings.import_max_zip_ratio,
            rows=settings.import_max_rows,
            shared_strings=settings.import_max_shared_strings,
            shared_strings_bytes=settings.import_max_shared_strings_bytes,
        )


def _mb(size: int) -> str:
    return f"{size / _MB:,.0f} MB" if size >= _MB else f"{size:,} 字节"


def check_archive(file: IO[bytes], limits: ReadLimits) -> None:
    """Refuse a `.xlsx` whose parts would unzip too large, too far or into too many shared
    texts, reading no more than the shared texts' part (streamed, element by element)."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(
            f"不是有效的 .xlsx 文件（{type(exc).__name__}），请用 Excel 另存后再试"
        ) from exc
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size >= _RATIO_FLOOR and info.file_size > limits.zip_ratio * max(
            info.compress_size, 1
        ):
            raise TooLarge(
                f"文件中的“{info.filename}”解压后 {_mb(info.file_size)}，是压缩后的 "
                f"{info.file_size // max(info.compress_size, 1):,} 倍，超过上限 {limits.zip_ratio} 倍"
                "（JIUYE_IMPORT_MAX_ZIP_RATIO）：不像 Excel 保存的工作簿，请用 Excel 另存后再试"
            )
    if total > limits.unzipped_bytes:
        raise TooLarge(
            f"工作簿解压后共 {_mb(total)}，超过上限 {_mb(limits.unzipped_bytes)}"
            "（JIUYE_IMPORT_MAX_UNZIPPED_BYTES）：请拆分后分批导入"
        )
    for info in archive.infolist():
        if info.filename.lower().rsplit("/", 1)[-1] != "sharedstrings.xml":
            continue
        if info.file_size > limits.shared_strings_bytes:
            raise TooLarge(
                f"工作簿的共享文本解压后 {_mb(info.file_size)}，超过上限 "
                f"{_mb(limits.shared_strings_bytes)}（JIUYE_IMPORT_MAX_SHARED_STRINGS_BYTES）：请拆分后分批导入"
            )
        count = 0
        with archive.open(info) as part:
            for _event, element in iterparse(part):
                if element.tag == _SHARED_ITEM:
                    count += 1
                    element.clear()
                    if count > limits.shared_strings:
                        raise TooLarge(
                            f"工作簿的共享文本超过 {limits.shared_strings:,} 条"
                            "（JIUYE_IMPORT_MAX_SHARED_STRINGS）：请拆分后分批导入"
                        )
    file.seek(0)


def too_many_rows(sheet: str, limits: ReadLimits) -> TooLarge:
    """The refusal of a sheet longer than `limits.rows`."""
    return TooLarge(
        f"工作表“{sheet}”超过 {limits.rows:,} 行（JIUYE_IMPORT_MAX_ROWS）：请拆分后分批导入"
    )


class ReadError(Exception):
    """The file cannot be read as a spreadsheet; the message is Chinese."""

    def __init__(self, message: str, code: str = "INVALID") -> None:
        super().__init__(message)
        self.code = code
        """The problem's code (`core.problems.ErrorCode`): TOO_LARGE for a file over a limit."""


class TooLarge(ReadError):
    """The file is over one of the `ReadLimits`; the message names the limit and its setting."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "TOO_LARGE")


@dataclass
class SheetSource:
    """One sheet: its name, a fresh row iterator on each call, and how far reading has got."""

    name: str
    size: int | None
    """Bytes to read (the sheet's XML, or the CSV file), for progress; None when unknown."""
    book: Book
    position: int = 0
    """Bytes read so far by the current pass."""

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

    def __init__(self, file: IO[bytes], limits: ReadLimits | None = None) -> None:
        self.limits = limits or ReadLimits()
        check_archive(file, self.limits)
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
            # The row count a file records may be wrong, its XML size is not; but a file that
            # claims more rows than may be read is refused before any is.
            if (worksheet.max_row or 0) > self.limits.rows:
                raise too_many_rows(worksheet.title, self.limits)
            part = self.workbook._archive.getinfo(worksheet._worksheet_path)
            self.sheets.append(SheetSource(worksheet.title, part.file_size, self))

    def rows(self, sheet: SheetSource) -> Iterator[Row]:
        return sheet_rows(self.workbook[sheet.name], sheet, self.limits)

    def close(self) -> None:
        self.workbook.close()


def _column(reference: str) -> int:
    """1-based column of a cell reference (`AB12` → 28)."""
    number = 0
    for char in reference:
        code = ord(char)
        if code < 65:  # the digits of the row number begin
            break
        number = number * 26 + code - 64
    return number


def _number(text: str) -> int | float:
    return float(text) if ("." in text or "E" in text or "e" in text) else int(text)


class _Counted:
    """A file that tells the sheet how many bytes have been read from it."""

    def __init__(self, file: IO[bytes], sheet: SheetSource | None) -> None:
        self.file = file
        self.sheet = sheet

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        if self.sheet is not None:
            self.sheet.position += len(data)
        return data


def sheet_rows(
    worksheet: Any, sheet: SheetSource | None = None, limits: ReadLimits | None = None
) -> Generator[Row]:
    """Every row of a read-only worksheet, numbered as Excel numbers them, values as openpyxl gives them.

    openpyxl opens the workbook (sheets, shared strings, which styles are dates); the sheet's
    XML is walked here. openpyxl's own row reader spends most of an import's time on
    per-cell bookkeeping; this loop does only what values need, about three times faster,
    and keeps memory flat by dropping each row once read. The dimension a file records is
    not trusted (other tools write wrong ones): every row to the end of the data is read, up
    to `limits.rows`.
    """
    most = (limits or ReadLimits()).rows
    book = worksheet.parent
    strings, dates, epoch = book.shared_strings, book._date_formats, book.epoch
    durations = book._timedelta_formats
    expected = 1
    parent: Any = None
    if sheet is not None:
        sheet.position = 0
    with worksheet._get_source() as source:
        for event, element in iterparse(_Counted(source, sheet), events=("start", "end")):
            if event == "start":
                if element.tag == _SHEET_DATA:
                    parent = element
                continue
            if element.tag != _ROW:
                continue
            written = element.get("r")
            number = int(written) if written else expected
            if number > most:
                raise too_many_rows(worksheet.title, limits or ReadLimits())
            while expected < number:
                yield expected, ()
                expected += 1
            values: list[object] = []
            for cell in element:
                reference = cell.get("r")
                if reference:
                    index = _column(reference) - 1
                    if index > len(values):
                        values.extend([None] * (index - len(values)))
                values.append(_value(cell, strings, dates, durations, epoch))
            if parent is not None:
                parent.clear()  # the rows read so far are done with
            yield number, values
            expected = number + 1


def _value(cell: Any, strings: Any, dates: Any, durations: Any, epoch: Any) -> object:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(_TEXT)) or None
    text = cell.findtext(_VALUE)
    if text is None or text == "":
        return None
    if kind == "n":
        number = _number(text)
        style = cell.get("s")
        if style and int(style) in dates:
            return from_excel(number, epoch, timedelta=int(style) in durations)
        return number
    if kind == "s":
        return strings[int(text)]
    if kind == "b":
        return text == "1"
    if kind == "d":
        return from_ISO8601(text)
    return text  # "str" (a formula's text) and "e" (an error such as #N/A)


def detect_encoding(file: IO[bytes]) -> str:
    """Return the codec a CSV file is written in: utf-8-sig, utf-16 or gb18030."""
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    # A file with a BOM is checked too: a UTF-16 file cut at an odd byte fails here, not mid-import.
    for encoding in candidates:
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
    if len(candidates) == 1:
        raise ReadError(
            f"文件开头标明是 {candidates[0].upper()} 编码，但其中有无法解码的字节（文件可能不完整）："
            "请在 Excel 中另存为“CSV UTF-8”或 .xlsx"
        )
    raise ReadError("无法识别文件的编码：请在 Excel 中另存为“CSV UTF-8”或 .xlsx")


def _unwrap(value: str) -> str | None:
    # Excel users keep leading zeros in CSV by writing ="0123"; the value is what is inside.
    if len(value) >= 3 and value.startswith('="') and value.endswith('"'):
        value = value[2:-1]
    return value if value.strip() else None


class CsvBook(Book):
    """A `.csv` file: one sheet named after the file."""

    format = "csv"

    def __init__(self, file: IO[bytes], name: str, limits: ReadLimits | None = None) -> None:
        self.file = file
        self.limits = limits or ReadLimits()
        self.encoding = detect_encoding(file)
        text = self._text()
        first = text.readline()
        text.detach()  # closing the wrapper would close the file
        self.delimiter = "\t" if first.count("\t") > first.count(",") else ","
        size = file.seek(0, io.SEEK_END)
        file.seek(0)
        self.sheets = [SheetSource(PurePath(name).stem or "CSV", size, self)]

    def _text(self) -> io.TextIOWrapper:
        self.file.seek(0)
        return io.TextIOWrapper(self.file, encoding=self.encoding, newline="", errors="strict")

    def rows(self, sheet: SheetSource) -> Iterator[Row]:
        text = self._text()
        try:
            # Numbered by record, as Excel numbers the rows of a CSV it opens.
            for number, values in enumerate(csv.reader(text, delimiter=self.delimiter), start=1):
                if number > self.limits.rows:
                    raise too_many_rows(sheet.name, self.limits)
                if number % 256 == 0:
                    sheet.position = self.file.tell()
                yield number, [_unwrap(value) for value in values]
            sheet.position = sheet.size or 0
        except csv.Error as exc:
            raise ReadError(f"CSV 格式有误：{exc}") from exc
        finally:
            text.detach()  # leave the underlying file open for the next pass


def open_book(file: IO[bytes], name: str, limits: ReadLimits | None = None) -> Book:
    """Open a spreadsheet by its content (not its extension): `.xlsx` or `.csv`, within `limits`."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(_OLE):
        raise ReadError("这是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 后再导入")
    if head.startswith(_ZIP):
        return XlsxBook(file, limits)
    if PurePath(name).suffix.lower() in (".xlsx", ".xlsm"):
        raise ReadError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿：文件可能已损坏")
    if not head:
        raise ReadError("文件是空的")
    return CsvBook(file, name, limits)
