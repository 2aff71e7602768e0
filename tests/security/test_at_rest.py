"""ID numbers and phones at rest: encrypted, found through a keyed hash, keys rotated."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import insert, inspect, text
from sqlalchemy.exc import IntegrityError

from core import crypto, migrate
from core.db import table_of
from core.platform import Platform
from core.records.models import person
from core.security import rotation
from core.security.masking import mask_id_number, mask_phone
from core.settings import Settings
from core.sqltypes import utcnow
from core.testing.kit import GraphQLClient, ScratchDatabases, make_platform
from tests.factories import VILLAGE_A1, add_regions, id_number
from tests.test_cli import JIUYE, ROOT

HEAD = id_number(date(1985, 5, 5), 7)  # ends in X: looked up in lower case below
WIFE = id_number(date(1987, 6, 6), 8)
PHONE = "13912345678"
WIFE_PHONE = "13687654321"

CREATE = """mutation($input: CreateHouseholdInput!) { createHousehold(input: $input) {
  __typename ... on RecordError { code problems { field code message } } } }"""
REVEAL = """mutation($p: ID!) { revealPerson(input: {personId: $p, reason: "核对社保缴纳"}) {
  __typename ... on RevealedPerson { idNumber phone } } }"""


def household(registry: str = "H-1", head: str = HEAD) -> dict[str, Any]:
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
            {"name": "覃二", "idNumber": WIFE, "relation": "SPOUSE", "labourCapacity": "WEAK"},
        ],
    }


async def register(gql: GraphQLClient, platform: Platform) -> str:
    """Register H-1, give the wife a phone, reveal the head; return the head's global id."""
    await add_regions(platform)
    assert (await gql(CREATE, {"input": household()}))["createHousehold"][
        "__typename"
    ] == "HouseholdSuccess"
    changed = await gql(
        'mutation { updatePerson(input: {idNumber: "%s", phone: "%s"}) { __typename } }'
        % (WIFE, WIFE_PHONE)
    )
    assert changed["updatePerson"]["__typename"] == "PersonSuccess"
    found = await gql('{ personByIdNumber(idNumber: "%s") { id } }' % HEAD.lower())
    head_id: str = found["personByIdNumber"]["id"]
    revealed = (await gql(REVEAL, {"p": head_id}))["revealPerson"]
    assert revealed == {"__typename": "RevealedPerson", "idNumber": HEAD, "phone": PHONE}
    return head_id


async def raw_dump(platform: Platform) -> str:
    """Every row of every table, as the database hands it over (no column types applied)."""
    cells = []
    async with platform.db.connect() as conn:
        for contribution in platform.plugins.flat("register_models"):
            name = table_of(contribution.value).name
            for row in await conn.execute(text(f'SELECT * FROM "{name}"')):
                cells += [str(value) for value in row]
    return "\n".join(cells)


async def test_a_raw_read_of_every_table_shows_no_id_number_or_phone(
    gql: GraphQLClient, platform: Platform
) -> None:
    await register(gql, platform)
    dump = await raw_dump(platform)
    assert "韦一" in dump  # the dump does hold the rows
    for secret in (HEAD, HEAD.lower(), WIFE, PHONE, WIFE_PHONE):
        assert secret not in dump
    async with platform.db.connect() as conn:
        stored = (await conn.execute(text("SELECT id_number, phone FROM person"))).all()
    ring = crypto.keyring_of(platform.db.engine.dialect)
    assert all(value.startswith(f"v1:{ring.current_id}:") for row in stored for value in row)


async def test_lookups_go_through_the_hash_and_one_person_registers_once(
    gql: GraphQLClient, platform: Platform
) -> None:
    await register(gql, platform)
    shown = await gql('{ personByIdNumber(idNumber: " %s ") { name idNumber } }' % HEAD.lower())
    assert shown["personByIdNumber"] == {"name": "韦一", "idNumber": mask_id_number(HEAD)}
    again = (await gql(CREATE, {"input": household("H-2", HEAD.lower())}))["createHousehold"]
    assert again["code"] == "DUPLICATE"
    assert [p["code"] for p in again["problems"]] == ["DUPLICATE", "DUPLICATE"]
    # The database itself refuses a second row with the same ID number.
    row = {
        "name": "重复",
        "id_number": HEAD,
        "sex": "MALE",
        "birth_date": date(1985, 5, 5),
        "relation": "SON",
        "labour_capacity": "ORDINARY",
        "version": 1,
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }
    async with platform.db.connect() as conn:
        home = (await conn.execute(text("SELECT min(id) FROM household"))).scalar_one()

    async def insert_again() -> None:
        async with platform.db.begin() as conn:
            await conn.execute(insert(person), [{**row, "household_id": home}])

    with pytest.raises(IntegrityError):
        await insert_again()


