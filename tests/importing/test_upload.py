"""The importLedger mutation through the real app: GraphQL multipart requests, CSRF header, size limit."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.platform import Platform
from core.records.models import person
from tests.conftest import GraphQLClient, client_for, make_platform
from tests.factories import add_regions
from tests.importing.helpers import count, family, ledger_file, member

IMPORT = """mutation($file: Upload!, $dryRun: Boolean!) {
  importLedger(file: $file, dryRun: $dryRun) {
    committed dryRun fileName rowsRead created updated unchanged rejected problemCount summary
    problems { sheet row column cell value code reason }
    sheets { name kind title headerRow rowsRead created unknownColumns }
  }
}"""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def payload(path: Path) -> tuple[str, bytes, str]:
    return path.name, path.read_bytes(), XLSX


async def upload(
    http: httpx.AsyncClient,
    path: Path,
    *,
    dry_run: bool = False,
    headers: dict[str, str] | None = None,
    mapping: dict[str, Any] | None = None,
) -> httpx.Response:
    operations = {"query": IMPORT, "variables": {"file": None, "dryRun": dry_run}}
    return await http.post(
        "/graphql",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps(mapping or {"0": ["variables.file"]}),
        },
        files={"0": payload(path)},
        headers={"X-Jiuye-Upload": "1"} if headers is None else headers,
    )


@pytest.fixture
async def regions(platform: Platform) -> None:
    await add_regions(platform)


@pytest.mark.usefixtures("regions")
async def test_upload_imports_and_reports(
    gql: GraphQLClient, platform: Platform, tmp_path: Path
) -> None:
    path = ledger_file(tmp_path / "ledger.xlsx", family())
    dry = await upload(gql.http, path, dry_run=True)
    assert dry.status_code == 200, dry.text
    result = dry.json()["data"]["importLedger"]
    assert (result["committed"], result["dryRun"], result["created"]) == (False, True, 3)
    assert await count(platform, person) == 0

    done = (await upload(gql.http, path)).json()["data"]["importLedger"]
    assert done["committed"]
    assert (done["fileName"], done["rowsRead"], done["created"], done["problemCount"]) == (
        "ledger.xlsx",
        3,
        3,
        0,
    )
    assert done["sheets"] == [
        {
            "name": "两清台账",
            "kind": "ledger",
            "title": "两清台账",
            "headerRow": 1,
            "rowsRead": 3,
            "created": 3,
            "unknownColumns": [],
        }
    ]
    assert await count(platform, person) == 3
    again = (await upload(gql.http, path)).json()["data"]["importLedger"]
    assert again["unchanged"] == 3


@pytest.mark.usefixtures("regions")
async def test_problems_come_back_as_data(
    gql: GraphQLClient, platform: Platform, tmp_path: Path
) -> None:
    path = ledger_file(tmp_path / "bad.xlsx", [member(**{"身份证号": "4.50225E+17"})])
    result = (await upload(gql.http, path)).json()["data"]["importLedger"]
    assert not result["committed"]
    assert result["problems"] == [
        {
            "sheet": "两清台账",
            "row": 2,
            "column": "身份证号",
            "cell": "C2",
            "value": "4.50225E+17",
            "code": "INVALID",
            "reason": result["problems"][0]["reason"],
        }
    ]
    assert "被 Excel 存成了数字" in result["problems"][0]["reason"]
    assert await count(platform, person) == 0


async def test_an_unreadable_file_is_a_problem_too(gql: GraphQLClient, tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    result = (await upload(gql.http, path)).json()["data"]["importLedger"]
    assert result["problems"][0]["sheet"] is None
    assert "另存为 .xlsx" in result["problems"][0]["reason"]


async def test_multipart_needs_the_preflight_header(gql: GraphQLClient, tmp_path: Path) -> None:
    path = ledger_file(tmp_path / "ledger.xlsx", family())
    refused = await upload(gql.http, path, headers={})
    assert refused.status_code == 400
    assert "X-Jiuye-Upload" in refused.json()["errors"][0]["message"]
    apollo = await upload(
        gql.http, path, headers={"Apollo-Require-Preflight": "true"}, dry_run=True
    )
    assert apollo.status_code == 200


async def test_malformed_maps_are_refused(gql: GraphQLClient, tmp_path: Path) -> None:
    path = ledger_file(tmp_path / "ledger.xlsx", family())
    missing = await upload(gql.http, path, mapping={"1": ["variables.file"]})
    assert missing.status_code == 400
    assert "文件字段 1，" in missing.json()["errors"][0]["message"]
    outside = await upload(gql.http, path, mapping={"0": ["query"]})
    assert outside.status_code == 400


async def test_a_file_argument_that_is_not_a_file(gql: GraphQLClient) -> None:
    response = await gql.post(IMPORT, {"file": "ledger.xlsx", "dryRun": True})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_ARGUMENT"
    assert "file" in error["message"]


@pytest.fixture
async def small(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    built = make_platform(database_url, max_upload_bytes=2_000)
    async for client in client_for(built):
        yield client.http
    await built.close()


async def test_files_over_the_limit_are_refused(small: httpx.AsyncClient, tmp_path: Path) -> None:
    path = ledger_file(tmp_path / "ledger.xlsx", family())
    assert path.stat().st_size > 2_000
    refused = await upload(small, path)
    assert refused.status_code == 413
    assert "2000 字节" in refused.json()["errors"][0]["message"]
    huge = tmp_path / "huge.xlsx"
    huge.write_bytes(b"PK\x03\x04" + b"\0" * (2 << 20))
    assert (await upload(small, huge)).status_code == 413


async def test_uploads_have_their_own_time_limit(database_url: str, tmp_path: Path) -> None:
    hurried = make_platform(database_url, request_timeout_seconds=0.000001)
    path = ledger_file(tmp_path / "ledger.xlsx", family())
    try:
        async for client in client_for(hurried):
            query = await client.post("{ households { totalCount } }")
            assert query.json()["errors"][0]["extensions"]["code"] == "LIMIT_TIMEOUT"
            response = await upload(client.http, path, dry_run=True)
            assert response.json()["data"]["importLedger"]["rowsRead"] == 3
    finally:
        await hurried.close()
