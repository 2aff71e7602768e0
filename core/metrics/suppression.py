"""Small numbers withheld from viewers: primary and secondary (complementary) suppression.

A figure resting on 1 to 4 records is withheld (*primary*). Withholding one figure is not
enough when a viewer also sees the total it is part of and the other parts: the total minus
the others gives it back. So wherever figures add up to a total a viewer can read — a
region's children (and rows registered at the region itself) to the region, a split's parts
to the whole, a ratio's numerator and the rest of its base to the base — a group with one
withheld figure has another withheld too, the one resting on the fewest records
(*secondary*). A region withheld in its parent's breakdown is withheld wherever it appears,
and so is everything under it: its own children would add up to it. A split is a table of
the same kind — each region's parts add up to its figure, each category's parts to the
parent's part — and is protected by rows and by columns. Metrics that share one source of
rows (say, labour households and those with nobody at work) are decided together, so that
subtracting one metric from another gives nothing back.

The rule is applied here once for every metric, core or plugin; see docs/security.md.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, TypeVar

from core.metrics.engine import Sums, split_by
from core.metrics.status import SUPPRESS_BELOW
from core.regions import CITY_CODE, level_of, parent_of

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from core.metrics.definitions import MetricDefinition, MetricQuery
    from core.metrics.types import MetricResult

SMALL = "记录少于 5 条：为免数字指向具体的户，不向查看者显示。"
SMALL_PART = (
    "计入（分子）或未计入（分母减分子）的记录少于 5 条：为免数字指向具体的户，不向查看者显示。"
)
COMPLEMENT = (
    "同组另一个数字因记录少于 5 条不显示；为免用合计减去其他数字推算出它，这个数字也不显示。"
)
PARENT = "上级区划的这个数字不显示，其下级也不显示（否则下级相加即得上级）。"
WITHHELD = "所属的数字不显示，它的拆分也不显示。"
NOT_REPORTED = (
    "这个指标不在这一级区划报告（见指标定义的 levels）：上级的拆分里没有它，"
    "为免逐个查询后用上级合计相减推算出小数字，不向查看者显示。"
)
OWN = "直接登记在上级区划、不属于任何下级的记录：从不单独显示。"
OWN_ROWS = "/own"
"""Suffix of the pseudo-child holding a region's own rows (those of no child region): never
shown, it is the region minus its children, so a small one needs a complement like any other."""

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Figure:
    """What a number rests on: its records and, for a ratio, the numerator's records."""

    records: int
    counted: int = 0
    ratio: bool = False


def small(records: int) -> bool:
    """Whether a count of records is small enough to point at a family (1 to 4; 0 is not)."""
    return 0 < records < SUPPRESS_BELOW


def primary(figure: Figure) -> str | None:
    """Why a figure is withheld on its own account, or None."""
    if small(figure.records):
        return SMALL
    if figure.ratio and (small(figure.counted) or small(figure.records - figure.counted)):
        return SMALL_PART
    return None


def complete(
    lines: Sequence[Sequence[K]], hidden: Mapping[K, str], weight: Mapping[K, int]
) -> dict[K, str]:
    """Secondary suppression over `lines` (each a group of cells adding up to a total a viewer
    may see): until no line has exactly one hidden cell, hide in each such line the visible
    cell resting on the fewest records (cells with records before empty ones, then by key)."""
    withheld = dict(hidden)
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(cell in withheld for cell in line) != 1:
                continue
            visible = [cell for cell in line if cell not in withheld]
            if not visible:
                continue
            pick = min(visible, key=lambda c: (weight.get(c, 0) == 0, weight.get(c, 0), str(c)))
            withheld[pick] = COMPLEMENT
            changed = True
    return withheld


def path_to(region: str) -> list[str]:
    """The regions from the city down to `region` (just `region` outside the city)."""
    path = [region]
    while path[0] != CITY_CODE:
        parent = parent_of(path[0])
        if parent is None:
            return [region]
        path.insert(0, parent)
    return path


Table = Mapping[str, Sequence[Figure]]
"""The figures (one per linked metric) of a region and of each of its children, by code."""


def along(path: Sequence[str], tables: Mapping[str, Table]) -> dict[str, str]:
    """Which regions a viewer may not see, and why, deciding each group of children from the
    top of `path` down (`tables` holds a table for every region on the path). The verdicts
    that matter are those for `path[-1]` and its children."""
    top = path[0]
    withheld: dict[str, str] = {}
    reasons = [r for f in tables[top].get(top, ()) if (r := primary(f)) is not None]
    if reasons:
        withheld[top] = reasons[0]
    for node in path:
        table = tables[node]
        children = sorted(code for code in table if code != node)
        if node in withheld:
            withheld |= {code: PARENT for code in children}
            continue
        hidden: dict[str, str] = {}
        for code in children:
            found = [r for f in table[code] if (r := primary(f)) is not None]
            if code.endswith(OWN_ROWS):
                hidden[code] = OWN
            elif found:
                hidden[code] = found[0]
        weight = {code: max((f.records for f in table[code]), default=0) for code in children}
        withheld |= complete([children], hidden, weight)
    return withheld


At = Callable[[str, list[str]], Awaitable[list["MetricResult"]]]
"""Results (with their breakdown) for the metric keys given, at one region."""


