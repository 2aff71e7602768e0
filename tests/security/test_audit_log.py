"""The audit log keeps ID numbers and phones masked, finds rows by ID number, names the token."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
from sqlalchemy import select, text

from core.app import create_app
from core.platform import Platform
from core.security import audit, tokens
from core.security.masking import mask_id_number, mask_phone
from core.security.models import audit_log
from core.testing.kit import GraphQLClient
from tests.factories import VILLAGE_A1, add_regions, id_number
from tests.test_cli import jiuye

HEAD = id_number(date(1985, 5, 5), 7)  # ends in X
WIFE = id_number(date(1987, 6, 6), 8)
OTHER = id_number(date(1990, 1, 1), 9)
PHONE = "13912345678"

CREATE = (
    """mutation($input: CreateHouseholdInput!) { createHousehold(input: $input) { __typename } }"""
)
LOG = "{ auditLog(%s) { totalCount nodes { action recordType recordKey before after tokenId actor } } }"


def household(registry: str, head: str, wife: str) -> dict[str, object]:
    return {
        "registryNumber": registry,
        "villageCode": VILLAGE_A1,
        "members": [
            {
                "name": "韦一",
                "idNumber": head,
                "relation": "HEAD",
                "labourCapacity": "ORDINARY",
                "phone": PHONE,
            },
            {"name": "覃二", "idNumber": wife, "relation": "SPOUSE", "labourCapacity": "WEAK"},
        ],
    }


async def test_id_numbers_and_phones_are_masked_and_rows_found_by_id_number(
    gql: GraphQLClient, platform: Platform
) -> None:
    await add_regions(platform)
    await gql(CREATE, {"input": household("H-1", HEAD, WIFE)})
    await gql(CREATE, {"input": household("H-2", OTHER, id_number(date(1991, 1, 1), 10))})
    await gql(
        'mutation { updatePerson(input: {idNumber: "%s", phone: "13800138000"}) { __typename } }'
        % HEAD
    )
    await gql(
        'mutation { recordEmployment(input: {idNumber: "%s", form: WAGE_WORK, place: IN_COUNTY, startDate: "2019-03-01"}) { __typename } }'
        % HEAD
    )
    head = (await gql('{ personByIdNumber(idNumber: "%s") { id } }' % HEAD))["personByIdNumber"]
    await gql(
        'mutation { revealPerson(input: {personId: "%s", reason: "核对社保缴纳"}) { __typename } }'
        % head["id"]
    )
    everything = (await gql(LOG % "first: 100"))["auditLog"]
    shown = json.dumps(everything, ensure_ascii=False)
    for secret in (HEAD, WIFE, OTHER, PHONE, "13800138000"):
        assert secret not in shown
    assert mask_id_number(HEAD) in shown and mask_phone(PHONE) in shown
    about = (await gql(LOG % 'idNumber: "%s"' % HEAD.lower()))["auditLog"]
    assert sorted(n["action"] for n in about["nodes"]) == [
        "createHousehold",
        "recordEmployment",
        "revealPerson",
        "update person",
    ]
    wife = (await gql(LOG % 'idNumber: "%s"' % WIFE))["auditLog"]
    assert [n["action"] for n in wife["nodes"]] == ["createHousehold"]
    assert (await gql(LOG % 'idNumber: "450225199901019999"'))["auditLog"]["totalCount"] == 0
    async with platform.db.connect() as conn:
        raw = " ".join(
            str(v) for row in await conn.execute(text("SELECT * FROM audit_log")) for v in row
        )
        subjects = " ".join(
            str(v) for row in await conn.execute(text("SELECT * FROM audit_subject")) for v in row
        )
    assert HEAD not in raw and PHONE not in raw and HEAD not in subjects


async def test_bulk_entries_are_masked_and_found(gql: GraphQLClient, platform: Platform) -> None:
    async with platform.db.begin() as conn:
        await audit.log_many(
            conn,
            [
                audit.Entry("import create person", "person", HEAD, after={"phone": PHONE}),
                audit.Entry("import create employment", "employment", f"{WIFE}@2019-03-01"),
                audit.Entry("import update household", "household", "H-1", about=(OTHER,)),
                audit.Entry("import update household", "household", "H-2"),
            ],
        )
    async with platform.db.connect() as conn:
        keys = (
            await conn.execute(select(audit_log.c.record_key).order_by(audit_log.c.id))
        ).scalars()
        assert list(keys) == [
            mask_id_number(HEAD),
            f"{mask_id_number(WIFE)}@2019-03-01",
            "H-1",
            "H-2",
        ]
    for number, action in (
        (HEAD, "import create person"),
        (WIFE, "import create employment"),
        (OTHER, "import update household"),
    ):
        found = (await gql(LOG % 'idNumber: "%s"' % number))["auditLog"]["nodes"]
        assert [n["action"] for n in found] == [action]


@pytest.fixture
async def http(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    """The app exactly as served: callers identified by their bearer token."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(platform=platform)),
        base_url="http://testserver",
    ) as client:
        yield client


async def test_the_audit_log_records_the_token_id(
    http: httpx.AsyncClient, platform: Platform
) -> None:
    await add_regions(platform)
    async with platform.db.begin() as conn:
        raw, made = await tokens.create(conn, name="市人社局录入", role="admin")
    headers = {"Authorization": f"Bearer {raw}"}
    created = await http.post(
        "/graphql",
        json={"query": CREATE, "variables": {"input": household("H-1", HEAD, WIFE)}},
        headers=headers,
    )
    assert created.json()["data"]["createHousehold"]["__typename"] == "HouseholdSuccess"
    log = await http.post("/graphql", json={"query": LOG % "first: 10"}, headers=headers)
    [entry] = log.json()["data"]["auditLog"]["nodes"]
    assert (entry["tokenId"], entry["actor"]) == (made.id, "市人社局录入")


async def test_token_names_are_unique(database_url: str, platform: Platform) -> None:
    async with platform.db.begin() as conn:
        _, first = await tokens.create(
            conn, name="三江县人社局", role="county", region_code="450226"
        )
    with pytest.raises(tokens.TokenError, match="名称不能重复"):
        async with platform.db.begin() as conn:
            await tokens.create(conn, name=" 三江县人社局 ", role="viewer")
    again = jiuye(
        "token", "create", "--role", "viewer", "--name", "三江县人社局", database_url=database_url
    )
    assert again.returncode == 1
    assert f"已有名为“三江县人社局”的令牌（#{first.id}）" in again.stderr
