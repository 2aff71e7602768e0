"""Fields the training plugin adds to the core's types: `Person.trainings`, `Region.trainingClasses`."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from core.sdk import PERSONAL, Info, Person, Region, TypeExtension
from plugins.training import types
from plugins.training.enums import TrainingKind


@strawberry.type
class PersonTrainings:
    """Fields on `Person`."""

    @strawberry.field(
        description="这个人参加的培训（参训记录），按开班日期排序；只列出您权限范围内可见的。",
        directives=[PERSONAL],
    )
    async def trainings(self, info: Info) -> list[types.Enrolment]:
        from plugins.training.loaders import EnrolmentsByPersonLoader

        person = cast("Person", self)
        return await info.context.loader(EnrolmentsByPersonLoader).load(person.pk)


@strawberry.type
class RegionTrainingClasses:
    """Fields on `Region`."""

    @strawberry.field(
        description=(
            "记在本区划名下的培训班（市：全部县区的；县区：本县区的；乡镇、行政村没有），按开班日期排序。"
        )
    )
    async def training_classes(
        self,
        info: Info,
        kind: Annotated[
            TrainingKind | None, strawberry.argument(description="只列这一类别。")
        ] = None,
        year: Annotated[
            int | None, strawberry.argument(description="只列这一年开班的，如 2019。")
        ] = None,
    ) -> list[types.TrainingClass]:
        from plugins.training.loaders import TrainingClassesByRegionLoader

        region = cast("Region", self)
        found = await info.context.loader(TrainingClassesByRegionLoader).load(region.code)
        return [
            c
            for c in found
            if (kind is None or c.kind is kind) and (year is None or c.start_date.year == year)
        ]


EXTENSIONS = [
    TypeExtension(Person, PersonTrainings),
    TypeExtension(Region, RegionTrainingClasses),
]
