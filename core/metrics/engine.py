"""Compute metrics in SQL: a region and its children from one grouped pass over the rows.

The engine wraps a source's rows in `SELECT <child region>, SUM(...) … WHERE <region subtree>
GROUP BY <child region>`. Metrics that share a source function are summed in the same pass,
each from its own columns. The number of statements depends on the metrics asked for, never
on the number of households.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, distinct, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from core.graphql.heavy import HeavyGate
from core.metrics.definitions import (
    Aggregate,
    MetricDefinition,
    MetricKind,
    MetricQuery,
    RuleContext,
    RuleTarget,
)
from core.metrics.periods import Period
from core.metrics.status import Judgement, Status, judge, quantize
from core.metrics.targets import TargetRecord, load_targets
from core.records.models import region as region_table
from core.regions import in_subtree, level_of, parent_of

CHILD_LEVEL = {"PROVINCE": "CITY", "CITY": "COUNTY", "COUNTY": "TOWNSHIP", "TOWNSHIP": "VILLAGE"}
LEVEL_LENGTH = {"COUNTY": 6, "TOWNSHIP": 9, "VILLAGE": 12}
Targets = dict[tuple[str, str, Period], TargetRecord]


class UnknownMetric(KeyError):
    """A metric key no loaded plugin registers."""


@dataclass(frozen=True)
class Sums:
    """What the rows of one region add up to."""

    value: Decimal = Decimal(0)
    base: Decimal = Decimal(0)
    records: int = 0
    """Rows that count towards value or base (distinct entities for distinct counts)."""
    counted: int = 0
    """Rows whose value is not 0: a ratio's numerator as a number of records."""


@dataclass
class Evaluation:
    """One metric at one region on one date, against its target."""

    definition: MetricDefinition
    region_code: str
    parent_code: str | None
    period: Period
    as_of: date
    value: Decimal | None
    numerator: Decimal
    base: Decimal | None
    target: Decimal | None
    target_source: str
    """RECORD (a target record), RULE (computed from the plan's rule) or NONE."""
    target_basis: str | None
    stated_target: Decimal | None
    target_record: TargetRecord | None
    judgement: Judgement
    records: int = 0
    """How many records the number rests on (what viewers' small-number suppression checks)."""
    counted: int = 0
    """How many of them count towards the numerator (ratio metrics; see `Sums.counted`)."""
    children: list[Evaluation] = field(default_factory=list)
    child_targets_total: Decimal | None = None

    @property
    def status(self) -> Status:
        """The judgement's status."""
        return self.judgement.status


def metric_query(period: Period, as_of: date) -> MetricQuery:
    """The dates a source is asked about for `as_of` within `period`."""
    return MetricQuery(as_of=period.clamp(as_of), start=period.start, end=min(as_of, period.end))


def rows_cte(definition: MetricDefinition, query: MetricQuery, within: str) -> Any:
    """A source's rows under `within`, materialised once so that every expression over them
    (several metrics, several groupings) reads computed columns instead of re-running them."""
    source = definition.source(query).subquery("metric_source")
    return (
        select(source)
        .where(in_subtree(source.c.region_code, within))
        .cte("metric_rows")
        .prefix_with("MATERIALIZED")
    )


