"""The plugin's metrics (三(三)) and the plan's targets for them.

Loans and the people they support count under the village of the borrower's household (a
person's own records reach their region through the household); jobs count under the
enterprise's own township or village; bases under their county.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, literal, select, union_all

from core.sdk import (
    PLAN_YEAR,
    Aggregate,
    MetricDefinition,
    MetricKind,
    MetricQuery,
    TargetDefault,
    household,
    person,
)
from plugins.entrepreneurship.enums import (
    EnterpriseKind,
    IncubationBaseArea,
    IncubationBaseStatus,
    LoanProgramme,
)
from plugins.entrepreneurship.models import enterprise, incubation_base, loan
from plugins.entrepreneurship.sql import LOAN_REGION, loans_with_region

CITY = "450200"
LOAN_CLAUSE = "三(三)1"
BASE_CLAUSE = "三(三)2"


def loans_issued(q: MetricQuery) -> Select[Any]:
    """One row per loan issued between the period's start and `as_of`: its amount in fen."""
    return (
        select(
            LOAN_REGION.label("region_code"),
            loan.c.id.label("entity_key"),
            loan.c.amount_fen.label("value"),
            loan.c.programme.label("programme"),
        )
        .select_from(loans_with_region())
        .where(loan.c.issued_on.between(q.start, q.end))
    )


def supported_people(q: MetricQuery) -> Select[Any]:
    """One row per loan issued and per enterprise started in the period, keyed by the person
    (borrower or owner), under the village of that person's household: people count once."""
    borrowers = (
        select(
            LOAN_REGION.label("region_code"),
            loan.c.borrower_id.label("entity_key"),
            literal(1).label("value"),
        )
        .select_from(loans_with_region())
        .where(loan.c.issued_on.between(q.start, q.end))
    )
    owners = (
        select(
            household.c.village_code.label("region_code"),
            enterprise.c.owner_id.label("entity_key"),
            literal(1).label("value"),
        )
        .select_from(
            enterprise.join(person, person.c.id == enterprise.c.owner_id).join(
                household, household.c.id == person.c.household_id
            )
        )
        .where(enterprise.c.established_on.between(q.start, q.end))
    )
    rows = union_all(borrowers, owners).subquery("supported")
    return select(rows.c.region_code, rows.c.entity_key, rows.c.value)


def enterprise_jobs(q: MetricQuery) -> Select[Any]:
    """One row per enterprise started in the period: the jobs it created, and of those, the
    jobs held by registered poor labourers. Both jobs metrics sum these rows in one pass."""
    return select(
        enterprise.c.region_code.label("region_code"),
        enterprise.c.id.label("entity_key"),
        enterprise.c.jobs_created.label("jobs"),
        enterprise.c.poor_jobs.label("poor"),
        enterprise.c.kind.label("kind"),
    ).where(enterprise.c.established_on.between(q.start, q.end))


def admitted_areas(q: MetricQuery) -> Select[Any]:
    """One row per named area of 三(三)2 with a base on the autonomous region's list on
    `as_of` (the first such base stands for the area, so an area counts once)."""
    one: Any = literal(1)
    return (
        select(
            func.min(incubation_base.c.region_code).label("region_code"),
            func.min(incubation_base.c.id).label("entity_key"),
            one.label("value"),
        )
        .where(
            incubation_base.c.area != IncubationBaseArea.OTHER.value,
            incubation_base.c.status == IncubationBaseStatus.ADMITTED.value,
            incubation_base.c.admitted_on <= q.as_of,
        )
        .group_by(incubation_base.c.area)
    )


