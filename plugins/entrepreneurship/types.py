"""GraphQL types of the plugin's records: contracts mapped explicitly from table rows.

Relations resolve through per-request loaders (loaders.py), each applying the caller's scope.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy.engine import Row

from core.sdk import (
    PERSONAL,
    Employment,
    Info,
    Node,
    Person,
    Region,
    fen_to_yuan,
    graphql_enum,
    to_global_id,
)
from plugins.entrepreneurship.enums import (
    EnterpriseKind,
    IncubationBaseArea,
    IncubationBaseStatus,
    LoanProgramme,
    LoanStatus,
)

graphql_enum(
    LoanProgramme,
    "创业担保贷款的类别（行动方案三(三)1）。只有农民工创业担保贷款可申请二次、三次贷款。",
)
graphql_enum(LoanStatus, "贷款状态。已还清、已核销的贷款不能再改状态。")
graphql_enum(
    EnterpriseKind,
    "创业实体的类别。经工商登记的微车间、微市场、农民专业合作社可申请市扶持小微企业创业担保贷款。",
)
graphql_enum(
    IncubationBaseArea,
    "孵化基地或农民工创业园所在地区：行动方案三(三)2 点名的四个地区，或其他地区。",
)
graphql_enum(IncubationBaseStatus, "孵化基地争取入围自治区级创业孵化基地（农民工创业园）的进展。")

__all__ = [
    "Enterprise",
    "EnterpriseKind",
    "IncubationBase",
    "IncubationBaseArea",
    "IncubationBaseStatus",
    "Loan",
    "LoanProgramme",
    "LoanStatus",
]


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _key(key: str) -> int | None:
    return int(key) if key.isdigit() else None


@strawberry.type(
    name="Loan",
    description=(
        "一笔创业担保贷款（行动方案三(三)1）。借款人须是建档立卡户成员；金额单位：元，精确到分。"
        "贷款计入借款人所在户的行政村及其上级区划。"
    ),
)
class Loan(Node):
    """A guaranteed start-up loan."""

    pk: strawberry.Private[int]
    borrower_id: strawberry.Private[int]
    enterprise_id: strawberry.Private[int | None]
    contract_number: str = strawberry.field(
        description="借款合同编号，全平台唯一（最长 32 个字符）。"
    )
    programme: LoanProgramme = strawberry.field(description="贷款类别。")
    sequence: int = strawberry.field(
        description=(
            "同一借款人在同一类贷款中的第几次（按发放日期排，1 至 3）。"
            "农民工创业担保贷款可有二次、三次，第四次拒绝；其他两类只能一次。"
        )
    )
    amount: Decimal = strawberry.field(
        description="贷款金额，单位：元，精确到分；不超过该类贷款的额度上限。"
    )
    bank: str = strawberry.field(description="经办银行。")
    issued_on: date = strawberry.field(description="发放日期。")
    term_months: int = strawberry.field(description="贷款期限，单位：月（1 至设定上限，默认 36）。")
    due_on: date = strawberry.field(description="到期日：发放日期加期限。")
    status: LoanStatus = strawberry.field(description="贷款状态。")
    version: int = strawberry.field(description="记录版本号；更新时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Loan:
        """Map an `entrepreneurship_loan` row."""
        return cls(
            id=to_global_id("Loan", row.id),
            pk=row.id,
            borrower_id=row.borrower_id,
            enterprise_id=row.enterprise_id,
            contract_number=row.contract_number,
            programme=LoanProgramme(row.programme),
            sequence=row.sequence,
            amount=fen_to_yuan(row.amount_fen),
            bank=row.bank,
            issued_on=row.issued_on,
            term_months=row.term_months,
            due_on=add_months(row.issued_on, row.term_months),
            status=LoanStatus(row.status),
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Loan | None:
        from plugins.entrepreneurship.loaders import LoanByIdLoader

        pk = _key(key)
        return None if pk is None else await info.context.loader(LoanByIdLoader).load(pk)

    @strawberry.field(
        description="借款人（建档立卡户成员）；不在您的权限范围内时为空。", directives=[PERSONAL]
    )
    async def borrower(self, info: Info) -> Person | None:
        from core.sdk import PersonByIdLoader

        return await info.context.loader(PersonByIdLoader).load(self.borrower_id)

    @strawberry.field(description="贷款扶持的创业实体；没有时或不在您的权限范围内时为空。")
    async def enterprise(self, info: Info) -> Enterprise | None:
        from plugins.entrepreneurship.loaders import EnterpriseByIdLoader

        if self.enterprise_id is None:
            return None
        return await info.context.loader(EnterpriseByIdLoader).load(self.enterprise_id)


@strawberry.type(
    name="Enterprise",
    description=(
        "受扶持创办的创业实体（行动方案三(三)）：负责人须是建档立卡户成员；"
        "记录带动就业人数及其中贫困劳动力人数。"
    ),
)
class Enterprise(Node):
    """A business a supported entrepreneur started."""

    pk: strawberry.Private[int]
    owner_id: strawberry.Private[int]
    incubation_base_id: strawberry.Private[int | None]
    name: str = strawberry.field(description="名称（最长 128 个字）。")
    kind: EnterpriseKind = strawberry.field(description="类别。")
    registration_number: str | None = strawberry.field(
        description=(
            "工商登记号：18 位统一社会信用代码或 15 位旧注册号，全平台唯一；未登记时为空。"
        )
    )
    region_code: str = strawberry.field(description="所在乡镇或行政村的区划代码（9 或 12 位）。")
    established_on: date = strawberry.field(
        description="成立（创办）日期；带动就业按这一天计入当年。"
    )
    jobs_created: int = strawberry.field(description="带动就业人数，单位：人（0 至 10000）。")
    poor_jobs: int = strawberry.field(
        description="带动就业人数中建档立卡贫困劳动力的人数，单位：人，不超过带动就业人数。"
    )
    version: int = strawberry.field(description="记录版本号；更新时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Enterprise:
        """Map an `entrepreneurship_enterprise` row."""
        return cls(
            id=to_global_id("Enterprise", row.id),
            pk=row.id,
            owner_id=row.owner_id,
            incubation_base_id=row.incubation_base_id,
            name=row.name,
            kind=EnterpriseKind(row.kind),
            registration_number=row.registration_number,
            region_code=row.region_code,
            established_on=row.established_on,
            jobs_created=row.jobs_created,
            poor_jobs=row.poor_jobs,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Enterprise | None:
        from plugins.entrepreneurship.loaders import EnterpriseByIdLoader

        pk = _key(key)
        return None if pk is None else await info.context.loader(EnterpriseByIdLoader).load(pk)

    @strawberry.field(
        description="负责人（建档立卡户成员）；不在您的权限范围内时为空。", directives=[PERSONAL]
    )
    async def owner(self, info: Info) -> Person | None:
        from core.sdk import PersonByIdLoader

        return await info.context.loader(PersonByIdLoader).load(self.owner_id)

    @strawberry.field(description="所在乡镇或行政村。")
    async def region(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.region_code)

    @strawberry.field(description="入驻的孵化基地或农民工创业园；没有时为空。")
    async def incubation_base(self, info: Info) -> IncubationBase | None:
        from plugins.entrepreneurship.loaders import IncubationBaseByIdLoader

        if self.incubation_base_id is None:
            return None
        return await info.context.loader(IncubationBaseByIdLoader).load(self.incubation_base_id)

    @strawberry.field(
        description="扶持这个实体的创业担保贷款，按发放日期排序。", directives=[PERSONAL]
    )
    async def loans(self, info: Info) -> list[Loan]:
        from plugins.entrepreneurship.loaders import LoansByEnterpriseLoader

        return await info.context.loader(LoansByEnterpriseLoader).load(self.pk)

    @strawberry.field(
        description=(
            "在这里就业的建档立卡贫困劳动力的就业记录（已关联的部分，不超过 poorJobs），按开始日期排序。"
        ),
        directives=[PERSONAL],
    )
    async def workers(self, info: Info) -> list[Employment]:
        from plugins.entrepreneurship.loaders import WorkersByEnterpriseLoader

        return await info.context.loader(WorkersByEnterpriseLoader).load(self.pk)


@strawberry.type(
    name="IncubationBase",
    description=(
        "创业孵化基地或农民工创业园（行动方案三(三)2）：目标是入围自治区级创业孵化基地或农民工创业园。"
    ),
)
class IncubationBase(Node):
    """An incubation base or migrant-worker entrepreneurship park."""

    pk: strawberry.Private[int]
    name: str = strawberry.field(description="名称，全平台唯一（最长 128 个字）。")
    area: IncubationBaseArea = strawberry.field(description="所在地区。")
    area_name: str = strawberry.field(
        description="地区名称：方案点名的地区为其名称，其他地区为登记时填写的名称。"
    )
    named_in_plan: bool = strawberry.field(description="是否在行动方案点名的四个地区之一。")
    region_code: str = strawberry.field(description="所在县区、乡镇或行政村的区划代码。")
    status: IncubationBaseStatus = strawberry.field(description="争取入围自治区级的进展。")
    admitted_on: date | None = strawberry.field(
        description="入围自治区级名单的日期；状态为“已入围”时必有，否则为空。"
    )
    operator: str | None = strawberry.field(description="运营单位；未登记时为空。")
    version: int = strawberry.field(description="记录版本号；更新时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> IncubationBase:
        """Map an `entrepreneurship_base` row."""
        area = IncubationBaseArea(row.area)
        return cls(
            id=to_global_id("IncubationBase", row.id),
            pk=row.id,
            name=row.name,
            area=area,
            area_name=row.area_name,
            named_in_plan=area is not IncubationBaseArea.OTHER,
            region_code=row.region_code,
            status=IncubationBaseStatus(row.status),
            admitted_on=row.admitted_on,
            operator=row.operator,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> IncubationBase | None:
        from plugins.entrepreneurship.loaders import IncubationBaseByIdLoader

        pk = _key(key)
        return None if pk is None else await info.context.loader(IncubationBaseByIdLoader).load(pk)

    @strawberry.field(description="所在区划。")
    async def region(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.region_code)

    @strawberry.field(description="入驻孵化的创业实体，按登记先后排序。", directives=[PERSONAL])
    async def enterprises(self, info: Info) -> list[Enterprise]:
        from plugins.entrepreneurship.loaders import EnterprisesByBaseLoader

        return await info.context.loader(EnterprisesByBaseLoader).load(self.pk)

    @strawberry.field(description="入驻孵化的创业实体数，单位：个。")
    async def enterprises_incubated(self, info: Info) -> int:
        return len(await self.enterprises(info))