async def sums(
    conn: AsyncConnection,
    definitions: Sequence[MetricDefinition],
    query: MetricQuery,
    within: str,
    lengths: Sequence[int | None],
) -> dict[int | None, dict[str, dict[str, Sums]]]:
    """Add up the rows of metrics sharing one source under `within`, in one statement.

    For each code length, rows are grouped by the first `length` digits of their region code
    (rows of a region higher than that level keep their own code); None gives one total for
    `within`. Returns sums by length, then metric key, then group code.
    """
    rows = rows_cte(definitions[0], query, within)
    measures: list[ColumnElement[Any]] = []
    for d in definitions:
        value = d.value_of(rows.c)
        base = d.base_of(rows.c) if d.ratio else literal(0)
        if d.aggregate is Aggregate.DISTINCT:
            measures.append(func.count(distinct(case((value != 0, rows.c.entity_key)))))
        else:
            measures.append(func.coalesce(func.sum(value), 0))
        measures.append(func.coalesce(func.sum(base), 0) if d.ratio else literal(0))
        counted = case(((value != 0) | (base != 0), rows.c.entity_key))
        # A sum's records are its rows (a source gives one row per record); only distinct
        # counts need the database to compare keys, which costs it a sort per group.
        measures.append(
            func.count(distinct(counted))
            if d.aggregate is Aggregate.DISTINCT
            else func.count(counted)
        )
        # A ratio's numerator and the rest of its base are both numbers a viewer can work
        # out, so small-number suppression needs the numerator's records as well.
        measures.append(
            func.count(case((value != 0, rows.c.entity_key))) if d.ratio else literal(0)
        )
    parts = []
    for index, length in enumerate(lengths):
        labelled = [m.label(f"m{i}") for i, m in enumerate(measures)]
        if length is None:
            parts.append(
                select(literal(index).label("part"), literal(within).label("code"), *labelled)
            )
        else:
            key = rows.c.region_code if length == 12 else func.substr(rows.c.region_code, 1, length)
            parts.append(
                select(literal(index).label("part"), key.label("code"), *labelled).group_by(key)
            )
    statement = parts[0] if len(parts) == 1 else union_all(*parts)
    found: dict[int | None, dict[str, dict[str, Sums]]] = {
        length: {d.key: {} for d in definitions} for length in lengths
    }
    for row in (await conn.execute(statement)).all():
        length = lengths[row[0]]
        for i, d in enumerate(definitions):
            at = 2 + 4 * i
            found[length][d.key][row[1]] = Sums(
                Decimal(row[at]), Decimal(row[at + 1]), int(row[at + 2]), int(row[at + 3])
            )
    return found


@dataclass(frozen=True)
class Job:
    """A batch of metrics to evaluate with one period at the regions of `groups` under `root`."""

    definitions: Sequence[MetricDefinition]
    root: str
    groups: dict[int | None, list[str]]
    """Region codes wanted, by code length (None: `root` itself)."""
    as_of: date
    period: Period
    targets: Targets

    @property
    def codes(self) -> list[str]:
        """Every region code wanted, `root` included."""
        return [code for wanted in self.groups.values() for code in wanted]

    @property
    def grouped_lengths(self) -> list[int]:
        """The code lengths the rows are grouped by (`root`'s own total aside)."""
        return [length for length in self.groups if length is not None]


@dataclass(eq=False)
class _Pass:
    """One statement: the metrics sharing a source, summed at the given code lengths."""

    batch: list[MetricDefinition]
    query: MetricQuery
    root: str
    lengths: list[int | None]

    @property
    def cost_key(self) -> tuple[int, bool]:
        """What its cost is remembered by: the source (and whether it counts distinct keys)."""
        return (id(self.batch[0].source), self.batch[0].aggregate is Aggregate.DISTINCT)


@dataclass
class _Plan:
    """A batch with its target rules worked out and the passes its sums and baselines need."""

    job: Job
    rules: dict[str, dict[str, RuleTarget]]
    values: list[_Pass]
    baselines: list[_Pass]


def _value(definition: MetricDefinition, sums: Sums) -> tuple[Decimal | None, Decimal | None]:
    """The reported number (and its base) from the raw sums."""
    if definition.ratio:
        if sums.base == 0:
            return None, sums.base
        return quantize(sums.value * 100 / sums.base), sums.base
    return definition.scaled(sums.value), None


def _total(groups: dict[str, Sums]) -> Sums:
    return Sums(
        sum((s.value for s in groups.values()), Decimal(0)),
        sum((s.base for s in groups.values()), Decimal(0)),
        sum(s.records for s in groups.values()),
        sum(s.counted for s in groups.values()),
    )


def _passes(definitions: Sequence[MetricDefinition]) -> list[list[MetricDefinition]]:
    """Batches of metrics one statement can sum: same source, same aggregate kind."""
    batches: dict[tuple[int, bool], list[MetricDefinition]] = defaultdict(list)
    for d in definitions:
        batches[(id(d.source), d.aggregate is Aggregate.DISTINCT)].append(d)
    return list(batches.values())


