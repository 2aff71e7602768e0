"""Reading files: .xlsx streamed (never trusting a wrong stored size), .csv in the encodings Excel uses."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from core.importing.readers import ReadError, detect_encoding, open_book

ROWS = [["户编号", "姓名"], ["H-1", "韦一"], ["H-2", "覃二"]]


def csv_bytes(encoding: str, delimiter: str = ",") -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"
    return text.encode(encoding)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (csv_bytes("utf-8"), "utf-8"),
        (csv_bytes("utf-8-sig"), "utf-8-sig"),
        (csv_bytes("gb18030"), "gb18030"),
        (csv_bytes("utf-16", "\t"), "utf-16"),
    ],
)
def test_csv_encodings(data: bytes, encoding: str) -> None:
    file = io.BytesIO(data)
    assert detect_encoding(file) == encoding
    with open_book(file, "台账.csv") as book:
        assert book.format == "csv"
        [sheet] = book.sheets
        assert sheet.name == "台账"
        assert [(n, list(v)) for n, v in sheet.rows()] == [
            (1, ["户编号", "姓名"]),
            (2, ["H-1", "韦一"]),
            (3, ["H-2", "覃二"]),
        ]
        # a second pass reads the same rows (headers are found first, then rows are read)
        assert len(list(sheet.rows())) == 3


def test_csv_cells_excel_wrote_as_formulas_to_keep_digits() -> None:
    data = '身份证号,姓名\r\n="450225197001011234",韦一\r\n'.encode()
    with open_book(io.BytesIO(data), "a.csv") as book:
        assert list(book.sheets[0].rows())[1] == (2, ["450225197001011234", "韦一"])


def test_xlsx_rows_past_a_wrong_stored_dimension_are_still_read(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in ROWS:
        sheet.append(row)
    path = tmp_path / "a.xlsx"
    book.save(path)
    # pretend another tool wrote a dimension that covers only the header
    patched = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B1"', data)
            target.writestr(item, data)
    with open_book(patched, "a.xlsx") as opened:
        assert [list(values) for _n, values in opened.sheets[0].rows()] == ROWS


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old.xls", "旧版 Excel"),
        (b"PK\x03\x04broken", "a.xlsx", "不是有效的 .xlsx"),
        (b"not a zip", "a.xlsx", "内容不是 Excel 工作簿"),
        (b"", "a.csv", "文件是空的"),
        (b"\x81\x30\xff\xff\xfe", "a.csv", "无法识别文件的编码"),
    ],
)
def test_unreadable_files_say_why(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        open_book(io.BytesIO(data), name)


def test_xlsx_values_are_what_openpyxl_reads(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["文本", 1, 2.5, date(2019, 3, 1), datetime(2019, 3, 1, 8, 30), True, None, "x"])
    sheet.append([])
    sheet["C4"] = "隔行"
    sheet["F4"] = -3
    sheet["B5"] = "=1+1"  # a formula without a cached value reads as empty
    sheet.cell(6, 30, "远列")
    path = tmp_path / "types.xlsx"
    book.save(path)
    reference = openpyxl.load_workbook(path, read_only=True, data_only=True).active
    reference.reset_dimensions()  # type: ignore[union-attr]
    expected = [list(v) for v in reference.iter_rows(values_only=True)]  # type: ignore[union-attr]
    with path.open("rb") as file, open_book(file, "types.xlsx") as opened:
        assert [list(values) for _n, values in opened.sheets[0].rows()] == expected
    assert expected[0][3] == datetime(2019, 3, 1)
