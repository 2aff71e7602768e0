"""GraphQL types of the board."""

from __future__ import annotations

from datetime import date

import strawberry

from core.graphql.cost import Cost
from core.metrics.types import MetricResult, PeriodType

ACTION_LINES = {
    "二": "总目标：有劳动能力的建档立卡户至少 1 人就业",
    "三(一)": "就业援助行动",
    "三(二)": "精准培训培养行动",
    "三(三)": "创业帮扶行动",
    "三(四)": "就业创业公共服务体系",
    "三(五)": "易地扶贫搬迁安置点就业创业帮扶",
}
HEADLINE_KEY = "core.households_with_employment"


@strawberry.type(description="一项行动（方案第三部分的一条，或总目标）及其全部指标。")
class DashboardLine:
    """One action line of the plan with its metrics."""

    action_line: str = strawberry.field(description="行动编号：二、三(一) … 三(五)。")
    title: str = strawberry.field(description="行动名称。")
    metrics: list[MetricResult] = strawberry.field(
        description="这项行动的指标，按注册顺序。", directives=[Cost(weight=1, list_size=10)]
    )
    behind: int = strawberry.field(description="其中落后或未报送的指标个数（本级）。")


@strawberry.type(description="看板矩阵的一格：一个下级区划的一个指标。")
class DashboardCell:
    """A region × metric cell."""

    key: str = strawberry.field(description="指标键。")
    result: MetricResult = strawberry.field(description="这个区划的这个指标。")


@strawberry.type(description="看板矩阵的一行：一个下级区划的全部指标。")
class DashboardRow:
    """One child region across every metric."""

    region_code: str = strawberry.field(description="区划代码。")
    region_name: str = strawberry.field(description="区划简称。")
    cells: list[DashboardCell] = strawberry.field(
        description="各指标，顺序同 Dashboard.columns。", directives=[Cost(weight=1, list_size=30)]
    )
    behind: int = strawberry.field(description="这个区划落后或未报送的指标个数。")


@strawberry.type(description="看板矩阵的一列：一个指标。")
class DashboardColumn:
    """A metric column of the matrix."""

    key: str = strawberry.field(description="指标键。")
    title: str = strawberry.field(description="指标名称。")
    unit: str = strawberry.field(description="单位。")
    action_line: str = strawberry.field(description="所属行动。")


@strawberry.type(description="落后的一项：哪个区划、哪个指标、差多少、谁牵头、何时到期。")
class BehindItem:
    """A metric behind where it should be, somewhere."""

    result: MetricResult = strawberry.field(description="落后的结果（含区划、牵头单位）。")
    shortfall: float = strawberry.field(
        description=(
            "落后程度：与应达进度的差占应达进度与实际值中较大者的比例（0–1，越大越落后）；"
            "未报送（NO_DATA）为 1。"
        )
    )
    deadline: date = strawberry.field(description="目标期间的截止日（四(六)：限时整改）。")


@strawberry.type(description="挂图作战看板：总目标、各项行动、下级区划矩阵与落后清单。")
class Dashboard:
    """The board for one region on one date."""

    region_code: str = strawberry.field(description="区划代码。")
    region_name: str = strawberry.field(description="区划名称。")
    as_of: date = strawberry.field(description="统计日。")
    snapshot: str | None = strawberry.field(description="读取的快照名称；实时计算时为空。")
    period: PeriodType | None = strawberry.field(description="总目标的统计期间。")
    headline: MetricResult | None = strawberry.field(
        description="总目标：有劳动能力且至少 1 人就业的户占比。"
    )
    lines: list[DashboardLine] = strawberry.field(
        description="各项行动及其指标。", directives=[Cost(weight=1, list_size=10)]
    )
    columns: list[DashboardColumn] = strawberry.field(
        description="矩阵的列（全部指标）。", directives=[Cost(weight=1, list_size=30)]
    )
    rows: list[DashboardRow] = strawberry.field(
        description="矩阵的行（下级区划）。", directives=[Cost(weight=1, list_size=20)]
    )
    behind: list[BehindItem] = strawberry.field(
        description="需要处理的清单（本级与下级）：落后的与未报送的，最落后的在前（未报送的排最前）。",
        directives=[Cost(weight=1, list_size=100)],
    )
