"""The engine with metrics of every shape: flows, money in fen, distinct counts, rules without an answer."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Select, literal, select

from core.metrics.definitions import (
    Aggregate,
    MetricDefinition,
    MetricKind,
    MetricQuery,
    RuleContext,
    RuleTarget,
)
from core.metrics.engine import MetricsEngine
from core.metrics.periods import year_of
from core.metrics.registry import collect_metrics
from core.platform import Platform
from core.plugins import PluginError, Plugins
from core.records.models import employment, household, person
from core.settings import Settings
from tests.factories import four_households
from tests.test_plugins import install


def job_starts(q: MetricQuery) -> Select[Any]:
    """Spells of work begun in the period: one row each, income in fen."""
    return (
        select(
            household.c.village_code.label("region_code"),
            person.c.id.label("entity_key"),
            employment.c.monthly_income_fen.label("value"),
        )
        .select_from(
            employment.join(person, person.c.id == employment.c.person_id).join(
                household, household.c.id == person.c.household_id
            )
        )
        .where(employment.c.start_date.between(q.start, q.end))
    )


async def half_rule(ctx: RuleContext) -> Mapping[str, RuleTarget]:
    return {
        code: RuleTarget(None, "方案对三江县没有规定")
        if code.startswith("450226")
        else RuleTarget(Decimal(5000), "测试规则", stated=Decimal(4800))
        for code in ctx.regions
    }


INCOME = MetricDefinition(
    key="test.income_started",
    title="新就业者月收入合计",
    unit="元",
    clause="三(一)2",
    lead_department="RSJ",
    source=job_starts,
    kind=MetricKind.FLOW,
    scale=100,
    target_rule=half_rule,
    levels=("CITY", "COUNTY"),
)
STARTERS = MetricDefinition(
    key="test.starters",
    title="新就业人数",
    unit="人",
    clause="三(一)2",
    lead_department="RSJ",
    source=lambda q: job_starts(q).with_only_columns(
        household.c.village_code.label("region_code"),
        person.c.id.label("entity_key"),
        literal(1).label("value"),
    ),
    kind=MetricKind.FLOW,
    aggregate=Aggregate.DISTINCT,
)


async def test_flow_money_distinct_and_rules(platform: Platform) -> None:
    await four_households(
        platform
    )  # starts: 2019-03-01 (3000), 2019-02-01 (3000), 2018-05-01 (3000)
    engine = MetricsEngine([INCOME, STARTERS])
    async with platform.db.connect() as conn:
        income, starters = await engine.evaluate(
            conn, engine.select(None), "450200", date(2019, 6, 30), year_of(2019)
        )
    assert income.value == Decimal("6000")  # two starts in 2019, 3,000.00 元 each
    assert income.target == Decimal(5000) and income.stated_target == Decimal(4800)
    assert income.status.value == "MET"
    by_county = {c.region_code: c for c in income.children}
    assert by_county["450226"].status.value == "NO_RULE"
    assert by_county["450226"].judgement.reason == "方案对三江县没有规定"
    assert starters.value == Decimal(2)
    assert {c.region_code: c.value for c in starters.children if c.value} == {"450225": Decimal(2)}


@pytest.mark.parametrize("as_of", [date(2019, 6, 30), date(2019, 9, 30)])
async def test_statements_at_once_agree_with_one_after_another(
    platform: Platform, as_of: date
) -> None:
    # Every registered metric plus two of a different shape: each pass on its own connection,
    # two at a time, gives exactly what one connection running them in turn gives.
    await four_households(platform)
    definitions = [*platform.metrics.definitions.values(), INCOME, STARTERS]
    serial = MetricsEngine(definitions)
    parallel = MetricsEngine(definitions, connect=platform.db.connect, concurrency=2)

    def seen(evaluations: list[Any]) -> list[Any]:
        return [
            (
                e.definition.key,
                e.value,
                e.target,
                e.status,
                [(c.region_code, c.value) for c in e.children],
            )
            for e in evaluations
        ]

    async with platform.db.connect() as conn:
        one = await serial.evaluate(conn, serial.select(None), "450200", as_of)
        many = await parallel.evaluate(conn, parallel.select(None), "450200", as_of)
        # The second time the slowest passes of the first go first: same answers.
        again = await parallel.evaluate(conn, parallel.select(None), "450200", as_of)
    assert seen(one) == seen(many) == seen(again)
    assert sum(1 for e in one if e.value) >= 5  # not an agreement between empty boards


async def test_levels_limit_breakdown(platform: Platform) -> None:
    await four_households(platform)
    engine = MetricsEngine([INCOME])
    async with platform.db.connect() as conn:
        (county,) = await engine.evaluate(
            conn, engine.select(None), "450225", date(2019, 6, 30), year_of(2019)
        )
    assert county.children == []  # INCOME stops at county level
    assert county.value == Decimal("6000")


def test_registry_checks_keys_units_and_clashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = """
from core.hookspecs import PluginInfo, hookimpl
from core.metrics.definitions import MetricDefinition
from sqlalchemy import literal, select

@hookimpl
def plugin_info():
    return PluginInfo(name="{name}", title="t", version="1", requires_core=">=0.1")

@hookimpl
def register_metrics():
    return [MetricDefinition(key="{key}", title="t", unit="{unit}", clause="三", lead_department="RSJ", source=lambda q: select(literal(1)))]
"""
    cases = [
        ("badkey", "core.labor_households", "人", "key must be 'badkey.<name>'"),
        ("badunit", "badunit.x", "斤", "unit '斤' is not one of"),
    ]
    for name, key, unit, message in cases:
        folder = tmp_path / name
        folder.mkdir()
        install(
            folder,
            monkeypatch,
            name,
            source.replace("{name}", name).replace("{key}", key).replace("{unit}", unit),
        )
        with pytest.raises(PluginError, match=message):
            collect_metrics(Plugins(Settings(plugins=name)))


async def test_drill_through_values_are_in_the_records_unit(platform: Platform) -> None:
    """An amount summed in 分 is listed in 元 with two places, a count as a whole number."""
    from core.metrics.drill import Which, drill, drill_query

    await four_households(platform)
    query = MetricQuery(date(2019, 6, 30), year_of(2019).start, date(2019, 6, 30))
    async with platform.db.connect() as conn:
        for definition, shown in ((INCOME, "3000.00"), (STARTERS, "1")):
            statement = drill_query(definition, query, "450200", Which.COUNTED)
            rows, more = await drill(conn, statement, after=None, limit=10, definition=definition)
            assert not more and len(rows) == 2
            assert [str(r.value) for r in rows] == [shown, shown]
            assert [str(r.base) for r in rows] == ["0", "0"]
