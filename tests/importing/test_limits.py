"""What reading an uploaded file may cost: zip bombs, claimed rows, shared texts, time.

The bombs are built here: a real ledger workbook with one part replaced.
"""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

from core.importing import runner
from core.platform import Platform
from core.records.models import person
from tests.conftest import client_for, make_platform
from tests.factories import add_regions
from tests.importing.helpers import count, family, ledger_file
from tests.importing.test_upload import upload

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


SHARED = "xl/sharedStrings.xml"
SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def rezip(source: Path, target: Path, parts: dict[str, Callable[[IO[bytes]], None]]) -> Path:
    """Copy a workbook, writing the named parts with the given writers (streamed, deflated).

    A shared texts part is added (and declared, so that openpyxl would read it) when asked
    for: openpyxl itself writes every text inline."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "[Content_Types].xml" and SHARED in parts:
                override = f'<Override PartName="/{SHARED}" ContentType="{SHARED_TYPE}"/>'
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            writer = parts.get(info.filename)
            if writer is None:
                new.writestr(info, data)
            else:
                with new.open(info.filename, "w", force_zip64=True) as part:
                    writer(part)
        if SHARED in parts and SHARED not in old.namelist():
            with new.open(SHARED, "w", force_zip64=True) as part:
                parts[SHARED](part)
    return target


def shared_strings(count: int) -> Callable[[IO[bytes]], None]:
    def write(part: IO[bytes]) -> None:
        part.write(f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'.encode())
        step = min(count, 10_000)
        chunk = b"<si><t>x</t></si>" * step
        for _ in range(count // step):
            part.write(chunk)
        part.write(b"</sst>")

    return write


def sheet_claiming(rows: int, source: Path, *, dimension: bool) -> Callable[[IO[bytes]], None]:
    """The ledger sheet, with one more row at `rows` (and the dimension saying so, or none)."""
    with zipfile.ZipFile(source) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    last = f'<row r="{rows}"><c r="A{rows}" t="inlineStr"><is><t>尾</t></is></c></row>'
    xml = xml.replace("</sheetData>", last + "</sheetData>")
    replacement = f'<dimension ref="A1:Z{rows}"/>' if dimension else ""
    xml = re.sub(r"<dimension [^>]*/>", replacement, xml)

    def write(part: IO[bytes]) -> None:
        part.write(xml.encode())

    return write


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return ledger_file(tmp_path / "ledger.xlsx", family())


@pytest.fixture
async def client_with(database_url: str) -> AsyncIterator[Any]:
    built: list[Platform] = []
    clients: list[Any] = []

    async def make(**settings: Any) -> httpx.AsyncClient:
        platform = make_platform(database_url, **settings)
        built.append(platform)
        generator = client_for(platform)
        clients.append(generator)
        return (await generator.__anext__()).http

    yield make
    for generator in clients:
        await generator.aclose()
    for platform in built:
        await platform.close()


async def refusal(client: httpx.AsyncClient, path: Path) -> dict[str, Any]:
    """Upload `path` (dry run); return the one problem it was refused with."""
    response = await upload(client, path, dry_run=True)
    result = response.json()["data"]["importLedger"]
    assert result["committed"] is False and result["created"] == 0, result
    (problem,) = result["problems"]
    return dict(problem)


async def test_a_shared_strings_zip_bomb_is_refused_before_it_is_unzipped(
    client_with: Any, ledger: Path, tmp_path: Path
) -> None:
    bomb = rezip(ledger, tmp_path / "bomb.xlsx", {SHARED: shared_strings(3_000_000)})
    with zipfile.ZipFile(bomb) as book:
        part = book.getinfo(SHARED)
    assert part.file_size > 50_000_000 and part.compress_size < 500_000  # ~ 50 MB from < 0.5 MB
    problem = await refusal(await client_with(), bomb)
    assert problem["code"] == "TOO_LARGE"
    assert "JIUYE_IMPORT_MAX_ZIP_RATIO" in problem["reason"]
    assert "xl/sharedStrings.xml" in problem["reason"]


async def test_shared_texts_are_bounded_by_count_and_size(
    client_with: Any, ledger: Path, tmp_path: Path
) -> None:
    texts = rezip(ledger, tmp_path / "texts.xlsx", {SHARED: shared_strings(10)})
    allowed = await upload(await client_with(), texts, dry_run=True)
    assert allowed.json()["data"]["importLedger"]["rowsRead"] == 3
    by_count = await refusal(await client_with(import_max_shared_strings=5), texts)
    assert by_count["code"] == "TOO_LARGE"
    assert "超过 5 条（JIUYE_IMPORT_MAX_SHARED_STRINGS）" in by_count["reason"]
    by_size = await refusal(await client_with(import_max_shared_strings_bytes=100), texts)
    assert "JIUYE_IMPORT_MAX_SHARED_STRINGS_BYTES" in by_size["reason"]


async def test_the_whole_workbook_unzipped_is_bounded(client_with: Any, ledger: Path) -> None:
    problem = await refusal(await client_with(import_max_unzipped_bytes=2_000), ledger)
    assert problem["code"] == "TOO_LARGE"
    assert "JIUYE_IMPORT_MAX_UNZIPPED_BYTES" in problem["reason"]


async def test_a_sheet_claiming_twenty_million_rows_is_refused_before_any_is_read(
    client_with: Any, ledger: Path, tmp_path: Path
) -> None:
    claimed = rezip(
        ledger,
        tmp_path / "claimed.xlsx",
        {"xl/worksheets/sheet1.xml": sheet_claiming(20_000_000, ledger, dimension=True)},
    )
    problem = await refusal(await client_with(), claimed)
    assert problem["code"] == "TOO_LARGE"
    assert "超过 1,048,576 行（JIUYE_IMPORT_MAX_ROWS）" in problem["reason"]
    assert problem["sheet"] is None or problem["sheet"] == "两清台账"


async def test_rows_are_counted_while_reading_when_no_size_is_claimed(
    client_with: Any, ledger: Path, tmp_path: Path
) -> None:
    # No dimension: the last row's number alone would have the reader produce 20 million
    # empty rows before it.
    unsized = rezip(
        ledger,
        tmp_path / "unsized.xlsx",
        {"xl/worksheets/sheet1.xml": sheet_claiming(20_000_000, ledger, dimension=False)},
    )
    problem = await refusal(await client_with(), unsized)
    assert problem["code"] == "TOO_LARGE"
    assert "JIUYE_IMPORT_MAX_ROWS" in problem["reason"]


async def test_csv_rows_are_bounded(client_with: Any, tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text("户编号,姓名\n" + "".join(f"H{n},名{n}\n" for n in range(10)), encoding="utf-8")
    response = await upload(await client_with(import_max_rows=5), path, dry_run=True)
    result = response.json()["data"]["importLedger"]
    assert [p["code"] for p in result["problems"]] == ["TOO_LARGE"]
    assert "超过 5 行（JIUYE_IMPORT_MAX_ROWS）" in result["problems"][0]["reason"]


def slow_is_blank(original: Callable[[object], bool]) -> Callable[[object], bool]:
    def slow(value: object) -> bool:
        time.sleep(0.02)  # reading the file's rows takes long (on the reader thread)
        return original(value)

    return slow


async def test_an_upload_over_its_time_is_stopped_as_limit_timeout(
    client_with: Any, ledger: Path, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_regions(platform)
    monkeypatch.setattr(runner, "is_blank", slow_is_blank(runner.is_blank))
    client = await client_with(upload_timeout_seconds=0.2)
    response = await upload(client, ledger)
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "LIMIT_TIMEOUT", error
    assert "JIUYE_UPLOAD_TIMEOUT_SECONDS" in error["message"]
    assert await count(platform, person) == 0
