"""Every export is audited; full ID and phone numbers are written only with a stated reason."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from core.platform import Platform
from core.security.masking import mask_id_number
from core.security.models import audit_log
from tests.conftest import GraphQLClient
from tests.factories import four_households
from tests.test_cli import jiuye


async def exports(platform: Platform) -> list[Any]:
    async with platform.db.connect() as conn:
        query = select(audit_log).where(audit_log.c.action == "export").order_by(audit_log.c.id)
        return list((await conn.execute(query)).all())


def cells(path: Path) -> str:
    sheet = load_workbook(path).active
    assert sheet is not None
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


async def test_a_ledger_export_needs_a_reason_and_is_audited(
    platform: Platform, database_url: str, tmp_path: Path
) -> None:
    ids = await four_households(platform)
    out = tmp_path / "ledger.xlsx"

    refused = jiuye("export", "ledger", "--region", "450225", str(out), database_url=database_url)
    assert refused.returncode == 1 and "--reason" in refused.stderr, refused.stderr
    assert os.listdir(tmp_path) == []
    assert await exports(platform) == []

    done = jiuye(
        "export",
        "ledger",
        "--region",
        "450225",
        "--reason",
        "年度核查",
        str(out),
        database_url=database_url,
    )
    assert done.returncode == 0, done.stderr
    assert ids["a_head"] in cells(out)
    (entry,) = await exports(platform)
    assert entry.actor.startswith("cli:") and entry.path == "CLI"
    assert (entry.record_type, entry.record_key) == ("sheet:ledger", "450225")
    after = json.loads(entry.after)
    assert after.pop("asOf") and after == {
        "kind": "ledger",
        "region": "450225",
        "rows": 4,
        "identifiers": "full",
        "reason": "年度核查",
    }

    masked = tmp_path / "masked.xlsx"
    plain = jiuye(
        "export",
        "ledger",
        "--region",
        "450225",
        "--masked",
        str(masked),
        database_url=database_url,
    )
    assert plain.returncode == 0, plain.stderr
    text = cells(masked)
    assert all(number not in text for number in ids.values())
    assert mask_id_number(ids["a_head"]) in text
    last = (await exports(platform))[-1]
    assert json.loads(last.after)["identifiers"] == "masked" and json.loads(last.after)["rows"] == 4

    regions = jiuye(
        "export",
        "regions",
        "--region",
        "450225",
        str(tmp_path / "r.xlsx"),
        database_url=database_url,
    )
    assert regions.returncode == 0, regions.stderr
    assert json.loads((await exports(platform))[-1].after)["identifiers"] == "none"


async def test_a_drill_through_file_is_audited(
    platform: Platform, county_gql: GraphQLClient
) -> None:
    await four_households(platform)
    answer = await county_gql(
        """{ metric(key: "core.labor_households", region: "450226", asOf: "2019-09-30") {
             recordsFile(which: ALL, reason: "核对未就业户") { rows } } }"""
    )
    rows = answer["metric"]["recordsFile"]["rows"]
    assert rows >= 1
    (entry,) = await exports(platform)
    assert (entry.actor, entry.role, entry.path) == ("三江县人社局", "county", "GRAPHQL")
    assert (entry.record_type, entry.record_key) == ("metric:core.labor_households", "450226")
    after = json.loads(entry.after)
    assert after["rows"] == rows and after["reason"] == "核对未就业户" and after["which"] == "ALL"
