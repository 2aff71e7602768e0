"""Root mutation fields of the plugin. Expected failures come back as the core's `RecordError`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ErrorCode, Info, LeadBy, Problem, Problems, RecordError, from_global_id
from plugins.entrepreneurship import services, types
from plugins.entrepreneurship.inputs import (
    EnterpriseCreateInput,
    EnterpriseUpdateInput,
    IncubationBaseCreateInput,
    IncubationBaseUpdateInput,
    LoanCreateInput,
    LoanStatusUpdateInput,
    LoanUpdateInput,
)
from plugins.entrepreneurship.loaders import (
    EnterpriseByIdLoader,
    IncubationBaseByIdLoader,
    LoanByIdLoader,
)
from plugins.entrepreneurship.settings import plugin_settings

R = TypeVar("R")
# 三(三)2 is led by the county governments, with 市人社局 (the plugin's own lead) beside them.
BASE_LEADS = LeadBy(departments=["XQZF", "RSJ"])
KINDS = {
    "Loan": "贷款",
    "Enterprise": "创业实体",
    "IncubationBase": "孵化基地",
    "Employment": "就业记录",
}


@strawberry.type(description="贷款的登记或修改成功。")
class LoanSuccess:
    """A loan as saved."""

    loan: types.Loan = strawberry.field(description="保存后的贷款。")


@strawberry.type(description="创业实体的登记或修改成功。")
class EnterpriseSuccess:
    """An enterprise as saved."""

    enterprise: types.Enterprise = strawberry.field(description="保存后的创业实体。")


@strawberry.type(description="孵化基地的登记或修改成功。")
class IncubationBaseSuccess:
    """An incubation base as saved."""

    incubation_base: types.IncubationBase = strawberry.field(description="保存后的孵化基地。")


LoanResult = Annotated[
    LoanSuccess | RecordError,
    strawberry.union("LoanResult", description="贷款变更的结果：保存后的贷款，或全部问题。"),
]
EnterpriseResult = Annotated[
    EnterpriseSuccess | RecordError,
    strawberry.union("EnterpriseResult", description="创业实体变更的结果。"),
]
IncubationBaseResult = Annotated[
    IncubationBaseSuccess | RecordError,
    strawberry.union("IncubationBaseResult", description="孵化基地变更的结果。"),
]


class BadId(Exception):
    """A global ID that does not name a record of the expected type."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def record_key(value: Any, type_name: str, field: str) -> Any:
    """The database key a global ID names; None and UNSET pass through."""
    if value is None or value is strawberry.UNSET:
        return value
    parsed = from_global_id(str(value))
    if parsed is None or parsed[0] != type_name or not parsed[1].isdigit():
        raise BadId(
            Problem(
                field, ErrorCode.INVALID, f"这不是{KINDS[type_name]}的标识（{type_name}.id）", value
            )
        )
    return int(parsed[1])


def record_keys(values: Any, type_name: str, field: str) -> Any:
    """The keys of a list of global IDs (problems for every bad one at once)."""
    if values is None or values is strawberry.UNSET:
        return values
    keys, problems = [], []
    for index, value in enumerate(values):
        try:
            keys.append(record_key(value, type_name, f"{field}.{index}"))
        except BadId as exc:
            problems.append(exc.problem)
    if problems:
        raise Problems(problems)
    return keys


def unset(value: object) -> object:
    return services.UNSET if value is strawberry.UNSET else value


async def write(info: Info, work: Callable[[AsyncConnection], Awaitable[R]]) -> R | RecordError:
    """Run `work` in one transaction; expected problems come back as a RecordError."""
    try:
        async with info.context.db.begin() as conn:
            return await work(conn)
    except Problems as exc:
        return RecordError.from_problems(exc.problems)
    except BadId as exc:
        return RecordError.from_problems([exc.problem])
    except IntegrityError:
        # Two writers raced past the same uniqueness check; the database kept one.
        return RecordError.from_problems(
            [Problem("input", ErrorCode.CONFLICT, "同一记录正被他人同时登记，请刷新后再试")]
        )


