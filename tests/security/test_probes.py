"""Probing another county's keys: every answer audited, capped per token, visible to admins."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from core.graphql.context import Caller
from core.platform import Platform
from core.records.enums import Relation
from core.records.models import household
from core.security import probes
from core.security.models import audit_log
from tests.conftest import GraphQLClient, client_for, make_platform
from tests.factories import VILLAGE_A1, VILLAGE_C1, add_household, add_regions, id_number, member
from tests.importing.helpers import ledger_file
from tests.importing.helpers import member as row
from tests.importing.test_upload import upload
from tests.test_cli import jiuye

LIMIT = 5
SANJIANG = Caller(name="三江县人社局", role="county", region="450226", token="sjRSJ0001a")
BORN = date(1980, 1, 1)
FOREIGN = [id_number(BORN, seq) for seq in range(1, 13)]
"""Twelve people registered in 融水县 (household H-F, 甲一村): another county's numbers."""
FRESH = [id_number(BORN, seq, county="450226") for seq in range(1, 13)]
"""Twelve numbers registered nowhere."""


def masked(number: str) -> str:
    """An ID number as the audit log keeps it."""
    from core.security.masking import mask_id_number

    return mask_id_number(number) or ""


SECRETS = ("H-F", "融水", "甲一村", "甲镇", "韦")
"""What an answer about 融水县's people must never name: household, county, village, names."""


@pytest.fixture
async def limited(platform: Platform) -> AsyncIterator[Platform]:
    """The test database with 融水县's household H-F, served with a limit of 5 answers an hour."""
    await add_regions(platform)
    people = [member(f"韦{seq}", BORN, seq, Relation.CHILD) for seq in range(2, 13)]
    await add_household(platform, "H-F", VILLAGE_A1, [member("韦1", BORN, 1), *people])
    built = make_platform(
        platform.settings.database_url, platform.settings.plugins, probe_limit=LIMIT
    )
    yield built
    await built.close()


@pytest.fixture
async def sanjiang(limited: Platform) -> AsyncIterator[GraphQLClient]:
    async for client in client_for(limited, SANJIANG):
        yield client


async def audit_rows(platform: Platform, action: str) -> list[Any]:
    async with platform.db.connect() as conn:
        query = select(audit_log).where(audit_log.c.action == action).order_by(audit_log.c.id)
        return list(await conn.execute(query))


async def households(platform: Platform) -> int:
    async with platform.db.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(household))).scalar_one())


def guesses(numbers: list[str]) -> list[dict[str, Any]]:
    """One 两清 ledger row per guessed number, each a household of its own in 三江县."""
    place = {"县区": "三江县", "乡镇": "丙镇", "行政村": "丙一村"}
    return [
        row(**{"户编号": f"G-{i}", "姓名": f"猜{'甲乙丙丁戊己'[i]}", "身份证号": n, **place})
        for i, n in enumerate(numbers)
    ]


async def dry_run(client: GraphQLClient, tmp_path: Path, numbers: list[str]) -> dict[str, Any]:
    path = ledger_file(tmp_path / f"guess-{len(numbers)}.xlsx", guesses(numbers))
    response = await upload(client.http, path, dry_run=True)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["data"]["importLedger"]
    return result


