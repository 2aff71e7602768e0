"""Snapshots: every metric at every region frozen as reported, read back unchanged later."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.metrics.definitions import MetricDefinition
from core.metrics.engine import Evaluation, Job, MetricsEngine
from core.metrics.models import metric_snapshot, metric_snapshot_value
from core.metrics.periods import Period
from core.metrics.targets import load_targets
from core.problems import ErrorCode, Problems
from core.records.models import region as region_table
from core.regions import in_subtree
from core.sqltypes import utcnow

CITY = "450200"
LABEL_LENGTH = 64
"""The longest snapshot label the table holds, in characters."""


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def payload(evaluation: Evaluation) -> dict[str, Any]:
    """Everything a report shows of one evaluation, in JSON-ready form."""
    definition = evaluation.definition
    judgement = evaluation.judgement
    return {
        "key": definition.key,
        "title": definition.title,
        "unit": definition.unit,
        "clause": definition.clause,
        "leadDepartment": definition.lead_department,
        "higherIsBetter": definition.higher_is_better,
        "definitionVersion": definition.version,
        "regionCode": evaluation.region_code,
        "parentCode": evaluation.parent_code,
        "asOf": evaluation.as_of.isoformat(),
        "periodStart": evaluation.period.start.isoformat(),
        "periodEnd": evaluation.period.end.isoformat(),
        "value": _text(evaluation.value),
        "base": _text(evaluation.base),
        "target": _text(evaluation.target),
        "targetSource": evaluation.target_source,
        "targetBasis": evaluation.target_basis,
        "statedTarget": _text(evaluation.stated_target),
        "expected": _text(judgement.expected),
        "projection": _text(judgement.projection),
        "progress": judgement.progress,
        "status": judgement.status.value,
        "statusReason": judgement.reason,
        "childTargetsTotal": _text(evaluation.child_targets_total),
        "records": evaluation.records,
        "counted": evaluation.counted,
    }


@dataclass(frozen=True)
class SnapshotInfo:
    """A stored snapshot."""

    id: int
    label: str
    as_of: date
    created_by: str


async def freeze(
    conn: AsyncConnection,
    engine: MetricsEngine,
    *,
    label: str,
    as_of: date,
    created_by: str,
    root: str = CITY,
    period: Period | None = None,
) -> SnapshotInfo:
    """Compute every metric at `root` and every region under it, and store the results."""
    label = label.strip()
    if not label:
        raise Problems.one("label", ErrorCode.REQUIRED, "快照需要一个名称，如“2019年二季度”")
    if len(label) > LABEL_LENGTH:
        raise Problems.one(
            "label", ErrorCode.INVALID, f"快照名称最多 {LABEL_LENGTH} 个字", label[:LABEL_LENGTH]
        )
    taken = await conn.execute(select(metric_snapshot.c.id).where(metric_snapshot.c.label == label))
    if taken.first() is not None:
        raise Problems.one(
            "label", ErrorCode.DUPLICATE, f"已有名为“{label}”的快照；报送后的快照不可覆盖", label
        )
    codes = list(
        (
            await conn.execute(
                select(region_table.c.code).where(in_subtree(region_table.c.code, root))
            )
        ).scalars()
    )
    by_length: dict[int | None, list[str]] = {None: [root]}
    for code in codes:
        if code != root:
            by_length.setdefault(len(code), []).append(code)
    definitions = engine.select(None)
    targets = await load_targets(conn, (d.key for d in definitions), codes)
    snapshot_id = (
        await conn.execute(
            insert(metric_snapshot)
            .values(label=label, as_of=as_of, created_by=created_by, created_at=utcnow())
            .returning(metric_snapshot.c.id)
        )
    ).scalar_one()
    batches: dict[tuple[Period, tuple[str, ...]], list[MetricDefinition]] = {}
    for definition in definitions:
        batches.setdefault((period or definition.default_period, definition.levels), []).append(
            definition
        )
    jobs = [
        Job(
            batch,
            root,
            {
                length: wanted
                for length, wanted in by_length.items()
                if length is None or _LEVEL_OF_LENGTH.get(length) in levels
            },
            as_of,
            chosen,
            targets,
        )
        for (chosen, levels), batch in batches.items()
    ]
    for job, found in zip(jobs, await engine.evaluate_jobs(conn, jobs), strict=True):
        chosen = job.period
        rows = [
            {
                "snapshot_id": snapshot_id,
                "metric_key": key,
                "definition_version": evaluation.definition.version,
                "region_code": code,
                "parent_code": evaluation.parent_code,
                "period_start": chosen.start,
                "period_end": chosen.end,
                "payload": json.dumps(payload(evaluation), ensure_ascii=False),
            }
            for key, by_code in found.items()
            for code, evaluation in by_code.items()
        ]
        if rows:
            await conn.execute(insert(metric_snapshot_value), rows)
    return SnapshotInfo(int(snapshot_id), label, as_of, created_by)


_LEVEL_OF_LENGTH = {6: "COUNTY", 9: "TOWNSHIP", 12: "VILLAGE"}


async def find(conn: AsyncConnection, label: str) -> SnapshotInfo | None:
    """The snapshot with this label, if any."""
    row = (
        await conn.execute(select(metric_snapshot).where(metric_snapshot.c.label == label))
    ).first()
    return None if row is None else SnapshotInfo(row.id, row.label, row.as_of, row.created_by)


async def read(
    conn: AsyncConnection, snapshot: SnapshotInfo, region: str, keys: Sequence[str] | None
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Stored results at `region` with their children's, in the order they were computed."""
    query = (
        select(metric_snapshot_value.c.payload, metric_snapshot_value.c.region_code)
        .where(
            metric_snapshot_value.c.snapshot_id == snapshot.id,
            (metric_snapshot_value.c.region_code == region)
            | (metric_snapshot_value.c.parent_code == region),
        )
        .order_by(metric_snapshot_value.c.id)
    )
    if keys is not None:
        query = query.where(metric_snapshot_value.c.metric_key.in_(keys))
    results: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    children: dict[str, list[dict[str, Any]]] = {}
    for row in (await conn.execute(query)).all():
        data = json.loads(row.payload)
        if row.region_code == region:
            results[data["key"]] = (data, children.setdefault(data["key"], []))
        else:
            children.setdefault(data["key"], []).append(data)
    order = list(keys) if keys is not None else list(results)
    return [results[key] for key in order if key in results]
