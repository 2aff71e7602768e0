"""Fields the plugin adds to the core's types: a person's loans and enterprises, a region's bases."""

from __future__ import annotations

import strawberry

from core.sdk import PERSONAL, Info, Person, Region, TypeExtension
from plugins.entrepreneurship import types
from plugins.entrepreneurship.loaders import (
    EnterprisesByOwnerLoader,
    IncubationBasesByRegionLoader,
    LoansByBorrowerLoader,
)


@strawberry.type
class PersonEntrepreneurship:
    """Fields on `Person`."""

    @strawberry.field(
        description="这个人作为借款人的创业担保贷款（含已还清的），按发放日期排序。",
        directives=[PERSONAL],
    )
    async def loans(self, info: Info) -> list[types.Loan]:
        person: Person = self  # type: ignore[assignment]
        return await info.context.loader(LoansByBorrowerLoader).load(person.pk)

    @strawberry.field(
        description="这个人作为负责人创办的创业实体，按登记先后排序。", directives=[PERSONAL]
    )
    async def enterprises(self, info: Info) -> list[types.Enterprise]:
        person: Person = self  # type: ignore[assignment]
        return await info.context.loader(EnterprisesByOwnerLoader).load(person.pk)


@strawberry.type
class RegionEntrepreneurship:
    """Fields on `Region`."""

    @strawberry.field(description="该区划及其下级的创业孵化基地和农民工创业园，按登记先后排序。")
    async def incubation_bases(self, info: Info) -> list[types.IncubationBase]:
        region: Region = self  # type: ignore[assignment]
        return await info.context.loader(IncubationBasesByRegionLoader).load(region.code)


EXTENSIONS = (
    TypeExtension(Person, PersonEntrepreneurship),
    TypeExtension(Region, RegionEntrepreneurship),
)
