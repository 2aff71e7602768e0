"""Resident ID numbers, phones and names: each wrong kind of input gets its own reason."""

from __future__ import annotations

from datetime import date

import pytest

from core.problems import ErrorCode, Problem
from core.records.enums import Relation, Sex
from core.records.validation import (
    IdNumber,
    check_heads,
    id_check_char,
    normalize_phone,
    parse_id_number,
)
from tests.factories import id_number

TODAY = date(2026, 11, 25)


def test_check_char_matches_the_published_example() -> None:
    # GB 11643 worked example: 11010519491231002X
    assert id_check_char("11010519491231002") == "X"


def test_valid_number_gives_birth_date_and_sex() -> None:
    parsed = parse_id_number("11010519491231002x", today=TODAY)
    assert parsed == IdNumber("11010519491231002X", date(1949, 12, 31), Sex.FEMALE)
    male = parse_id_number(id_number(date(1980, 5, 6), seq=7), today=TODAY)
    assert isinstance(male, IdNumber)
    assert male.sex is Sex.MALE


@pytest.mark.parametrize(
    ("value", "code", "reason"),
    [
        (None, ErrorCode.REQUIRED, "不能为空"),
        ("   ", ErrorCode.REQUIRED, "不能为空"),
        (4502251980, ErrorCode.INVALID, "必须是文本"),
        ("45022519800101001", ErrorCode.INVALID, "应为 18 位，这里有 17 位"),
        ("4502251980010100123", ErrorCode.INVALID, "应为 18 位，这里有 19 位"),
        ("45022519800101A01X", ErrorCode.INVALID, "前 17 位只能是数字"),
        ("４５０２２５１９８００１０１００１Ｘ", ErrorCode.INVALID, "前 17 位只能是数字"),
        ("45022519800101001Y", ErrorCode.INVALID, "最后一位只能是数字或 X"),
        ("99022519800101001X", ErrorCode.INVALID, "前两位 99 不是省级行政区划代码"),
        ("450225198002300011", ErrorCode.INVALID, "19800230 不是真实的日期"),
        ("450225203001010011", ErrorCode.INVALID, "不在 1900-01-01 至今天之间"),
        ("450225180001010011", ErrorCode.INVALID, "不在 1900-01-01 至今天之间"),
    ],
)
def test_each_wrong_kind_of_id_number_is_named(value: object, code: ErrorCode, reason: str) -> None:
    problem = parse_id_number(value, today=TODAY)
    assert isinstance(problem, Problem), problem
    assert problem.code == code
    assert reason in problem.message


def test_wrong_check_digit_says_which_digit_was_expected() -> None:
    good = id_number(date(1980, 1, 1), seq=1)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    problem = parse_id_number(wrong, today=TODAY)
    assert isinstance(problem, Problem)
    assert f"校验位应为 {good[17]}" in problem.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (" 138 0013 8000 ", "13800138000"),
        ("138-0013-8000", "13800138000"),
    ],
)
def test_phone_is_normalised(value: str | None, expected: str | None) -> None:
    assert normalize_phone(value) == expected


@pytest.mark.parametrize("value", ["1380013800", "23800138000", "138001380001", "1380013800a"])
def test_bad_phone_is_refused(value: str) -> None:
    problem = normalize_phone(value)
    assert isinstance(problem, Problem)
    assert "11 位手机号码" in problem.message


def test_exactly_one_head() -> None:
    assert check_heads([Relation.HEAD, Relation.SPOUSE]) is None
    none = check_heads([Relation.SPOUSE])
    two = check_heads([Relation.HEAD, Relation.HEAD])
    assert none is not None
    assert "没有户主" in none.message
    assert two is not None
    assert "有 2 名户主" in two.message