class MetricsEngine:
    """The registered metric definitions and the means to evaluate them."""

    def __init__(
        self,
        definitions: Sequence[MetricDefinition],
        *,
        connect: Callable[[], AbstractAsyncContextManager[AsyncConnection]] | None = None,
        concurrency: int = 1,
        gate: HeavyGate | None = None,
    ) -> None:
        self.definitions = {d.key: d for d in definitions}
        self.gate = gate or HeavyGate(1 << 16, 3600.0)
        """Taken by a request before its evaluation opens a connection (`core.graphql.heavy`)."""
        self.connect = connect
        """Opens a read connection of its own, so that independent statements can run at once."""
        self.concurrency = concurrency
        """How many statements run at once (1, or no `connect`: one after another on `conn`)."""
        self._cost: dict[tuple[int, bool], float] = {}
        """Seconds the last pass over each source took: the slowest go first next time."""

    def select(self, keys: Sequence[str] | None) -> list[MetricDefinition]:
        """The definitions asked for (all when `keys` is None), in the order asked."""
        if keys is None:
            return list(self.definitions.values())
        missing = [k for k in keys if k not in self.definitions]
        if missing:
            raise UnknownMetric(", ".join(missing))
        return [self.definitions[k] for k in keys]

    async def evaluate(
        self,
        conn: AsyncConnection,
        definitions: Sequence[MetricDefinition],
        region: str,
        as_of: date,
        period: Period | None = None,
        *,
        breakdown: bool = True,
    ) -> list[Evaluation]:
        """Evaluate each metric at `region` (and, with `breakdown`, at each child region)."""
        child_level = CHILD_LEVEL.get(level_of(region))
        children: list[str] = []
        if breakdown and child_level is not None:
            statement = (
                select(region_table.c.code)
                .where(region_table.c.parent_code == region)
                .order_by(region_table.c.code)
            )
            children = list((await conn.execute(statement)).scalars())
        targets = await load_targets(conn, (d.key for d in definitions), [region, *children])
        by_shape: dict[tuple[Period, bool], list[MetricDefinition]] = defaultdict(list)
        for d in definitions:
            with_children = bool(children) and child_level in d.levels
            by_shape[(period or d.default_period, with_children)].append(d)
        jobs = []
        for (chosen, with_children), batch in by_shape.items():
            groups: dict[int | None, list[str]] = {None: [region]}
            if with_children and child_level is not None:
                groups[LEVEL_LENGTH[child_level]] = children
            jobs.append(Job(batch, region, groups, as_of, chosen, targets))
        found: dict[str, dict[str, Evaluation]] = {}
        for part in await self.evaluate_jobs(conn, jobs):
            found |= part
        results = []
        for d in definitions:
            chosen = period or d.default_period
            result = found[d.key][region]
            result.children = [found[d.key][c] for c in children if c in found[d.key]]
            parts = [
                targets[(d.key, c, chosen)].value for c in children if (d.key, c, chosen) in targets
            ]
            result.child_targets_total = sum(parts, Decimal(0)) if parts else None
            results.append(result)
        return results

    async def evaluate_codes(
        self,
        conn: AsyncConnection,
        definitions: Sequence[MetricDefinition],
        root: str,
        groups: dict[int | None, list[str]],
        as_of: date,
        period: Period,
        targets: Targets,
    ) -> dict[str, dict[str, Evaluation]]:
        """Evaluate metrics at many regions under `root`: one statement per source and code length.

        `groups` maps a code length (None for `root` itself) to the region codes wanted at it.
        Returns evaluations by metric key, then by region code.
        """
        (found,) = await self.evaluate_jobs(
            conn, [Job(definitions, root, groups, as_of, period, targets)]
        )
        return found

    async def evaluate_jobs(
        self, conn: AsyncConnection, jobs: Sequence[Job]
    ) -> list[dict[str, dict[str, Evaluation]]]:
        """Evaluate several batches of metrics (each its own period and region groups) with
        every statement of every batch in one queue, so that the passes of a whole board share
        the connections; see `evaluate_codes` for what each batch returns."""
        plans = [await self._plan(conn, job) for job in jobs]
        passes = [p for plan in plans for p in (*plan.values, *plan.baselines)]
        results = dict(zip(passes, await self._run(conn, passes), strict=True))
        return [
            self._finish(
                plan,
                self._collect(plan, plan.values, results),
                self._collect(plan, plan.baselines, results),
            )
            for plan in plans
        ]

    async def _plan(self, conn: AsyncConnection, job: Job) -> _Plan:
        """The target rules of a batch (run now, on `conn`) and the passes its sums need."""
        codes = job.codes
        rules: dict[str, dict[str, RuleTarget]] = {}
        for d in job.definitions:
            if d.target_rule is not None:
                context = RuleContext(conn, codes, job.period, job.as_of)
                rules[d.key] = dict(await d.target_rule(context))
        midway = 0 < job.period.elapsed(job.as_of) < 1
        needs_baseline = [
            d
            for d in job.definitions
            if midway
            and d.kind is MetricKind.STOCK
            and (d.key in rules or any((d.key, code, job.period) in job.targets for code in codes))
        ]
        values = self._passes_for(job, job.definitions, metric_query(job.period, job.as_of))
        baselines = (
            self._passes_for(job, needs_baseline, metric_query(job.period, job.period.start))
            if needs_baseline
            else []
        )
        return _Plan(job, rules, values, baselines)

    @staticmethod
    def _passes_for(
        job: Job, definitions: Sequence[MetricDefinition], query: MetricQuery
    ) -> list[_Pass]:
        """One pass per source: the root's total is the sum of a grouping (every row lies under
        some group), except for distinct counts, which need their own."""
        grouped = job.grouped_lengths
        passes = []
        for batch in _passes(definitions):
            lengths: list[int | None] = list(grouped)
            if batch[0].aggregate is Aggregate.DISTINCT or not lengths:
                lengths.append(None)
            passes.append(_Pass(batch, query, job.root, lengths))
        return passes

    async def _run(
        self, conn: AsyncConnection, passes: Sequence[_Pass]
    ) -> list[dict[int | None, dict[str, dict[str, Sums]]]]:
        """Run the passes. They are independent reads: with `concurrency` above 1 they run that
        many at a time, each on a pooled connection of its own (a board's passes then use every
        core of the database server instead of one), the slowest seen so far first, so that
        no long statement is left to run alone at the end."""
        if self.connect is None or self.concurrency <= 1 or len(passes) <= 1:
            return [await sums(conn, p.batch, p.query, p.root, p.lengths) for p in passes]
        connect = self.connect
        gate = asyncio.Semaphore(self.concurrency)
        cost = self._cost

        async def run(p: _Pass) -> dict[int | None, Any]:
            async with gate, connect() as own:
                started = time.perf_counter()
                found = await sums(own, p.batch, p.query, p.root, p.lengths)
                cost[p.cost_key] = time.perf_counter() - started
                return found

        order = sorted(range(len(passes)), key=lambda i: -cost.get(passes[i].cost_key, 1e9))
        tasks = {i: asyncio.ensure_future(run(passes[i])) for i in order}
        await asyncio.gather(*tasks.values())
        return [tasks[i].result() for i in range(len(passes))]

    @staticmethod
    def _collect(
        plan: _Plan,
        passes: Sequence[_Pass],
        results: dict[_Pass, dict[int | None, dict[str, dict[str, Sums]]]],
    ) -> dict[str, dict[str, Sums]]:
        """Sums by metric and region code from the results of `passes`."""
        root = plan.job.root
        grouped = plan.job.grouped_lengths
        found: dict[str, dict[str, Sums]] = {}
        for p in passes:
            result = results[p]
            for d in p.batch:
                found[d.key] = {}
                for length in grouped:
                    # Rows registered at a shorter code (a county's own) group under that
                    # code at every length; only codes of this length belong to this level,
                    # so a county's total is never overwritten by its own rows alone.
                    found[d.key] |= {
                        code: sums
                        for code, sums in result[length][d.key].items()
                        if len(code) == length
                    }
                if None in result:
                    found[d.key][root] = result[None][d.key].get(root, Sums())
                else:
                    found[d.key][root] = _total(result[grouped[0]][d.key])
        return found

    def _finish(
        self,
        plan: _Plan,
        values: dict[str, dict[str, Sums]],
        baselines: dict[str, dict[str, Sums]],
    ) -> dict[str, dict[str, Evaluation]]:
        """Each metric of the batch at each of its regions, judged against its target."""
        job, codes = plan.job, plan.job.codes
        return {
            d.key: {
                code: self._build(
                    d,
                    code,
                    None if code == job.root else parent_of(code),
                    values[d.key].get(code, Sums()),
                    baselines[d.key].get(code, Sums()) if d.key in baselines else None,
                    job.targets.get((d.key, code, job.period)),
                    plan.rules.get(d.key, {}).get(code),
                    job.period,
                    job.as_of,
                )
                for code in codes
            }
            for d in job.definitions
        }

    @staticmethod
    def _build(
        definition: MetricDefinition,
        code: str,
        parent: str | None,
        found: Sums,
        baseline_sums: Sums | None,
        record: TargetRecord | None,
        rule: RuleTarget | None,
        period: Period,
        as_of: date,
    ) -> Evaluation:
        value, base = _value(definition, found)
        baseline = _value(definition, baseline_sums)[0] if baseline_sums is not None else None
        target: Decimal | None = None
        source, basis, stated, no_rule = "NONE", None, None, None
        if record is not None:
            target, source, basis = record.value, "RECORD", record.source
        elif rule is not None:
            target, source, basis, stated = rule.value, "RULE", rule.basis, rule.stated
            if rule.value is None:
                no_rule = rule.basis
        judgement = judge(
            definition,
            value=value,
            baseline=baseline,
            target=target,
            no_rule_reason=no_rule,
            period=period,
            as_of=as_of,
        )
        return Evaluation(
            definition=definition,
            region_code=code,
            parent_code=parent,
            period=period,
            as_of=as_of,
            value=value,
            numerator=found.value,
            base=base,
            target=target,
            target_source=source,
            target_basis=basis,
            stated_target=stated,
            target_record=record,
            judgement=judgement,
            records=found.records,
            counted=found.counted,
        )


