"""Demo data: deterministic, the plan's 171 poor villages, valid IDs, plausible shares."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from core.platform import Platform
from core.records.demo import generate
from core.records.models import Household, Person, Region
from core.records.validation import IdNumber, parse_id_number

POOR_VILLAGES = {"450206": 4, "450222": 6, "450223": 3, "450224": 25, "450225": 70, "450226": 63}


def test_same_seed_same_rows() -> None:
    assert generate(seed=7, households=200) == generate(seed=7, households=200)
    assert generate(seed=7, households=200) != generate(seed=8, households=200)


def test_ids_are_valid_and_consistent_with_roles() -> None:
    data = generate(seed=2019, households=500)
    seen = set()
    for members in data.members:
        assert sum(m["relation"] == "HEAD" for m in members) == 1
        head = next(m for m in members if m["relation"] == "HEAD")
        for m in members:
            parsed = parse_id_number(m["id_number"], today=date(2026, 11, 25))
            assert isinstance(parsed, IdNumber)
            assert parsed.birth_date == m["birth_date"]
            assert parsed.sex.value == m["sex"]
            assert m["id_number"] not in seen
            seen.add(m["id_number"])
            if m["relation"] == "CHILD":
                assert m["birth_date"] > head["birth_date"]
            if m["relation"] == "PARENT":
                assert m["birth_date"] < head["birth_date"]


def test_most_but_not_all_labour_households_work() -> None:
    data = generate(seed=2019, households=2000)
    capable = working = 0
    for members, spells in zip(data.members, data.spells, strict=True):
        if not any(m["labour_capacity"] in ("ORDINARY", "SKILLED", "WEAK") for m in members):
            continue
        capable += 1
        working += any(s["end_date"] is None for per_member in spells for s in per_member)
    assert 0.8 < working / capable < 0.97


async def test_written_demo_has_the_plans_poor_villages(demo_platform: Platform) -> None:
    region = Region.__table__
    async with demo_platform.db.connect() as conn:
        rows = (
            (await conn.execute(select(region.c.code).where(region.c.poor_village.is_(True))))
            .scalars()
            .all()
        )
        households = (
            await conn.execute(select(func.count()).select_from(Household.__table__))
        ).scalar_one()
        persons = (
            await conn.execute(select(func.count()).select_from(Person.__table__))
        ).scalar_one()
    assert Counter(code[:6] for code in rows) == POOR_VILLAGES
    assert len(rows) == 171
    assert households == 300
    assert 600 < persons < 1500
