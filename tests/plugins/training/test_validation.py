"""The rules for classes and completions, at their boundaries (no database needed)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from core.problems import ErrorCode
from plugins.training.enums import TrainingKind, TrainingOrganiserKind
from plugins.training.validation import ClassData, check_class, check_completion

START = date(2019, 4, 1)


def data(**changes: object) -> ClassData:
    values: dict[str, object] = {
        "kind": TrainingKind.LEADER,
        "title": "务工带头人培训班",
        "organiser": "柳州市投资控股集团有限公司",
        "organiser_kind": TrainingOrganiserKind.CITY_GROUP,
        "county_code": "450225",
        "start_date": START,
        "end_date": START + timedelta(days=5),
    }
    return ClassData(**{**values, **changes})  # type: ignore[arg-type]


def codes(found: ClassData) -> dict[str, str]:
    return {p.field: p.code for p in check_class(found)[1]}


def test_a_good_class() -> None:
    values, problems = check_class(data(subsidy="36,000.50", trade=" 电工 ", place=""))
    assert problems == []
    assert values["subsidy_fen"] == 3_600_050
    assert values["trade"] == "电工" and values["place"] is None
    assert values["kind"] == "LEADER" and values["organiser_kind"] == "CITY_GROUP"


@pytest.mark.parametrize(("days", "ok"), [(0, True), (365, True), (366, False), (-1, False)])
def test_class_length(days: int, ok: bool) -> None:
    found = codes(data(end_date=START + timedelta(days=days)))
    assert ("end_date" not in found) is ok


def test_end_before_start_and_too_long_say_why() -> None:
    problems = check_class(data(end_date=START - timedelta(days=1)))[1]
    assert problems[0].code == ErrorCode.INVALID and "早于开班日期" in problems[0].message
    problems = check_class(data(end_date=START + timedelta(days=366)))[1]
    assert problems[0].code == ErrorCode.OUT_OF_RANGE and "365" in problems[0].message


@pytest.mark.parametrize(
    ("subsidy", "code"),
    [
        (Decimal("0"), None),
        (None, None),
        (Decimal("100000000.00"), None),
        (Decimal("100000000.01"), ErrorCode.OUT_OF_RANGE),
        (Decimal("-0.01"), ErrorCode.OUT_OF_RANGE),
        (Decimal("1.005"), ErrorCode.INVALID),
        ("一千元", ErrorCode.INVALID),
    ],
)
def test_subsidy_limits(subsidy: Decimal | str | None, code: ErrorCode | None) -> None:
    assert codes(data(subsidy=subsidy)).get("subsidy") == code


@pytest.mark.parametrize(("other", "ok"), [(0, True), (1000, True), (1001, False), (-1, False)])
def test_other_trainees_limits(other: int, ok: bool) -> None:
    assert ("other_trainees" not in codes(data(other_trainees=other))) is ok


def test_texts_required_and_limited() -> None:
    found = codes(data(title=" ", organiser="x" * 129, trade="y" * 65, place="z" * 129))
    assert found == {
        "title": ErrorCode.REQUIRED,
        "organiser": ErrorCode.INVALID,
        "trade": ErrorCode.INVALID,
        "place": ErrorCode.INVALID,
    }
    assert codes(data(title="x" * 128, organiser="y" * 128, trade="z" * 64)) == {}


def test_every_problem_at_once() -> None:
    found = codes(data(title="", end_date=START - timedelta(days=1), other_trainees=-1))
    assert set(found) == {"title", "end_date", "other_trainees"}


END = date(2019, 4, 6)
TODAY = date(2019, 12, 1)


@pytest.mark.parametrize(
    ("completed_on", "ok"),
    [
        (END, True),
        (END - timedelta(days=1), False),
        (TODAY, True),
        (TODAY + timedelta(days=1), False),
        (None, True),
    ],
)
def test_completion_window(completed_on: date | None, ok: bool) -> None:
    problems = check_completion(completed_on, None, class_end=END, today=TODAY)[1]
    assert (problems == []) is ok


def test_certificate_needs_a_completion() -> None:
    values, problems = check_completion(None, "LZ2019000001", class_end=END, today=TODAY)
    assert [(p.field, p.code) for p in problems] == [("certificate", ErrorCode.RULE_VIOLATED)]
    values, problems = check_completion(END, " LZ2019000001 ", class_end=END, today=TODAY)
    assert problems == [] and values == {"completed_on": END, "certificate": "LZ2019000001"}
    problems = check_completion(END, "x" * 65, class_end=END, today=TODAY)[1]
    assert [(p.field, p.code) for p in problems] == [("certificate", ErrorCode.INVALID)]
