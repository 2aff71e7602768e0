"""The building blocks of the demo: what it reads from the core's demo, and the rows it makes."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, exists, func, select

from core.sdk import employment, household, person, region
from plugins.entrepreneurship.enums import EnterpriseKind, LoanProgramme
from plugins.entrepreneurship.settings import EntrepreneurshipSettings
from plugins.entrepreneurship.validation import uscc_check_char

DEADLINE = date(2019, 9, 30)
RAW_AMOUNT = {  # yuan, before scaling to the city's total
    LoanProgramme.NATIONAL: (50_000, 150_000),
    LoanProgramme.MIGRANT_WORKER: (30_000, 150_000),
    LoanProgramme.SMALL_MICRO: (200_000, 1_000_000),
}
LIMIT = {
    p: EntrepreneurshipSettings.model_construct().loan_limit_fen(p) // 100 for p in LoanProgramme
}
"""The default limits in yuan (the environment does not change the demo)."""
BANKS = (
    "中国农业银行柳州分行", "柳州银行", "中国邮政储蓄银行柳州市分行",
    "桂林银行柳州分行", "广西农村信用社（柳州）", "中国建设银行柳州分行",
)  # fmt: skip
PRODUCTS = [
    "茶叶",
    "罗汉果",
    "油茶",
    "螺蛳粉",
    "竹编",
    "苗绣",
    "侗布",
    "百香果",
    "蜜柚",
    "金桔",
    "生态鸡",
    "稻田鱼",
    "香杉",
    "糯米",
]
KIND_JOBS = {  # relative size of the workforce an enterprise of each kind takes on
    EnterpriseKind.WORKSHOP: 12,
    EnterpriseKind.COOPERATIVE: 10,
    EnterpriseKind.MICRO_MARKET: 8,
    EnterpriseKind.OTHER: 4,
    EnterpriseKind.INDIVIDUAL_BUSINESS: 3,
}
BASES = (
    ("融安县创业孵化基地", "RONGAN", "融安县", "450224", "ADMITTED", date(2019, 6, 18)),
    ("鹿寨县农民工创业园", "LUZHAI", "鹿寨县", "450223", "ADMITTED", date(2019, 8, 27)),
    ("三江县布央产业区创业孵化基地", "SANJIANG_BUYANG", "三江县布央产业区", "450226", "ADMITTED", date(2019, 9, 12)),
    ("三江县丹洲产业区农民工创业园", "SANJIANG_DANZHOU", "三江县丹洲产业区", "450226", "APPLIED", None),
    ("融水县苗绣创业孵化基地", "OTHER", "融水县", "450225", "CULTIVATING", None),
)  # fmt: skip


@dataclass
class Candidate:
    """A demo person who could plausibly start a business."""

    id: int
    name: str
    village: str
    self_employed: bool


@dataclass
class Pools:
    """What the demo reads from the core's demo households."""

    households: dict[str, int]
    candidates: dict[str, list[Candidate]]
    workers: dict[str, list[tuple[int, int]]]
    """County → (employment id, person id) of in-county wage and workshop jobs."""
    names: dict[str, str]


@dataclass
class Rows:
    """Everything the demo writes."""

    bases: list[dict[str, Any]] = field(default_factory=list)
    enterprises: list[dict[str, Any]] = field(default_factory=list)
    workers: list[dict[str, Any]] = field(default_factory=list)
    loans: list[dict[str, Any]] = field(default_factory=list)
    targets: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    """Metric key → region code → target for the plan year."""


