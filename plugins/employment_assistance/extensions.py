"""Fields the plugin adds to the core's types: a person's post and subsidies, a region's workshops."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from core.sdk import PERSONAL, Info
from plugins.employment_assistance.types import HiringSubsidy, PovertyWorkshop, VillagePost


@strawberry.type
class PersonAssistance:
    """Fields on `Person`."""

    @strawberry.field(
        description="在给定日期（默认今天）所在的乡村公益性岗位；没有时为空（同一时间至多一个）。",
        directives=[PERSONAL],
    )
    async def welfare_post(
        self,
        info: Info,
        on: Annotated[date | None, strawberry.argument(description="日期，默认今天。")] = None,
    ) -> VillagePost | None:
        from plugins.employment_assistance.loaders import VillagePostsByPersonLoader

        day = on if on is not None else info.context.today
        posts = await info.context.loader(VillagePostsByPersonLoader).load(self.pk)  # type: ignore[attr-defined]
        held = [post for post in posts if post.held_on(day)]
        return held[-1] if held else None

    @strawberry.field(
        description="企业吸纳此人就业所得的“一岗多补”补贴（含已撤销的），按发放日期排序。",
        directives=[PERSONAL],
    )
    async def subsidies(self, info: Info) -> list[HiringSubsidy]:
        from plugins.employment_assistance.loaders import HiringSubsidiesByPersonLoader

        return await info.context.loader(HiringSubsidiesByPersonLoader).load(self.pk)  # type: ignore[attr-defined]


@strawberry.type
class RegionAssistance:
    """Fields on `Region`."""

    @strawberry.field(
        description=("区划内（含下级）的扶贫车间，按认定日期排序；给 activeOn 时只列那天在办的。")
    )
    async def workshops(
        self,
        info: Info,
        active_on: Annotated[
            date | None, strawberry.argument(description="只列这一天在办（已认定、未停办）的车间。")
        ] = None,
    ) -> list[PovertyWorkshop]:
        from plugins.employment_assistance.loaders import WorkshopsByRegionLoader

        found = await info.context.loader(WorkshopsByRegionLoader).load(self.code)  # type: ignore[attr-defined]
        if active_on is None:
            return found
        return [
            w
            for w in found
            if w.certified_on <= active_on and (w.ended_on is None or w.ended_on >= active_on)
        ]
