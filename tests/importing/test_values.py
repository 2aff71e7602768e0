"""Cell values as people and Excel write them: dates, money, ID numbers Excel mangled, labels."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from core.importing.values import (
    digits_text,
    id_number_text,
    parse_date,
    parse_label,
    parse_money,
    parse_yes_no,
    text,
)
from core.problems import Problem
from core.records.enums import LabourCapacity, Relation


@pytest.mark.parametrize(
    "value",
    [
        "2019-03-01",
        "2019/3/1",
        "2019.03.01",
        "2019年3月1日",
        "2019 年 3 月 1 日",
        "２０１９－０３－０１",
        "20190301",
        20190301,
        "2019-03-01 00:00:00",
        datetime(2019, 3, 1),
        date(2019, 3, 1),
        43525,  # an Excel date cell whose format was lost
        43525.0,
    ],
)
def test_dates_in_the_usual_forms(value: object) -> None:
    assert parse_date(value, field="start_date", label="就业开始日期") == date(2019, 3, 1)


@pytest.mark.parametrize("value", ["2019-02-30", "昨天", "3/1/2019", 12, "2019-3"])
def test_bad_dates(value: object) -> None:
    found = parse_date(value, field="start_date", label="就业开始日期")
    assert isinstance(found, Problem)
    assert found.field == "start_date"
    assert "就业开始日期" in found.message


def test_blank_is_none() -> None:
    assert parse_date("  ", field="d", label="日期") is None
    assert parse_money(None, field="m", label="月收入") is None
    assert text("\u3000") is None


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (3000, Decimal("3000")),
        (3000.5, Decimal("3000.5")),
        (2999.99, Decimal("2999.99")),
        (0.1 + 0.2, Decimal("0.30")),  # Excel arithmetic noise far below a fen
        ("3,000.50", Decimal("3000.50")),
        ("￥3000.5元", Decimal("3000.5")),
        ("1 234", Decimal("1234")),
        (3000.555, Decimal("3000.555")),  # kept, so the rule "exact to the fen" refuses it
    ],
)
def test_money_keeps_every_digit(value: object, amount: Decimal) -> None:
    assert parse_money(value, field="m", label="月收入") == amount


@pytest.mark.parametrize("value", ["三千", "NaN", True])
def test_bad_money(value: object) -> None:
    assert isinstance(parse_money(value, field="m", label="月收入"), Problem)


@pytest.mark.parametrize(
    "value", [450225197001011234, 4.50225197001011e17, "4.50225E+17", "4.50225197001011e+17"]
)
def test_an_id_number_excel_made_a_number_of_is_reported_not_guessed(value: object) -> None:
    found = id_number_text(value)
    assert isinstance(found, Problem)
    assert "被 Excel 存成了数字" in found.message
    # a number is shown the way Excel shows it; text as it is written
    assert (value if isinstance(value, str) else "4.50225E+17") in found.message


def test_id_number_text_is_trimmed_and_made_half_width() -> None:
    assert id_number_text(" ４５０２２５ 19700101123x ") == "45022519700101123x"


def test_digits_text() -> None:
    assert digits_text(450225, field="c", what="区划代码") == "450225"
    assert digits_text(450225101201.0, field="c", what="区划代码") == "450225101201"
    assert digits_text(" 0771 ", field="c", what="区划代码") == "0771"
    assert isinstance(digits_text(4502251012010001, field="c", what="户编号"), Problem)
    assert isinstance(digits_text("4.5E+15", field="c", what="户编号"), Problem)


def test_yes_no() -> None:
    assert parse_yes_no("是", field="f", label="贫困村") is True
    assert parse_yes_no(" 否 ", field="f", label="贫困村") is False
    assert parse_yes_no("Y", field="f", label="贫困村") is True
    assert parse_yes_no(None, field="f", label="贫困村") is None
    assert isinstance(parse_yes_no("也许", field="f", label="贫困村"), Problem)


def test_labels_codes_and_aliases() -> None:
    assert parse_label(Relation, "户 主", field="r", label="与户主关系") is Relation.HEAD
    assert parse_label(Relation, "SPOUSE", field="r", label="与户主关系") is Relation.SPOUSE
    assert (
        parse_label(LabourCapacity, "半劳动力", field="c", label="劳动能力") is LabourCapacity.WEAK
    )
    found = parse_label(Relation, "表哥", field="r", label="与户主关系")
    assert isinstance(found, Problem)
    assert "户主、配偶、子女" in found.message
