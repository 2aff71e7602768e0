"""GraphQL types of the training plugin: contracts mapped explicitly from table rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
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
from plugins.training.compliance import QUALIFYING_TRAINEES, Cell, RegionCompliance
from plugins.training.enums import LeaderClassComplianceStatus, TrainingKind, TrainingOrganiserKind
from plugins.training.settings import training_settings

graphql_enum(
    TrainingKind,
    "培训类别：精准培训（三(二)1，职业技能培训）或务工带头人培训（三(二)2）。",
)
graphql_enum(TrainingOrganiserKind, "培训班承办单位的类别。")
graphql_enum(
    LeaderClassComplianceStatus,
    "一个县区在一个季度（或全年）务工带头人培训的考核状态。",
)


@strawberry.type(
    name="TrainingClass",
    description="培训班：精准培训（职业技能）班或务工带头人培训班，记在一个县区名下。",
)
class TrainingClass(Node):
    """A training class."""

    pk: strawberry.Private[int]
    county_code: str = strawberry.field(description="培训班所记县区的 6 位代码。")
    kind: TrainingKind = strawberry.field(description="培训类别。")
    title: str = strawberry.field(description="班级名称，不超过 128 个字。")
    trade: str | None = strawberry.field(description="培训工种（专业），如“电工”；未填时为空。")
    organiser: str = strawberry.field(
        description="承办单位（培训机构或市属集团公司等）名称，不超过 128 个字。"
    )
    organiser_kind: TrainingOrganiserKind = strawberry.field(description="承办单位类别。")
    start_date: date = strawberry.field(
        description="开班日期（含）。务工带头人班按开班日期归入季度。"
    )
    end_date: date = strawberry.field(
        description="结束日期（含），不早于开班日期，与开班相隔不超过 365 天。"
    )
    place: str | None = strawberry.field(description="培训地点；未填时为空。")
    subsidy: Decimal = strawberry.field(
        description="已拨付的培训补贴，单位：元，精确到分（0 至 100,000,000.00）。"
    )
    # Viewers see the class size only: the registered trainees are identified people, and
    # the others are the class size minus them.
    other_trainees: int = strawberry.field(
        description=(
            "未在平台登记的其他学员人数（非建档立卡户成员），单位：人，0–1000；只计入班级人数。"
            "查看者不可查询（班级人数减去它即为登记学员数）。"
        ),
        directives=[PERSONAL],
    )
    enrolled_trainees: int = strawberry.field(
        description="在平台登记的学员（建档立卡户成员）人数，单位：人。查看者不可查询。",
        directives=[PERSONAL],
    )
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> TrainingClass:
        """Map a `training_class` row selected with its `enrolled` count."""
        return cls(
            id=to_global_id("TrainingClass", row.id),
            pk=row.id,
            county_code=row.county_code,
            kind=TrainingKind(row.kind),
            title=row.title,
            trade=row.trade,
            organiser=row.organiser,
            organiser_kind=TrainingOrganiserKind(row.organiser_kind),
            start_date=row.start_date,
            end_date=row.end_date,
            place=row.place,
            subsidy=fen_to_yuan(row.subsidy_fen),
            other_trainees=row.other_trainees,
            enrolled_trainees=row.enrolled,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> TrainingClass | None:
        from plugins.training.loaders import TrainingClassByIdLoader

        if not key.isdigit():
            return None
        return await info.context.loader(TrainingClassByIdLoader).load(int(key))

    @strawberry.field(description="班级人数：平台登记的学员加其他学员，单位：人。")
    def trainees(self) -> int:
        return self.enrolled_trainees + self.other_trainees

    @strawberry.field(
        description=(
            f"是否计入务工带头人培训考核：务工带头人班且班级人数不少于 {QUALIFYING_TRAINEES} 人"
            "（精准培训班总为 false）。"
        )
    )
    def qualifies(self) -> bool:
        return self.kind is TrainingKind.LEADER and self.trainees() >= QUALIFYING_TRAINEES

    @strawberry.field(description="开班日期所在的季度（1–4）。")
    def quarter(self) -> int:
        return (self.start_date.month - 1) // 3 + 1

    @strawberry.field(description="所记县区。")
    async def county(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.county_code)

    @strawberry.field(description="平台登记的学员，按登记先后排序。", directives=[PERSONAL])
    async def enrolments(self, info: Info) -> list[Enrolment]:
        from plugins.training.loaders import EnrolmentsByClassLoader

        return await info.context.loader(EnrolmentsByClassLoader).load(self.pk)


@strawberry.type(
    name="Enrolment",
    description=(
        "一名学员（建档立卡户成员）参加一个培训班：是否结业、证书，以及结业后的上岗（就业记录）。"
    ),
)
class Enrolment(Node):
    """A registered person's place in a class."""

    pk: strawberry.Private[int]
    class_id: strawberry.Private[int]
    person_id: strawberry.Private[int]
    completed_on: date | None = strawberry.field(
        description="结业日期：不早于培训班结束日期、不晚于今天；未结业时为空。"
    )
    certificate: str | None = strawberry.field(
        description="证书编号或名称（不超过 64 个字），只有结业学员才有；未填时为空。",
        directives=[PERSONAL],
    )
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Enrolment:
        """Map a `training_enrolment` row."""
        return cls(
            id=to_global_id("Enrolment", row.id),
            pk=row.id,
            class_id=row.class_id,
            person_id=row.person_id,
            completed_on=row.completed_on,
            certificate=row.certificate,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Enrolment | None:
        from plugins.training.loaders import EnrolmentByIdLoader

        if not key.isdigit():
            return None
        return await info.context.loader(EnrolmentByIdLoader).load(int(key))

    @strawberry.field(description="是否已结业。")
    def completed(self) -> bool:
        return self.completed_on is not None

    @strawberry.field(
        description=(
            "上岗期限：结业日期加上岗窗口天数（默认 30 天，JIUYE_TRAINING_PLACEMENT_WINDOW_DAYS），"
            "在此日期（含）之前开始的就业算作培训后上岗；未结业时为空。"
        )
    )
    def placement_deadline(self) -> date | None:
        if self.completed_on is None:
            return None
        return self.completed_on + timedelta(days=training_settings().placement_window_days)

    @strawberry.field(
        description=(
            "培训后上岗：结业当天至上岗期限之间开始的第一段就业（核心的就业记录）；"
            "没有、未结业或学员不在您的权限范围内时为空。"
        )
    )
    async def placement(self, info: Info) -> Employment | None:
        from core.sdk import EmploymentsByPersonLoader

        deadline = self.placement_deadline()
        if self.completed_on is None or deadline is None:
            return None
        jobs = await info.context.loader(EmploymentsByPersonLoader).load(self.person_id)
        inside = [j for j in jobs if self.completed_on <= j.start_date <= deadline]
        return min(inside, key=lambda j: (j.start_date, j.pk)) if inside else None

    @strawberry.field(description="培训班；不在您的权限范围内时为空。")
    async def training_class(self, info: Info) -> TrainingClass | None:
        from plugins.training.loaders import TrainingClassByIdLoader

        return await info.context.loader(TrainingClassByIdLoader).load(self.class_id)

    @strawberry.field(description="学员；不在您的权限范围内时为空。")
    async def person(self, info: Info) -> Person | None:
        from core.sdk import PersonByIdLoader

        return await info.context.loader(PersonByIdLoader).load(self.person_id)


@strawberry.type(
    name="LeaderClassComplianceCell",
    description="考核表的一格：一个县区在一个季度（或全年）的务工带头人培训情况。",
)
class LeaderClassComplianceCell:
    """One quarter (or the whole year) of one region."""

    quarter: int | None = strawberry.field(description="季度 1–4；全年一格为空。")
    start: date = strawberry.field(description="这一格的开始日期（含）。")
    end: date = strawberry.field(description="这一格的结束日期（含）。")
    classes_held: int = strawberry.field(
        description="统计日及以前开班的务工带头人培训班期数，单位：期。"
    )
    qualifying_classes: int = strawberry.field(
        description=f"其中班级人数不少于 {QUALIFYING_TRAINEES} 人、计入考核的期数，单位：期。"
    )
    trainees: int = strawberry.field(description="这些培训班的学员人数之和，单位：人。")
    status: LeaderClassComplianceStatus = strawberry.field(
        description="考核状态（城区的季度格为“不按季度考核”）。"
    )

    @strawberry.field(description="是否已达标（status 为 MET）。")
    def met(self) -> bool:
        return self.status is LeaderClassComplianceStatus.MET

    @classmethod
    def of(cls, cell: Cell) -> LeaderClassComplianceCell:
        return cls(
            quarter=cell.quarter,
            start=cell.period.start,
            end=cell.period.end,
            classes_held=cell.classes,
            qualifying_classes=cell.qualifying,
            trainees=cell.trainees,
            status=cell.status,
        )


@strawberry.type(
    name="LeaderClassCompliance",
    description=(
        "务工带头人培训考核表的一行（三(二)2）：一个县区各季度与全年开班期数、达标期数、学员人数和是否达标。"
        "各县和柳江区每季度至少 1 期、每期不少于 30 人；城中、鱼峰、柳南、柳北区全年至少 1 期。"
    ),
)
class LeaderClassCompliance:
    """One region's line of the quarterly grid."""

    region_code: str = strawberry.field(description="县区代码（6 位）。")
    urban_district: bool = strawberry.field(
        description="是否城区（城中、鱼峰、柳南、柳北区）：只按全年考核。"
    )
    quarters: list[LeaderClassComplianceCell] = strawberry.field(
        description="四个季度，按季度排序。"
    )
    year: LeaderClassComplianceCell = strawberry.field(
        description="全年合计；城区按它考核，各县的全年状态为各季度的汇总。"
    )
    compliant: bool = strawberry.field(
        description=(
            "截至统计日是否没有错过任何已结束的考核期（各县按季度，城区按全年）；"
            "与指标 training.leader_class_compliance 一致。"
        )
    )

    @classmethod
    def of(cls, found: RegionCompliance) -> LeaderClassCompliance:
        return cls(
            region_code=found.code,
            urban_district=found.urban_district,
            quarters=[LeaderClassComplianceCell.of(c) for c in found.quarters],
            year=LeaderClassComplianceCell.of(found.year),
            compliant=found.compliant,
        )

    @strawberry.field(description="县区。")
    async def region(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.region_code)