async def test_lookups_by_hash_are_indexed(platform: Platform) -> None:
    async with platform.db.connect() as conn:
        indexes = await conn.run_sync(
            lambda c: {
                table: {
                    i["name"]: (i["column_names"], i["unique"])
                    for i in inspect(c).get_indexes(table)
                }
                for table in ("person", "audit_subject")
            }
        )
    assert indexes["person"]["uq_person_id_number_hash"] == (["id_number_hash"], True)
    assert indexes["audit_subject"]["ix_audit_subject_id_hash"] == (["id_hash"], False)


def keys(data: str, lookup: str, old: str | None = None) -> dict[str, Any]:
    return {"data_key": data, "lookup_key": lookup, "old_data_keys": old}


async def test_rotation_re_encrypts_every_row_and_keeps_it_readable(
    databases: ScratchDatabases,
) -> None:
    url = await databases.create("rotation")
    first, second, lookup = crypto.new_key(), crypto.new_key(), crypto.new_key()
    before = make_platform(url, "", **keys(first, lookup))
    try:
        await migrate.upgrade(before.db, before.plugins)
        from core.testing.kit import client_for

        async for gql in client_for(before):
            head_id = await register(gql, before)
    finally:
        await before.close()
    # The new key alone cannot read what the old one wrote.
    alone = make_platform(url, "", **keys(second, lookup))
    try:
        async with alone.db.connect() as conn:
            with pytest.raises(crypto.DataKeyError, match="JIUYE_OLD_DATA_KEYS"):
                (await conn.execute(person.select())).all()
    finally:
        await alone.close()
    both = make_platform(url, "", **keys(second, lookup, first))
    try:
        tables = [table_of(c.value) for c in both.plugins.flat("register_models")]
        done = await rotation.rotate(both.db, tables, batch=1)
        assert done.rewritten == {"person": 2} and done.skipped == {"person": 0}
        assert await rotation.stale_rows(both.db, tables) == {"person": 0}
        assert (await rotation.rotate(both.db, tables)).rewritten == {"person": 0}
    finally:
        await both.close()
    after = make_platform(url, "", **keys(second, lookup))
    try:
        async with after.db.connect() as conn:
            stored = (await conn.execute(text("SELECT id_number, phone FROM person"))).all()
        new_id = crypto.keyring_of(after.db.engine.dialect).current_id
        assert all(value.startswith(f"v1:{new_id}:") for row in stored for value in row)
        async for gql in client_for(after):
            revealed = (await gql(REVEAL, {"p": head_id}))["revealPerson"]
            assert revealed["idNumber"] == HEAD and revealed["phone"] == PHONE
            log = await gql('{ auditLog(idNumber: "%s") { totalCount } }' % HEAD)
            assert log["auditLog"]["totalCount"] == 3  # created, revealed twice
    finally:
        await after.close()


def test_keys_rotate_command(tmp_path: Path) -> None:
    first, second, lookup = crypto.new_key(), crypto.new_key(), crypto.new_key()
    url = f"sqlite:///{tmp_path / 'rotate.db'}"
    base = {"JIUYE_LOOKUP_KEY": lookup, "JIUYE_DATABASE_URL": url, "JIUYE_PLUGINS": ""}

    def jiuye(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, **base, **env}
        return subprocess.run(
            [JIUYE, *args], capture_output=True, text=True, env=environment, cwd=ROOT, check=False
        )

    assert jiuye("db", "upgrade", JIUYE_DATA_KEY=first).returncode == 0
    assert jiuye("demo", "--households", "5", JIUYE_DATA_KEY=first).returncode == 0
    rotated = jiuye("keys", "rotate", JIUYE_DATA_KEY=second, JIUYE_OLD_DATA_KEYS=first)
    assert rotated.returncode == 0, rotated.stderr
    assert (
        "person：重新加密" in rotated.stdout
        and "可以从 JIUYE_OLD_DATA_KEYS 中删去旧密钥" in rotated.stdout
    )
    fresh = jiuye("keys", "new")
    assert fresh.returncode == 0 and len(fresh.stdout.strip()) == 43