def split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Whole parts of `total` in proportion to `weights` (largest remainder): they add up."""
    whole = sum(weights.values())
    if whole <= 0:
        return dict.fromkeys(weights, 0)
    exact = {k: total * w / whole for k, w in weights.items()}
    parts = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (parts[k] - exact[k], k))[: total - sum(parts.values())]:
        parts[k] += 1
    return parts


async def read_pools(conn: Any) -> Pools:
    """Households per county, labour-capable adults, and in-county jobs, in id order."""
    county = func.substr(household.c.village_code, 1, 6)
    counts = await conn.execute(select(county, func.count()).group_by(county))
    self_employed = exists(
        select(1).where(employment.c.person_id == person.c.id, employment.c.form == "SELF_EMPLOYED")
    )
    people = await conn.execute(
        select(person.c.id, person.c.name, household.c.village_code, self_employed.label("own"))
        .join(household, household.c.id == person.c.household_id)
        .where(
            person.c.labour_capacity.in_(("ORDINARY", "SKILLED")),
            person.c.birth_date.between(date(1959, 10, 1), date(1997, 12, 31)),
        )
        .order_by(person.c.id)
    )
    candidates: dict[str, list[Candidate]] = defaultdict(list)
    for row in people.all():
        candidates[row.village_code[:6]].append(
            Candidate(row.id, row.name, row.village_code, bool(row.own))
        )
    jobs = await conn.execute(
        select(employment.c.id, employment.c.person_id, household.c.village_code)
        .join(person, person.c.id == employment.c.person_id)
        .join(household, household.c.id == person.c.household_id)
        .where(
            employment.c.form.in_(("WORKSHOP", "WAGE_WORK")),
            employment.c.place == "IN_COUNTY",
            and_(employment.c.start_date <= DEADLINE, employment.c.end_date.is_(None)),
        )
        .order_by(employment.c.id)
    )
    workers: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in jobs.all():
        workers[row.village_code[:6]].append((row.id, row.person_id))
    names = dict((await conn.execute(select(region.c.code, region.c.short_name))).all())
    return Pools(dict(counts.all()), candidates, workers, names)


class Builder:
    """Builds the demo rows from the pools with one random stream."""

    def __init__(self, rng: random.Random, pools: Pools, next_ids: dict[str, int]) -> None:
        self.rng = rng
        self.pools = pools
        self.ids = next_ids
        self.rows = Rows()
        self.codes: set[str] = set()
        self.contracts: dict[str, int] = defaultdict(int)
        self.used_workers: set[int] = set()
        self.bases_by_county: dict[str, list[int]] = defaultdict(list)

    def take_id(self, name: str) -> int:
        self.ids[name] += 1
        return self.ids[name] - 1

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def registration(self, kind: EnterpriseKind, county: str) -> str:
        authority = {EnterpriseKind.INDIVIDUAL_BUSINESS: "2", EnterpriseKind.COOPERATIVE: "3"}
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        while True:
            body = "9" + authority.get(kind, "1") + county + "MA"
            body += "".join(self.rng.choice(alphabet) for _ in range(7))
            code = body + uscc_check_char(body)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def bases(self) -> None:
        for name, area, area_name, code, status, admitted in BASES:
            base_id = self.take_id("base")
            self.rows.bases.append(
                {
                    "id": base_id,
                    "name": name,
                    "area": area,
                    "area_name": area_name,
                    "region_code": code,
                    "status": status,
                    "admitted_on": admitted,
                    "operator": f"{self.pools.names.get(code, area_name)}人力资源和社会保障局",
                }
            )
            self.bases_by_county[code].append(base_id)

    def enterprise(self, owner: Candidate, kind: EnterpriseKind, founded: date) -> dict[str, Any]:
        rng = self.rng
        county = owner.village[:6]
        where = owner.village if rng.random() < 0.8 else owner.village[:9]
        place = self.pools.names.get(where, "")
        product = rng.choice(PRODUCTS)
        name = {
            EnterpriseKind.WORKSHOP: f"{place}{product}扶贫微车间",
            EnterpriseKind.MICRO_MARKET: f"{place}微市场",
            EnterpriseKind.COOPERATIVE: f"{place}{product}种养专业合作社",
            EnterpriseKind.INDIVIDUAL_BUSINESS: f"{owner.name}{product}店",
            EnterpriseKind.OTHER: f"{owner.name}{product}家庭农场",
        }[kind]
        bases = self.bases_by_county.get(county)
        row = {
            "id": self.take_id("enterprise"),
            "owner_id": owner.id,
            "name": name,
            "kind": kind.value,
            "registration_number": (
                self.registration(kind, county)
                if kind is not EnterpriseKind.OTHER or rng.random() < 0.5
                else None
            ),
            "region_code": where,
            "established_on": founded,
            "jobs_created": rng.randint(1, 10),
            "poor_jobs": 0,
            "incubation_base_id": rng.choice(bases) if bases and rng.random() < 0.3 else None,
        }
        self.rows.enterprises.append(row)
        return row

    def loan(
        self,
        borrower: Candidate,
        programme: LoanProgramme,
        sequence: int,
        issued: date,
        amount_yuan: int,
        *,
        status: str,
        enterprise_id: int | None,
    ) -> dict[str, Any]:
        county = borrower.village[:6]
        self.contracts[f"{county}{issued.year}"] += 1
        term = self.rng.choice((12, 24) if programme is LoanProgramme.SMALL_MICRO else (24, 24, 36))
        row = {
            "id": self.take_id("loan"),
            "contract_number": f"DB{county}{issued.year}{self.contracts[f'{county}{issued.year}']:05d}",
            "borrower_id": borrower.id,
            "programme": programme.value,
            "sequence": sequence,
            "enterprise_id": enterprise_id,
            "amount_fen": amount_yuan * 100,
            "bank": self.rng.choice(
                (*BANKS, f"{self.pools.names.get(county, '')}农村信用合作联社")
            ),
            "issued_on": issued,
            "term_months": term,
            "status": status,
        }
        self.rows.loans.append(row)
        return row
