"""Root mutation fields of the training plugin. Expected failures come back as `RecordError`
(the core's error type: every problem with its field, code and Chinese message)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ErrorCode, Info, Problem, Problems, RecordError, from_global_id
from plugins.training import services
from plugins.training.inputs import (
    EnrolmentCreateInput,
    EnrolmentRemoved,
    EnrolmentRemoveInput,
    EnrolmentRemoveResult,
    EnrolmentResult,
    EnrolmentSuccess,
    EnrolmentUpdateInput,
    TrainingClassCreateInput,
    TrainingClassDeleted,
    TrainingClassDeleteInput,
    TrainingClassDeleteResult,
    TrainingClassResult,
    TrainingClassSuccess,
    TrainingClassUpdateInput,
)
from plugins.training.loaders import EnrolmentByIdLoader, TrainingClassByIdLoader
from plugins.training.validation import ClassData

R = TypeVar("R")


def _pk(global_id: str, type_name: str, field: str) -> int | RecordError:
    parsed = from_global_id(global_id)
    if parsed is None or parsed[0] != type_name or not parsed[1].isdigit():
        return RecordError.from_problems(
            [
                Problem(
                    field, ErrorCode.INVALID, f"这不是{_NAMES[type_name]}的标识（{type_name}.id）"
                )
            ]
        )
    return int(parsed[1])


_NAMES = {"TrainingClass": "培训班", "Enrolment": "学员记录"}


async def _write(info: Info, work: Callable[[AsyncConnection], Awaitable[R]]) -> R | RecordError:
    """Run `work` in one transaction; expected problems come back as a RecordError."""
    try:
        async with info.context.db.begin() as conn:
            return await work(conn)
    except Problems as exc:
        return RecordError.from_problems(exc.problems)
    except IntegrityError:
        # Two writers raced past the same uniqueness check; the database kept one.
        return RecordError.from_problems(
            [Problem("input", ErrorCode.CONFLICT, "同一记录正被他人同时登记，请刷新后再试")]
        )


async def _class(info: Info, class_id: int) -> TrainingClassSuccess:
    found = await info.context.loader(TrainingClassByIdLoader).load(class_id)
    assert found is not None
    return TrainingClassSuccess(training_class=found)


async def _enrolment(info: Info, enrolment_id: int) -> EnrolmentSuccess:
    found = await info.context.loader(EnrolmentByIdLoader).load(enrolment_id)
    assert found is not None
    return EnrolmentSuccess(enrolment=found)


_CLASS_FIELDS = {
    "kind": "kind",
    "title": "title",
    "organiser": "organiser",
    "organiser_kind": "organiser_kind",
    "county": "county_code",
    "start_date": "start_date",
    "end_date": "end_date",
    "trade": "trade",
    "place": "place",
    "subsidy": "subsidy",
    "other_trainees": "other_trainees",
}
_REQUIRED = ("kind", "title", "organiser", "organiser_kind", "county", "start_date", "end_date")


def _class_changes(input: TrainingClassUpdateInput) -> dict[str, Any] | RecordError:
    changes: dict[str, Any] = {}
    problems = []
    for name, column in _CLASS_FIELDS.items():
        value = getattr(input, name)
        if value is strawberry.UNSET:
            continue
        if value is None and name in (*_REQUIRED, "other_trainees"):
            problems.append(Problem(name, ErrorCode.REQUIRED, "这一项不能清空，不改就不要给"))
        changes[column] = value
    return RecordError.from_problems(problems) if problems else changes


@strawberry.type
class TrainingMutation:
    """Root mutation fields contributed by the training plugin."""

    @strawberry.mutation(description="登记一个培训班（精准培训或务工带头人培训）。")
    async def create_training_class(
        self,
        info: Info,
        input: Annotated[TrainingClassCreateInput, strawberry.argument(description="培训班。")],
    ) -> TrainingClassResult:
        scope = info.context.scope
        data = ClassData(
            kind=input.kind,
            title=input.title,
            organiser=input.organiser,
            organiser_kind=input.organiser_kind,
            county_code=input.county,
            start_date=input.start_date,
            end_date=input.end_date,
            trade=input.trade,
            place=input.place,
            subsidy=input.subsidy,
            other_trainees=input.other_trainees,
        )
        result = await _write(info, lambda conn: services.create_class(conn, data, scope=scope))
        return result if isinstance(result, RecordError) else await _class(info, result)

    @strawberry.mutation(description="修改一个培训班。")
    async def update_training_class(
        self,
        info: Info,
        input: Annotated[TrainingClassUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> TrainingClassResult:
        scope = info.context.scope
        pk = _pk(input.id, "TrainingClass", "id")
        if isinstance(pk, RecordError):
            return pk
        changes = _class_changes(input)
        if isinstance(changes, RecordError):
            return changes
        result = await _write(
            info,
            lambda conn: services.update_class(
                conn, pk, changes, expected_version=input.version, scope=scope
            ),
        )
        return result if isinstance(result, RecordError) else await _class(info, result)

    @strawberry.mutation(description="删除一个误登记、且已没有学员的培训班。")
    async def delete_training_class(
        self,
        info: Info,
        input: Annotated[TrainingClassDeleteInput, strawberry.argument(description="删除哪个。")],
    ) -> TrainingClassDeleteResult:
        scope = info.context.scope
        pk = _pk(input.id, "TrainingClass", "id")
        if isinstance(pk, RecordError):
            return pk
        result = await _write(
            info,
            lambda conn: services.delete_class(
                conn, pk, expected_version=input.version, scope=scope
            ),
        )
        return result if isinstance(result, RecordError) else TrainingClassDeleted(id=input.id)

    @strawberry.mutation(description="把一名有劳动能力的建档立卡户成员登记为培训班学员。")
    async def enrol(
        self,
        info: Info,
        input: Annotated[EnrolmentCreateInput, strawberry.argument(description="学员。")],
    ) -> EnrolmentResult:
        scope = info.context.scope
        today = info.context.today
        pk = _pk(input.training_class, "TrainingClass", "training_class")
        if isinstance(pk, RecordError):
            return pk
        result = await _write(
            info,
            lambda conn: services.enrol(
                conn,
                pk,
                input.id_number,
                completed_on=input.completed_on,
                certificate=input.certificate,
                today=today,
                scope=scope,
            ),
        )
        return result if isinstance(result, RecordError) else await _enrolment(info, result)

    @strawberry.mutation(
        description="登记、更正或撤销学员的结业日期与证书（上岗由核心的就业记录得出，见 Enrolment.placement）。"
    )
    async def update_enrolment(
        self,
        info: Info,
        input: Annotated[EnrolmentUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> EnrolmentResult:
        scope = info.context.scope
        today = info.context.today
        pk = _pk(input.enrolment_id, "Enrolment", "enrolment_id")
        if isinstance(pk, RecordError):
            return pk
        changes = services.EnrolmentChanges(
            completed_on=services.UNSET
            if input.completed_on is strawberry.UNSET
            else input.completed_on,
            certificate=services.UNSET
            if input.certificate is strawberry.UNSET
            else input.certificate,
        )
        result = await _write(
            info,
            lambda conn: services.update_enrolment(
                conn, pk, changes, expected_version=input.version, today=today, scope=scope
            ),
        )
        return result if isinstance(result, RecordError) else await _enrolment(info, result)

    @strawberry.mutation(description="移除一条误登记的学员记录。")
    async def remove_enrolment(
        self,
        info: Info,
        input: Annotated[EnrolmentRemoveInput, strawberry.argument(description="移除哪条。")],
    ) -> EnrolmentRemoveResult:
        scope = info.context.scope
        pk = _pk(input.enrolment_id, "Enrolment", "enrolment_id")
        if isinstance(pk, RecordError):
            return pk
        result = await _write(
            info,
            lambda conn: services.remove_enrolment(
                conn, pk, expected_version=input.version, scope=scope
            ),
        )
        return (
            result if isinstance(result, RecordError) else EnrolmentRemoved(id=input.enrolment_id)
        )
