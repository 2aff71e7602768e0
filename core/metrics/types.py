"""GraphQL types of the metrics engine: definitions, results, targets, drill-through."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

import strawberry

from core.graphql.context import Info
from core.graphql.cost import METRIC_COST, METRICS_COST, Cost
from core.graphql.directives import PERSONAL
from core.graphql.enums import describe_enum
from core.graphql.errors import RequestError, bad_argument
from core.graphql.node import Node, resolve_global_id, to_global_id
from core.graphql.pagination import Connection, Edge, PageInfo
from core.metrics import drill, suppression
from core.metrics.definitions import MetricDefinition, MetricKind
from core.metrics.engine import Evaluation, metric_query, split
from core.metrics.periods import ACTION_PERIOD, Period, quarter_of, year_of
from core.metrics.status import STATUS_DESCRIPTIONS, STATUS_LABELS, Status, quantize
from core.metrics.targets import TargetRecord
from core.records.types import Department, Region


class TargetSource(enum.StrEnum):
    """Where a result's target comes from."""

    RECORD = "RECORD"
    RULE = "RULE"
    NONE = "NONE"


describe_enum(
    strawberry.enum(Status, name="MetricStatus", description="指标相对目标的状态。"),
    STATUS_DESCRIPTIONS,
)
describe_enum(
    strawberry.enum(TargetSource, description="目标的来源。"),
    {
        TargetSource.RECORD: "目标记录（行动方案的默认值，或管理员设定、分解的值）。",
        TargetSource.RULE: "按行动方案的规则计算（如每村 5 个岗位）。",
        TargetSource.NONE: "没有目标。",
    },
)
describe_enum(
    strawberry.enum(MetricKind, description="指标与时间的关系。"),
    {
        MetricKind.STOCK: "时点数：统计日当天的状态（如在岗人数）。",
        MetricKind.FLOW: "累计数：期间开始至统计日发生的累计（如发放的贷款）。",
    },
)
describe_enum(
    strawberry.enum(drill.Which, name="DrillWhich", description="列出数字背后的哪些记录。"),
    {
        drill.Which.COUNTED: "计入这个数字的记录（如有人就业的户）。",
        drill.Which.MISSING: "在分母中但未计入分子的记录（如无人就业的户）。",
        drill.Which.ALL: "指标考察的全部记录。",
    },
)


@strawberry.type(name="Period", description="统计期间（含首尾两天）。")
class PeriodType:
    """A reporting period."""

    start: date = strawberry.field(description="开始日期（含）。")
    end: date = strawberry.field(description="结束日期（含）。")
    label: str = strawberry.field(description="中文名称，如“2019年第二季度”。")

    @classmethod
    def of(cls, period: Period) -> PeriodType:
        return cls(start=period.start, end=period.end, label=period.label)


@strawberry.input(
    description=(
        "统计期间，四选一：year（全年）；year 与 quarter（季度）；actionPeriod: true"
        "（行动期 2019-02-01 至 2019-09-30）；start 与 end（任意日期段）。不给则用各指标的默认期间。"
    )
)
class PeriodInput:
    """A period as asked for."""

    year: int | None = strawberry.field(default=None, description="年份，如 2019。")
    quarter: int | None = strawberry.field(default=None, description="季度 1–4（须同时给 year）。")
    action_period: bool | None = strawberry.field(default=None, description="true 表示行动期。")
    start: date | None = strawberry.field(default=None, description="开始日期（须同时给 end）。")
    end: date | None = strawberry.field(default=None, description="结束日期（含）。")

    def to_period(self, field: str) -> Period:
        """The period meant; an inconsistent input is a request error naming the field."""
        ways = sum(
            [
                self.year is not None,
                bool(self.action_period),
                self.start is not None or self.end is not None,
            ]
        )
        if ways != 1:
            raise bad_argument(
                field, "period", "year（可加 quarter）、actionPeriod、start/end 三者恰给一种"
            )
        try:
            if self.action_period:
                return ACTION_PERIOD
            if self.year is not None:
                return (
                    quarter_of(self.year, self.quarter)
                    if self.quarter is not None
                    else year_of(self.year)
                )
            if self.start is None or self.end is None:
                raise ValueError("start 与 end 须同时给出")
            return Period(self.start, self.end)
        except ValueError as exc:
            raise bad_argument(field, "period", str(exc)) from None