async def test_a_dry_run_import_of_guessed_numbers_is_audited_and_capped(
    limited: Platform, sanjiang: GraphQLClient, tmp_path: Path
) -> None:
    first = await dry_run(sanjiang, tmp_path, [FOREIGN[0], FRESH[0], FOREIGN[1]])
    answers = [p for p in first["problems"] if p["code"] == "DUPLICATE"]
    assert [p["row"] for p in answers] == [2, 4]
    for problem in answers:
        assert "权限范围外" in problem["reason"]
        assert not any(secret in problem["reason"] for secret in SECRETS)
    # The dry run rolled its transaction back; its answers are on record all the same.
    recorded = await audit_rows(limited, probes.PROBE)
    assert [(r.actor, r.role, r.path, r.record_type) for r in recorded] == [
        ("三江县人社局", "county", "IMPORT", "id_number")
    ] * 2
    assert [r.record_key for r in recorded] == [masked(FOREIGN[0]), masked(FOREIGN[1])]
    assert all(r.request_id and r.after == '{"token": "sjRSJ0001a…"}' for r in recorded)

    # Four more answers would make six of five: the whole file is refused, no row answered.
    over = await dry_run(sanjiang, tmp_path, FOREIGN[2:6])
    assert over["problems"] == [
        {
            "sheet": None,
            "row": None,
            "column": None,
            "cell": None,
            "value": None,
            "code": "LIMIT_PROBES",
            "reason": over["problems"][0]["reason"],
        }
    ]
    assert "JIUYE_PROBE_LIMIT" in over["problems"][0]["reason"]
    assert (over["rejected"], over["created"], over["committed"]) == (0, 0, False)
    assert len(await audit_rows(limited, probes.PROBE)) == 2
    refusals = await audit_rows(limited, probes.PROBE_LIMIT)
    assert [(r.actor, r.path, r.after) for r in refusals] == [
        ("三江县人社局", "IMPORT", '{"token": "sjRSJ0001a…", "withheld_answers": 4}')
    ]

    # Two answers fit (2 + 1 refusal + 2 = 5); then the token is at its limit.
    fits = await dry_run(sanjiang, tmp_path, FOREIGN[6:8])
    assert [p["code"] for p in fits["problems"]] == ["DUPLICATE", "DUPLICATE"]
    assert len(await audit_rows(limited, probes.PROBE)) == 4

    # At the limit even a file with nothing registered elsewhere is refused: its success
    # would answer as well. The count comes from the audit log: a restarted server agrees.
    restarted = make_platform(
        limited.settings.database_url, limited.settings.plugins, probe_limit=LIMIT
    )
    try:
        async for client in client_for(restarted, SANJIANG):
            clean = await dry_run(client, tmp_path, FRESH[1:3])
    finally:
        await restarted.close()
    assert [p["code"] for p in clean["problems"]] == ["LIMIT_PROBES"]
    assert len(await audit_rows(limited, probes.PROBE_LIMIT)) == 2
    # Another token name has a count of its own.
    other = Caller(name="三江县扶贫办", role="county", region="450226")
    async for client in client_for(limited, other):
        theirs = await dry_run(client, tmp_path, [FOREIGN[8]])
    assert [p["code"] for p in theirs["problems"]] == ["DUPLICATE"]


CREATE = """mutation($registry: String!, $village: String!, $members: [PersonInput!]!) {
  createHousehold(input: {registryNumber: $registry, villageCode: $village, members: $members}) {
    __typename
    ... on RecordError { code message problems { field code message } }
  }
}"""


def members(numbers: list[str]) -> list[dict[str, str]]:
    """A head with a fresh number, then one child per number given."""
    head = {"name": "新户主", "idNumber": FRESH[11], "relation": "HEAD"}
    children = [
        {"name": f"子{i}", "idNumber": n, "relation": "CHILD"} for i, n in enumerate(numbers)
    ]
    return [{**m, "labourCapacity": "ORDINARY"} for m in [head, *children]]


async def create(
    client: GraphQLClient, numbers: list[str], registry: str = "N-1"
) -> dict[str, Any]:
    data = await client(
        CREATE, {"registry": registry, "village": VILLAGE_C1, "members": members(numbers)}
    )
    result: dict[str, Any] = data["createHousehold"]
    return result


async def test_create_household_answers_are_audited_capped_and_name_nobody(
    limited: Platform, sanjiang: GraphQLClient
) -> None:
    many = await create(sanjiang, FOREIGN[0:3])
    assert [(p["field"], p["code"]) for p in many["problems"]] == [
        (f"members.{i}.idNumber", "DUPLICATE") for i in (1, 2, 3)
    ]
    assert not any(secret in many["message"] for secret in SECRETS)
    recorded = await audit_rows(limited, probes.PROBE)
    assert [(r.path, r.record_type, r.record_key[:6]) for r in recorded] == [
        ("GRAPHQL", "id_number", "450225")
    ] * 3
    assert all(FOREIGN[0] not in r.record_key for r in recorded)

    # Three more would make six of five: refused as a whole, nobody answered, nothing written.
    over = await create(sanjiang, FOREIGN[3:6], registry="N-2")
    assert [(p["field"], p["code"]) for p in over["problems"]] == [("input", "LIMIT_PROBES")]
    assert FOREIGN[3] not in over["message"]
    assert len(await audit_rows(limited, probes.PROBE)) == 3
    assert len(await audit_rows(limited, probes.PROBE_LIMIT)) == 1

    # A registry number of another county is one answer too, and names no household.
    registry = await create(sanjiang, [], registry="H-F")
    assert [(p["field"], p["code"]) for p in registry["problems"]] == [
        ("registryNumber", "DUPLICATE")
    ]
    assert "权限范围外" in registry["message"]
    assert not any(secret in registry["message"] for secret in SECRETS[1:])
    last = (await audit_rows(limited, probes.PROBE))[-1]
    assert (last.record_type, last.record_key) == ("registry_number", "***")
    # The refused writes left no half record behind.
    assert await households(limited) == 1

    # At the limit (3 + 1 + 1 = 5) even a household with nothing registered elsewhere is
    # refused, and written nowhere.
    clean = await create(sanjiang, [FRESH[0]], registry="N-3")
    assert clean["code"] == "LIMIT_PROBES"
    assert await households(limited) == 1


