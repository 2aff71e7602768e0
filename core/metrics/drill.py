"""Drill-through: the records behind a metric's number, from the same rows the number sums."""

from __future__ import annotations

import base64
import binascii
import enum
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.types import TypeEngine

from core.graphql.bounds import SQL_INT_MAX
from core.graphql.errors import bad_argument
from core.graphql.node import MAX_KEY_LENGTH
from core.metrics.definitions import MetricDefinition, MetricQuery
from core.regions import in_subtree


class Which(enum.StrEnum):
    """Which rows behind a number to list."""

    COUNTED = "COUNTED"
    """Rows that count towards the number (the households with someone at work)."""
    MISSING = "MISSING"
    """Rows of the denominator that do not count (the households with nobody at work)."""
    ALL = "ALL"
    """Every record the metric looked at (for a ratio: the whole denominator)."""


@dataclass(frozen=True)
class DrillRow:
    """One record behind a number."""

    entity_key: Any
    region_code: str
    value: Decimal
    base: Decimal


def encode_cursor(key: Any) -> str:
    """Opaque cursor for a record key (an integer or a text key)."""
    return base64.b64encode(json.dumps([key]).encode()).decode()


def decode_cursor(cursor: str, field: str, statement: Select[Any]) -> Any:
    """The record key a cursor stands for; a malformed cursor, or one whose key is not of the
    list's key type (an integer a key column holds, or a short text), is a request error."""
    key: Any = None
    if len(cursor) <= 4 * MAX_KEY_LENGTH:
        try:
            found = json.loads(base64.b64decode(cursor.encode(), validate=True).decode())
        except (ValueError, binascii.Error, UnicodeDecodeError):
            found = None
        if isinstance(found, list) and len(found) == 1:
            key = found[0]
    if not _fits(key, statement.selected_columns.entity_key.type):
        raise bad_argument(field, "after", f"“{cursor[:64]}”不是这个列表的游标")
    return key


def _fits(key: Any, column: TypeEngine[Any]) -> bool:
    if isinstance(column, Integer):
        return type(key) is int and -SQL_INT_MAX <= key <= SQL_INT_MAX
    return isinstance(key, str) and len(key) <= MAX_KEY_LENGTH


def drill_query(
    definition: MetricDefinition, query: MetricQuery, region: str, which: Which
) -> Select[Any]:
    """One row per record behind the number under `region`, ordered by key."""
    rows = definition.source(query).subquery("metric_rows")
    value = func.sum(definition.value_of(rows.c))
    base = func.sum(definition.base_of(rows.c)) if definition.ratio else func.sum(0)
    statement = (
        select(
            rows.c.entity_key.label("entity_key"),
            func.min(rows.c.region_code).label("region_code"),
            value.label("value"),
            base.label("base"),
        )
        .where(in_subtree(rows.c.region_code, region))
        .group_by(rows.c.entity_key)
    )
    if which is Which.COUNTED:
        statement = statement.having(value != 0)
    elif which is Which.MISSING:
        statement = statement.having(base != 0, value == 0)
    elif definition.ratio:
        statement = statement.having(base != 0)
    return statement


def in_unit(definition: MetricDefinition, raw: Decimal) -> Decimal:
    """What one record contributes, in the unit its record shows: 元 with 2 places for an
    amount summed in 分 (`scale`), a whole number for a count."""
    if definition.scale != 1:
        return definition.scaled(raw)
    return raw.quantize(Decimal(1)) if raw == raw.to_integral_value() else raw


async def drill(
    conn: AsyncConnection,
    statement: Select[Any],
    *,
    after: Any,
    limit: int,
    definition: MetricDefinition,
) -> tuple[list[DrillRow], bool]:
    """One page of a drill-through list, each value in the record's unit (`in_unit`), and
    whether more follow."""
    page = statement.subquery("drill")
    query = select(page).order_by(page.c.entity_key).limit(limit + 1)
    if after is not None:
        query = query.where(page.c.entity_key > after)
    rows = (await conn.execute(query)).all()
    found = [
        DrillRow(
            r.entity_key,
            r.region_code,
            in_unit(definition, Decimal(r.value or 0)),
            Decimal(r.base or 0).quantize(Decimal(1)),  # a denominator counts records
        )
        for r in rows[:limit]
    ]
    return found, len(rows) > limit


async def drill_count(conn: AsyncConnection, statement: Select[Any]) -> int:
    """How many records the drill-through list holds."""
    counted = select(func.count()).select_from(statement.subquery("drill"))
    return int((await conn.execute(counted)).scalar_one())