@strawberry.type(description="指标的一个拆分维度（如就业形式）。")
class MetricDimension:
    """A dimension a metric can be split by."""

    name: str = strawberry.field(description="维度名，传给 MetricResult.split(dimension:)。")
    values: list[str] = strawberry.field(description="维度取值的代码。")
    labels: list[str] = strawberry.field(description="与 values 对应的中文名称。")


@strawberry.type(
    name="MetricDefinition", description="一个指标的定义：口径、单位、条款与牵头单位。"
)
class MetricDefinitionType:
    """A registered metric."""

    definition: strawberry.Private[MetricDefinition]
    key: str = strawberry.field(description="稳定的键：<插件>.<名称>。")
    title: str = strawberry.field(description="中文名称。")
    unit: str = strawberry.field(description="单位：人、户、元、个、期、场、%、次、条。")
    clause: str = strawberry.field(description="服务的方案条款，如“三(三)1”。")
    action_line: str = strawberry.field(description="所属行动：二（总目标）、三(一) … 三(五)。")
    lead_department_code: str = strawberry.field(description="牵头单位代码。")
    kind: MetricKind = strawberry.field(description="时点数或累计数。")
    higher_is_better: bool = strawberry.field(description="数值越大越好（否则越小越好）。")
    levels: list[str] = strawberry.field(description="可报告和拆分到的区划层级。")
    version: int = strawberry.field(description="口径版本；口径变化时加一。")
    description: str = strawberry.field(description="口径说明。")
    entity_type: str | None = strawberry.field(description="数字背后记录的类型（可用 node 取回）。")
    default_period: PeriodType = strawberry.field(description="不指定期间时使用的期间。")
    dimensions: list[MetricDimension] = strawberry.field(description="可拆分的维度。")

    @classmethod
    def of(cls, d: MetricDefinition) -> MetricDefinitionType:
        return cls(
            definition=d,
            key=d.key,
            title=d.title,
            unit=d.unit,
            clause=d.clause,
            action_line=d.action_line,
            lead_department_code=d.lead_department,
            kind=d.kind,
            higher_is_better=d.higher_is_better,
            levels=list(d.levels),
            version=d.version,
            description=d.description,
            entity_type=d.entity_type,
            default_period=PeriodType.of(d.default_period),
            dimensions=[
                MetricDimension(name=name, values=list(values), labels=list(values.values()))
                for name, values in d.dimensions.items()
            ],
        )

    @strawberry.field(description="牵头单位。")
    async def lead_department(self, info: Info) -> Department | None:
        from core.records.loaders import DepartmentByCodeLoader

        return await info.context.loader(DepartmentByCodeLoader).load(self.lead_department_code)


@strawberry.type(description="数字背后的一条记录。")
class MetricRecord:
    """One record behind a number."""

    entity_type: strawberry.Private[str | None]
    key: str = strawberry.field(description="记录的键。")
    region_code: str = strawberry.field(description="记录所属区划的代码。")
    value: Decimal = strawberry.field(
        description="这条记录对分子的贡献，单位同记录本身（金额为元，保留两位小数；计数为整数）。"
    )
    base: Decimal = strawberry.field(description="这条记录对分母的贡献（比率指标）。")

    @strawberry.field(description="记录本身（如 Household、Person、贷款），按类型用片段取字段。")
    async def node(self, info: Info) -> Node | None:
        if self.entity_type is None:
            return None
        return await resolve_global_id(info, to_global_id(self.entity_type, self.key))

    @strawberry.field(description="记录所属区划。")
    async def region(self, info: Info) -> Region | None:
        from core.records.loaders import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.region_code)


@strawberry.type(description="一个可下载的文件（Base64 编码）。")
class DownloadFile:
    """A generated file."""

    filename: str = strawberry.field(description="建议的文件名。")
    media_type: str = strawberry.field(description="媒体类型。")
    content_base64: str = strawberry.field(description="文件内容，Base64 编码。")
    rows: int = strawberry.field(description="文件中的记录条数。")
    truncated: bool = strawberry.field(description="记录超过上限、只导出了前面一部分时为真。")


EXPORT_LIMIT = 10_000


