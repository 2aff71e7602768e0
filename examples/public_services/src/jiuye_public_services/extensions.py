"""What the declarations cannot say: whether a station has someone on duty."""

from __future__ import annotations

from typing import Any

import strawberry

from core.sdk import Info


@strawberry.type
class StationStaffed:
    """Fields on `LabourStation`."""

    @strawberry.field(description="是否已配备工作人员（至少 1 人）。")
    async def staffed(self, info: Info) -> bool:
        from jiuye_public_services.models import STAFF

        assert STAFF.by_parent is not None
        found: list[Any] = await info.context.loader(STAFF.by_parent).load(self.pk)  # type: ignore[attr-defined]
        return bool(found)
