"""Root query fields for administrators: who was told that keys exist outside their scope."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Annotated, Any

import strawberry
from sqlalchemy import select

from core.graphql.context import Info
from core.graphql.errors import RequestError, bad_argument
from core.graphql.pagination import Connection, paginate
from core.security import probes
from core.security.models import audit_log
from core.security.roles import Role
from core.sqltypes import utcnow

MAX_HOURS = 24 * 90


@strawberry.type(
    description="一次“已在您权限范围外登记”的答复，或因达到上限而整体拒绝的一次请求（审计日志）。"
)
class ProbeEntry:
    """One probe answer or refusal."""

    pk: strawberry.Private[int]
    at: datetime = strawberry.field(description="时间（UTC）。")
    actor: str = strawberry.field(description="操作者（令牌名称）。")
    role: str = strawberry.field(description="操作者角色。")
    token: str | None = strawberry.field(description="令牌前缀（10 个字符，不是令牌本身）。")
    path: str = strawberry.field(description="途径：GRAPHQL、IMPORT 或 CLI。")
    request_id: str | None = strawberry.field(description="请求编号（与服务端日志对应）。")
    refused: bool = strawberry.field(
        description="是否为达到上限而整体拒绝的请求（为否即一次答复）。"
    )
    kind: str = strawberry.field(
        description="键的种类：id_number 身份证号、registry_number 户编号等；拒绝时为 request。"
    )
    key: str = strawberry.field(description="被答复的键（已遮盖）；拒绝时为请求编号。")
    withheld_answers: int | None = strawberry.field(
        description="拒绝时，这次请求本会给出的答复数（个）；答复时为空。"
    )


@strawberry.type(description="一个令牌名称在一段时间内收到的越权查重答复与拒绝。")
class ProbeTally:
    """Probe answers and refusals of one token name."""

    actor: str = strawberry.field(description="操作者（令牌名称）。")
    role: str = strawberry.field(description="操作者角色。")
    answers: int = strawberry.field(description="收到的“已在您权限范围外登记”答复（次）。")
    refusals: int = strawberry.field(description="因达到上限被整体拒绝的请求（次）。")
    first_at: datetime = strawberry.field(description="这段时间内第一次的时间（UTC）。")
    last_at: datetime = strawberry.field(description="这段时间内最后一次的时间（UTC）。")
    in_window: int = strawberry.field(
        description="当前时间窗（JIUYE_PROBE_WINDOW_MINUTES）内的答复与拒绝（次），与上限比较。"
    )
    at_limit: bool = strawberry.field(
        description="是否已达上限（JIUYE_PROBE_LIMIT）：达到时这个令牌的登记与导入整体拒绝。"
    )


def _admin(info: Info, field: str) -> None:
    if info.context.caller.role != Role.ADMIN:
        raise RequestError(f"字段 {field}：只有管理员可以查看探测记录", code="FORBIDDEN")


def _since(hours: int, field: str) -> datetime:
    if not 1 <= hours <= MAX_HOURS:
        raise bad_argument(field, "hours", f"应为 1 至 {MAX_HOURS} 小时")
    return utcnow() - timedelta(hours=hours)


def _entry(row: Any) -> ProbeEntry:
    after: dict[str, object] = {}
    raw = row.after
    if raw:
        try:
            loaded = json.loads(raw)
        except ValueError:  # a value this reader does not understand: shown without it
            loaded = None
        if isinstance(loaded, dict):
            after = loaded
    token = after.get("token")
    withheld = after.get("withheld_answers")
    refused = row.action == probes.PROBE_LIMIT
    return ProbeEntry(
        pk=row.id,
        at=row.at,
        actor=row.actor,
        role=row.role,
        token=token if isinstance(token, str) else None,
        path=row.path,
        request_id=row.request_id,
        refused=refused,
        kind=row.record_type,
        key=row.record_key,
        withheld_answers=withheld if refused and isinstance(withheld, int) else None,
    )


@strawberry.type
class ProbeQuery:
    """Root query fields on probing (administrators only)."""

    @strawberry.field(
        description=(
            "越权查重日志：每次“已在您权限范围外登记”的答复和每次因达到上限的拒绝，新的在前"
            "（只有管理员可以查询）。"
        )
    )
    async def probe_log(
        self,
        info: Info,
        actor: Annotated[str | None, strawberry.argument(description="只看这个操作者。")] = None,
        hours: Annotated[
            int, strawberry.argument(description=f"只看最近多少小时（1–{MAX_HOURS}）。")
        ] = 24,
        first: Annotated[
            int | None, strawberry.argument(description="取前 N 条（1–100）。")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="从这个游标之后开始。")
        ] = None,
    ) -> Connection[ProbeEntry]:
        _admin(info, "probeLog")
        query = select(audit_log).where(
            audit_log.c.action.in_(probes.ACTIONS), audit_log.c.at >= _since(hours, "probeLog")
        )
        if actor is not None:
            query = query.where(audit_log.c.actor == actor)
        return await paginate(
            info,
            "probeLog",
            query,
            -audit_log.c.id,
            _entry,
            row_key=lambda r: -r.id,
            first=first,
            after=after,
        )

    @strawberry.field(
        description=(
            "按令牌名称汇总的越权查重：答复与拒绝次数、当前时间窗内的次数、是否已达上限，"
            "答复多的在前（只有管理员可以查询）。"
        )
    )
    async def probe_summary(
        self,
        info: Info,
        hours: Annotated[
            int, strawberry.argument(description=f"汇总最近多少小时（1–{MAX_HOURS}）。")
        ] = 24,
    ) -> list[ProbeTally]:
        _admin(info, "probeSummary")
        ctx = info.context
        since = _since(hours, "probeSummary")
        window = timedelta(minutes=ctx.settings.probe_window_minutes)
        async with ctx.db.connect() as conn:
            found = await probes.tallies(conn, since, window)
        return [
            ProbeTally(
                actor=t.actor,
                role=t.role,
                answers=t.answers,
                refusals=t.refusals,
                first_at=t.first_at,
                last_at=t.last_at,
                in_window=t.in_window,
                at_limit=t.in_window >= ctx.settings.probe_limit,
            )
            for t in found
        ]