@strawberry.type(description="按维度拆分的一项。")
class MetricSplit:
    """One value of a dimension and its number."""

    category: str = strawberry.field(description="维度取值的代码。")
    label: str = strawberry.field(description="中文名称。")
    value: Decimal | None = strawberry.field(
        description="这一项的数值，单位同指标；比率指标这一项分母为 0、或因小数字保护不显示时为空。"
    )
    suppressed: bool = strawberry.field(
        default=False,
        description=(
            "查看者（viewer）：这一项记录少于 5 条，或为免用合计减去其他项推算出小数字而一并隐藏时为真"
            "（此时 value 为空）。"
        ),
    )


MONEY_AND_SHARES = frozenset({"元", "%"})
"""Units shown with two decimal places; every other unit counts things (人, 户, 个 …)."""


def in_unit(unit: str, number: Decimal | None) -> Decimal | None:
    """A figure in the form its unit is read in: 元 and % with two places, counts whole."""
    if number is None:
        return None
    if unit in MONEY_AND_SHARES:
        return quantize(number)
    return whole(number)


def whole(number: Decimal | None) -> Decimal | None:
    """A count as a whole number (half up)."""
    if number is None:
        return None
    return number.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _counted(data: dict[str, Any]) -> int:
    """A stored ratio's numerator in records (worked back from the ratio for older snapshots)."""
    if "counted" in data:
        return int(data["counted"])
    if data["value"] is None or data["base"] is None:
        return 0
    return int(quantize(Decimal(data["value"]) * Decimal(data["base"]) / 100))


