"""The plugin's enumerations, with the labels the loan and enterprise ledgers use."""

from __future__ import annotations

from core.sdk import LabelledEnum


class LoanProgramme(LabelledEnum):
    """The three guaranteed start-up loan programmes of 三(三)1."""

    NATIONAL = "NATIONAL", "国家创业担保贷款", "创业担保贷款"
    SMALL_MICRO = "SMALL_MICRO", "市扶持小微企业创业担保贷款", "小微企业创业担保贷款"
    MIGRANT_WORKER = "MIGRANT_WORKER", "农民工创业担保贷款"


MAX_SEQUENCE = {
    LoanProgramme.NATIONAL: 1,
    LoanProgramme.SMALL_MICRO: 1,
    # 三(三)1: migrant-worker applicants may take a second and a third loan.
    LoanProgramme.MIGRANT_WORKER: 3,
}
"""How many loans of each programme one borrower may hold over time."""

SEQUENCE_LABELS = {1: "首次", 2: "二次", 3: "三次"}


class LoanStatus(LabelledEnum):
    """Where a loan stands."""

    ISSUED = "ISSUED", "已发放", "正常"
    REPAID = "REPAID", "已还清", "结清"
    OVERDUE = "OVERDUE", "逾期"
    WRITTEN_OFF = "WRITTEN_OFF", "已核销", "核销"


LOAN_TRANSITIONS = {
    LoanStatus.ISSUED: frozenset({LoanStatus.REPAID, LoanStatus.OVERDUE, LoanStatus.WRITTEN_OFF}),
    LoanStatus.OVERDUE: frozenset({LoanStatus.ISSUED, LoanStatus.REPAID, LoanStatus.WRITTEN_OFF}),
    LoanStatus.REPAID: frozenset(),
    LoanStatus.WRITTEN_OFF: frozenset(),
}
"""The status changes a loan allows; repaid and written-off loans are closed."""


class EnterpriseKind(LabelledEnum):
    """What kind of business a supported entrepreneur started."""

    WORKSHOP = "WORKSHOP", "微车间（扶贫车间）", "微车间", "扶贫车间"
    MICRO_MARKET = "MICRO_MARKET", "微市场"
    COOPERATIVE = (
        "COOPERATIVE",
        "农民专业合作社（含微田园）",
        "农民专业合作社",
        "合作社",
        "微田园",
    )
    INDIVIDUAL_BUSINESS = "INDIVIDUAL_BUSINESS", "个体工商户"
    OTHER = "OTHER", "其他"


SMALL_MICRO_KINDS = frozenset(
    {EnterpriseKind.WORKSHOP, EnterpriseKind.MICRO_MARKET, EnterpriseKind.COOPERATIVE}
)
"""三(三)1: the registered businesses that may take the city's small/micro-enterprise loan."""


class IncubationBaseArea(LabelledEnum):
    """Where an incubation base or migrant-worker entrepreneurship park is (三(三)2)."""

    RONGAN = "RONGAN", "融安县"
    LUZHAI = "LUZHAI", "鹿寨县"
    SANJIANG_BUYANG = "SANJIANG_BUYANG", "三江县布央产业区", "布央产业区"
    SANJIANG_DANZHOU = "SANJIANG_DANZHOU", "三江县丹洲产业区", "丹洲产业区"
    OTHER = "OTHER", "其他地区"


PLAN_AREAS = {
    IncubationBaseArea.RONGAN: "450224",
    IncubationBaseArea.LUZHAI: "450223",
    IncubationBaseArea.SANJIANG_BUYANG: "450226",
    IncubationBaseArea.SANJIANG_DANZHOU: "450226",
}
"""The four areas 三(三)2 names, each with the county it lies in."""


class IncubationBaseStatus(LabelledEnum):
    """How far a base has come toward the autonomous region's list."""

    CULTIVATING = "CULTIVATING", "培育中"
    APPLIED = "APPLIED", "已申报自治区级"
    ADMITTED = "ADMITTED", "已入围自治区级"
    NOT_ADMITTED = "NOT_ADMITTED", "未入围"