METRICS = [
    MetricDefinition(
        key="entrepreneurship.loan_amount",
        title="创业担保贷款发放额",
        unit="元",
        clause=LOAN_CLAUSE,
        lead_department="RSJ",
        source=loans_issued,
        kind=MetricKind.FLOW,
        scale=100,
        entity_type="Loan",
        description=(
            "统计期内发放的创业担保贷款金额之和（国家创业担保贷款、市扶持小微企业创业担保贷款、"
            "农民工创业担保贷款三类，按发放日期计，不论其后是否还清），计入借款人所在户的行政村；"
            "可按贷款类别拆分。全年目标 2 亿元。"
        ),
        dimensions={"programme": {p.code: p.label for p in LoanProgramme}},
    ),
    MetricDefinition(
        key="entrepreneurship.entrepreneurs",
        title="扶持创业人数",
        unit="人",
        clause=LOAN_CLAUSE,
        lead_department="RSJ",
        source=supported_people,
        kind=MetricKind.FLOW,
        aggregate=Aggregate.DISTINCT,
        entity_type="Person",
        description=(
            "统计期内获得创业担保贷款，或登记创办了创业实体的建档立卡户成员人数；"
            "一人多笔贷款、多个实体只计一次，计入其所在户的行政村。全年目标 2,000 人。"
        ),
    ),
    MetricDefinition(
        key="entrepreneurship.jobs_driven",
        title="创业带动就业人数",
        unit="人",
        clause=LOAN_CLAUSE,
        lead_department="RSJ",
        source=enterprise_jobs,
        kind=MetricKind.FLOW,
        value_column="jobs",
        entity_type="Enterprise",
        description=(
            "统计期内成立的受扶持创业实体填报的带动就业人数之和（按人计），计入实体所在的乡镇或行政村；"
            "可按实体类别拆分。全年目标 1 万人以上。"
        ),
        dimensions={"kind": {k.code: k.label for k in EnterpriseKind}},
    ),
    MetricDefinition(
        key="entrepreneurship.poor_labourers_employed",
        title="创业带动贫困劳动力就业人数",
        unit="人",
        clause=LOAN_CLAUSE,
        lead_department="RSJ",
        source=enterprise_jobs,
        kind=MetricKind.FLOW,
        value_column="poor",
        entity_type="Enterprise",
        description=(
            "创业带动就业人数中，建档立卡贫困劳动力的人数（各实体填报，其中已登记的可关联到其就业记录）。"
            "方案未单列目标。"
        ),
        dimensions={"kind": {k.code: k.label for k in EnterpriseKind}},
    ),
    MetricDefinition(
        key="entrepreneurship.incubation_bases_admitted",
        title="入围自治区级的创业孵化基地（农民工创业园）",
        unit="个",
        clause=BASE_CLAUSE,
        lead_department="XQZF",
        source=admitted_areas,
        levels=("CITY", "COUNTY"),
        entity_type="IncubationBase",
        description=(
            "方案点名的四个地区（融安县、鹿寨县、三江县布央产业区、丹洲产业区）中，"
            "在统计日已有基地入围自治区级创业孵化基地或农民工创业园的地区数；一个地区只计一次。目标 4 个。"
        ),
    ),
]

TARGETS = [
    TargetDefault(
        "entrepreneurship.loan_amount", CITY, PLAN_YEAR, Decimal(200_000_000), LOAN_CLAUSE
    ),
    TargetDefault("entrepreneurship.entrepreneurs", CITY, PLAN_YEAR, Decimal(2_000), LOAN_CLAUSE),
    TargetDefault("entrepreneurship.jobs_driven", CITY, PLAN_YEAR, Decimal(10_000), LOAN_CLAUSE),
    TargetDefault(
        "entrepreneurship.incubation_bases_admitted", CITY, PLAN_YEAR, Decimal(4), BASE_CLAUSE
    ),
    # The plan names the areas, so the city's four split by county as the plan itself does.
    TargetDefault(
        "entrepreneurship.incubation_bases_admitted", "450223", PLAN_YEAR, Decimal(1), BASE_CLAUSE
    ),
    TargetDefault(
        "entrepreneurship.incubation_bases_admitted", "450224", PLAN_YEAR, Decimal(1), BASE_CLAUSE
    ),
    TargetDefault(
        "entrepreneurship.incubation_bases_admitted", "450226", PLAN_YEAR, Decimal(2), BASE_CLAUSE
    ),
]