@strawberry.type(description="一个指标在一个区划、一个日期的结果，与目标相比。")
class MetricResult:
    """A metric's value at a region on a date, with its target and status."""

    evaluation: strawberry.Private[Evaluation | None]
    children: strawberry.Private[list[MetricResult]]
    record_count: strawberry.Private[int]
    counted_count: strawberry.Private[int]
    """Of `record_count`, the records counting towards a ratio's numerator."""
    viewer: strawberry.Private[bool]
    """Shaped for a viewer: its split is protected the same way."""
    withheld_regions: strawberry.Private[Mapping[str, str]]
    """For a viewer: the regions withheld along the way here and in the breakdown, and why."""
    key: str = strawberry.field(description="指标键。")
    title: str = strawberry.field(description="指标名称。")
    unit: str = strawberry.field(description="单位。")
    clause: str = strawberry.field(description="方案条款。")
    action_line: str = strawberry.field(description="所属行动：二、三(一) … 三(五)。")
    lead_department_code: str = strawberry.field(description="牵头单位代码。")
    higher_is_better: bool = strawberry.field(description="数值越大越好（否则越小越好）。")
    definition_version: int = strawberry.field(description="算出这个结果的口径版本。")
    region_code: str = strawberry.field(description="区划代码。")
    as_of: date = strawberry.field(description="统计日。")
    period: PeriodType = strawberry.field(description="统计期间。")
    value: Decimal | None = strawberry.field(
        description="数值，单位见 unit（元与 % 保留两位小数，计数为整数）；比率指标分母为 0 时为空。"
    )
    base: Decimal | None = strawberry.field(
        description="比率指标的分母（如有劳动能力的户数）；其他指标为空。"
    )
    target: Decimal | None = strawberry.field(description="目标值；没有目标或规则无解时为空。")
    target_source: TargetSource = strawberry.field(description="目标的来源。")
    target_basis: str | None = strawberry.field(description="目标的依据（条款、文件或规则说明）。")
    stated_target: Decimal | None = strawberry.field(
        description="方案原文的数字，与按规则算出的目标不一致时给出（如“约 830 个”与 171×5=855）。"
    )
    expected: Decimal | None = strawberry.field(
        description="按期间均匀推进，到统计日应达到的数值。"
    )
    projection: Decimal | None = strawberry.field(description="按目前速度推算到期末的数值。")
    progress: float | None = strawberry.field(
        description="完成度：数值 ÷ 目标（目标为 0 时为空）。"
    )
    status: Status = strawberry.field(description="状态（供程序判断）。")
    status_reason: str = strawberry.field(
        description="状态的中文说明（如落后多少、为何没有规则）。"
    )

    @strawberry.field(
        description="状态的中文名称（已达标、进度正常、落后、未报送……），供界面直接显示。"
    )
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    child_targets_total: Decimal | None = strawberry.field(
        description="下级区划目标之和（有分解时）；与 target 不等即分解不平衡。"
    )
    snapshot: str | None = strawberry.field(description="来自哪个快照；实时计算时为空。")

    @classmethod
    def of(cls, ev: Evaluation) -> MetricResult:
        d = ev.definition
        j = ev.judgement
        return cls(
            evaluation=ev,
            children=[cls.of(child) for child in ev.children],
            key=d.key,
            title=d.title,
            unit=d.unit,
            clause=d.clause,
            action_line=d.action_line,
            lead_department_code=d.lead_department,
            higher_is_better=d.higher_is_better,
            definition_version=d.version,
            region_code=ev.region_code,
            as_of=ev.as_of,
            period=PeriodType.of(ev.period),
            value=in_unit(d.unit, ev.value),
            base=whole(ev.base),
            target=in_unit(d.unit, ev.target),
            target_source=TargetSource(ev.target_source),
            target_basis=ev.target_basis,
            stated_target=in_unit(d.unit, ev.stated_target),
            expected=in_unit(d.unit, j.expected),
            projection=in_unit(d.unit, j.projection),
            progress=j.progress,
            status=j.status,
            status_reason=j.reason,
            child_targets_total=in_unit(d.unit, ev.child_targets_total),
            snapshot=None,
            record_count=ev.records,
            counted_count=ev.counted,
            viewer=False,
            withheld_regions={},
        )

    @classmethod
    def from_payload(
        cls, data: dict[str, Any], label: str, children: list[dict[str, Any]]
    ) -> MetricResult:
        clause = data["clause"]
        unit = data["unit"]
        head, _, rest = clause.partition("(")
        return cls(
            evaluation=None,
            children=[cls.from_payload(child, label, []) for child in children],
            key=data["key"],
            title=data["title"],
            unit=data["unit"],
            clause=clause,
            action_line=head if not rest else f"{head}({rest.split(')', 1)[0]})",
            lead_department_code=data["leadDepartment"],
            higher_is_better=data["higherIsBetter"],
            definition_version=data["definitionVersion"],
            region_code=data["regionCode"],
            as_of=date.fromisoformat(data["asOf"]),
            period=PeriodType.of(
                Period(
                    date.fromisoformat(data["periodStart"]), date.fromisoformat(data["periodEnd"])
                )
            ),
            value=in_unit(unit, _decimal(data["value"])),
            base=whole(_decimal(data["base"])),
            target=in_unit(unit, _decimal(data["target"])),
            target_source=TargetSource(data["targetSource"]),
            target_basis=data["targetBasis"],
            stated_target=in_unit(unit, _decimal(data["statedTarget"])),
            expected=in_unit(unit, _decimal(data["expected"])),
            projection=in_unit(unit, _decimal(data["projection"])),
            progress=data["progress"],
            status=Status(data["status"]),
            status_reason=data["statusReason"],
            child_targets_total=in_unit(unit, _decimal(data["childTargetsTotal"])),
            snapshot=label,
            record_count=int(data.get("records", 0)),
            counted_count=_counted(data),
            viewer=False,
            withheld_regions={},
        )

    def for_viewer(self, withheld: Mapping[str, str]) -> MetricResult:
        """This result as a viewer may see it: the figures of the regions in `withheld` (here
        or in the breakdown) are replaced by status SUPPRESSED and the reason given."""
        children = [child.for_viewer(withheld) for child in self.children]
        reason = withheld.get(self.region_code)
        if reason is None:
            return dataclasses.replace(
                self, children=children, viewer=True, withheld_regions=withheld
            )
        return dataclasses.replace(
            self,
            children=children,
            viewer=True,
            withheld_regions=withheld,
            value=None,
            base=None,
            expected=None,
            projection=None,
            progress=None,
            status=Status.SUPPRESSED,
            status_reason=reason,
        )

    @strawberry.field(
        description="下级区划的同一指标（市→县区→乡镇→行政村，受指标可拆分层级限制）。",
        directives=[Cost(weight=1, list_size=20)],
    )
    def breakdown(self) -> list[MetricResult]:
        return self.children

    @strawberry.field(description="区划。")
    async def region(self, info: Info) -> Region | None:
        from core.records.loaders import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.region_code)

    @strawberry.field(description="牵头单位。")
    async def lead_department(self, info: Info) -> Department | None:
        from core.records.loaders import DepartmentByCodeLoader

        return await info.context.loader(DepartmentByCodeLoader).load(self.lead_department_code)

    @strawberry.field(description="下级目标之和是否等于本级目标；没有分解时为空。")
    def target_split_matches(self) -> bool | None:
        if self.child_targets_total is None or self.target is None:
            return None
        return self.child_targets_total == self.target

    def _live(self, field: str) -> Evaluation:
        if self.evaluation is None:
            raise RequestError(f"字段 {field}：快照只保存数字，不保存数字背后的记录")
        return self.evaluation

    @strawberry.field(
        description=(
            "数字背后的记录（游标分页，按记录键排序）；与数字同一口径，条数与数字一致。"
            "代价 20 点，另加每条记录所选字段的代价。"
        ),
        directives=[PERSONAL, Cost(weight=METRIC_COST)],
    )
    async def records(
        self,
        info: Info,
        which: Annotated[
            drill.Which, strawberry.argument(description="列出哪些记录。")
        ] = drill.Which.COUNTED,
        first: Annotated[
            int | None, strawberry.argument(description="取前 N 条（1–100，默认 20）。")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="从这个游标之后开始。")
        ] = None,
    ) -> Connection[MetricRecord]:
        ev = self._live("records")
        ctx = info.context
        size = first if first is not None else ctx.settings.default_page_size
        if not 1 <= size <= ctx.settings.max_page_size:
            raise bad_argument(
                "records",
                "first",
                f"应在 1 至 {ctx.settings.max_page_size} 之间（收到 {size}）",
            )
        statement = drill.drill_query(
            ev.definition, metric_query(ev.period, ev.as_of), ev.region_code, which
        )
        cursor = None if after is None else drill.decode_cursor(after, "records", statement)
        async with ctx.db.connect() as conn:
            rows, more = await drill.drill(
                conn, statement, after=cursor, limit=size, definition=ev.definition
            )

        async def count() -> int:
            async with ctx.db.connect() as conn:
                return await drill.drill_count(conn, statement)

        edges = [
            Edge(
                cursor=drill.encode_cursor(row.entity_key),
                node=MetricRecord(
                    entity_type=ev.definition.entity_type,
                    key=str(row.entity_key),
                    region_code=row.region_code,
                    value=row.value,
                    base=row.base,
                ),
            )
            for row in rows
        ]
        page = PageInfo(
            has_next_page=more,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return Connection(edges=edges, page_info=page, count=count)

    @strawberry.field(
        description=(
            f"数字背后的记录导出为 Excel（.xlsx），最多 {EXPORT_LIMIT} 条；口径与 records 相同。"
            "文件列出姓名与户编号（不含身份证号与电话）；每次导出都记入审计日志：谁、哪个指标与区划、"
            "多少条、理由。代价 300 点。"
        ),
        directives=[PERSONAL, Cost(weight=METRICS_COST)],
    )
    async def records_file(
        self,
        info: Info,
        which: Annotated[
            drill.Which, strawberry.argument(description="导出哪些记录。")
        ] = drill.Which.COUNTED,
        reason: Annotated[
            str | None,
            strawberry.argument(description="导出理由（如“核对未就业户”），记入审计日志。"),
        ] = None,
    ) -> DownloadFile:
        import base64

        from core.metrics.export import workbook
        from core.security import audit

        ev = self._live("recordsFile")
        query = metric_query(ev.period, ev.as_of)
        statement = drill.drill_query(ev.definition, query, ev.region_code, which)
        async with info.context.db.connect() as conn:
            rows, more = await drill.drill(
                conn, statement, after=None, limit=EXPORT_LIMIT, definition=ev.definition
            )
            content = await workbook(conn, ev, rows)
        async with info.context.db.begin() as conn:
            await audit.log(
                conn,
                "export",
                f"metric:{ev.definition.key}",
                ev.region_code,
                after={
                    "metric": ev.definition.key,
                    "region": ev.region_code,
                    "asOf": ev.as_of,
                    "which": which.value,
                    "rows": len(rows),
                    "reason": (reason or "").strip() or None,
                },
            )
        return DownloadFile(
            filename=f"{ev.definition.key}-{ev.region_code}-{ev.as_of.isoformat()}.xlsx",
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            content_base64=base64.b64encode(content).decode(),
            rows=len(rows),
            truncated=more,
        )

    @strawberry.field(
        description="按维度拆分（如就业形式 form、就业地点 place）；维度见 MetricDefinition.dimensions。"
    )
    async def split(
        self,
        info: Info,
        dimension: Annotated[str, strawberry.argument(description="维度名。")],
    ) -> list[MetricSplit]:
        ev = self._live("split")
        labels = ev.definition.dimensions.get(dimension)
        if labels is None:
            known = "、".join(ev.definition.dimensions) or "无"
            raise bad_argument(
                "split",
                "dimension",
                f"“{dimension}”不是指标 {ev.definition.key} 的拆分维度（可选：{known}）",
            )
        query = metric_query(ev.period, ev.as_of)
        withheld: dict[str, str] = {}
        async with info.context.db.connect() as conn:
            if self.viewer:
                found, withheld = await suppression.split_for_viewer(
                    conn,
                    ev.definition,
                    ev.region_code,
                    query,
                    dimension,
                    list(labels),
                    self.withheld_regions,
                )
            else:
                found = await split(conn, ev.definition, ev.region_code, query, dimension)
        result = []
        for code, label in labels.items():
            sums = found.get(code)
            if code in withheld:
                value: Decimal | None = None
            elif sums is None:
                value = Decimal(0)
            elif ev.definition.ratio:
                value = quantize(sums.value * 100 / sums.base) if sums.base else None
            else:
                value = ev.definition.scaled(sums.value)
            result.append(
                MetricSplit(category=code, label=label, value=value, suppressed=code in withheld)
            )
        return result


@strawberry.type(name="Target", description="一条目标记录：指标、区划、期间与目标值。")
class TargetType(Node):
    """A stored target."""

    pk: strawberry.Private[int]
    metric_key: str = strawberry.field(description="指标键。")
    region_code: str = strawberry.field(description="区划代码。")
    period: PeriodType = strawberry.field(description="期间。")
    value: Decimal = strawberry.field(description="目标值，单位同指标。")
    source: str = strawberry.field(description="依据：方案条款，或下达该县区任务的文件。")
    set_by: str = strawberry.field(description="设定者。")
    note: str | None = strawberry.field(description="备注。")
    version: int = strawberry.field(description="记录版本号；修改时带上，防止覆盖他人的修改。")

    @classmethod
    def of(cls, record: TargetRecord) -> TargetType:
        return cls(
            id=to_global_id("Target", record.id),
            pk=record.id,
            metric_key=record.metric_key,
            region_code=record.region_code,
            period=PeriodType.of(record.period),
            value=record.value,
            source=record.source,
            set_by=record.set_by,
            note=record.note,
            version=record.version,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> TargetType | None:
        from sqlalchemy import select

        from core.metrics.models import metric_target

        if not key.isdigit():
            return None
        async with info.context.db.connect() as conn:
            row = (
                await conn.execute(select(metric_target).where(metric_target.c.id == int(key)))
            ).first()
        return None if row is None else cls.of(TargetRecord.from_row(row))

    @strawberry.field(description="区划。")
    async def region(self, info: Info) -> Region | None:
        from core.records.loaders import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.region_code)


@strawberry.type(description="分解到下级的目标之和与本级目标不一致。")
class TargetSplitIssue:
    """A target whose parts do not add up."""

    metric_key: str = strawberry.field(description="指标键。")
    region_code: str = strawberry.field(description="本级区划代码。")
    period: PeriodType = strawberry.field(description="期间。")
    target: Decimal = strawberry.field(description="本级目标。")
    parts_total: Decimal = strawberry.field(description="下级目标之和。")
    parts: int = strawberry.field(description="有目标的下级区划个数。")
    difference: Decimal = strawberry.field(description="下级之和减本级目标。")


@strawberry.type(description="一个已保存的指标快照。")
class MetricSnapshotType:
    """A stored snapshot."""

    label: str = strawberry.field(description="快照名称，如“2019年二季度”。")
    as_of: date = strawberry.field(description="统计日。")
    created_by: str = strawberry.field(description="创建者。")
