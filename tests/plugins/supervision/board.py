"""A hand-made metric for the tests: figures set per county, targets of 100 for 融水 and 三江
and 1,000 for the city, evaluated by the real engine in place of the registered metrics."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import literal, select, union_all

from core.metrics.definitions import (
    MetricDefinition,
    MetricKind,
    MetricQuery,
    RuleContext,
    RuleTarget,
)
from core.platform import Platform

RONGSHUI, SANJIANG, CITY = "450225", "450226", "450200"
KEY = "test.hires"
FIGURES: dict[str, int] = {}
TARGETS = {RONGSHUI: 100, SANJIANG: 100, CITY: 1000}


def rows(q: MetricQuery) -> Any:
    parts = [
        select(
            literal(code).label("region_code"),
            literal(code).label("entity_key"),
            literal(value).label("value"),
            literal(0).label("base"),
        )
        for code, value in FIGURES.items()
    ]
    return select(union_all(*parts).subquery())


async def targets(ctx: RuleContext) -> Mapping[str, RuleTarget]:
    return {
        code: RuleTarget(Decimal(TARGETS[code]), "测试目标")
        for code in ctx.regions
        if code in TARGETS
    }


HIRES = MetricDefinition(
    key=KEY,
    title="测试招聘人数",
    unit="人",
    clause="三(一)2",
    lead_department="RSJ",
    source=rows,
    kind=MetricKind.FLOW,
    levels=("CITY", "COUNTY"),
    target_rule=targets,
)


@contextmanager
def hand_made_board(
    platform: Platform, monkeypatch: pytest.MonkeyPatch, **figures: int
) -> Iterator[dict[str, int]]:
    """The engine evaluates only `HIRES`, over `FIGURES` (change them to move the board)."""
    monkeypatch.setattr(platform.metrics, "definitions", {KEY: HIRES})
    FIGURES.clear()
    FIGURES.update({RONGSHUI: 40, SANJIANG: 90})
    yield FIGURES
    FIGURES.clear()
