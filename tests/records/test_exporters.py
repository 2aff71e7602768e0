"""Exports write the very format the imports read: export → import changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.graphql.context import Caller
from core.importing.exporting import ExportError, run_export
from core.importing.sheets import ExportRequest, ScopeError, scoped_region, sheet_kinds
from core.platform import Platform
from core.records.demo import populate
from tests.importing.helpers import LEDGER_HEADERS, REGION_HEADERS, run, snapshot

TODAY = date(2026, 11, 25)


@pytest.fixture
async def demo(platform: Platform) -> Platform:
    await populate(platform.db, seed=7, households=60)
    return platform


async def export(
    platform: Platform, kind: str, path: Path, region: str, as_of: date = TODAY
) -> int:
    found = sheet_kinds(platform.plugins)[kind]
    request = ExportRequest(Caller(), scoped_region(Caller(), region), as_of)
    return await run_export(platform.db, found, request, path, reason="核对往返导入")


async def test_ledger_round_trip_is_a_no_op(demo: Platform, tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    rows = await export(demo, "ledger", path, "450200")
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet.title == "两清台账"
    assert [c.value for c in sheet[1]] == LEDGER_HEADERS
    assert sheet.max_row == rows + 1 > 60
    before = await snapshot(demo)
    report = await run(demo, path)
    assert report.problems == []
    assert report.totals.unchanged == rows
    assert await snapshot(demo) == before


async def test_an_export_as_of_a_past_date_round_trips_on_that_date(
    demo: Platform, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.xlsx"
    day = date(2019, 6, 30)
    rows = await export(demo, "ledger", path, "450225", day)
    before = await snapshot(demo)
    report = await run(demo, path, as_of=day)
    assert report.problems == []
    assert report.totals.unchanged == rows
    assert await snapshot(demo) == before


async def test_region_list_round_trip(demo: Platform, tmp_path: Path) -> None:
    path = tmp_path / "regions.xlsx"
    rows = await export(demo, "regions", path, "450226")
    sheet = load_workbook(path).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == REGION_HEADERS
    assert [c.value for c in sheet[2]] == ["450226000000", "三江侗族自治县", None, None, None]
    before = await snapshot(demo)
    report = await run(demo, path)
    assert report.totals.unchanged == rows
    assert await snapshot(demo) == before


def test_exports_are_limited_to_the_callers_scope() -> None:
    assert scoped_region(Caller(), "450225000000") == "450225"
    assert scoped_region(Caller(region="450225"), "450225101") == "450225101"
    with pytest.raises(ScopeError, match="不在您可以查看的范围"):
        scoped_region(Caller(region="450225"), "450226")
    with pytest.raises(ScopeError, match="只能由数字组成"):
        scoped_region(Caller(), "融水")


async def test_a_kind_without_an_exporter_is_refused(platform: Platform, tmp_path: Path) -> None:
    from dataclasses import replace

    kind = replace(sheet_kinds(platform.plugins)["regions"], exporter=None)
    with pytest.raises(ExportError, match="只能导入"):
        await run_export(
            platform.db, kind, ExportRequest(Caller(), "450225", TODAY), tmp_path / "x.xlsx"
        )
