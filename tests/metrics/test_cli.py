"""`jiuye metrics` prints and writes the same results as GraphQL, and freezes snapshots."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from core.platform import Platform
from tests.factories import four_households
from tests.test_cli import jiuye


async def test_table_files_and_snapshot(
    platform: Platform, database_url: str, tmp_path: Path
) -> None:
    await four_households(platform)
    table = jiuye(
        "metrics", "--region", "450225", "--as-of", "2019-09-30", database_url=database_url
    )
    assert table.returncode == 0, table.stderr
    line = next(
        row
        for row in table.stdout.splitlines()
        if row.startswith("core.households_with_employment") and "融水县" in row
    )
    assert "50.00" in line and "落后" in line and "BEHIND" not in line

    out = tmp_path / "m.csv"
    written = jiuye(
        "metrics",
        "--as-of",
        "2019-09-30",
        "--keys",
        "core.labor_households",
        "--format",
        "csv",
        "--output",
        str(out),
        database_url=database_url,
    )
    assert written.returncode == 0, written.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["指标键"] == "core.labor_households" and rows[0]["数值"] == "3"
    assert len(rows) == 11  # the city and its ten counties

    book = tmp_path / "m.xlsx"
    assert (
        jiuye(
            "metrics",
            "--as-of",
            "2019-09-30",
            "--format",
            "xlsx",
            "--output",
            str(book),
            database_url=database_url,
        ).returncode
        == 0
    )
    sheet = load_workbook(book).active
    assert sheet is not None and sheet["A1"].value == "指标键"

    snap = jiuye(
        "metrics", "snapshot", "--as-of", "2019-09-30", "--label", "Q3", database_url=database_url
    )
    assert snap.returncode == 0, snap.stderr
    again = jiuye(
        "metrics", "snapshot", "--as-of", "2019-09-30", "--label", "Q3", database_url=database_url
    )
    assert again.returncode == 1 and "不可覆盖" in again.stderr
    frozen = tmp_path / "q3.json"
    jiuye(
        "metrics",
        "--snapshot",
        "Q3",
        "--keys",
        "core.households_with_employment",
        "--format",
        "json",
        "--output",
        str(frozen),
        database_url=database_url,
    )
    data = json.loads(frozen.read_text(encoding="utf-8"))
    assert data[0]["数值"] == "66.67" and data[0]["状态"] == "落后"

    bad = jiuye("metrics", "--keys", "core.nope", database_url=database_url)
    assert bad.returncode == 2 and "没有指标 core.nope" in bad.stderr