async def protect(
    registry: Mapping[str, MetricDefinition],
    asked: Sequence[str],
    region: str,
    at: At,
) -> list[MetricResult]:
    """The results for the metric keys `asked` at `region`, as a viewer may see them.

    Metrics sharing a source with one asked are evaluated too, and the regions above `region`
    with their children, so that the verdicts are the same whichever keys and region a viewer
    asks about."""
    links = {key: _link(registry, key) for key in asked}
    wanted = [k for k, d in registry.items() if id(d.source) in links.values()]
    keys = [*wanted, *(k for k in asked if k not in wanted)]
    path = path_to(region)
    found = {node: await at(node, keys) for node in path}
    groups: dict[tuple[object, ...], list[str]] = {}
    for result in found[region]:
        link = (_link(registry, result.key), result.period.start, result.period.end)
        groups.setdefault(link, []).append(result.key)
    verdicts: dict[str, dict[str, str]] = {}
    for members in groups.values():
        tables: dict[str, dict[str, list[Figure]]] = {}
        for node in path:
            table = tables.setdefault(node, {})
            for result in found[node]:
                if result.key not in members:
                    continue
                ratio = registry[result.key].ratio if result.key in registry else result.unit == "%"
                for item in [result, *result.children]:
                    figure = Figure(item.record_count, item.counted_count, ratio)
                    table.setdefault(item.region_code, []).append(figure)
                if result.children:
                    own = Figure(
                        result.record_count - sum(c.record_count for c in result.children),
                        result.counted_count - sum(c.counted_count for c in result.children),
                        ratio,
                    )
                    if own.records > 0:
                        table.setdefault(node + OWN_ROWS, []).append(own)
        decided = along(path, tables)
        verdicts |= {key: decided for key in members}
    # A level a metric is not broken down to has no breakdown to protect it: each of its
    # regions could be asked for in turn and subtracted from the parent.
    level = level_of(region)
    for key, decided in list(verdicts.items()):
        if key in registry and level not in registry[key].levels:
            verdicts[key] = {**decided, region: NOT_REPORTED}
    by_key = {result.key: result for result in found[region]}
    return [by_key[k].for_viewer(verdicts.get(k, {})) for k in asked if k in by_key]


def _link(registry: Mapping[str, MetricDefinition], key: str) -> object:
    """What links metrics decided together: their source of rows."""
    return id(registry[key].source) if key in registry else key


async def split_for_viewer(
    conn: AsyncConnection,
    definition: MetricDefinition,
    region: str,
    query: MetricQuery,
    dimension: str,
    categories: Sequence[str],
    withheld: Mapping[str, str],
) -> tuple[dict[str, Sums], dict[str, str]]:
    """A split of `region` as a viewer may see it: the sums by category, and which categories
    are withheld and why (see `split_along`; `withheld` holds the breakdown's verdicts)."""
    if region in withheld:
        return {}, {c: WITHHELD for c in categories}
    path = path_to(region)
    top = _by_code(await split_by(conn, definition, path[0], query, dimension, None))
    tables = {
        parent: _by_code(await split_by(conn, definition, parent, query, dimension, len(child)))
        for parent, child in pairwise(path)
    }
    own = tables[path[-2]] if len(path) > 1 else top

    def figures(parts: Mapping[str, Sums]) -> dict[str, Figure]:
        return {c: Figure(s.records, s.counted, definition.ratio) for c, s in parts.items()}

    decided = split_along(
        path,
        figures(top.get(path[0], {})),
        {parent: {code: figures(row) for code, row in t.items()} for parent, t in tables.items()},
        categories,
        withheld,
    )
    return own.get(region, {}), decided


def _by_code(found: Mapping[tuple[str, str], Sums]) -> dict[str, dict[str, Sums]]:
    table: dict[str, dict[str, Sums]] = {}
    for (code, category), sums in found.items():
        table.setdefault(code, {})[category] = sums
    return table


def split_along(
    path: Sequence[str],
    top: Mapping[str, Figure],
    tables: Mapping[str, Mapping[str, Mapping[str, Figure]]],
    categories: Sequence[str],
    withheld: Mapping[str, str],
) -> dict[str, str]:
    """Which parts of `path[-1]`'s split a viewer may not see, and why.

    The parts of the regions under one parent form a table: each region's parts add up to its
    figure, each category's parts to the parent's part. Deciding from the top of `path` down
    (`top`: the top region's parts; `tables[parent]`: its children's parts by code, then
    category), a table's cells are withheld when small, when their region is withheld
    (`withheld`: the breakdown's verdicts), or when the parent's part of that category is;
    then secondary suppression leaves no row or column with one withheld cell alone."""
    if path[0] in withheld:
        hidden = {c: WITHHELD for c in categories}
    else:
        hidden = _secondary_in_row(top, categories)
    for parent, child in pairwise(path):
        table = tables.get(parent, {})
        children = sorted({*table, child})
        cells: dict[tuple[str, str], str] = {}
        weight: dict[tuple[str, str], int] = {}
        for code in children:
            for category in categories:
                figure = table.get(code, {}).get(category, Figure(0))
                weight[(code, category)] = figure.records
                if code == parent and figure.records > 0:
                    cells[(code, category)] = OWN
                elif code in withheld:
                    cells[(code, category)] = WITHHELD
                elif category in hidden:
                    cells[(code, category)] = PARENT
                elif (reason := primary(figure)) is not None:
                    cells[(code, category)] = reason
        lines = [[(code, c) for c in categories] for code in children]
        lines += [[(code, c) for code in children] for c in categories]
        decided = complete(lines, cells, weight)
        hidden = {c: decided[(child, c)] for c in categories if (child, c) in decided}
    return hidden


def _secondary_in_row(parts: Mapping[str, Figure], order: Sequence[str]) -> dict[str, str]:
    hidden = {code: r for code in order if (r := primary(parts.get(code, Figure(0)))) is not None}
    weight = {code: parts.get(code, Figure(0)).records for code in order}
    return complete([list(order)], hidden, weight)