async def test_a_duplicate_inside_the_scope_is_no_probe(
    limited: Platform, sanjiang: GraphQLClient
) -> None:
    assert (await create(sanjiang, [FRESH[0]], registry="S-1"))["__typename"] == "HouseholdSuccess"
    again = await create(sanjiang, [FRESH[0]], registry="S-1")
    assert "已经登记" in again["message"] and "已登记在户 S-1" in again["message"]
    assert await audit_rows(limited, probes.PROBE) == []


PERSON = """mutation($id: String!) {
  createPerson(input: {registryNumber: "S-1", person: {name: "新", idNumber: $id,
    relation: CHILD, labourCapacity: ORDINARY}}) {
    ... on RecordError { code message }
  }
}"""


async def test_create_person_answers_are_audited(
    limited: Platform, sanjiang: GraphQLClient
) -> None:
    assert (await create(sanjiang, [], registry="S-1"))["__typename"] == "HouseholdSuccess"
    answer = (await sanjiang(PERSON, {"id": FOREIGN[0]}))["createPerson"]
    assert answer["code"] == "DUPLICATE" and "权限范围外" in answer["message"]
    assert [r.record_type for r in await audit_rows(limited, probes.PROBE)] == ["id_number"]


SUMMARY = """{ probeSummary(hours: 24) { actor role answers refusals inWindow atLimit }
  probeLog(first: 10) { totalCount nodes { actor token path refused kind key withheldAnswers } } }"""


async def test_an_administrator_sees_who_probed(
    limited: Platform, sanjiang: GraphQLClient, tmp_path: Path
) -> None:
    await create(sanjiang, FOREIGN[0:3])
    await create(sanjiang, FOREIGN[3:6], registry="N-2")
    async for admin in client_for(limited):
        seen = await admin(SUMMARY)
    assert seen["probeSummary"] == [
        {
            "actor": "三江县人社局",
            "role": "county",
            "answers": 3,
            "refusals": 1,
            "inWindow": 4,
            "atLimit": False,
        }
    ]
    log = seen["probeLog"]
    assert log["totalCount"] == 4
    assert log["nodes"][0] == {
        "actor": "三江县人社局",
        "token": "sjRSJ0001a…",
        "path": "GRAPHQL",
        "refused": True,
        "kind": "request",
        "key": log["nodes"][0]["key"],
        "withheldAnswers": 3,
    }
    assert [n["key"] for n in log["nodes"][1:]] == [masked(n) for n in reversed(FOREIGN[0:3])]
    result = jiuye("probes", "--hours", "2", database_url=limited.settings.database_url)
    assert result.returncode == 0, result.stderr
    assert "三江县人社局（county）：答复 3 次，拒绝 1 次，时间窗内 4 次" in result.stdout


@pytest.mark.parametrize(
    "caller",
    [SANJIANG, Caller(name="看板", role="viewer"), Caller(name="市人社局", role="department")],
)
async def test_nobody_else_reads_the_probe_log(limited: Platform, caller: Caller) -> None:
    async for client in client_for(limited, caller):
        for field in ("probeLog { totalCount }", "probeSummary { actor }"):
            response = await client.post("{ %s }" % field)
            errors = response.json()["errors"]
            assert errors[0]["extensions"]["code"] in {"FORBIDDEN", "PERSONAL_FIELD"}, errors


async def test_requests_side_by_side_share_one_count(
    limited: Platform, sanjiang: GraphQLClient
) -> None:
    # Four at once, three answers each, a limit of five: one is answered, three refused.
    results = await asyncio.gather(
        *(create(sanjiang, FOREIGN[3 * i : 3 * i + 3], registry=f"P-{i}") for i in range(4))
    )
    assert sorted(r["code"] for r in results) == ["DUPLICATE"] + ["LIMIT_PROBES"] * 3
    assert len(await audit_rows(limited, probes.PROBE)) == 3
    assert len(await audit_rows(limited, probes.PROBE_LIMIT)) == 3
