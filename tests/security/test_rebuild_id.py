"""No role rebuilds an ID number or a phone from what it may select: fields, plugin fields, files.

On the demo data, each role's client reads every field reachable from `Household` and `Person`
(found by introspection, so plugin fields are included) and downloads every drill-through
file; then, for each person, we count the ID numbers consistent with all of it and with the
GB 11643 check character. The count assumes the worst: the reader is taken to know the region
code, the birth year and the sex whether or not they were shown.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.graphql.context import Caller
from core.graphql.node import from_global_id, to_global_id
from core.platform import Platform
from core.records.models import household, person
from tests.conftest import GraphQLClient, client_for, make_platform

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
ENOUGH = 1000
"""Fewest candidate numbers any person may be left with."""
LEAF_TYPES = frozenset({"Region", "Department", "MetricResult", "PageInfo"})
"""Types read for their own scalars only: they describe places and units, not persons."""
MAX_DEPTH = 4
MASKED_PHONE = re.compile(r"(?<![0-9*])1[0-9*]{10}(?![0-9*])")
MASKED = re.compile(r"(?<![0-9A-Za-z*])[0-9*]{17}[0-9Xx*](?![0-9A-Za-z*])")

ROLES = {
    "county": Caller(name="融水县", role="county", region="450225"),
    "department-with-region": Caller(
        name="三江县人社局", role="department", department="RSJ", region="450226"
    ),
    "department-everywhere": Caller(name="市人社局", role="department", department="RSJ"),
    "viewer": Caller(name="看板", role="viewer"),
}

INTROSPECTION = """{ __schema { types { name kind
  fields { name args { name defaultValue type { ...T } } type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }"""


def check_character(body: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    return CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def _residue(digits: str, start: int) -> int:
    return sum(int(d) * WEIGHTS[start + i] for i, d in enumerate(digits)) % 11


@functools.cache
def _by_date(year: int, known: tuple[tuple[int, str], ...], born: date | None) -> list[int]:
    """Residues of positions 6–13 over the birth dates that fit, by residue."""
    fixed = dict(known)
    counts = [0] * 11
    day = born or date(year, 1, 1)
    while day.year == year:
        text = day.strftime("%Y%m%d")
        if all(fixed.get(6 + i, c) == c for i, c in enumerate(text)):
            counts[_residue(text, 6)] += 1
        if born is not None:
            break
        day += timedelta(days=1)
    return counts


@functools.cache
def _by_sequence(parity: int, known: tuple[tuple[int, str], ...]) -> list[int]:
    """Residues of positions 14–16 over the sequence numbers that fit, by residue."""
    fixed = dict(known)
    counts = [0] * 11
    for seq in range(parity, 1000, 2):
        text = f"{seq:03d}"
        if all(fixed.get(14 + i, c) == c for i, c in enumerate(text)):
            counts[_residue(text, 14)] += 1
    return counts


def candidates(number: str, known: dict[int, str], birth_known: bool) -> int:
    """How many valid ID numbers agree with the known positions, birth year, sex and region.

    `known` maps positions (0–17) to the characters seen; the region (0–5), the birth year
    and the parity of position 16 (the sex) are taken as known in every case.
    """
    number = number.upper()
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    by_date = _by_date(
        born.year,
        tuple(sorted((i, c) for i, c in known.items() if 6 <= i < 14)),
        born if birth_known else None,
    )
    by_sequence = _by_sequence(
        int(number[16]) % 2, tuple(sorted((i, c) for i, c in known.items() if 14 <= i < 17))
    )
    base = _residue(number[:6], 0)
    total = 0
    for a, dated in enumerate(by_date):
        for b, sequenced in enumerate(by_sequence):
            if 17 in known and CHECK[(base + a + b) % 11] != known[17].upper():
                continue
            total += dated * sequenced
    return total


def _named(ref: dict[str, Any]) -> dict[str, Any]:
    while ref.get("ofType") is not None:
        ref = ref["ofType"]
    return ref


def selection(types: dict[str, Any], name: str, path: tuple[str, ...] = ()) -> str:
    """Every field of `name` a request can select without arguments, nested to MAX_DEPTH."""
    parts = []
    for field in types[name]["fields"] or []:
        if any(
            arg["type"]["kind"] == "NON_NULL" and arg["defaultValue"] is None
            for arg in field["args"]
        ):
            continue
        target = _named(field["type"])
        if target["kind"] in ("SCALAR", "ENUM"):
            parts.append(field["name"])
        elif target["kind"] == "OBJECT" and target["name"] not in path:
            if name in LEAF_TYPES or len(path) >= MAX_DEPTH:
                continue
            inner = selection(types, target["name"], (*path, name))
            if inner:
                parts.append(f"{field['name']} {{ {inner} }}")
    return " ".join(parts)


def strings(value: Any) -> Iterator[str]:
    """Every scalar in a JSON answer, as text."""
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif value is not None:
        yield str(value)


def people(value: Any) -> Iterator[tuple[str, str]]:
    """(global id, all text of its subtree) of every person object in a JSON answer."""
    if isinstance(value, dict):
        if "idNumber" in value and isinstance(value.get("id"), str):
            yield value["id"], "\n".join(strings(value))
        for item in value.values():
            yield from people(item)
    elif isinstance(value, list):
        for item in value:
            yield from people(item)


def left_open(number: str, own: str, seen: str, shown: list[str]) -> int:
    """Candidates for `number` given its person's own fields and all the text a role read.

    `shown` holds every masked number in `seen` whose region code is the person's.

    `seen` is upper-cased. A birth date counts as shown when it appears among the person's own fields (elsewhere
    it may be any other date that happens to match, such as a file's reporting day).
    """
    if number.upper() in seen:
        return 1
    born = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    birth_known = born in own or number[6:14] in own
    known: dict[int, str] = {}
    for masked in shown:
        if masked[:6] == number[:6] and all(
            c == "*" or c.upper() == number[i].upper() for i, c in enumerate(masked)
        ):
            known.update({i: c for i, c in enumerate(masked) if c != "*"})
    return candidates(number, known, birth_known)


def phone_left_open(phone: str, seen: str, shown: list[str]) -> int:
    """Candidates for a mobile number given every masked phone a role read."""
    if phone in seen:
        return 1
    known: set[int] = set()
    for masked in shown:
        if all(c == "*" or c == phone[i] for i, c in enumerate(masked)):
            known.update(i for i, c in enumerate(masked) if c != "*")
    return int(10 ** (len(phone) - len(known)))


@pytest.fixture
async def open_platform(demo_url: str, jiuye_plugins: str | None) -> AsyncIterator[Platform]:
    """The demo data with limits raised so one request can name every field."""
    built = make_platform(demo_url, jiuye_plugins, max_tokens=100_000, max_depth=20)
    yield built
    await built.close()


async def read_everything(
    client: GraphQLClient, caller: Caller
) -> tuple[dict[int, str], str] | None:
    """Each person's own text, and all the text a role can read (fields and files).

    None when the role cannot list households at all.
    """
    answer = await client("query" + INTROSPECTION)
    types = {t["name"]: t for t in answer["__schema"]["types"]}
    household_fields = selection(types, "Household")
    query = f"""query($after: String) {{ households(first: 100, after: $after) {{
        pageInfo {{ hasNextPage endCursor }} nodes {{ {household_fields} }} }} }}"""
    text: list[str] = []
    own: dict[int, str] = {}
    after = None
    while True:
        response = (await client.post(query, {"after": after})).json()
        if response.get("data") is None:
            return None
        page = response["data"]["households"]
        text.extend(strings(page["nodes"]))
        for global_id, found in people(page["nodes"]):
            parsed = from_global_id(global_id)
            assert parsed is not None
            own[int(parsed[1])] = own.get(int(parsed[1]), "") + "\n" + found
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    text.extend(await export_everything(client, caller))
    return own, "\n".join(text)


async def export_everything(client: GraphQLClient, caller: Caller) -> list[str]:
    """Every cell of every drill-through file about households or persons the role may take."""
    definitions = (await client("{ metricDefinitions { key entityType } }"))["metricDefinitions"]
    region = caller.region or "450200"
    cells: list[str] = []
    for definition in definitions:
        if definition["entityType"] not in ("Household", "Person"):
            continue
        response = await client.post(
            """query($k: String!, $r: String!) { metric(key: $k, region: $r, asOf: "2019-09-30")
               { recordsFile(which: ALL) { contentBase64 } } }""",
            {"k": definition["key"], "r": region},
        )
        found = (response.json().get("data") or {}).get("metric")
        if not found:
            continue
        book = load_workbook(io.BytesIO(base64.b64decode(found["recordsFile"]["contentBase64"])))
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells.extend(str(v) for v in row if v is not None)
    return cells


@pytest.mark.parametrize("role", list(ROLES))
async def test_no_role_rebuilds_an_id_number(open_platform: Platform, role: str) -> None:
    caller = ROLES[role]
    async for client in client_for(open_platform, caller):
        found = await read_everything(client, caller)
    if caller.role == "viewer":
        assert found is None
        return
    assert found is not None
    own, seen = found
    seen = seen.upper()
    async with open_platform.db.connect() as conn:
        rows = (
            await conn.execute(
                select(
                    person.c.id, person.c.id_number, person.c.phone, household.c.village_code
                ).join(household, household.c.id == person.c.household_id)
            )
        ).all()
    visible = {r.id: r.id_number for r in rows if r.village_code.startswith(caller.region or "")}
    assert len(visible) > 100 and set(own) == set(visible)
    shown: dict[str, list[str]] = {}
    for masked in set(MASKED.findall(seen)):
        shown.setdefault(masked[:6], []).append(masked)
    left = {
        number: left_open(number, own[pk], seen, shown.get(number[:6], []))
        for pk, number in visible.items()
    }
    phones = [r.phone for r in rows if r.id in visible and r.phone]
    masked_phones: dict[str, list[str]] = {}
    for masked in set(MASKED_PHONE.findall(seen)):
        masked_phones.setdefault(masked[:3], []).append(masked)
    left.update(
        {phone: phone_left_open(phone, seen, masked_phones.get(phone[:3], [])) for phone in phones}
    )
    determined = [number for number, count in left.items() if count <= ENOUGH]
    assert not determined, (
        f"{len(determined)} of {len(left)} ID and phone numbers narrowed to {ENOUGH} or fewer "
        f"candidates (fewest: {min(left.values())})"
    )


async def test_no_date_argument_tells_a_birthday(open_platform: Platform) -> None:
    """A field that takes a date must not answer differently on the day before a birthday."""
    async for client in client_for(open_platform):
        answer = await client("query" + INTROSPECTION)
        types = {t["name"]: t for t in answer["__schema"]["types"]}
        dated = [
            f["name"]
            for f in types["Person"]["fields"]
            if any(_named(a["type"])["name"] == "Date" for a in f["args"])
            and _named(f["type"])["kind"] in ("SCALAR", "ENUM")
        ]
        async with open_platform.db.connect() as conn:
            rows = (
                await conn.execute(
                    select(person.c.id, person.c.birth_date).order_by(person.c.id).limit(40)
                )
            ).all()
        flips = 0
        for row in rows:
            birthday = row.birth_date.replace(year=row.birth_date.year + 28)
            if not dated:
                break
            asked = " ".join(
                f'b{i}: {name}(on: "{birthday - timedelta(days=1)}") a{i}: {name}(on: "{birthday}")'
                for i, name in enumerate(dated)
            )
            node = (
                await client(
                    f'{{ node(id: "{to_global_id("Person", row.id)}") '
                    f"{{ ... on Person {{ {asked} }} }} }}"
                )
            )["node"]
            flips += any(node[f"b{i}"] != node[f"a{i}"] for i in range(len(dated)))
    assert flips <= len(rows) // 4, f"{flips} of {len(rows)} answers change on the birthday"