def test_production_refuses_to_start_without_keys(tmp_path: Path) -> None:
    with pytest.raises(crypto.DataKeyError, match="生产模式须配置数据密钥"):
        Platform(
            Settings(
                database_url=f"sqlite:///{tmp_path / 'p.db'}",
                production=True,
                data_key=None,
                lookup_key=None,
            )
        )
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_KEY")}
    served = subprocess.run(
        [JIUYE, "serve"],
        capture_output=True,
        text=True,
        env={
            **environment,
            "JIUYE_PRODUCTION": "true",
            "JIUYE_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
        },
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert served.returncode != 0
    assert "JIUYE_DATA_KEY" in served.stderr
    assert not (tmp_path / "p.db.key").exists()


async def test_without_keys_outside_production_a_local_key_file_is_made_once(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    unset: dict[str, Any] = {"data_key": None, "lookup_key": None}
    made = make_platform(url, "", **unset)
    try:
        await migrate.upgrade(made.db, made.plugins)
        await made.plugins.acall("populate_demo", db=made.db, seed=1, households=3)
    finally:
        await made.close()
    key_file = tmp_path / "demo.db.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert "JIUYE_DATA_KEY=" in key_file.read_text(encoding="utf-8")
    again = make_platform(url, "", **unset)
    try:
        async with again.db.connect() as conn:
            numbers = (await conn.execute(person.select())).all()
        assert numbers and all(len(row.id_number) == 18 for row in numbers)
    finally:
        await again.close()


async def test_the_migration_encrypts_existing_clear_rows(databases: ScratchDatabases) -> None:
    url = await databases.create("clear_rows")
    platform = make_platform(url, "")
    core = next(b for b in migrate.branches(platform.plugins) if b.name == "core")
    try:
        async with platform.db.begin() as conn:
            await conn.run_sync(
                lambda c: command.upgrade(migrate.alembic_config(core, c), "core_0003")
            )
            await platform.plugins.acall("seed_reference_data", conn=conn)
        await add_regions(platform)
        now = utcnow()
        async with platform.db.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO household (id, registry_number, village_code, relocated, "
                    "poverty_status, version, created_at, updated_at) "
                    "VALUES (1, 'H-1', :v, false, 'NOT_EXITED', 1, :t, :t)"
                ),
                {"v": VILLAGE_A1, "t": now},
            )
            await conn.execute(
                text(
                    "INSERT INTO person (id, household_id, name, id_number, sex, birth_date, "
                    "relation, labour_capacity, phone, version, created_at, updated_at) "
                    "VALUES (1, 1, '韦一', :n, 'MALE', :b, 'HEAD', 'ORDINARY', :p, 1, :t, :t)"
                ),
                {"n": HEAD, "b": date(1985, 5, 5), "p": PHONE, "t": now},
            )
            await conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor, role, path, action, record_type, "
                    "record_key, after) VALUES (:t, 'system', 'admin', 'CLI', "
                    "'import create person', 'person', :n, :a)"
                ),
                {"t": now, "n": HEAD, "a": json.dumps({"id_number": HEAD, "phone": PHONE})},
            )
            await conn.execute(
                text(
                    "INSERT INTO api_token (name, role, token_hash, prefix, created_at) VALUES "
                    "('同名', 'admin', 'a', 'jy_a', :t), ('同名', 'viewer', 'b', 'jy_b', :t)"
                ),
                {"t": now},
            )
        await migrate.upgrade(platform.db, platform.plugins)
        dump = await raw_dump(platform)
        assert HEAD not in dump and PHONE not in dump
        async with platform.db.connect() as conn:
            row = (await conn.execute(person.select())).one()
            names = (await conn.execute(text("SELECT name FROM api_token ORDER BY id"))).scalars()
            assert list(names) == ["同名", "同名#2"]
        assert (row.id_number, row.phone) == (HEAD, PHONE)
        from core.testing.kit import client_for

        async for gql in client_for(platform):
            log = await gql(
                '{ auditLog(idNumber: "%s") { nodes { recordKey after } } }' % HEAD.lower()
            )
            [entry] = log["auditLog"]["nodes"]
            assert entry["recordKey"] == mask_id_number(HEAD)
            assert json.loads(entry["after"]) == {
                "id_number": mask_id_number(HEAD),
                "phone": mask_phone(PHONE),
            }
    finally:
        await platform.close()
