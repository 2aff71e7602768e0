"""Root query fields of the security layer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import select

from core.graphql.context import Info
from core.graphql.errors import RequestError
from core.graphql.pagination import Connection, paginate
from core.security.models import audit_log, audit_subject
from core.security.roles import Role


@strawberry.type(description="审计日志的一条：谁、以什么角色、何时、经哪条途径、改了什么。")
class AuditEntry:
    """One audited write or reveal."""

    pk: strawberry.Private[int]
    at: datetime = strawberry.field(description="时间（UTC）。")
    actor: str = strawberry.field(description="操作者（令牌名称）。")
    role: str = strawberry.field(description="操作者角色。")
    path: str = strawberry.field(description="途径：GRAPHQL、IMPORT 或 CLI。")
    request_id: str | None = strawberry.field(description="请求编号（与服务端日志对应）。")
    token_id: int | None = strawberry.field(
        description="操作者所用 API 令牌的编号（见 jiuye token list）；命令行操作或未启用令牌时为空。"
    )
    action: str = strawberry.field(description="操作，如 createHousehold、revealPerson。")
    record_type: str = strawberry.field(description="记录类型（表名）。")
    record_key: str = strawberry.field(description="记录的键；其中的身份证号、手机号已遮盖。")
    before: str | None = strawberry.field(
        description="改动前的值（JSON）；身份证号、手机号已遮盖。"
    )
    after: str | None = strawberry.field(
        description="改动后的值（JSON），身份证号、手机号已遮盖；查看操作记录理由。"
    )


@strawberry.type(description="当前调用者：令牌的名称、角色与范围。")
class Me:
    """Who this request acts as."""

    name: str = strawberry.field(description="令牌名称。")
    role: str = strawberry.field(description="角色：admin、county、department、viewer。")
    region_code: str | None = strawberry.field(description="只能看到这个区划及其下级；为空即全部。")
    department_code: str | None = strawberry.field(description="代表的部门代码。")


@strawberry.type
class SecurityQuery:
    """Root query fields contributed by the security layer."""

    @strawberry.field(
        description="审计日志，新的在前（只有管理员可以查询）；其中的身份证号、手机号均已遮盖。"
    )
    async def audit_log(
        self,
        info: Info,
        record_type: Annotated[
            str | None, strawberry.argument(description="只看这类记录。")
        ] = None,
        record_key: Annotated[str | None, strawberry.argument(description="只看这条记录。")] = None,
        actor: Annotated[str | None, strawberry.argument(description="只看这个操作者。")] = None,
        id_number: Annotated[
            str | None,
            strawberry.argument(
                description="只看涉及这个身份证号（18 位，末位 x 大小写均可）的记录；按其密钥散列查找。"
            ),
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="取前 N 条（1–100）。")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="从这个游标之后开始。")
        ] = None,
    ) -> Connection[AuditEntry]:
        ctx = info.context
        if ctx.caller.role != Role.ADMIN:
            raise RequestError("字段 auditLog：只有管理员可以查看审计日志", code="FORBIDDEN")
        query = select(audit_log)
        if record_type is not None:
            query = query.where(audit_log.c.record_type == record_type)
        if record_key is not None:
            query = query.where(audit_log.c.record_key == record_key)
        if actor is not None:
            query = query.where(audit_log.c.actor == actor)
        if id_number is not None:
            # The log keeps ID numbers masked; their keyed hashes (bound as the clear number,
            # hashed by the column type) find the rows.
            query = query.where(
                audit_log.c.id.in_(
                    select(audit_subject.c.audit_id).where(audit_subject.c.id_hash == id_number)
                )
            )
        # Newest first: page backwards from the end by default.
        return await paginate(
            info,
            "auditLog",
            query,
            -audit_log.c.id,
            lambda r: AuditEntry(
                pk=r.id,
                at=r.at,
                actor=r.actor,
                role=r.role,
                path=r.path,
                request_id=r.request_id,
                token_id=r.token_id,
                action=r.action,
                record_type=r.record_type,
                record_key=r.record_key,
                before=r.before,
                after=r.after,
            ),
            row_key=lambda r: -r.id,
            first=first,
            after=after,
        )

    @strawberry.field(description="当前调用者是谁、能看到什么范围。")
    def me(self, info: Info) -> Me:
        caller = info.context.caller
        return Me(
            name=caller.name,
            role=caller.role,
            region_code=caller.region,
            department_code=caller.department,
        )