def refuse_clearing(changes: object, *names: str) -> RecordError | None:
    """A required field given as null: refused, since leaving it out keeps it."""
    for name in names:
        if getattr(changes, name) is None:
            return RecordError.from_problems(
                [Problem(name, ErrorCode.REQUIRED, "这一项不能清空，不改就不要给")]
            )
    return None


async def _loan(info: Info, loan_id: int) -> LoanSuccess:
    found = await info.context.loader(LoanByIdLoader).load(loan_id)
    assert found is not None
    return LoanSuccess(loan=found)


async def _enterprise(info: Info, enterprise_id: int) -> EnterpriseSuccess:
    found = await info.context.loader(EnterpriseByIdLoader).load(enterprise_id)
    assert found is not None
    return EnterpriseSuccess(enterprise=found)


async def _base(info: Info, base_id: int) -> IncubationBaseSuccess:
    found = await info.context.loader(IncubationBaseByIdLoader).load(base_id)
    assert found is not None
    return IncubationBaseSuccess(incubation_base=found)


@strawberry.type
class EntrepreneurshipMutation:
    """Root mutation fields contributed by the entrepreneurship plugin."""

    @strawberry.mutation(
        description="登记一笔已发放的创业担保贷款（额度上限、贷款次数规则在此检查）。"
    )
    async def create_loan(
        self,
        info: Info,
        input: Annotated[LoanCreateInput, strawberry.argument(description="贷款内容。")],
    ) -> LoanResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            data = services.LoanData(
                contract_number=input.contract_number,
                borrower_id_number=input.borrower_id_number,
                programme=input.programme,
                amount=input.amount,
                bank=input.bank,
                issued_on=input.issued_on,
                term_months=input.term_months,
                status=input.status,
                enterprise_id=record_key(input.enterprise_id, "Enterprise", "enterprise_id"),
            )
            return await services.create_loan(
                conn, data, today=ctx.today, settings=plugin_settings(), scope=ctx.scope
            )

        result = await write(info, work)
        return result if isinstance(result, RecordError) else await _loan(info, result)

    @strawberry.mutation(description="更正一笔贷款的金额、银行、日期、期限、扶持的实体或状态。")
    async def update_loan(
        self,
        info: Info,
        input: Annotated[LoanUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> LoanResult:
        ctx = info.context
        refused = refuse_clearing(input, "amount", "bank", "issued_on", "term_months", "status")
        if refused is not None:
            return refused

        async def work(conn: AsyncConnection) -> int:
            changes = services.LoanChanges(
                amount=unset(input.amount),
                bank=unset(input.bank),
                issued_on=unset(input.issued_on),
                term_months=unset(input.term_months),
                enterprise_id=unset(record_key(input.enterprise_id, "Enterprise", "enterprise_id")),
                status=unset(input.status),
            )
            return await services.update_loan(
                conn,
                record_key(input.loan_id, "Loan", "loan_id"),
                changes,
                expected_version=input.version,
                today=ctx.today,
                settings=plugin_settings(),
                scope=ctx.scope,
            )

        result = await write(info, work)
        return result if isinstance(result, RecordError) else await _loan(info, result)

    @strawberry.mutation(description="改变一笔贷款的状态（已还清、逾期、已核销）。")
    async def update_loan_status(
        self,
        info: Info,
        input: Annotated[LoanStatusUpdateInput, strawberry.argument(description="新状态。")],
    ) -> LoanResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            return await services.update_loan(
                conn,
                record_key(input.loan_id, "Loan", "loan_id"),
                services.LoanChanges(status=input.status),
                expected_version=input.version,
                today=ctx.today,
                settings=plugin_settings(),
                scope=ctx.scope,
            )

        result = await write(info, work)
        return result if isinstance(result, RecordError) else await _loan(info, result)

    @strawberry.mutation(description="登记一个受扶持创办的创业实体及其吸纳的贫困劳动力。")
    async def create_enterprise(
        self,
        info: Info,
        input: Annotated[EnterpriseCreateInput, strawberry.argument(description="实体内容。")],
    ) -> EnterpriseResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            data = services.EnterpriseData(
                owner_id_number=input.owner_id_number,
                name=input.name,
                kind=input.kind,
                region_code=input.region_code,
                established_on=input.established_on,
                jobs_created=input.jobs_created,
                poor_jobs=input.poor_jobs,
                registration_number=input.registration_number,
                incubation_base_id=record_key(
                    input.incubation_base_id, "IncubationBase", "incubation_base_id"
                ),
                worker_employment_ids=record_keys(
                    input.worker_employment_ids, "Employment", "worker_employment_ids"
                ),
            )
            return await services.create_enterprise(conn, data, today=ctx.today, scope=ctx.scope)

        result = await write(info, work)
        return result if isinstance(result, RecordError) else await _enterprise(info, result)

    @strawberry.mutation(
        description="修改一个创业实体：名称、类别、所在地、就业人数、关联的贫困劳动力等。"
    )
    async def update_enterprise(
        self,
        info: Info,
        input: Annotated[EnterpriseUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> EnterpriseResult:
        ctx = info.context
        refused = refuse_clearing(
            input, "name", "kind", "region_code", "established_on", "jobs_created", "poor_jobs"
        )
        if refused is not None:
            return refused

        async def work(conn: AsyncConnection) -> int:
            workers = input.worker_employment_ids
            changes = services.EnterpriseChanges(
                name=unset(input.name),
                kind=unset(input.kind),
                region_code=unset(input.region_code),
                established_on=unset(input.established_on),
                jobs_created=unset(input.jobs_created),
                poor_jobs=unset(input.poor_jobs),
                registration_number=unset(input.registration_number),
                incubation_base_id=unset(
                    record_key(input.incubation_base_id, "IncubationBase", "incubation_base_id")
                ),
                worker_employment_ids=unset(
                    []
                    if workers is None
                    else record_keys(workers, "Employment", "worker_employment_ids")
                ),
            )
            return await services.update_enterprise(
                conn,
                record_key(input.enterprise_id, "Enterprise", "enterprise_id"),
                changes,
                expected_version=input.version,
                today=ctx.today,
                scope=ctx.scope,
            )

        result = await write(info, work)
        return result if isinstance(result, RecordError) else await _enterprise(info, result)

    @strawberry.mutation(
        description="登记一个创业孵化基地或农民工创业园。", directives=[BASE_LEADS]
    )
    async def create_incubation_base(
        self,
        info: Info,
        input: Annotated[IncubationBaseCreateInput, strawberry.argument(description="基地内容。")],
    ) -> IncubationBaseResult:
        ctx = info.context
        data = services.IncubationBaseData(
            name=input.name,
            area=input.area,
            region_code=input.region_code,
            status=input.status,
            area_name=input.area_name,
            admitted_on=input.admitted_on,
            operator=input.operator,
        )
        result = await write(
            info,
            lambda conn: services.create_incubation_base(
                conn, data, today=ctx.today, scope=ctx.scope
            ),
        )
        return result if isinstance(result, RecordError) else await _base(info, result)

    @strawberry.mutation(
        description="修改一个孵化基地，或记下它申报、入围自治区级名单的进展。",
        directives=[BASE_LEADS],
    )
    async def update_incubation_base(
        self,
        info: Info,
        input: Annotated[IncubationBaseUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> IncubationBaseResult:
        ctx = info.context
        refused = refuse_clearing(input, "name", "area", "region_code", "status")
        if refused is not None:
            return refused

        async def work(conn: AsyncConnection) -> int:
            changes = services.IncubationBaseChanges(
                name=unset(input.name),
                area=unset(input.area),
                area_name=unset(input.area_name),
                region_code=unset(input.region_code),
                status=unset(input.status),
                admitted_on=unset(input.admitted_on),
                operator=unset(input.operator),
            )
            return await services.update_incubation_base(
                conn,
                record_key(input.base_id, "IncubationBase", "base_id"),
                changes,
                expected_version=input.version,
                today=ctx.today,
                scope=ctx.scope,
            )

        result = await write(info, work)
        return result if isinstance(result, RecordError) else await _base(info, result)