async def split(
    conn: AsyncConnection,
    definition: MetricDefinition,
    region: str,
    query: MetricQuery,
    dimension: str,
) -> dict[str, Sums]:
    """Add up a metric's rows under `region` by one of its dimension columns."""
    found = await split_by(conn, definition, region, query, dimension, None)
    return {category: sums for (_, category), sums in found.items()}


async def split_by(
    conn: AsyncConnection,
    definition: MetricDefinition,
    region: str,
    query: MetricQuery,
    dimension: str,
    length: int | None,
) -> dict[tuple[str, str], Sums]:
    """Add up a metric's rows under `region` by region and one of its dimension columns:
    by the first `length` digits of their region code (None: `region` as one)."""
    rows = rows_cte(definition, query, region)
    column = rows.c[dimension]
    code = (
        literal(region)
        if length is None
        else rows.c.region_code
        if length == 12
        else func.substr(rows.c.region_code, 1, length)
    )
    value = definition.value_of(rows.c)
    measure: ColumnElement[Any]
    if definition.aggregate is Aggregate.DISTINCT:
        measure = func.count(distinct(case((value != 0, rows.c.entity_key))))
    else:
        measure = func.coalesce(func.sum(value), 0)
    base_value = definition.base_of(rows.c) if definition.ratio else literal(0)
    base = func.coalesce(func.sum(base_value), 0) if definition.ratio else literal(0)
    counted = case(((value != 0) | (base_value != 0), rows.c.entity_key))
    numerator = case((value != 0, rows.c.entity_key))
    records, counted_records = (
        (func.count(distinct(counted)), func.count(distinct(numerator)))
        if definition.aggregate is Aggregate.DISTINCT
        else (func.count(counted), func.count(numerator))
    )
    statement = select(
        code.label("code"),
        column.label("category"),
        measure.label("value"),
        base.label("base"),
        records.label("records"),
        counted_records.label("counted"),
    ).group_by(*([column] if length is None else [code, column]))
    result = await conn.execute(statement)
    return {
        (row.code, row.category): Sums(
            Decimal(row.value), Decimal(row.base), row.records, row.counted
        )
        for row in result.all()
    }
