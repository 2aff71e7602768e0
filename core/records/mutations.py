"""Root mutation fields of the core records. Expected failures come back as `RecordError`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from core.graphql.context import Info
from core.graphql.errors import graphql_path
from core.graphql.node import from_global_id
from core.graphql.results import RecordError, write
from core.problems import ErrorCode, Problem
from core.records import services, types
from core.records.loaders import EmploymentByIdLoader, HouseholdByIdLoader, PersonByIdLoader


@strawberry.type(description="户的登记或修改成功。")
class HouseholdSuccess:
    """A household as saved."""

    household: types.Household = strawberry.field(description="保存后的户。")


@strawberry.type(description="成员的登记或修改成功。")
class PersonSuccess:
    """A person as saved."""

    person: types.Person = strawberry.field(description="保存后的成员。")


@strawberry.type(description="就业记录的登记或修改成功。")
class EmploymentSuccess:
    """An employment record as saved."""

    employment: types.Employment = strawberry.field(description="保存后的就业记录。")


HouseholdResult = Annotated[
    HouseholdSuccess | RecordError,
    strawberry.union("HouseholdResult", description="户变更的结果。"),
]
PersonResult = Annotated[
    PersonSuccess | RecordError, strawberry.union("PersonResult", description="成员变更的结果。")
]
EmploymentResult = Annotated[
    EmploymentSuccess | RecordError,
    strawberry.union("EmploymentResult", description="就业记录变更的结果。"),
]


@strawberry.input(description="一名家庭成员。")
class PersonInput:
    """A household member as entered."""

    name: str = strawberry.field(description="姓名。")
    id_number: str = strawberry.field(description="18 位居民身份证号，末位 x 大小写均可。")
    relation: types.Relation = strawberry.field(description="与户主关系；每户恰有一名户主。")
    labour_capacity: types.LabourCapacity = strawberry.field(description="劳动能力。")
    phone: str | None = strawberry.field(default=None, description="11 位手机号，可不填。")

    def to_data(self) -> services.PersonData:
        return services.PersonData(
            self.name, self.id_number, self.relation, self.labour_capacity, self.phone
        )


@strawberry.input(description="登记一户建档立卡户及其全部成员。")
class CreateHouseholdInput:
    """A new household."""

    registry_number: str = strawberry.field(description="户编号，全平台唯一。")
    village_code: str = strawberry.field(description="所在行政村的区划代码（12 位）。")
    members: list[PersonInput] = strawberry.field(description="全部成员，恰有一名户主。")
    relocated: bool = strawberry.field(default=False, description="是否易地扶贫搬迁户。")
    poverty_status: types.PovertyStatus = strawberry.field(
        default=types.PovertyStatus.NOT_EXITED, description="脱贫状态。"
    )


@strawberry.input(description="修改一户的登记信息；不给的字段保持不变。")
class UpdateHouseholdInput:
    """Changes to a household."""

    registry_number: str = strawberry.field(description="要修改的户的户编号。")
    version: int | None = strawberry.field(
        default=None, description="您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"
    )
    village_code: str | None = strawberry.field(
        default=strawberry.UNSET, description="迁往的行政村。"
    )
    relocated: bool | None = strawberry.field(
        default=strawberry.UNSET, description="是否易地扶贫搬迁户。"
    )
    poverty_status: types.PovertyStatus | None = strawberry.field(
        default=strawberry.UNSET, description="脱贫状态。"
    )


@strawberry.input(description="给已登记的户增加一名成员（不能是户主）。")
class CreatePersonInput:
    """A new member of an existing household."""

    registry_number: str = strawberry.field(description="所在户的户编号。")
    person: PersonInput = strawberry.field(description="成员信息。")


@strawberry.input(description="修改一名成员；不给的字段保持不变。")
class UpdatePersonInput:
    """Changes to a person."""

    person_id: strawberry.ID | None = strawberry.field(
        default=None, description="要修改的人的全局标识（Person.id）；与 idNumber 恰给一个。"
    )
    id_number: str | None = strawberry.field(
        default=None, description="要修改的人的身份证号（导入、脚本用）；与 personId 恰给一个。"
    )
    version: int | None = strawberry.field(
        default=None, description="您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="姓名。")
    relation: types.Relation | None = strawberry.field(
        default=strawberry.UNSET, description="与户主关系（更换户主请用 changeHouseholdHead）。"
    )
    labour_capacity: types.LabourCapacity | None = strawberry.field(
        default=strawberry.UNSET, description="劳动能力。"
    )
    phone: str | None = strawberry.field(
        default=strawberry.UNSET, description="联系电话；传 null 清除。"
    )


@strawberry.input(description="更换户主。")
class ChangeHouseholdHeadInput:
    """Who becomes head, and what the former head becomes."""

    registry_number: str = strawberry.field(description="户编号。")
    new_head_person_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="新户主的全局标识（Person.id，须是本户成员）；与 newHeadIdNumber 恰给一个。",
    )
    new_head_id_number: str | None = strawberry.field(
        default=None,
        description="新户主的身份证号（须是本户成员）；与 newHeadPersonId 恰给一个。",
    )
    former_head_relation: types.Relation = strawberry.field(description="原户主与新户主的关系。")


@strawberry.input(description="登记一段就业。")
class RecordEmploymentInput:
    """A new spell of work."""

    person_id: strawberry.ID | None = strawberry.field(
        default=None, description="就业者的全局标识（Person.id）；与 idNumber 恰给一个。"
    )
    id_number: str | None = strawberry.field(
        default=None, description="就业者的身份证号（导入、脚本用）；与 personId 恰给一个。"
    )
    form: types.WorkForm = strawberry.field(description="就业形式。")
    place: types.WorkPlace = strawberry.field(description="就业地点。")
    start_date: date = strawberry.field(description="开始日期，不晚于今天。")
    end_date: date | None = strawberry.field(default=None, description="结束日期；仍在岗则不填。")
    employer: str | None = strawberry.field(default=None, description="就业单位。")
    monthly_income: Decimal | None = strawberry.field(
        default=None, description="月收入，单位：元，最多两位小数，不小于 0。"
    )
    programme: str | None = strawberry.field(default=None, description="促成就业的帮扶项目。")


@strawberry.input(description="结束一段就业：记下最后在岗的日期，记录保留。")
class EndEmploymentInput:
    """The end of a spell of work."""

    employment_id: strawberry.ID = strawberry.field(
        description="就业记录的全局标识（Employment.id）。"
    )
    end_date: date = strawberry.field(description="最后在岗的日期，不早于开始日期、不晚于今天。")
    version: int | None = strawberry.field(
        default=None, description="您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"
    )


def person_key(
    person_id: str | None, id_number: str | None, *, id_field: str, number_field: str
) -> services.PersonKey | RecordError:
    """The person an input names: by exactly one of a global id and an ID number."""
    if (person_id is None) == (id_number is None):
        message = f"请给出 {graphql_path(id_field)} 或 {graphql_path(number_field)}，且只给一个"
        return RecordError.from_problems([Problem(id_field, ErrorCode.REQUIRED, message)])
    if id_number is not None:
        return services.PersonKey(id_number=id_number, field=number_field)
    parsed = from_global_id(str(person_id))
    if parsed is None or parsed[0] != "Person" or not parsed[1].isdigit():
        return RecordError.from_problems(
            [Problem(id_field, ErrorCode.INVALID, "这不是人员的标识（Person.id）")]
        )
    return services.PersonKey(id=int(parsed[1]), field=id_field)


def _unset(value: object) -> object:
    return services.UNSET if value is strawberry.UNSET else value


R = TypeVar("R")


async def _write(info: Info, work: Callable[[AsyncConnection], Awaitable[R]]) -> R | RecordError:
    """Run `work` in one transaction; expected problems come back as a RecordError."""
    return await write(info, work, conflict="同一记录正被他人同时登记，请刷新后再试")


async def _household(info: Info, household_id: int) -> HouseholdSuccess:
    found = await info.context.loader(HouseholdByIdLoader).load(household_id)
    assert found is not None
    return HouseholdSuccess(household=found)


async def _person(info: Info, person_id: int) -> PersonSuccess:
    found = await info.context.loader(PersonByIdLoader).load(person_id)
    assert found is not None
    return PersonSuccess(person=found)


async def _employment(info: Info, employment_id: int) -> EmploymentSuccess:
    found = await info.context.loader(EmploymentByIdLoader).load(employment_id)
    assert found is not None
    return EmploymentSuccess(employment=found)


@strawberry.type
class CoreMutation:
    """Root mutation fields contributed by the core."""

    @strawberry.mutation(description="登记一户及其全部成员。")
    async def create_household(
        self,
        info: Info,
        input: Annotated[CreateHouseholdInput, strawberry.argument(description="变更内容。")],
    ) -> HouseholdResult:
        scope = info.context.scope
        data = services.HouseholdData(
            registry_number=input.registry_number,
            village_code=input.village_code,
            members=[m.to_data() for m in input.members],
            relocated=input.relocated,
            poverty_status=input.poverty_status,
        )
        today = info.context.today
        result = await _write(
            info, lambda conn: services.create_household(conn, data, today=today, scope=scope)
        )
        return result if isinstance(result, RecordError) else await _household(info, result)

    @strawberry.mutation(description="修改一户的所在村、搬迁标记或脱贫状态。")
    async def update_household(
        self,
        info: Info,
        input: Annotated[UpdateHouseholdInput, strawberry.argument(description="变更内容。")],
    ) -> HouseholdResult:
        scope = info.context.scope
        changes = services.HouseholdChanges(
            village_code=_unset(input.village_code),
            relocated=_unset(input.relocated),
            poverty_status=_unset(input.poverty_status),
        )
        for name in ("village_code", "relocated", "poverty_status"):
            if getattr(changes, name) is None:
                return RecordError.from_problems(
                    [Problem(name, ErrorCode.REQUIRED, "这一项不能清空，不改就不要给")]
                )
        result = await _write(
            info,
            lambda conn: services.update_household(
                conn, input.registry_number, changes, expected_version=input.version, scope=scope
            ),
        )
        return result if isinstance(result, RecordError) else await _household(info, result)

    @strawberry.mutation(description="给已登记的户增加一名成员。")
    async def create_person(
        self,
        info: Info,
        input: Annotated[CreatePersonInput, strawberry.argument(description="变更内容。")],
    ) -> PersonResult:
        scope = info.context.scope
        today = info.context.today
        result = await _write(
            info,
            lambda conn: services.create_person(
                conn, input.registry_number, input.person.to_data(), today=today, scope=scope
            ),
        )
        return result if isinstance(result, RecordError) else await _person(info, result)

    @strawberry.mutation(description="修改一名成员的姓名、关系、劳动能力或电话。")
    async def update_person(
        self,
        info: Info,
        input: Annotated[UpdatePersonInput, strawberry.argument(description="变更内容。")],
    ) -> PersonResult:
        scope = info.context.scope
        changes = services.PersonChanges(
            name=_unset(input.name),
            relation=_unset(input.relation),
            labour_capacity=_unset(input.labour_capacity),
            phone=_unset(input.phone),
        )
        for name in ("name", "relation", "labour_capacity"):
            if getattr(changes, name) is None:
                return RecordError.from_problems(
                    [Problem(name, ErrorCode.REQUIRED, "这一项不能清空，不改就不要给")]
                )
        who = person_key(
            input.person_id, input.id_number, id_field="person_id", number_field="id_number"
        )
        if isinstance(who, RecordError):
            return who
        result = await _write(
            info,
            lambda conn: services.update_person(
                conn, who, changes, expected_version=input.version, scope=scope
            ),
        )
        return result if isinstance(result, RecordError) else await _person(info, result)

    @strawberry.mutation(description="更换户主：原户主改为给定关系，新户主须是本户成员。")
    async def change_household_head(
        self,
        info: Info,
        input: Annotated[ChangeHouseholdHeadInput, strawberry.argument(description="变更内容。")],
    ) -> HouseholdResult:
        scope = info.context.scope
        head = person_key(
            input.new_head_person_id,
            input.new_head_id_number,
            id_field="new_head_person_id",
            number_field="new_head_id_number",
        )
        if isinstance(head, RecordError):
            return head
        result = await _write(
            info,
            lambda conn: services.change_head(
                conn, input.registry_number, head, input.former_head_relation, scope=scope
            ),
        )
        return result if isinstance(result, RecordError) else await _household(info, result)

    @strawberry.mutation(description="登记一段就业。")
    async def record_employment(
        self,
        info: Info,
        input: Annotated[RecordEmploymentInput, strawberry.argument(description="变更内容。")],
    ) -> EmploymentResult:
        scope = info.context.scope
        who = person_key(
            input.person_id, input.id_number, id_field="person_id", number_field="id_number"
        )
        if isinstance(who, RecordError):
            return who
        data = services.EmploymentData(
            form=input.form,
            place=input.place,
            start_date=input.start_date,
            end_date=input.end_date,
            employer=input.employer,
            monthly_income=input.monthly_income,
            programme=input.programme,
        )
        today = info.context.today
        result = await _write(
            info,
            lambda conn: services.record_employment(conn, who, data, today=today, scope=scope),
        )
        return result if isinstance(result, RecordError) else await _employment(info, result)

    @strawberry.mutation(description="结束一段就业（记结束日期，不删除）。")
    async def end_employment(
        self,
        info: Info,
        input: Annotated[EndEmploymentInput, strawberry.argument(description="变更内容。")],
    ) -> EmploymentResult:
        scope = info.context.scope
        parsed = from_global_id(input.employment_id)
        if parsed is None or parsed[0] != "Employment" or not parsed[1].isdigit():
            return RecordError.from_problems(
                [
                    Problem(
                        "employment_id", ErrorCode.INVALID, "这不是就业记录的标识（Employment.id）"
                    )
                ]
            )
        today = info.context.today
        result = await _write(
            info,
            lambda conn: services.end_employment(
                conn,
                int(parsed[1]),
                input.end_date,
                today=today,
                expected_version=input.version,
                scope=scope,
            ),
        )
        return result if isinstance(result, RecordError) else await _employment(info, result)
