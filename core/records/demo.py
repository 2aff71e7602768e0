"""Deterministic, realistic demo data: townships, villages, households, members, employment.

The same seed and size always produce the same rows. County codes are real; townships and
villages are synthetic, among them exactly the 171 not-yet-exited poor villages of 三(一)5.
ID numbers carry valid check digits and birth dates consistent with each member's role.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text

from core.db import Database
from core.records.models import employment, household, person, region
from core.records.validation import id_check_char

CHUNK = 5_000
PLAN_END = date(2019, 9, 30)
CREATED = datetime(2019, 1, 15, 1, 0, 0, tzinfo=UTC)

# County code → (townships, weight of registered households, poor villages per 三(一)5)
COUNTIES: dict[str, tuple[int, float, int]] = {
    "450202": (4, 0.01, 0),
    "450203": (5, 0.02, 0),
    "450204": (5, 0.02, 0),
    "450205": (6, 0.03, 0),
    "450206": (12, 0.10, 4),
    "450222": (12, 0.12, 6),
    "450223": (9, 0.10, 3),
    "450224": (12, 0.14, 25),
    "450225": (20, 0.26, 70),
    "450226": (15, 0.20, 63),
}
# How likely a household with labour capacity has someone at work on 2019-09-30, by county:
# most do, some counties lag — so the board has something to show.
WORK_SHARE = {
    "450202": 0.97, "450203": 0.96, "450204": 0.95, "450205": 0.96, "450206": 0.94,
    "450222": 0.92, "450223": 0.95, "450224": 0.88, "450225": 0.83, "450226": 0.86,
}  # fmt: skip
MOUNTAIN = {"450224", "450225", "450226"}

_PLACE_FIRST = (
    "安白板大东洞高古和红华怀江良龙罗马梅南平四同西香新洋永中长独丹斗富林老八程三杆滚汪荣香拱泗"
)
_PLACE_SECOND = "太浪坡田头寨岭溪口坪江洞山河头门塘湾水村屯冲桥峒垌河"
_SURNAMES = "韦覃蓝梁黄莫潘杨吴石龙贾廖罗陆蒙欧李王张刘陈何谢周胡"
_GIVEN = "秀英桂芳丽华红梅兰玉明军伟强勇平国建文志海林春生金福德荣宝成光辉亮"
_EMPLOYERS = (
    "柳州五菱汽车工业有限公司", "广西柳工机械股份有限公司", "柳州螺蛳粉产业园", "融水县扶贫车间",
    "三江茶业合作社", "湛江市某电子厂", "东莞市某制衣厂", "佛山市某家具厂", "深圳市某物流公司",
    "本县建筑工地", "乡镇卫生院", "县城餐饮店", "南宁市某食品厂", "浙江某鞋厂",
)  # fmt: skip
_FORMS = (
    ("WAGE_WORK", 55),
    ("WELFARE_POST", 10),
    ("WORKSHOP", 10),
    ("FLEXIBLE", 15),
    ("SELF_EMPLOYED", 10),
)
_PLACES = (("IN_COUNTY", 40), ("IN_REGION", 20), ("GUANGDONG", 35), ("OTHER_PROVINCE", 5))


def _weighted(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


@dataclass
class Village:
    """A generated village and how many households to place in it."""

    code: str
    county: str
    poor: bool
    weight: float = 1.0


@dataclass
class Generated:
    """Rows to insert, in parent-before-child order."""

    regions: list[dict[str, Any]] = field(default_factory=list)
    villages: list[Village] = field(default_factory=list)


def _names(rng: random.Random, count: int, suffixes: Sequence[str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(_PLACE_FIRST) + rng.choice(_PLACE_SECOND) + rng.choice(suffixes)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def generate_regions(rng: random.Random) -> Generated:
    """Townships and villages for every county, with the plan's poor villages and key townships."""
    out = Generated()
    for county, (townships, _weight, poor_count) in COUNTIES.items():
        township_names = _names(rng, townships, ("镇", "镇", "乡"))
        county_villages: list[Village] = []
        township_rows = []
        for t_index, t_name in enumerate(township_names, start=1):
            t_code = (
                f"{county}{100 + t_index:03d}"
                if t_name.endswith("镇")
                else f"{county}{200 + t_index:03d}"
            )
            township_rows.append(
                {
                    "code": t_code,
                    "name": t_name,
                    "short_name": t_name,
                    "level": "TOWNSHIP",
                    "parent_code": county,
                    "urban_district": False,
                    "poor_village": False,
                    "key_poor_township": False,
                    "urban_rural_class": None,
                }
            )
            for v_index, v_name in enumerate(_names(rng, rng.randint(6, 14), ("村",)), start=1):
                v_code = f"{t_code}{200 + v_index:03d}"
                county_villages.append(Village(v_code, county, poor=False))
                out.regions.append(
                    {
                        "code": v_code,
                        "name": v_name,
                        "short_name": v_name,
                        "level": "VILLAGE",
                        "parent_code": t_code,
                        "urban_district": False,
                        "poor_village": False,
                        "key_poor_township": False,
                        "urban_rural_class": "220",
                    }
                )
        for village in rng.sample(county_villages, poor_count):
            village.poor = True
            village.weight = 3.0
        poor_codes = {v.code for v in county_villages if v.poor}
        # Key poor townships: the ones holding the most poor villages, in the mountain counties.
        by_township: dict[str, int] = {}
        for code in poor_codes:
            by_township[code[:9]] = by_township.get(code[:9], 0) + 1
        keys = (
            sorted(by_township, key=lambda c: (-by_township[c], c))[: max(1, poor_count // 12)]
            if poor_count
            else []
        )
        for row in township_rows:
            row["key_poor_township"] = row["code"] in keys
        for row in out.regions:
            if row["code"] in poor_codes:
                row["poor_village"] = True
        out.regions.extend(township_rows)
        out.villages.extend(county_villages)
    out.regions.sort(key=lambda r: len(r["code"]))  # townships before their villages
    return out


class IdNumbers:
    """Unique, valid resident ID numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, county: str, born: date, male: bool) -> str:
        while True:
            sequence = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            body = f"{county}{born:%Y%m%d}{sequence:03d}"
            if body not in self.used:
                self.used.add(body)
                return body + id_check_char(body)


def _birth(rng: random.Random, age: int) -> date:
    return PLAN_END - timedelta(days=age * 365 + rng.randrange(0, 365))


def _capacity(rng: random.Random, age: int) -> str:
    if age < 16:
        return "NONE"
    if age <= 55:
        return _weighted(
            rng, (("ORDINARY", 68), ("SKILLED", 12), ("WEAK", 12), ("LOST", 5), ("NONE", 3))
        )
    if age <= 65:
        return _weighted(rng, (("ORDINARY", 25), ("WEAK", 40), ("LOST", 10), ("NONE", 25)))
    return _weighted(rng, (("WEAK", 10), ("LOST", 30), ("NONE", 60)))


def _name(rng: random.Random, surname: str) -> str:
    return surname + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _phone(rng: random.Random) -> str | None:
    if rng.random() < 0.3:
        return None
    return "1" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(9))


def _members(rng: random.Random, ids: IdNumbers, county: str) -> list[dict[str, Any]]:
    """A plausible family: head, maybe spouse, children, parents, grandchildren."""
    head_age = rng.randint(28, 78)
    head_male = rng.random() < 0.85
    surname = rng.choice(_SURNAMES)
    people: list[tuple[str, int, bool, str]] = [("HEAD", head_age, head_male, surname)]
    if rng.random() < 0.8:
        people.append(
            ("SPOUSE", max(20, head_age + rng.randint(-5, 5)), not head_male, rng.choice(_SURNAMES))
        )
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        age = head_age - rng.randint(20, 36)
        if age >= 0:
            people.append(("CHILD", age, rng.random() < 0.5, surname))
    if head_age < 50 and rng.random() < 0.35:
        people.append(
            ("PARENT", min(95, head_age + rng.randint(22, 32)), rng.random() < 0.5, surname)
        )
    if head_age > 55 and rng.random() < 0.4:
        people.append(("GRANDCHILD", rng.randint(0, 12), rng.random() < 0.5, surname))
    rows = []
    for relation, age, male, family_name in people:
        born = _birth(rng, age)
        rows.append(
            {
                "name": _name(rng, family_name),
                "id_number": ids.make(county, born, male),
                "sex": "MALE" if male else "FEMALE",
                "birth_date": born,
                "relation": relation,
                "labour_capacity": _capacity(rng, age),
                "phone": _phone(rng) if age >= 16 else None,
            }
        )
    return rows


def _spells(rng: random.Random, working: bool) -> list[dict[str, Any]]:
    """Employment spells of one labourer; `working` means one covers 2019-09-30."""
    spells: list[tuple[date, date | None]] = []
    if rng.random() < 0.2:  # an earlier job that ended
        start = date(2017, 1, 1) + timedelta(days=rng.randrange(0, 500))
        spells.append((start, start + timedelta(days=rng.randrange(60, 300))))
    if working:
        start = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 620))
        spells.append((start, None))
    elif rng.random() < 0.3:  # worked for a while in 2019 and stopped before the deadline
        start = date(2019, 2, 1) + timedelta(days=rng.randrange(0, 120))
        spells.append((start, start + timedelta(days=rng.randrange(30, 100))))
    rows = []
    for start, end in spells:
        form = _weighted(rng, _FORMS)
        place = "IN_COUNTY" if form in ("WELFARE_POST", "WORKSHOP") else _weighted(rng, _PLACES)
        rows.append(
            {
                "form": form,
                "place": place,
                "employer": None
                if form in ("FLEXIBLE", "SELF_EMPLOYED")
                else rng.choice(_EMPLOYERS),
                "start_date": start,
                "end_date": end,
                "monthly_income_fen": rng.randrange(1_500, 6_000) * 100 + rng.choice((0, 50)),
                "programme": "一岗多补" if form == "WAGE_WORK" and rng.random() < 0.05 else None,
            }
        )
    return rows


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _stamp(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        row.update(version=1, created_at=CREATED, updated_at=CREATED)
    return rows


@dataclass
class DemoData:
    """Everything the demo writes; members and spells refer to their parents by list index."""

    regions: list[dict[str, Any]]
    households: list[dict[str, Any]]
    members: list[list[dict[str, Any]]]
    """Members per household, in the order of `households`."""
    spells: list[list[list[dict[str, Any]]]]
    """Employment spells per member, per household."""


def generate(*, seed: int, households: int) -> DemoData:
    """Generate the demo rows; the same seed and size give the same rows."""
    rng = random.Random(seed)
    generated = generate_regions(rng)
    ids = IdNumbers(rng)
    villages = generated.villages
    county_weight = {code: weight for code, (_, weight, _) in COUNTIES.items()}
    weights = [county_weight[v.county] * v.weight for v in villages]
    placed = rng.choices(villages, weights=weights, k=households)
    placed.sort(key=lambda v: v.code)
    sequence: dict[str, int] = {}
    data = DemoData(generated.regions, [], [], [])
    for village in placed:
        sequence[village.code] = sequence.get(village.code, 0) + 1
        data.households.append(
            {
                "registry_number": f"{village.code}{sequence[village.code]:04d}",
                "village_code": village.code,
                "relocated": village.county in MOUNTAIN and rng.random() < 0.12,
                "poverty_status": "NOT_EXITED" if village.poor or rng.random() < 0.4 else "EXITED",
            }
        )
        members = _members(rng, ids, village.county)
        data.members.append(members)
        capable = [
            i
            for i, m in enumerate(members)
            if m["labour_capacity"] in ("ORDINARY", "SKILLED", "WEAK")
        ]
        workers: set[int] = set()
        if capable and rng.random() < WORK_SHARE[village.county]:
            workers.add(rng.choice(capable))
            workers.update(i for i in capable if rng.random() < 0.35)
        data.spells.append(
            [_spells(rng, i in workers) if i in capable else [] for i in range(len(members))]
        )
    return data


async def populate(db: Database, *, seed: int, households: int) -> None:
    """Write the demo regions and `households` households with members and employment.

    Keys are assigned here, after the largest existing ones, so that rows go in with plain
    multi-row inserts; on PostgreSQL the id sequences are moved past them afterwards.
    """
    data = generate(seed=seed, households=households)
    async with db.begin() as conn:
        await conn.execute(insert(region), data.regions)
        next_ids = {
            name: int((await conn.execute(select(func.coalesce(func.max(t.c.id), 0)))).scalar_one())
            + 1
            for name, t in (
                ("household", household),
                ("person", person),
                ("employment", employment),
            )
        }
        household_rows, person_rows, employment_rows = [], [], []
        person_id = next_ids["person"]
        employment_id = next_ids["employment"]
        for offset, (row, members, spells) in enumerate(
            zip(data.households, data.members, data.spells, strict=True)
        ):
            household_id = next_ids["household"] + offset
            household_rows.append({**row, "id": household_id})
            for member, member_spells in zip(members, spells, strict=True):
                person_rows.append({**member, "id": person_id, "household_id": household_id})
                for spell in member_spells:
                    employment_rows.append({**spell, "id": employment_id, "person_id": person_id})
                    employment_id += 1
                person_id += 1
        for table, rows in (
            (household, household_rows),
            (person, person_rows),
            (employment, employment_rows),
        ):
            for chunk in _chunks(_stamp(rows)):
                await conn.execute(insert(table), chunk)
        if db.dialect == "postgresql":
            for name in ("household", "person", "employment"):
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"
                    )
                )
        # Fresh statistics, so the planner knows the tables are no longer empty.
        await conn.execute(text("ANALYZE"))
