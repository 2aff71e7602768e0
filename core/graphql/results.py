"""The answer every refused write gives: `RecordError`, with each problem named, and the one
transaction helper that turns expected problems into it (`write`).

Shared by the core's mutations, the importer, the metrics and security mutations, and every
plugin's record kinds (through `core.sdk`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from core.graphql.context import Info
from core.graphql.enums import describe_enum
from core.graphql.errors import graphql_path
from core.problems import ERROR_DESCRIPTIONS, ErrorCode, Problem, Problems
from core.security.masking import mask_text

# The core's error codes are exposed as the GraphQL enum `RecordErrorCode`.
describe_enum(
    strawberry.enum(ErrorCode, name="RecordErrorCode", description="核心记录变更失败的原因。"),
    ERROR_DESCRIPTIONS,
)

R = TypeVar("R")


@strawberry.type(description="输入中的一个问题：哪个字段、什么原因、怎么改。")
class RecordProblem:
    """One problem with the input."""

    field: str = strawberry.field(description="出问题的输入字段路径，如 members.1.idNumber。")
    code: ErrorCode = strawberry.field(
        description="原因代码；插件自己的原因（见 reason）归为 RULE_VIOLATED。"
    )
    reason: str = strawberry.field(
        description=(
            "规则给出的原因代码：核心的代码同 code，插件自己的代码原样给出"
            "（如 STAFF_BEFORE_OPENING），供程序区分。"
        )
    )
    message: str = strawberry.field(description="中文说明：错在哪里、如何改正。")


def _code(value: str) -> ErrorCode:
    """A rule's code as the core's enum: a plugin's own code is a violated rule."""
    try:
        return ErrorCode(value)
    except ValueError:
        return ErrorCode.RULE_VIOLATED


@strawberry.type(description="核心记录变更失败：一次列出全部问题，什么都没有写入。")
class RecordError:
    """A refused change to the core records, with every problem found."""

    code: ErrorCode = strawberry.field(description="第一个问题的原因代码。")
    message: str = strawberry.field(description="全部问题的中文说明，以“；”分隔。")
    problems: list[RecordProblem] = strawberry.field(description="全部问题。")

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> RecordError:
        """Build the error from service problems; ID and phone numbers in messages are masked.

        Every mutation's refusal, the core's and the plugins', becomes a response here, so
        this is the one place where a number quoted by a rule is masked.
        """
        items = [
            RecordProblem(
                field=graphql_path(p.field),
                code=_code(p.code),
                reason=str(p.code),
                message=mask_text(p.message) or "",
            )
            for p in problems
        ]
        return cls(code=items[0].code, message="；".join(p.message for p in items), problems=items)


async def write(
    info: Info,
    work: Callable[[AsyncConnection], Awaitable[R]],
    *,
    conflict: str = "同一记录正被他人同时修改，请刷新后再试",
) -> R | RecordError:
    """Run `work` in one transaction; expected problems come back as a `RecordError`.

    A uniqueness or reference check that two writers raced past is caught by the database:
    the change is refused as `CONFLICT` with the message given.
    """
    try:
        async with info.context.db.begin() as conn:
            return await work(conn)
    except Problems as exc:
        return RecordError.from_problems(exc.problems)
    except IntegrityError:
        return RecordError.from_problems([Problem("input", ErrorCode.CONFLICT, conflict)])


__all__ = ["RecordError", "RecordProblem", "write"]
