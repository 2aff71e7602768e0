"""The audited reveal of a person's full identifiers."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from core.graphql.context import Info
from core.graphql.node import from_global_id
from core.graphql.results import RecordError
from core.problems import ErrorCode, Problem
from core.records import sql
from core.records.models import person
from core.security import audit
from core.security.roles import Role

REVEALERS = frozenset({Role.ADMIN, Role.COUNTY})


@strawberry.type(description="一个人的完整身份证号、电话与出生日期（这次查看已记入审计日志）。")
class RevealedPerson:
    """Full identifiers, shown once for a stated reason."""

    name: str = strawberry.field(description="姓名。")
    id_number: str = strawberry.field(description="完整的 18 位居民身份证号。")
    phone: str | None = strawberry.field(description="完整的手机号；未登记时为空。")
    birth_date: date = strawberry.field(description="完整的出生日期（其他字段只给出生年份）。")


RevealResult = Annotated[
    RevealedPerson | RecordError,
    strawberry.union("RevealResult", description="查看完整身份信息的结果。"),
]


@strawberry.input(description="查看一个人的完整身份证号与电话：须写明理由，记入审计日志。")
class RevealPersonInput:
    """Whom to reveal and why."""

    person_id: strawberry.ID = strawberry.field(description="成员的全局标识（Person.id）。")
    reason: str = strawberry.field(description="查看理由（如“核对社保缴纳”），至少 4 个字。")


@strawberry.type
class SecurityMutation:
    """Root mutation fields contributed by the security layer."""

    @strawberry.mutation(
        description="查看一个人完整的身份证号与电话（管理员或本区划县区）；每次查看都记入审计日志。"
    )
    async def reveal_person(
        self,
        info: Info,
        input: Annotated[RevealPersonInput, strawberry.argument(description="查看谁、为什么。")],
    ) -> RevealResult:
        ctx = info.context
        if ctx.caller.role not in REVEALERS:
            return RecordError.from_problems(
                [Problem("person_id", ErrorCode.FORBIDDEN, "只有管理员和县区可以查看完整身份信息")]
            )
        if len(input.reason.strip()) < 4:
            return RecordError.from_problems(
                [Problem("reason", ErrorCode.REQUIRED, "请写明查看理由（至少 4 个字）")]
            )
        parsed = from_global_id(input.person_id)
        key = parsed[1] if parsed is not None and parsed[0] == "Person" else ""
        if not key.isdigit():
            return RecordError.from_problems(
                [Problem("person_id", ErrorCode.INVALID, "这不是成员的标识（Person.id）")]
            )
        async with ctx.db.begin() as conn:
            query = sql.persons_in(ctx.scope).where(person.c.id == int(key))
            row = (await conn.execute(query)).first()
            if row is None:
                return RecordError.from_problems(
                    [Problem("person_id", ErrorCode.NOT_FOUND, "找不到这个人")]
                )
            await audit.log(
                conn,
                "revealPerson",
                "person",
                row.id,
                after={"reason": input.reason.strip()},
                about=[row.id_number],
            )
        return RevealedPerson(
            name=row.name, id_number=row.id_number, phone=row.phone, birth_date=row.birth_date
        )
