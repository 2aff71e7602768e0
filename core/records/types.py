"""GraphQL types of the core records: contracts mapped explicitly from table rows.

Relations resolve through per-request loaders. Each type keeps a private slot per relation
(`_members`, `_employments`) so that a list resolver which has already fetched the children
in one batched query can hand them over, and the child field answers without a round trip.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar, cast

import strawberry
from sqlalchemy.engine import Row

from core.graphql.context import Info
from core.graphql.directives import PERSONAL
from core.graphql.enums import graphql_enum
from core.graphql.node import Node, to_global_id
from core.money import fen_to_yuan
from core.records.enums import (
    LABOUR_CAPABLE,
    LabourCapacity,
    PovertyStatus,
    RegionLevel,
    Relation,
    Sex,
    WorkForm,
    WorkPlace,
)
from core.security.masking import mask_id_number, mask_phone

graphql_enum(RegionLevel, "行政区划层级。")
graphql_enum(Relation, "与户主关系（两清台账“与户主关系”列）。")
graphql_enum(
    LabourCapacity,
    "劳动能力（两清台账“劳动能力”列）。前三类（普通、技能、弱或半劳动力）算作有劳动能力。",
)
graphql_enum(Sex, "性别，由身份证号第 17 位推出。")
graphql_enum(PovertyStatus, "建档立卡户的脱贫状态。")
graphql_enum(WorkForm, "就业形式（两清台账“就业形式”列）。")
graphql_enum(WorkPlace, "就业地点，相对于劳动力所在县区。")

__all__ = [
    "Department",
    "Employment",
    "Household",
    "LabourCapacity",
    "Person",
    "PovertyStatus",
    "Region",
    "RegionLevel",
    "Relation",
    "Sex",
    "WorkForm",
    "WorkPlace",
]


def _today(info: Info, on: date | None) -> date:
    return on if on is not None else info.context.today


@strawberry.type(
    name="Region",
    description=(
        "行政区划：市、县（区）、乡镇、行政村（统计用区划代码）。"
        "市和县区为 6 位代码，乡镇 9 位，行政村 12 位；带补零的 12 位写法指同一区划。"
    ),
)
class Region(Node):
    """A region of the statistical division tree."""

    code: str = strawberry.field(description="区划代码：市县 6 位，乡镇 9 位，行政村 12 位。")
    name: str = strawberry.field(description="全称，如“融水苗族自治县”。")
    short_name: str = strawberry.field(description="简称，如“融水县”。")
    level: RegionLevel = strawberry.field(description="层级。")
    parent_code: str | None = strawberry.field(description="上级区划代码；市级为空。")
    urban_district: bool = strawberry.field(
        description="是否城区（城中、鱼峰、柳南、柳北区）：务工带头人培训按全年计。"
    )
    poor_village: bool = strawberry.field(description="是否未脱贫摘帽的贫困村（仅行政村）。")
    key_poor_township: bool = strawberry.field(description="是否重点贫困乡镇（仅乡镇）。")
    urban_rural_class: str | None = strawberry.field(
        description="城乡分类代码（111–220），区划名单未给出时为空。"
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Region:
        """Map a `region` row."""
        return cls(
            id=to_global_id("Region", row.code),
            code=row.code,
            name=row.name,
            short_name=row.short_name,
            level=RegionLevel(row.level),
            parent_code=row.parent_code,
            urban_district=row.urban_district,
            poor_village=row.poor_village,
            key_poor_township=row.key_poor_township,
            urban_rural_class=row.urban_rural_class,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Region | None:
        from core.records.loaders import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(key)

    @strawberry.field(description="上级区划；市级为空。")
    async def parent(self, info: Info) -> Region | None:
        from core.records.loaders import RegionByCodeLoader

        if self.parent_code is None:
            return None
        return await info.context.loader(RegionByCodeLoader).load(self.parent_code)

    @strawberry.field(description="直属下级区划，按代码排序。")
    async def children(self, info: Info) -> list[Region]:
        from core.records.loaders import ChildrenByRegionLoader

        return await info.context.loader(ChildrenByRegionLoader).load(self.code)


@strawberry.type(name="Department", description="责任单位：行动方案各项举措列出的牵头与配合单位。")
class Department:
    """A responsible unit (责任单位)."""

    code: str = strawberry.field(
        description="单位简码，如 RSJ（市人社局）；查询时代码或中文名均可。"
    )
    name: str = strawberry.field(description="全称，如“市人社局”。")
    short_name: str = strawberry.field(description="简称。")
    kind: str = strawberry.field(
        description="类别：CITY_UNIT 市直单位，COUNTY_GOVERNMENT 县区人民政府，OTHER 其他。"
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Department:
        """Map a `department` row."""
        return cls(code=row.code, name=row.name, short_name=row.short_name, kind=row.kind)


@strawberry.type(
    name="Employment",
    description="一段就业经历。工作结束时记结束日期而不删除，历史可查。",
)
class Employment(Node):
    """A spell of work."""

    pk: strawberry.Private[int]
    person_id: strawberry.Private[int]
    form: WorkForm = strawberry.field(description="就业形式。")
    place: WorkPlace = strawberry.field(description="就业地点。")
    employer: str | None = strawberry.field(
        description="就业单位，未登记时为空。", directives=[PERSONAL]
    )
    start_date: date = strawberry.field(description="开始日期（含）。")
    end_date: date | None = strawberry.field(description="结束日期（含当天在岗）；为空表示仍在岗。")
    monthly_income: Decimal | None = strawberry.field(
        description="月收入，单位：元，精确到分；未登记时为空。", directives=[PERSONAL]
    )
    programme: str | None = strawberry.field(
        description="促成这次就业的帮扶项目（如“一岗多补”），没有时为空。"
    )
    version: int = strawberry.field(description="记录版本号，每次修改加一。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Employment:
        """Map an `employment` row."""
        income = row.monthly_income_fen
        return cls(
            id=to_global_id("Employment", row.id),
            pk=row.id,
            person_id=row.person_id,
            form=WorkForm(row.form),
            place=WorkPlace(row.place),
            employer=row.employer,
            start_date=row.start_date,
            end_date=row.end_date,
            monthly_income=None if income is None else fen_to_yuan(income),
            programme=row.programme,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Employment | None:
        from core.records.loaders import EmploymentByIdLoader

        return (
            await info.context.loader(EmploymentByIdLoader).load(int(key))
            if key.isdigit()
            else None
        )

    def active_on(self, day: date) -> bool:
        """Whether this spell covers `day` (both ends inclusive)."""
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    @strawberry.field(name="activeOn", description="在给定日期（默认今天）是否在岗。")
    def is_active_on(
        self,
        info: Info,
        on: Annotated[date | None, strawberry.argument(description="日期，默认今天。")] = None,
    ) -> bool:
        return self.active_on(_today(info, on))

    @strawberry.field(description="就业的人。")
    async def person(self, info: Info) -> Person | None:
        from core.records.loaders import PersonByIdLoader

        return await info.context.loader(PersonByIdLoader).load(self.person_id)


@strawberry.type(name="Person", description="建档立卡户的家庭成员。")
class Person(Node):
    """A member of a registered household."""

    pk: strawberry.Private[int]
    household_id: strawberry.Private[int]
    name: str = strawberry.field(description="姓名。", directives=[PERSONAL])
    id_number: str = strawberry.field(
        description=(
            "居民身份证号，脱敏显示，只留区划码与末两位（如 450225**********34）；完整号码只能通过有权限的"
            "revealPerson 查看，并记入审计日志。"
        ),
        directives=[PERSONAL],
    )
    sex: Sex = strawberry.field(description="性别，由身份证号推出。", directives=[PERSONAL])
    birth_year: int = strawberry.field(
        description=(
            "出生年份（4 位），由身份证号推出。完整出生日期与身份证号一样只能通过 revealPerson "
            "查看：月日加上脱敏号码即可推出完整号码。"
        ),
        directives=[PERSONAL],
    )
    relation: Relation = strawberry.field(description="与户主关系。")
    labour_capacity: LabourCapacity = strawberry.field(description="劳动能力。")
    phone: str | None = strawberry.field(
        description="联系电话，脱敏显示，只留前三位与末两位（如 138******78），未登记时为空。",
        directives=[PERSONAL],
    )
    version: int = strawberry.field(description="记录版本号；更新时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")
    prefetched_employments: strawberry.Private[list[Employment] | None] = None

    @classmethod
    def from_row(cls, row: Row[Any]) -> Person:
        """Map a `person` row."""
        return cls(
            id=to_global_id("Person", row.id),
            pk=row.id,
            household_id=row.household_id,
            name=row.name,
            id_number=mask_id_number(row.id_number) or "",
            sex=Sex(row.sex),
            birth_year=row.birth_date.year,
            relation=Relation(row.relation),
            labour_capacity=LabourCapacity(row.labour_capacity),
            phone=mask_phone(row.phone),
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Person | None:
        from core.records.loaders import PersonByIdLoader

        return await info.context.loader(PersonByIdLoader).load(int(key)) if key.isdigit() else None

    @strawberry.field(description="是否有劳动能力（普通、技能、弱或半劳动力）。")
    def has_labour_capacity(self) -> bool:
        return self.labour_capacity in LABOUR_CAPABLE

    @strawberry.field(
        description=(
            "今年内满的周岁，即今年年份减出生年份。单位：岁。只取决于出生年份："
            "按日计算的年龄（或可指定日期的年龄）会让人逐日试出生日。"
        ),
        directives=[PERSONAL],
    )
    def age(self, info: Info) -> int:
        return info.context.today.year - self.birth_year

    @strawberry.field(description="所在户。")
    async def household(self, info: Info) -> Household | None:
        from core.records.loaders import HouseholdByIdLoader

        return await info.context.loader(HouseholdByIdLoader).load(self.household_id)

    @strawberry.field(description="全部就业经历（含已结束的），按开始日期排序。")
    def employments(self, info: Info) -> list[Employment]:
        if self.prefetched_employments is not None:
            return self.prefetched_employments
        from core.records.loaders import EmploymentsByPersonLoader

        load = info.context.loader(EmploymentsByPersonLoader).load(self.pk)
        return cast("list[Employment]", load)  # graphql-core awaits it

    @strawberry.field(description="在给定日期（默认今天）是否有在岗的就业。")
    async def employed(
        self,
        info: Info,
        on: Annotated[date | None, strawberry.argument(description="日期，默认今天。")] = None,
    ) -> bool:
        day = _today(info, on)
        jobs = await _awaited(self.employments(info))
        return any(job.active_on(day) for job in jobs)


@strawberry.type(name="Household", description="建档立卡贫困户。")
class Household(Node):
    """A poverty-registered household."""

    pk: strawberry.Private[int]
    village_code: str = strawberry.field(description="所在行政村的 12 位区划代码。")
    registry_number: str = strawberry.field(
        description="户编号，全平台唯一。", directives=[PERSONAL]
    )
    relocated: bool = strawberry.field(description="是否易地扶贫搬迁户。")
    poverty_status: PovertyStatus = strawberry.field(description="脱贫状态。")
    version: int = strawberry.field(description="记录版本号；更新时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")
    prefetched_members: strawberry.Private[list[Person] | None] = None

    @classmethod
    def from_row(cls, row: Row[Any]) -> Household:
        """Map a `household` row."""
        return cls(
            id=to_global_id("Household", row.id),
            pk=row.id,
            village_code=row.village_code,
            registry_number=row.registry_number,
            relocated=row.relocated,
            poverty_status=PovertyStatus(row.poverty_status),
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Household | None:
        from core.records.loaders import HouseholdByIdLoader

        return (
            await info.context.loader(HouseholdByIdLoader).load(int(key)) if key.isdigit() else None
        )

    @strawberry.field(description="所在行政村。")
    async def village(self, info: Info) -> Region | None:
        from core.records.loaders import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.village_code)

    @strawberry.field(description="家庭成员，户主在前，其余按登记顺序。")
    def members(self, info: Info) -> list[Person]:
        if self.prefetched_members is not None:
            return self.prefetched_members
        from core.records.loaders import MembersByHouseholdLoader

        load = info.context.loader(MembersByHouseholdLoader).load(self.pk)
        return cast("list[Person]", load)  # graphql-core awaits it

    @strawberry.field(description="是否有劳动能力：至少一名成员有劳动能力。")
    async def has_labour_capacity(self, info: Info) -> bool:
        members = await _awaited(self.members(info))
        return any(m.labour_capacity in LABOUR_CAPABLE for m in members)

    @strawberry.field(
        description="在给定日期（默认今天）在岗的成员人数。单位：人。行动目标：有劳动能力的户至少 1 人。"
    )
    async def employed_members(
        self,
        info: Info,
        on: Annotated[date | None, strawberry.argument(description="日期，默认今天。")] = None,
    ) -> int:
        day = _today(info, on)
        count = 0
        for member in await _awaited(self.members(info)):
            jobs = await _awaited(member.employments(info))
            count += any(job.active_on(day) for job in jobs)
        return count


T = TypeVar("T")


async def _awaited(value: T | Awaitable[T]) -> T:
    if isinstance(value, Awaitable):
        return await value
    return value
