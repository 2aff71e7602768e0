"""A 工商登记号 or a worker held by an enterprise of another county: answered without naming
it, audited as a probe, and capped like every other such answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.graphql.context import Caller
from core.graphql.node import from_global_id
from core.platform import Platform
from core.security.models import audit_log
from tests.conftest import GraphQLClient, client_for, make_platform
from tests.factories import VILLAGE_C1
from tests.importing.test_upload import upload
from tests.plugins.entrepreneurship.conftest import create_enterprise, create_loan, problems
from tests.plugins.entrepreneurship.test_sheets import book, lent

NUMBER = "450225000012345"


@pytest.fixture
async def limited(platform: Platform, ids: dict[str, str]) -> AsyncIterator[Platform]:
    """The four households, served with a limit of two such answers an hour."""
    built = make_platform(platform.settings.database_url, platform.settings.plugins, probe_limit=2)
    yield built
    await built.close()


@pytest.fixture
async def sanjiang(limited: Platform) -> AsyncIterator[GraphQLClient]:
    caller = Caller(name="三江县人社局", role="department", department="RSJ", region="450226")
    async for client in client_for(limited, caller):
        yield client


async def probes_of(platform: Platform) -> list[tuple[str, str, str]]:
    async with platform.db.connect() as conn:
        query = (
            select(audit_log.c.action, audit_log.c.record_type, audit_log.c.record_key)
            .where(audit_log.c.action.in_(("PROBE", "PROBE_LIMIT")))
            .order_by(audit_log.c.id)
        )
        return [tuple(r) for r in await conn.execute(query)]


async def test_enterprise_answers_are_audited_and_capped(
    gql: GraphQLClient, limited: Platform, sanjiang: GraphQLClient, ids: dict[str, str]
) -> None:
    dee = await gql('{ personByIdNumber(idNumber: "%s") { employments { id } } }' % ids["d_head"])
    job = dee["personByIdNumber"]["employments"][0]["id"]
    await create_enterprise(
        gql, ids["a_head"], "甲记", registrationNumber=NUMBER, workerEmploymentIds=[job]
    )
    mine: dict[str, Any] = {"regionCode": VILLAGE_C1}

    taken = await create_enterprise(
        sanjiang, ids["d_head"], "丁记", registrationNumber=NUMBER, **mine
    )
    assert problems(taken) == [("registrationNumber", "DUPLICATE")]
    assert "权限范围外" in taken["message"] and "甲记" not in taken["message"]
    linked = await create_enterprise(
        sanjiang, ids["d_head"], "丁记", workerEmploymentIds=[job], **mine
    )
    assert problems(linked) == [("workerEmploymentIds.0", "DUPLICATE")]
    assert "权限范围外" in linked["message"] and "甲记" not in linked["message"]
    assert await probes_of(limited) == [
        ("PROBE", "registration_number", "450*********345"),
        ("PROBE", "employment_link", "*" * len(job_key(job))),
    ]

    # At the limit of two: even an enterprise with a number registered nowhere is refused.
    clean = await create_enterprise(
        sanjiang, ids["d_head"], "丁记", registrationNumber="450226000054321", **mine
    )
    assert problems(clean) == [("input", "LIMIT_PROBES")]
    assert [a for a, _, _ in await probes_of(limited)][-1] == "PROBE_LIMIT"
    # Without a key that could be answered, the token still writes.
    plain = await create_enterprise(sanjiang, ids["d_head"], "丁记", **mine)
    assert plain["name"] == "丁记"


def job_key(global_id: str) -> str:
    """The database key inside an Employment global ID."""
    parsed = from_global_id(global_id)
    assert parsed is not None
    return parsed[1]


async def test_a_contract_number_of_another_county_is_a_probe_answer(
    gql: GraphQLClient,
    limited: Platform,
    sanjiang: GraphQLClient,
    ids: dict[str, str],
    tmp_path: Path,
) -> None:
    await create_loan(gql, ids["a_head"], "OUT-1")
    taken = await create_loan(sanjiang, ids["d_head"], "OUT-1")
    assert problems(taken) == [("contractNumber", "DUPLICATE")]
    assert "权限范围外" in taken["message"] and "甲" not in taken["message"]

    # The loan ledger, dry run: the same answer, on record though the run rolled back.
    path = book(
        tmp_path / "loans.xlsx", [lent(ids, "OUT-1", 借款人姓名="丁", 借款人身份证号=ids["d_head"])]
    )
    report = (await upload(sanjiang.http, path, dry_run=True)).json()["data"]["importLedger"]
    assert [(p["row"], p["code"]) for p in report["problems"]] == [(2, "DUPLICATE")]
    assert "甲" not in report["problems"][0]["reason"]
    assert await probes_of(limited) == [
        ("PROBE", "contract_number", "O***1"),
        ("PROBE", "contract_number", "O***1"),
    ]

    # At the limit the whole file is refused, whatever its rows hold.
    fresh = book(
        tmp_path / "fresh.xlsx", [lent(ids, "IN-9", 借款人姓名="丁", 借款人身份证号=ids["d_head"])]
    )
    refused = (await upload(sanjiang.http, fresh, dry_run=True)).json()["data"]["importLedger"]
    assert [p["code"] for p in refused["problems"]] == ["LIMIT_PROBES"]
